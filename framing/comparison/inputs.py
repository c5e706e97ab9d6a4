"""From files to the table :func:`framing.compare` takes: signals with the grouping columns joined on.

Two inputs are accepted, told apart by their columns:

- a signals table written by ``framing analyze`` (``article_id``, ``sentence``,
  ``cues`` ...), with the grouping columns either already in it or in a
  ``meta`` table keyed by article id;
- a corpus table (one row per article: id, text, outlet, story ...), which is
  analysed here. For a corpus too large to analyse in memory, run
  ``framing analyze`` first and pass its output with ``meta``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.errors import InputError
from framing.io.signals import numeric_signals
from framing.models.data import read_table

SIGNALS_COLUMNS = ("article_id", "sentence", "cues")


def is_signals_table(table: pd.DataFrame) -> bool:
    return all(c in table.columns for c in SIGNALS_COLUMNS)


def signals_from_corpus(
    corpus: pd.DataFrame, *, text_col: str = "text", id_col: str | None = None
) -> pd.DataFrame:
    """``framing.analyze`` of a one-row-per-article table, with its other columns joined onto every sentence."""
    from framing.analyze import analyze

    if text_col not in corpus.columns:
        raise InputError(
            f"corpus has no text column {text_col!r} (columns: {', '.join(map(str, corpus.columns))})"
        )
    id_col = id_col or ("id" if "id" in corpus.columns else None)
    if id_col and id_col not in corpus.columns:
        raise InputError(f"corpus has no id column {id_col!r}")
    ids = (corpus[id_col] if id_col else pd.Series(range(len(corpus)), index=corpus.index)).astype(str)
    if ids.duplicated().any():
        raise InputError(f"article ids must be unique; {ids[ids.duplicated()].iloc[0]!r} repeats")
    texts = corpus[text_col].fillna("").astype(str)
    empty = texts.str.strip() == ""
    if empty.any():
        raise InputError(f"{int(empty.sum())} articles have empty text, e.g. {ids[empty].iloc[0]!r}")
    signals = analyze(dict(zip(ids, texts, strict=True)))
    meta = corpus.drop(columns=[c for c in (text_col, id_col) if c]).assign(article_id=ids.to_numpy())
    return join_meta(signals, meta)


def join_meta(signals: pd.DataFrame, meta: pd.DataFrame, *, id_col: str = "article_id") -> pd.DataFrame:
    """Add per-article columns of ``meta`` (keyed by ``id_col``) to every sentence; they replace same-named columns."""
    if id_col not in meta.columns:
        raise InputError(f"metadata table has no id column {id_col!r}")
    meta = meta.rename(columns={id_col: "article_id"}).assign(
        article_id=lambda m: m["article_id"].astype(str)
    )
    if meta["article_id"].duplicated().any():
        raise InputError("metadata has several rows for one article id")
    extra = [c for c in meta.columns if c != "article_id"]
    signals = signals.drop(columns=[c for c in extra if c in signals.columns])
    joined = signals.assign(article_id=signals["article_id"].astype(str)).merge(
        meta, on="article_id", how="left"
    )
    return joined


def load_signals(
    path,
    *,
    columns: list[str],
    meta=None,
    meta_id_col: str = "article_id",
    text_col: str = "text",
    id_col: str | None = None,
) -> pd.DataFrame:
    """Read a signals table or a corpus from ``path`` and make sure the grouping ``columns`` are on it."""
    table = read_table(Path(path))
    signals = (
        numeric_signals(table)
        if is_signals_table(table)
        else signals_from_corpus(table, text_col=text_col, id_col=id_col)
    )
    if meta is not None:
        signals = join_meta(signals, read_table(Path(meta)), id_col=meta_id_col)
    missing = [c for c in columns if c not in signals.columns]
    if missing:
        raise InputError(
            f"no column {', '.join(map(repr, missing))} in {path}"
            + ("" if meta is not None else "; give a metadata table keyed by article_id with --meta")
        )
    unmatched = signals[columns].isna().any(axis=1)
    if unmatched.any():
        example = signals.loc[unmatched, "article_id"].iloc[0]
        raise InputError(
            f"{int(unmatched.sum())} sentences have no {' / '.join(columns)}, e.g. of article {example!r}"
        )
    return signals
