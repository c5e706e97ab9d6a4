"""framing.analyze: the cue JSON column, the long cue table, and the choice of sentence splitter."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.analyze import (
    CUE_TABLE_COLUMNS,
    FAMILY_NAMES,
    _cue_json,
    analyze,
    analyze_with_cues,
    signal_families,
)
from framing.errors import InputError
from framing.text.splitters import available_splitters


def cue_json_by_dumps(cues: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """The implementation ``_cue_json`` replaced (one dict and one json.dumps per cue), kept as the reference."""
    per_sentence: list[list[dict]] = [[] for _ in range(len(table))]
    base = table["start"].to_numpy()
    texts = table["text"].tolist()
    for row in cues.itertuples(index=False):
        i = row.sentence
        per_sentence[i].append(
            {
                "family": row.family,
                "category": row.category,
                "term": row.term,
                "text": texts[i][row.start : row.end],
                "start": int(base[i] + row.start),
                "end": int(base[i] + row.end),
                "negated": bool(row.negated),
            }
        )
    return [json.dumps(c, ensure_ascii=False, sort_keys=True) for c in per_sentence]


def batch_cues(texts: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sorted sentence-relative cues of a batch, as ``analyze`` hands them to ``_cue_json``."""
    from framing.analyze import _CUE_ORDER
    from framing.signals.base import shared_scanner
    from framing.signals.matcher import Batch

    table = analyze(texts)
    families = signal_families()
    batch, scanner = Batch.of(table["text"].tolist()), shared_scanner(families)
    cues = pd.concat([f.extract_batch(batch, scanner).cues for f in families], ignore_index=True)
    return cues.sort_values(_CUE_ORDER, kind="stable", ignore_index=True), table


def test_cue_json_matches_json_dumps_on_the_seed(seed_text: str) -> None:
    cues, table = batch_cues({"nbc": seed_text})
    assert len(cues) > 50
    assert _cue_json(cues, table) == cue_json_by_dumps(cues, table)


def test_cue_json_escapes_like_json_dumps() -> None:
    text = 'He said "maybe" \\ tab\there, \u00fcber \U0001f600 \x7f \u2028 might\x01 fear.'
    table = pd.DataFrame({"start": [5], "text": [text]})
    cues = pd.DataFrame(
        {
            "sentence": [0, 0, 0],
            "family": ["hedging", "alarm", 'we"ird\\'],
            "category": ["modal", "fear", "\u00e9\n"],
            "term": ["maybe", "fear", "x\x00"],
            "start": [8, 50, 0],
            "end": [15, 54, len(text)],
            "negated": [False, True, False],
        }
    )
    got = _cue_json(cues, table)
    assert got == cue_json_by_dumps(cues, table)
    assert json.loads(got[0])[2]["text"] == text


@pytest.mark.external
def test_cue_json_matches_json_dumps_on_bbc(shared_data: Path) -> None:
    files = sorted((shared_data / "bbc_news").glob("*/*.txt"))[::40]  # 56 articles of every topic
    texts = {f.stem + f.parent.name: f.read_bytes().decode("latin-1") for f in files}
    cues, table = batch_cues(texts)
    assert len(cues) > 1000
    assert _cue_json(cues, table) == cue_json_by_dumps(cues, table)


def test_cue_table_holds_the_cues_of_the_json_column(seed_text: str) -> None:
    sentences, cues = analyze_with_cues({"nbc": seed_text, "two": "Officials may fear war. Nothing here."})
    assert tuple(cues.columns) == CUE_TABLE_COLUMNS
    from_json = [
        (article, sentence, c["family"], c["category"], c["term"], c["start"], c["end"], c["negated"])
        for article, sentence, column in zip(
            sentences["article_id"], sentences["sentence"], sentences["cues"], strict=True
        )
        for c in json.loads(column)
    ]
    assert list(cues.itertuples(index=False, name=None)) == from_json
    assert {"nbc", "two"} == set(cues["article_id"])
    texts = {"nbc": seed_text, "two": "Officials may fear war. Nothing here."}
    for row, cue in zip(
        cues.itertuples(index=False), (c for s in sentences["cues"] for c in json.loads(s)), strict=True
    ):
        assert texts[row.article_id][row.start : row.end] == cue["text"]  # article-level offsets


def test_no_cues_gives_empty_lists_and_an_empty_table() -> None:
    sentences, cues = analyze_with_cues(["Nothing here.", "Still nothing."])
    assert sentences["cues"].tolist() == ["[]", "[]"]
    assert len(cues) == 0 and tuple(cues.columns) == CUE_TABLE_COLUMNS


def test_analyze_without_the_cue_table_gives_the_same_sentences(seed_text: str) -> None:
    """``analyze`` and ``analyze_chunks(cue_table=False)`` skip the cue table; nothing else may change."""
    from framing.corpus import analyze_chunks
    from framing.io.readers import Document

    texts = {"nbc": seed_text, "two": "Officials may fear war. Nothing here.", "none": "Nothing here."}
    full = analyze_with_cues(texts)
    pd.testing.assert_frame_equal(analyze(texts), full.sentences)
    documents = [Document(k, v) for k, v in texts.items()]
    without = list(analyze_chunks(documents, chunk_size=2, cue_table=False))
    with_cues = list(analyze_chunks(documents, chunk_size=2))
    assert [a.cues for a in without] == [None, None]
    for a, b, chunk in zip(without, with_cues, (documents[:2], documents[2:]), strict=True):
        pd.testing.assert_frame_equal(a.sentences, b.sentences)
        pd.testing.assert_frame_equal(b.cues, analyze_with_cues(chunk).cues)


