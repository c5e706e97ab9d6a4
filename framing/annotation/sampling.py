"""Which sentences to label next: a stratified sample, or the ones a trained model is least sure about.

Labels are the expensive part of a framing study. A simple random sample
mostly returns sentences with no cue at all; stratifying by a signal (equal
numbers from each quantile bin, zero as its own bin) or by a group (equal
numbers per outlet or article) covers the range the classifier must learn.
Once a model exists, uncertainty sampling (active learning; Lewis & Gale 1994,
Settles 2009 "Active Learning Literature Survey") labels the sentences where
it is least sure: least confidence (1 - top probability), margin (1 - gap
between the two top classes) or entropy. Every draw is seeded, and sentences
already labelled are excluded by id and by a hash of their normalised text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.io.readers import _columns_text, _show

STRATEGIES = ("stratified", "random", "least_confidence", "margin", "entropy")
UNCERTAINTY = ("least_confidence", "margin", "entropy")


def text_hash(text: str) -> str:
    """SHA-1 of the text with case and spacing normalised: the same sentence re-segmented or re-typed still matches."""
    return hashlib.sha1(" ".join(str(text).split()).casefold().encode("utf-8")).hexdigest()


def sentence_ids(table: pd.DataFrame, id_col: str = "id") -> pd.Series:
    """``id_col`` if the table has it, else ``<article_id>#<start>`` as in the per-sentence table of ``framing analyze``."""
    if id_col in table.columns:
        ids = table[id_col].astype(str)
    elif {"article_id", "start"} <= set(table.columns):
        ids = table["article_id"].astype(str) + "#" + table["start"].astype(str)
    else:
        raise InputError(
            f"the table has no id column {_show(id_col)} and no article_id/start columns to build one; its columns "
            f"are {_columns_text([str(c) for c in table.columns])}; name the id column with --id-col"
        )
    duplicated = ids[ids.duplicated()].tolist()
    if duplicated:
        raise InputError(f"sentence ids must be unique, but {_show(duplicated[0])} occurs more than once")
    return ids


def uncertainty(proba: np.ndarray, strategy: str, thresholds: Sequence[float] | None = None) -> np.ndarray:
    """Higher = less sure. ``proba`` rows are class probabilities, or per-label probabilities when ``thresholds`` are given.

    For a multi-label model every label is a yes/no decision at its own
    threshold; a sentence is as uncertain as its most uncertain label, with each
    probability first mapped so that the label's threshold sits at 0.5.
    """
    proba = np.asarray(proba, dtype=float)
    if thresholds is not None:
        t = np.asarray(thresholds, dtype=float)
        centred = np.where(proba >= t, 0.5 + 0.5 * (proba - t) / (1 - t), 0.5 * proba / t)
        per_label = np.stack([centred, 1 - centred], axis=-1)
        return np.max([uncertainty(per_label[:, j], strategy) for j in range(proba.shape[1])], axis=0)
    ordered = np.sort(proba, axis=1)[:, ::-1]
    if strategy == "least_confidence":
        return 1 - ordered[:, 0]
    if strategy == "margin":
        return 1 - (ordered[:, 0] - ordered[:, 1])
    if strategy == "entropy":
        with np.errstate(divide="ignore", invalid="ignore"):
            return -np.nansum(np.where(proba > 0, proba * np.log(proba), 0.0), axis=1)
    raise ValueError(f"unknown uncertainty strategy {strategy!r}; choose from {', '.join(UNCERTAINTY)}")


def _strata(table: pd.DataFrame, by: str, bins: int) -> pd.Series:
    """Stratum of each row: the group itself for a text column, a quantile bin (zero apart) for a numeric signal."""
    column = table[by]
    values = pd.to_numeric(column, errors="coerce")  # a CSV read as text still holds numbers
    if values.isna().any():
        return column.astype(str)
    strata = pd.Series("0", index=table.index, dtype=object)
    positive = values[values != 0]
    if len(positive):
        codes = pd.qcut(positive.rank(method="first"), q=min(bins, len(positive)), labels=False)
        low = positive.groupby(codes).min()
        high = positive.groupby(codes).max()
        strata[positive.index] = [f"{low[c]:.3g}..{high[c]:.3g}" for c in codes]
    return strata


