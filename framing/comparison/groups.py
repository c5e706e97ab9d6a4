"""Group estimates, pairwise differences and within-event contrasts with cluster-bootstrap intervals.

The article is the unit: sentences of one article are not independent, so
every interval resamples whole articles (within each group) or whole events.
A group's estimate is the mean of its articles' measures, each article
weighing the same. Resampling is done with multinomial weights, one draw per
replicate and group, so the same seed gives the same intervals.
"""

from __future__ import annotations

import math
from itertools import combinations

import numpy as np
import pandas as pd

from framing.errors import InputError

CI_LEVEL = 0.95


def _weighted_means(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Means of each column of ``values`` (NaN ignored) under each row of ``weights``: (replicates, measures)."""
    present = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (weights @ np.where(present, values, 0.0)) / (weights @ present)


def _draws(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means of ``values`` (rows resampled with replacement): (n_boot, measures)."""
    n = len(values)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
    return _weighted_means(values, weights)


def _interval(draws: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    tail = 100 * (1 - CI_LEVEL) / 2
    with np.errstate(invalid="ignore"):
        low, high = np.nanpercentile(draws, [tail, 100 - tail], axis=0) if len(draws) else (np.nan, np.nan)
    return low, high


def _groups(articles: pd.DataFrame, by: str) -> list[str]:
    if by not in articles.columns:
        raise InputError(f"no grouping column {by!r}")
    if articles[by].isna().any():
        raise InputError(f"{int(articles[by].isna().sum())} articles have no {by!r}; fill or drop them first")
    groups = sorted(articles[by].astype(str).unique())
    if len(groups) < 2:
        raise InputError(f"comparing needs at least two values of {by!r}; found {groups}")
    return groups


def group_estimates(
    articles: pd.DataFrame, measures: list[str], by: str, *, n_boot: int, rng: np.random.Generator
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Per group and measure: mean over articles, 95% interval resampling articles within the group.

    Returns the tidy table and the bootstrap draws per group (for differences).
    """
    rows, draws = [], {}
    keys = articles[by].astype(str)
    for group in _groups(articles, by):
        values = articles.loc[keys == group, measures].to_numpy(dtype=float)
        draws[group] = _draws(values, n_boot, rng)
        low, high = _interval(draws[group])
        point = _weighted_means(values, np.ones((1, len(values))))[0]
        for j, measure in enumerate(measures):
            rows.append((measure, group, point[j], low[j], high[j], int((~np.isnan(values[:, j])).sum())))
    columns = ["measure", "group", "estimate", "ci_low", "ci_high", "n_articles"]
    return pd.DataFrame(rows, columns=columns), draws


def pairwise_differences(
    estimates: pd.DataFrame, draws: dict[str, np.ndarray], measures: list[str]
) -> pd.DataFrame:
    """Every two groups a < b: estimate(a) − estimate(b) with the interval of the independent bootstraps' difference."""
    point = estimates.set_index(["group", "measure"])["estimate"]
    rows, p_values = [], []
    for a, b in combinations(sorted(draws), 2):
        low, high = _interval(draws[a] - draws[b])
        diffs = np.array([point[(a, m)] - point[(b, m)] for m in measures])
        p_values.append(_p_values(diffs, draws[a] - draws[b]))
        for j, measure in enumerate(measures):
            rows.append((measure, a, b, diffs[j], low[j], high[j]))
    frame = pd.DataFrame(rows, columns=["measure", "group", "group_b", "difference", "ci_low", "ci_high"])
    return _tested(frame, p_values)


def event_contrasts(
    articles: pd.DataFrame,
    measures: list[str],
    by: str,
    event_col: str,
    *,
    n_boot: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Within-event differences: for two groups, the mean over events both covered of (a − b) on that event.

    Comparing outlets on the same story removes what the story itself brings
    (a war is more alarming than a budget); the interval resamples events.
    """
    if event_col not in articles.columns:
        raise InputError(f"no event column {event_col!r}")
    groups = _groups(articles, by)
    keys = articles[by].astype(str)
    per_event = articles.assign(**{by: keys}).groupby([event_col, by])[measures].mean()
    rows, p_values = [], []
    for a, b in combinations(groups, 2):
        try:
            pair = per_event.xs(a, level=by).merge(
                per_event.xs(b, level=by), left_index=True, right_index=True, suffixes=("_a", "_b")
            )
        except KeyError:
            continue
        if pair.empty:
            continue
        diff = np.column_stack([pair[f"{m}_a"] - pair[f"{m}_b"] for m in measures]).astype(float)
        replicates = _draws(diff, n_boot, rng)
        low, high = _interval(replicates)
        point = _weighted_means(diff, np.ones((1, len(diff))))[0]
        p_values.append(_p_values(point, replicates))
        for j, measure in enumerate(measures):
            rows.append((measure, a, b, point[j], low[j], high[j], int((~np.isnan(diff[:, j])).sum())))
    columns = ["measure", "group", "group_b", "difference", "ci_low", "ci_high", "n_events"]
    return _tested(pd.DataFrame(rows, columns=columns), p_values)


def _p_values(point: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Two-sided p-value of "no difference" per measure: normal approximation with the bootstrap standard error.

    A p-value counted from the replicates cannot go below about 2 / n_boot,
    which would make a false-discovery correction over a hundred contrasts
    unreachable; the standard error has no such floor.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.abs(point) / np.nanstd(draws, axis=0, ddof=1)
    return np.array([math.erfc(v / math.sqrt(2)) for v in z])


def _tested(frame: pd.DataFrame, p_values: list[np.ndarray]) -> pd.DataFrame:
    """Add ``p_value``, Benjamini-Hochberg ``q_value`` over every row of the table, and ``excludes_zero``.

    Dozens of measures times every pair of groups make many tests: about 5% of
    the intervals exclude zero by chance, so ``q_value`` < 0.05 (false
    discovery rate) is the flag to trust for a claim.
    """
    p = np.concatenate(p_values) if p_values else np.array([])
    return frame.assign(
        p_value=p,
        q_value=benjamini_hochberg(p),
        excludes_zero=(frame["ci_low"] > 0) | (frame["ci_high"] < 0),
    )


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), in the order given; NaN stays NaN."""
    p = np.asarray(p, dtype=float)
    q = np.full_like(p, np.nan)
    present = np.flatnonzero(~np.isnan(p))
    if len(present) == 0:
        return q
    order = present[np.argsort(p[present], kind="mergesort")]
    ranked = p[order] * len(order) / np.arange(1, len(order) + 1)
    q[order] = np.minimum(1.0, np.minimum.accumulate(ranked[::-1])[::-1])
    return q