@pytest.mark.skipif(len(available_splitters()) < 2, reason="blingfire does not load here")
def test_both_splitters_give_the_same_seed_table(seed_text: str) -> None:
    fast = analyze({"nbc": seed_text}, splitter="blingfire")
    fallback = analyze({"nbc": seed_text}, splitter="syntok")
    pd.testing.assert_frame_equal(fast, fallback)


def run_cli(argv: list, capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    from framing.cli import main

    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_cues_out_writes_the_long_cue_table(tmp_path: Path, capsys, seed_text: str, n_jobs: int) -> None:
    corpus = tmp_path / "corpus.jsonl"
    texts = {f"a{i}": seed_text if i % 2 else "Officials may fear war. Nothing here." for i in range(5)}
    corpus.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()), encoding="utf-8"
    )
    out, cues_out = tmp_path / "s.parquet", tmp_path / "cues.csv"
    argv = [
        "analyze",
        corpus,
        "--out",
        out,
        "--cues-out",
        cues_out,
        "--chunk-size",
        2,
        "--n-jobs",
        n_jobs,
        "--quiet",
    ]
    code, printed, err = run_cli(argv, capsys)
    assert code == 0, err
    assert f"wrote the cues to {cues_out}" in printed
    written = pd.read_csv(cues_out, keep_default_na=False, dtype={"article_id": str})
    expected = analyze_with_cues(texts).cues
    assert list(written.columns) == list(CUE_TABLE_COLUMNS)
    pd.testing.assert_frame_equal(written, expected.astype({"article_id": object}), check_dtype=False)


def test_cues_out_refuses_the_sentence_table_path_and_dask(tmp_path: Path, capsys) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Officials may fear war.", encoding="utf-8")
    out = tmp_path / "s.csv"
    code, _, err = run_cli(["analyze", text, "--out", out, "--cues-out", out], capsys)
    assert code == 2 and "would both be written" in err and not out.exists()
    code, _, err = run_cli(["analyze", text, "--out", out, "--cues-out", "-"], capsys)
    assert code == 2 and "standard output can hold only one table" in err and not out.exists()
    code, _, err = run_cli(
        ["analyze", text, "--engine", "dask", "--out", tmp_path / "d", "--cues-out", out], capsys
    )
    assert code == 2 and "local engine only" in err


def test_version_names_the_splitter_in_use(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMING_SPLITTER", "syntok")
    with pytest.raises(SystemExit) as stop:
        run_cli(["--version"], capsys)
    assert stop.value.code == 0
    assert "sentence splitter: syntok 1." in capsys.readouterr().out
    monkeypatch.setenv("FRAMING_SPLITTER", "nope")
    with pytest.raises(SystemExit) as stop:
        run_cli(["--version"], capsys)
    assert stop.value.code == 2 and "unknown sentence splitter 'nope'" in capsys.readouterr().err


FAMILY_SUBSETS = [(name,) for name in FAMILY_NAMES] + [("hedging", "alarm"), ("alarm", "partisan", "source")]


@pytest.mark.parametrize("names", FAMILY_SUBSETS, ids="+".join)
def test_some_families_give_exactly_their_part_of_a_full_run(seed_text: str, names) -> None:
    """A corpus user may run only the families they need; nothing of what those families output may change."""
    texts = {
        "nbc": seed_text,
        "uk": 'Dr Fox accused Mr Blair of telling lies. "It is not true," a Downing Street spokesman said.',
        "calm": "Officials could possibly act soon. Prices rose 2% in March.",
    }
    full = analyze_with_cues(texts)
    part = analyze_with_cues(texts, families=signal_families(names=names))
    columns = list(part.sentences.columns)
    assert columns == [c for c in full.sentences.columns if c in columns]
    others = set(FAMILY_NAMES) - set(names)
    assert not any(c.startswith(f"{other}_") for c in columns for other in others if other != "source")
    assert ("source_kind" in columns) == ("source" in names)
    assert ("blame" in columns) == ("partisan" in names)
    pd.testing.assert_frame_equal(
        part.sentences.drop(columns="cues"), full.sentences[columns].drop(columns="cues")
    )
    for mine, every in zip(part.sentences["cues"], full.sentences["cues"], strict=True):
        assert json.loads(mine) == [c for c in json.loads(every) if c["family"] in names]
    expected_cues = full.cues[full.cues["family"].isin(names)].reset_index(drop=True)
    assert len(expected_cues) > 0
    pd.testing.assert_frame_equal(part.cues.reset_index(drop=True), expected_cues)


@pytest.mark.parametrize("names", [["hedging", "sentiment"], [], "nothing"])
def test_unknown_or_no_family_is_a_clear_error(names) -> None:
    with pytest.raises(InputError, match="choose from hedging, alarm, topic, partisan, source"):
        signal_families(names=names)