def _allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Split ``n`` as evenly as possible over strata, passing what a small stratum cannot take to the others."""
    take = dict.fromkeys(sizes, 0)
    left = min(n, sum(sizes.values()))
    while left:
        open_ = [s for s in sorted(sizes) if take[s] < sizes[s]]
        share, extra = divmod(left, len(open_))
        for i, s in enumerate(open_):
            add = min(share + (i < extra), sizes[s] - take[s])
            take[s] += add
            left -= add
    return take


def sample_sentences(
    table: pd.DataFrame,
    n: int,
    *,
    strategy: str = "stratified",
    by: str | None = None,
    bins: int = 4,
    proba: np.ndarray | None = None,
    thresholds: Sequence[float] | None = None,
    exclude: Iterable[pd.DataFrame] = (),
    id_col: str = "id",
    text_col: str = "text",
    random_state: int = 0,
) -> pd.DataFrame:
    """``n`` rows of ``table`` to label, with ``id``, ``text_sha1`` and why each was picked (``stratum`` or ``uncertainty``).

    ``stratified`` needs ``by`` (a signal or group column); uncertainty
    strategies need ``proba`` (one row per table row, from a trained model).
    Rows whose id or text hash occurs in any ``exclude`` table are never picked.
    Ties and within-stratum order are broken by a generator seeded with ``random_state``.
    """
    if strategy not in STRATEGIES:
        raise InputError(f"unknown sampling strategy {strategy!r}; choose from {', '.join(STRATEGIES)}")
    if not isinstance(n, int) or n < 1:
        raise InputError(f"the number of sentences to sample must be a positive integer, not {n!r}")
    if text_col not in table.columns:
        raise InputError(
            f"the table has no text column {_show(text_col)}; its columns are "
            f"{_columns_text([str(c) for c in table.columns])}"
        )
    out = table.copy()
    ids = sentence_ids(table, id_col).to_numpy()
    if "id" in out.columns:
        out["id"] = ids
    else:
        out.insert(0, "id", ids)
    out["text_sha1"] = [text_hash(t) for t in out[text_col]]
    if proba is not None:
        if len(proba) != len(out):
            raise ValueError(f"proba has {len(proba)} rows for {len(out)} sentences")
        out["uncertainty"] = uncertainty(proba, strategy, thresholds) if strategy in UNCERTAINTY else np.nan
    seen_ids, seen_hashes = set(), set()
    for done in exclude:
        if "id" in done.columns:
            seen_ids |= set(done["id"].astype(str))
        if "text" in done.columns:
            seen_hashes |= {text_hash(t) for t in done["text"].dropna()}
    pool = out[~out["id"].isin(seen_ids) & ~out["text_sha1"].isin(seen_hashes)]
    rng = np.random.default_rng(random_state)
    pool = pool.iloc[rng.permutation(len(pool))]  # seeded order breaks every tie below
    if strategy in UNCERTAINTY:
        if proba is None:
            raise InputError(
                f"--strategy {strategy} ranks sentences by a trained model's probabilities: pass --model"
            )
        chosen = pool.sort_values("uncertainty", ascending=False, kind="stable").head(n)
    elif strategy == "random":
        chosen = pool.head(n)
    else:
        if by is None:
            raise InputError(
                "--strategy stratified needs --by COLUMN: a signal (e.g. hedging_score) or a group"
            )
        if by not in table.columns:
            raise InputError(
                f"no column {_show(by)} to stratify by; the table has {_columns_text([str(c) for c in table.columns])}"
            )
        strata = _strata(pool, by, bins)
        take = _allocate(strata.value_counts().to_dict(), n)
        pool = pool.assign(stratum=strata)
        chosen = pd.concat([rows.head(take[name]) for name, rows in pool.groupby("stratum", sort=True)])
    chosen = chosen.copy()
    chosen["strategy"] = strategy
    chosen.attrs["excluded"] = len(out) - len(pool)
    chosen.attrs["pool"] = len(pool)
    return chosen.reset_index(drop=True)
