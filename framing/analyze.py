"""From article text to the per-sentence table of signals: the one call most users need.

``analyze`` segments each article, runs every signal family over all sentences
of the batch at once (one joined string, one automaton pass for all families), and
returns a tidy table keyed by article and sentence, with the cues that fired
as article-level character spans so each number can be traced to the text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.io.readers import Document
from framing.signals import FAMILIES, CueFamily
from framing.signals.base import shared_scanner
from framing.signals.length import batch_tokens
from framing.signals.matcher import Batch
from framing.text.segment import segment

KEY_COLUMNS = ("article_id", "paragraph", "sentence", "start", "end", "kind", "text")
ANNOTATION_COLUMNS = ("source_kind", "source_text", "blamer", "blame_target")


def signal_families() -> list[CueFamily]:
    """Every family with its packaged lexicons, fitted (fitting only compiles the lexicons)."""
    return [family().fit(["."]) for family in FAMILIES]


def analyze(
    texts: str | Iterable[str] | Mapping[str, str] | Iterable[Document],
    ids: Iterable[str] | None = None,
    *,
    families: list[CueFamily] | None = None,
) -> pd.DataFrame:
    """Per-sentence signals for one article (a string) or many.

    ``texts`` may be a string, a sequence of strings (ids default to their
    position), a mapping of id to text, or ``Document`` objects from
    :mod:`framing.io.readers`. Returns one row per segment with the columns
    ``KEY_COLUMNS``, ``n_tokens`` (whitespace tokens), every family's
    features (counts), each score as a length-fair rate (``*_rate``, cues per
    100 tokens, `framing.signals.length`), the source and blame annotations,
    and ``cues``: a JSON list of the cue spans that fired.
    """
    documents = _documents(texts, ids)
    families = signal_families() if families is None else families
    rows: dict[str, list] = {c: [] for c in KEY_COLUMNS}
    for doc in documents:
        for seg in segment(doc.text):
            rows["article_id"].append(doc.id)
            rows["paragraph"].append(seg.paragraph)
            rows["sentence"].append(seg.index)
            rows["start"].append(seg.start)
            rows["end"].append(seg.end)
            rows["kind"].append(seg.kind)
            rows["text"].append(doc.text[seg.start : seg.end])
    table = pd.DataFrame(rows, columns=list(KEY_COLUMNS))
    table = table.astype({"article_id": object, "kind": object, "text": object})
    for column in ("paragraph", "sentence", "start", "end"):
        table[column] = table[column].astype(np.int64)

    batch = Batch.of(rows["text"])
    table["n_tokens"] = batch_tokens(batch)
    scanner = shared_scanner(families)
    features, rates, cue_tables, annotations = [], [], [], []
    for family in families:
        extraction = family.extract_batch(batch, scanner)
        features.append(extraction.frame())
        rates.append(extraction.rates())
        cue_tables.append(extraction.cues)
        annotations.append(extraction.annotations)
    extras = [frame for frame in (*rates, *annotations) if len(frame.columns)]
    result = pd.concat([table, *features, *extras], axis=1)
    result["cues"] = _cue_json(pd.concat(cue_tables, ignore_index=True), table)
    return result


def _documents(texts, ids) -> list[Document]:
    if isinstance(texts, str):
        texts = [texts]
    if isinstance(texts, Mapping):
        return [Document(str(k), v) for k, v in texts.items()]
    items = list(texts)
    if items and all(isinstance(t, Document) for t in items):
        return items
    bad = [i for i, t in enumerate(items) if not isinstance(t, str)]
    if bad:
        raise InputError(f"text {bad[0]} is {type(items[bad[0]]).__name__}, not str")
    names = [str(i) for i in range(len(items))] if ids is None else [str(i) for i in ids]
    if len(names) != len(items):
        raise InputError(f"got {len(names)} ids for {len(items)} texts")
    if len(set(names)) != len(names):
        raise InputError("article ids must be unique")
    return [Document(name, text) for name, text in zip(names, items, strict=True)]


def _cue_json(cues: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """Per sentence, its cues as a JSON list with article-level offsets and the matched text."""
    per_sentence: list[list[dict]] = [[] for _ in range(len(table))]
    if len(cues):
        cues = cues.sort_values(["sentence", "start", "family", "end"], kind="stable")
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
