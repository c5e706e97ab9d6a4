"""Which cues and words distinguish a group: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", Political Analysis 16(4),
section 3.5 (eq. 16-22): for feature w, group i and the other groups pooled (j),

    δ_w = log((y_iw + α_w) / (n_i + α_0 − y_iw − α_w)) − log((y_jw + α_w) / (n_j + α_0 − y_jw − α_w))
    σ²_w ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w),      z_w = δ_w / σ_w

with α_w = α_0 · (pooled count of w / pooled total): the prior shrinks rare
features towards the corpus rate, so a word used twice by one group does not
top the list (raw log-odds ratios do that). Group i against all the others
works for any number of groups. ``z`` > 1.96 reads as "used more by this group
than the others, beyond what chance and rarity explain".
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pandas as pd

from framing.comparison.measures import TOKEN, body_sentences
from framing.errors import InputError

COLUMNS = ["group", "feature", "count", "other_count", "log_odds", "variance", "z"]


def log_odds(counts: pd.DataFrame, *, prior_size: float | None = None) -> pd.DataFrame:
    """Log-odds ratio of every group (row) against the rest for every feature (column) of a count table.

    ``prior_size`` is α_0, the prior's total pseudo-count; by default it is the
    pooled total count, so the prior weighs as much as the data (the usual
    choice when the background corpus is the compared corpus itself). Returns
    one row per group and feature: ``count``, ``log_odds``, ``variance``, ``z``.
    """
    if counts.shape[0] < 2:
        raise InputError("distinguishing features need at least two groups")
    if (counts.to_numpy(dtype=float) < 0).any():
        raise InputError("feature counts must be non-negative")
    counts = counts.loc[:, counts.sum(axis=0) > 0]
    if counts.shape[1] < 2:  # one feature has no odds against the others
        return pd.DataFrame(columns=COLUMNS)
    y = counts.to_numpy(dtype=float)
    pooled = y.sum(axis=0)
    total = pooled.sum()
    alpha0 = total if prior_size is None else float(prior_size)
    alpha = alpha0 * pooled / total
    rows = []
    for g, group in enumerate(counts.index):
        yi, yj = y[g], pooled - y[g]
        ni, nj = yi.sum(), yj.sum()
        delta = np.log((yi + alpha) / (ni + alpha0 - yi - alpha)) - np.log(
            (yj + alpha) / (nj + alpha0 - yj - alpha)
        )
        variance = 1.0 / (yi + alpha) + 1.0 / (yj + alpha)
        rows.append(
            pd.DataFrame(
                {
                    "group": str(group),
                    "feature": counts.columns.astype(str),
                    "count": yi.astype(int),
                    "other_count": yj.astype(int),
                    "log_odds": delta,
                    "variance": variance,
                    "z": delta / np.sqrt(variance),
                }
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    return frame.sort_values(
        ["group", "z", "feature"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)


def cue_counts(table: pd.DataFrame, group: pd.Series) -> pd.DataFrame:
    """Groups x cues (``family:term``) counts from the ``cues`` JSON of body sentences; negated cues left out."""
    body = body_sentences(table)
    if "cues" not in body.columns:
        raise InputError("signals table lacks the 'cues' column: pass a framing.analyze table")
    counters: dict[str, Counter] = {}
    for article, cues in zip(body["article_id"].astype(str), body["cues"].fillna(""), strict=True):
        if article not in group.index:  # an article without body tokens
            continue
        counter = counters.setdefault(str(group[article]), Counter())
        for cue in json.loads(cues) if cues else []:
            if not cue.get("negated"):
                counter[f"{cue['family']}:{cue['term']}"] += 1
    return _frame(counters)


def word_counts(table: pd.DataFrame, group: pd.Series, *, min_count: int = 5) -> pd.DataFrame:
    """Groups x words (lower-cased word tokens of body sentences); words seen fewer than ``min_count`` times dropped."""
    body = body_sentences(table)
    counters: dict[str, Counter] = {}
    for article, text in zip(body["article_id"].astype(str), body["text"].fillna(""), strict=True):
        if article not in group.index:
            continue
        counters.setdefault(str(group[article]), Counter()).update(
            t.lower() for t in TOKEN.findall(str(text))
        )
    counts = _frame(counters)
    return counts.loc[:, counts.sum(axis=0) >= min_count]


def _frame(counters: dict[str, Counter]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(counters, orient="index").reindex(sorted(counters)).fillna(0).astype(int)
    return frame.sort_index().sort_index(axis=1)
