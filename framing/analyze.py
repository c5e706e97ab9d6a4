"""From article text to the per-sentence table of signals: the one call most users need.

``analyze`` segments each article, runs every signal family over all sentences
of the batch at once (one joined string, one automaton pass for all families), and
returns a tidy table keyed by article and sentence, with the cues that fired
as article-level character spans so each number can be traced to the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring
from typing import NamedTuple

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.io.readers import Document
from framing.signals import FAMILIES, CueFamily
from framing.signals.base import CueRows, json_string, shared_scanner
from framing.signals.length import batch_tokens
from framing.signals.matcher import Batch
from framing.text.segment import paragraph_spans
from framing.text.splitters import sentence_starts

KEY_COLUMNS = ("article_id", "paragraph", "sentence", "start", "end", "kind", "text")
ANNOTATION_COLUMNS = ("source_kind", "source_text", "blamer", "blame_target", "blame", "actors")
CUE_TABLE_COLUMNS = ("article_id", "sentence", "family", "category", "term", "start", "end", "negated")
# The order of cues within a sentence, in the JSON column and in the cue table alike.
_CUE_ORDER = ["sentence", "start", "family", "end"]


class Analysis(NamedTuple):
    """The per-sentence table and the long table of every cue that fired (``CUE_TABLE_COLUMNS``).

    ``cues`` is None only where the caller said it needs no cue table
    (``framing.corpus.analyze_chunks(..., cue_table=False)``).
    """

    sentences: pd.DataFrame
    cues: pd.DataFrame | None


#: The families by name, in output order: ``signal_families(names=...)`` and ``framing analyze --families``.
FAMILY_NAMES = tuple(family.family for family in FAMILIES)


def signal_families(locale: str = "all", actors=None, names=None) -> list[CueFamily]:
    """Every family (or the ``names`` of ``FAMILY_NAMES``) with its packaged lexicons, fitted.

    Fitting only compiles the lexicons. ``locale`` ("us", "uk", "us,uk" or "all") and ``actors``
    (a user's TSV) choose the actor lists of the families that read them (see :mod:`framing.actors`).
    ``names`` is for corpus users who need only some signals: the families do not read each other,
    so each keeps exactly the columns it has in a full run, and partisan (actors, mention linking,
    blame) costs most of the time (README, "Speed").
    """
    chosen = family_names(names)
    families = []
    for family in FAMILIES:
        if family.family not in chosen:
            continue
        params = family().get_params()
        options = {k: v for k, v in (("locale", locale), ("actors", actors)) if k in params}
        families.append(family(**options).fit(["."]))
    return families


def family_names(names=None) -> tuple[str, ...]:
    """``names`` (one name or several) checked against ``FAMILY_NAMES``, in output order; None: every family."""
    if names is None:
        return FAMILY_NAMES
    names = {names} if isinstance(names, str) else set(names)
    unknown = sorted(names - set(FAMILY_NAMES))
    if unknown:
        raise InputError(f"unknown signal families {unknown}; choose from {', '.join(FAMILY_NAMES)}")
    if not names:
        raise InputError(f"no signal family chosen; choose from {', '.join(FAMILY_NAMES)}")
    return tuple(name for name in FAMILY_NAMES if name in names)


def analyze(
    texts: str | Iterable[str] | Mapping[str, str] | Iterable[Document],
    ids: Iterable[str] | None = None,
    *,
    families: list[CueFamily] | None = None,
    splitter: str | None = None,
) -> pd.DataFrame:
    """Per-sentence signals for one article (a string) or many.

    ``texts`` may be a string, a sequence of strings (ids default to their
    position), a mapping of id to text, or ``Document`` objects from
    :mod:`framing.io.readers`. Returns one row per segment with the columns
    ``KEY_COLUMNS``, ``n_tokens`` (whitespace tokens), every family's
    features (counts), each score as a length-fair rate (``*_rate``, cues per
    100 tokens, `framing.signals.length`), the source and blame annotations,
    and ``cues``: a JSON list of the cue spans that fired.
    ``blame`` (JSON) holds each sentence's blame, rebuttal and defence instances
    and ``actors`` (JSON) the listed actors it names; :func:`framing.stance_table`
    and :func:`framing.blame_instances` unfold them into long tables.
    """
    return _analysis(texts, ids, families, splitter, cue_table=False).sentences


def analyze_with_cues(
    texts: str | Iterable[str] | Mapping[str, str] | Iterable[Document],
    ids: Iterable[str] | None = None,
    *,
    families: list[CueFamily] | None = None,
    splitter: str | None = None,
) -> Analysis:
    """:func:`analyze`, plus every cue as one row of a long table: no JSON to parse per sentence.

    ``splitter`` (here and in :func:`analyze`) names the sentence splitter of
    :mod:`framing.text.splitters`; by default blingfire where it loads, else syntok.
    """
    return _analysis(texts, ids, families, splitter, cue_table=True)


def _analysis(
    texts, ids, families: list[CueFamily] | None, splitter: str | None, *, cue_table: bool
) -> Analysis:
    """:func:`analyze_with_cues`; without ``cue_table`` the long cue table is not built (``cues`` is None).

    :func:`analyze` and ``framing analyze`` without ``--cues-out`` drop that table: building it
    (a DataFrame whose text columns pandas converts to its string type) cost ~1.3% of ``analyze``.
    """
    documents = _documents(texts, ids)
    families = signal_families() if families is None else families
    table = _key_table(documents, splitter)
    batch = Batch.of(table["text"].tolist(), pd.factorize(table["article_id"])[0])
    table["n_tokens"] = batch_tokens(batch)
    scanner = shared_scanner(families)
    extractions = [family.extract_batch(batch, scanner) for family in families]
    # Every family's features, then every rate, as one float block: one DataFrame, not two per family.
    rates = [extraction.rate_values() for extraction in extractions]
    numbers = pd.DataFrame(
        np.hstack([e.features for e in extractions] + [values for _, values in rates]),
        columns=[name for e in extractions for name in e.feature_names]
        + [n for names, _ in rates for n in names],
    )
    annotations = [e.annotations for e in extractions if len(e.annotations.columns)]
    result = pd.concat([table, numbers, *annotations], axis=1)
    cues = CueRows.concat([e.cue_rows.ordered() for e in extractions])
    # Family names by rank (a hash table, then only the few names sorted: np.unique sorted every row).
    keys = {c: cues[c] for c in _CUE_ORDER} | {"family": pd.factorize(cues.family, sort=True)[0]}
    cues = cues.take(np.lexsort([keys[c] for c in reversed(_CUE_ORDER)]))  # stable, like sort_values
    result["cues"] = _cue_json(cues, table)
    return Analysis(result, _cue_table(cues, table) if cue_table else None)


def _key_table(documents: list[Document], splitter: str | None) -> pd.DataFrame:
    """The key columns of every segment of every document, built a paragraph at a time."""
    starts = sentence_starts(splitter)
    rows: dict[str, list] = {c: [] for c in KEY_COLUMNS}
    for doc in documents:
        text, first = doc.text, len(rows["start"])
        for paragraph, (kind, spans) in enumerate(paragraph_spans(text, starts)):
            n = len(spans)
            rows["paragraph"] += [paragraph] * n
            rows["kind"] += [kind] * n
            rows["start"] += [a for a, _ in spans]
            rows["end"] += [b for _, b in spans]
            rows["text"] += [text[a:b] for a, b in spans]
        count = len(rows["start"]) - first
        rows["article_id"] += [doc.id] * count
        rows["sentence"] += range(count)
    # Text columns as object Series: pandas would otherwise infer its string dtype first (slow).
    columns = {c: pd.Series(rows[c], dtype=object) for c in ("article_id", "kind", "text")}
    columns |= {c: np.array(rows[c], dtype=np.int64) for c in ("paragraph", "sentence", "start", "end")}
    return pd.DataFrame(columns, columns=list(KEY_COLUMNS))


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


def _cue_table(cues: CueRows, table: pd.DataFrame) -> pd.DataFrame:
    """The cues of a batch as rows keyed by article and sentence, with article-level offsets."""
    row = cues.sentence
    base = table["start"].to_numpy()[row]
    return pd.DataFrame(
        {
            "article_id": table["article_id"].to_numpy()[row],
            "sentence": table["sentence"].to_numpy()[row],
            "family": cues.family,
            "category": cues.category,
            "term": cues.term,
            "start": cues.start + base,
            "end": cues.end + base,
            "negated": cues.negated,
        },
        columns=list(CUE_TABLE_COLUMNS),
    )


def _cue_json(cues: CueRows | pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """Per sentence, its cues as a JSON list with article-level offsets and the matched text.

    Written as text directly: one dict and one ``json.dumps`` per cue took 7% of
    ``analyze``. The bytes are those of ``json.dumps(cues, ensure_ascii=False,
    sort_keys=True)`` with the same string escaping (the tests compare the two).
    """
    result = ["[]"] * len(table)
    if not len(cues):
        return result
    row = np.asarray(cues["sentence"])
    base = table["start"].to_numpy()[row].tolist()
    texts = table["text"].tolist()
    items = [
        f'{{"category": {json_string(category)}, "end": {b + end}, "family": {json_string(family)}, '
        f'"negated": {"true" if negated else "false"}, "start": {b + start}, "term": {json_string(term)}, '
        f'"text": {encode_basestring(texts[i][start:end])}}}'
        for i, b, start, end, family, category, term, negated in zip(
            row.tolist(),
            base,
            cues["start"].tolist(),
            cues["end"].tolist(),
            cues["family"].tolist(),
            cues["category"].tolist(),
            cues["term"].tolist(),
            cues["negated"].tolist(),
            strict=True,
        )
    ]
    bounds = [*np.flatnonzero(np.diff(row)).tolist(), len(row) - 1]
    first = 0
    for last in bounds:
        result[row[first]] = "[" + ", ".join(items[first : last + 1]) + "]"
        first = last + 1
    return result
