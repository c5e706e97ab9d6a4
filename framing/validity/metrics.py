"""ROC-AUC, PR-AUC and the rule "score > 0" with a vectorised (cluster) bootstrap.

Each bootstrap replicate is a multinomial draw of group counts; the draws of a
task are made once and shared by every score compared on it (paired
replicates). Rows are then summed per distinct score value, so a replicate
costs one pass over the rows whatever the number of distinct values.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd


def _metrics_from_counts(pos: np.ndarray, neg: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """ROC-AUC, average precision and rule "score > 0" metrics from (weighted) counts per score value.

    ``pos`` and ``neg`` have shape ``(..., U)``: how many positives/negatives
    have each of the ``U`` distinct score ``values`` (ascending). Ties count
    one half in the AUC (Mann-Whitney); average precision steps over distinct
    thresholds as in `sklearn.metrics.average_precision_score`.
    """
    pos = np.asarray(pos, dtype=float)
    neg = np.asarray(neg, dtype=float)
    n_pos = pos.sum(axis=-1)
    n_neg = neg.sum(axis=-1)
    both = (n_pos > 0) & (n_neg > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        below = np.cumsum(neg, axis=-1) - neg
        auc = (pos * (below + 0.5 * neg)).sum(axis=-1) / (n_pos * n_neg)
        tp = np.cumsum(pos[..., ::-1], axis=-1)
        fp = np.cumsum(neg[..., ::-1], axis=-1)
        precision = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1.0), 0.0)
        recall_step = pos[..., ::-1] / n_pos[..., None]
        ap = (recall_step * precision).sum(axis=-1)
        flag = values > 0
        tp0 = pos[..., flag].sum(axis=-1)
        fp0 = neg[..., flag].sum(axis=-1)
        precision0 = np.where(tp0 + fp0 > 0, tp0 / np.where(tp0 + fp0 > 0, tp0 + fp0, 1.0), 0.0)
        recall0 = tp0 / n_pos
        f1 = np.where(tp0 > 0, 2 * tp0 / (2 * tp0 + fp0 + (n_pos - tp0)), 0.0)
        flagged = (tp0 + fp0) / (n_pos + n_neg)
    nan = np.nan
    return {
        "roc_auc": np.where(both, auc, nan),
        "pr_auc": np.where(n_pos > 0, ap, nan),
        "precision_at_0": np.where(n_pos + n_neg > 0, precision0, nan),
        "recall_at_0": np.where(n_pos > 0, recall0, nan),
        "f1_at_0": np.where(n_pos > 0, f1, nan),
        "flagged_rate": np.where(n_pos + n_neg > 0, flagged, nan),
        "positive_rate": np.where(
            n_pos + n_neg > 0, n_pos / np.where(n_pos + n_neg > 0, n_pos + n_neg, 1), nan
        ),
    }


def _bootstrap_seed(random_state: int, task: str) -> list[int]:
    """One seed per task, so a task's intervals do not depend on which other tasks were run,
    and every signal of a task sees the same resamples (paired comparison)."""
    return [int(random_state), zlib.crc32(task.encode("utf-8"))]


def binary_metrics(
    y,
    score,
    groups=None,
    *,
    n_boot: int = 1000,
    random_state: int | Sequence[int] = 0,
    confidence: float = 0.95,
    chunk: int = 250,
) -> dict:
    """Point estimates and percentile bootstrap intervals for one score against binary labels.

    ``groups`` switches to the cluster bootstrap when some group has more
    than one row. Returns a dict with ``n``, ``n_positive``, ``n_groups``,
    ``resampled`` (``"group"``/``"row"``) and, for ``roc_auc`` and
    ``pr_auc``, the value with ``_low``/``_high`` bounds, plus the
    "score > 0" rule's precision, recall, F1 and flagged rate. Undefined
    values (one class only) are NaN.
    """
    y = np.asarray(y)
    score = np.asarray(score, dtype=float)
    if y.ndim != 1 or score.shape != y.shape:
        raise ValueError(f"y and score must be 1-D and of equal length ({y.shape} vs {score.shape})")
    if not set(np.unique(y).tolist()) <= {0, 1}:
        raise ValueError("y must be 0/1 (or boolean)")
    if not np.isfinite(score).all():
        raise ValueError("score contains NaN or infinite values")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot must be a non-negative integer, not {n_boot!r}")
    y = y.astype(bool)
    n = len(y)
    unit, n_units = _units(groups, n)
    values, code = np.unique(score, return_inverse=True)
    u = len(values)
    point = _metrics_from_counts(
        np.bincount(code[y], minlength=u), np.bincount(code[~y], minlength=u), values
    )
    out: dict = {
        "n": n,
        "n_positive": int(y.sum()),
        "n_groups": n_units,
        "resampled": "group" if n_units < n else "row",
    }
    for key, value in point.items():
        out[key] = float(value)
    metrics = ("roc_auc", "pr_auc")
    boots = _replicates(y, score, unit, n_units, n_boot, random_state, chunk) if n_boot and n else {}
    for m in metrics:
        out[f"{m}_low"], out[f"{m}_high"] = _interval(out[m], boots.get(m), confidence)
    return out


def _units(groups, n: int) -> tuple[np.ndarray, int]:
    """Resampling unit of each row (its group, or itself when no group has two rows) and their number."""
    if groups is None:
        return np.arange(n), n
    groups = np.asarray(groups, dtype=object)
    if groups.shape != (n,):
        raise ValueError(f"groups has {len(groups)} entries for {n} labels")
    _, unit = np.unique(groups.astype(str), return_inverse=True)
    n_units = int(unit.max()) + 1 if n else 0
    if n_units < n:
        return unit, n_units
    return np.arange(n), n


def _replicates(
    y: np.ndarray,
    score: np.ndarray,
    unit: np.ndarray,
    n_units: int,
    n_boot: int,
    random_state,
    chunk: int = 250,
) -> dict[str, np.ndarray]:
    """Bootstrap replicates of `_metrics_from_counts` plus ``n_pos``/``n_neg``, one per draw of units.

    The draws depend only on ``random_state``, ``n_units``, ``n_boot`` and
    ``chunk``, so two scores (or two subsets of rows coded with the same
    units) called with the same seed see the same resamples: paired replicates.
    """
    values, code = np.unique(score, return_inverse=True)
    u = len(values)
    all_draws = _draws(_seed_key(random_state), n_units, n_boot, chunk)
    keys = ("roc_auc", "pr_auc", "n_pos", "n_neg")
    boots = {m: np.empty(n_boot) for m in keys}
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = all_draws[start : start + size]
        pos, neg = (
            _weighted_counts(draws, unit[y], code[y], u),
            _weighted_counts(draws, unit[~y], code[~y], u),
        )
        reps = _metrics_from_counts(pos, neg, values)
        reps["n_pos"], reps["n_neg"] = pos.sum(axis=-1), neg.sum(axis=-1)
        for m in keys:
            boots[m][start : start + size] = reps[m]
    return boots


def _seed_key(random_state):
    return tuple(random_state) if isinstance(random_state, (list, tuple, np.ndarray)) else random_state


@lru_cache(maxsize=1)
def _draws(random_state, n_units: int, n_boot: int, chunk: int) -> np.ndarray:
    """The ``n_boot`` multinomial draws of units, made once per task and shared by all its signals.

    Drawn chunk by chunk from one generator, as the replicates consume them.
    """
    rng = np.random.default_rng(random_state)
    uniform = np.full(n_units, 1.0 / n_units)
    parts = [
        rng.multinomial(n_units, uniform, size=min(chunk, n_boot - start)).astype(float)
        for start in range(0, n_boot, chunk)
    ]
    draws = np.concatenate(parts) if parts else np.zeros((0, n_units))
    draws.flags.writeable = False
    return draws


def _weighted_counts(draws: np.ndarray, unit: np.ndarray, code: np.ndarray, u: int) -> np.ndarray:
    """Per replicate, the resampled number of rows with each of the ``u`` score values.

    A row counts as often as its unit was drawn; rows are grouped by value with
    ``np.add.reduceat``, which costs replicates x rows (a dense units x values
    table would cost replicates x units x values, prohibitive for continuous
    scores resampled by row).
    """
    out = np.zeros((len(draws), u))
    if not len(code):
        return out
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    starts = np.flatnonzero(np.r_[True, sorted_code[1:] != sorted_code[:-1]])
    out[:, sorted_code[starts]] = np.add.reduceat(draws[:, unit[order]], starts, axis=1)
    return out


def _interval(point: float, replicates: np.ndarray | None, confidence: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the finite replicates; NaN when the point or every replicate is undefined."""
    if replicates is None or not np.isfinite(point):
        return float("nan"), float("nan")
    sample = replicates[np.isfinite(replicates)]
    if not len(sample):
        return float("nan"), float("nan")
    alpha = 1 - confidence
    low, high = np.percentile(sample, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)


def _roc_points(scores: pd.DataFrame) -> dict[tuple[str, str], dict[str, list[float]]]:
    """(task, signal) -> ROC curve points (fpr, tpr) over the distinct thresholds, small enough for attrs."""
    curves = {}
    for (name, signal), part in scores.groupby(["task", "signal"], sort=False):
        y = part["y"].to_numpy().astype(bool)
        if y.all() or not y.any():
            continue
        values, code = np.unique(part["score"].to_numpy(), return_inverse=True)
        pos = np.bincount(code[y], minlength=len(values))[::-1]
        neg = np.bincount(code[~y], minlength=len(values))[::-1]
        tpr = np.concatenate([[0.0], np.cumsum(pos) / pos.sum()])
        fpr = np.concatenate([[0.0], np.cumsum(neg) / neg.sum()])
        curves[(name, signal)] = {"fpr": fpr.round(6).tolist(), "tpr": tpr.round(6).tolist()}
    return curves
