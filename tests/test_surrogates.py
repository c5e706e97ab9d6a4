"""Lone surrogates (valid JSON escapes, invalid UTF-8) become U+FFFD everywhere, with a count; offsets stay exact."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from framing import analyze
from framing.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "labelled_small.csv"
LINE = '{"id": "a", "text": "bad \\ud800 war is a catastrophe. Officials said \\udfff it could fail."}\n'
CLEAN = "bad \ufffd war is a catastrophe. Officials said \ufffd it could fail."


def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "c.jsonl"
    path.write_text(LINE + '{"id": "b", "text": "A pair \\ud83d\\ude00 is fine."}\n', encoding="utf-8")
    return path


def test_analyze_command_replaces_and_reports(tmp_path, capsys, caplog):
    out = tmp_path / "o.csv"
    with caplog.at_level(logging.WARNING):
        code = main(["analyze", str(corpus(tmp_path)), "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out, keep_default_na=False)
    a = table[table["article_id"] == "a"]
    assert "".join(a["text"]).replace(" ", "") == CLEAN.replace(" ", "")
    for row in a.itertuples():
        assert CLEAN[row.start : row.end] == row.text
    assert "\U0001f600" in "".join(table["text"])  # a proper pair is one character, kept
    assert "replaced 2 lone surrogate(s)" in caplog.text and "c.jsonl" in caplog.text


def test_library_analyze_replaces_and_warns(caplog):
    with caplog.at_level(logging.WARNING):
        table = analyze({"a": "bad \ud800 war is a catastrophe."})
    assert table["text"].iloc[0] == "bad \ufffd war is a catastrophe."
    assert "replaced 1 lone surrogate(s)" in caplog.text


def test_model_tables_keep_the_character_as_u_fffd(tmp_path):
    from framing.models.data import read_table

    table = read_table(corpus(tmp_path))
    assert table["text"].iloc[0] == CLEAN  # pandas' own reader would drop both characters


def test_predict_on_a_jsonl_table_keeps_the_position(tmp_path, capsys):
    model = tmp_path / "m.skops"
    assert (
        main(
            [
                "train",
                str(FIXTURE),
                "--label",
                "frame",
                "--out",
                str(model),
                "--folds",
                "3",
                "--n-boot",
                "10",
                "--model",
                "nb",
                "--no-signals",
                "--quiet",
            ]
        )
        == 0
    )
    out = tmp_path / "p.csv"
    assert main(["predict", str(model), str(corpus(tmp_path)), "--out", str(out)]) == 0, (
        capsys.readouterr().err
    )
    assert pd.read_csv(out)["text"].iloc[0] == CLEAN


def test_replace_surrogates_equals_the_pattern_on_any_text():
    """The UTF-8 check in front of the pattern changes nothing: same text, same count, for any code points."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from framing.io.readers.common import _LONE_SURROGATE, REPLACEMENT, replace_surrogates

    # Weighted towards surrogates, non-ASCII and ASCII alike (text() alone seldom draws a surrogate).
    chars = st.one_of(
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
        st.characters(max_codepoint=0x7F),
        st.characters(min_codepoint=0x80),
    )

    @settings(max_examples=500, deadline=None, derandomize=True)
    @given(st.text(alphabet=chars, max_size=20))
    def check(text: str) -> None:
        assert replace_surrogates(text) == _LONE_SURROGATE.subn(REPLACEMENT, text)

    check()
