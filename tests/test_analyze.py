"""framing.analyze: the cue JSON column, the long cue table, and the choice of sentence splitter."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.analyze import CUE_TABLE_COLUMNS, _cue_json, analyze, analyze_with_cues, signal_families
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


@pytest.mark.skipif(len(available_splitters()) < 2, reason="blingfire does not load here")
def test_both_splitters_give_the_same_seed_table(seed_text: str) -> None:
    fast = analyze({"nbc": seed_text}, splitter="blingfire")
    fallback = analyze({"nbc": seed_text}, splitter="syntok")
    pd.testing.assert_frame_equal(fast, fallback)
