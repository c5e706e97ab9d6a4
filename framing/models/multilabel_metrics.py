"""Multi-label scores with bootstrap intervals: micro- and macro-F1, exact match, per-label precision/recall/F1.

Micro-F1 pools every (sentence, label) decision, so frequent frames dominate;
macro-F1 averages the labels, so a rare frame counts as much as a common one.
Both are reported because they answer different questions. As in
:mod:`framing.models.metrics`, each resample is reduced to counts (per label:
true positives, false positives, false negatives; plus exact matches) and
whole groups are resampled when sentences share an article.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.models.metrics import (
    _divide,
    _interval,
    bootstrap_settings,
    check_n_boot,
    per_label_intervals,
    resampled_sums,
    sort_keys,
)


def _scores(counts: np.ndarray, n: np.ndarray, k: int) -> dict[str, np.ndarray]:
    """Scores from count vectors ``(..., 3k + 1)``: tp, fp, fn per label, then exact matches."""
    tp, fp, fn = counts[..., :k], counts[..., k : 2 * k], counts[..., 2 * k : 3 * k]
    f1 = _divide(2 * tp, 2 * tp + fp + fn)
    TP, FP, FN = tp.sum(-1), fp.sum(-1), fn.sum(-1)
    return {
        "micro_f1": _divide(2 * TP, 2 * TP + FP + FN),
        "micro_precision": _divide(TP, TP + FP),
        "micro_recall": _divide(TP, TP + FN),
        "macro_f1": f1.mean(-1),
        "exact_match": _divide(counts[..., 3 * k], n),
        "f1": f1,
        "precision": _divide(tp, tp + fp),
        "recall": _divide(tp, tp + fn),
    }


def multilabel_report_ci(
    Y_true,
    Y_pred,
    labels: Sequence[str],
    *,
    groups=None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> dict:
    """Scores of 0/1 indicator matrices ``(n, labels)`` with percentile bootstrap intervals (cluster bootstrap by ``groups``)."""
    Y_true = np.asarray(Y_true, dtype=bool)
    Y_pred = np.asarray(Y_pred, dtype=bool)
    k = len(labels)
    if Y_true.shape != Y_pred.shape or Y_true.ndim != 2 or Y_true.shape[1] != k or len(Y_true) == 0:
        raise ValueError(f"Y_true {Y_true.shape} and Y_pred {Y_pred.shape} must both be (n > 0, {k})")
    check_n_boot(n_boot)
    per_row = np.concatenate(
        [
            Y_true & Y_pred,
            ~Y_true & Y_pred,
            Y_true & ~Y_pred,
            np.all(Y_true == Y_pred, axis=1, keepdims=True),
        ],
        axis=1,
    ).astype(float)
    per_row = np.concatenate([per_row, np.ones((len(per_row), 1))], axis=1)  # last column: row count
    if groups is None:
        per_unit, unit_kind = per_row, "sentence"
    else:
        _, unit = np.unique(np.asarray(groups, dtype=object).astype(str), return_inverse=True)
        per_unit = np.zeros((int(unit.max()) + 1, per_row.shape[1]))
        np.add.at(per_unit, unit, per_row)
        unit_kind = "group"
    rng = np.random.default_rng(random_state)
    boot_counts = resampled_sums(per_unit, n_boot, rng)
    total = per_row.sum(axis=0)
    point = _scores(total[:-1], total[-1], k)
    boot = _scores(boot_counts[:, :-1], boot_counts[:, -1], k)
    alpha = 1 - confidence

    report = {
        metric: _interval(point[metric], boot[metric], alpha)
        for metric in ("micro_f1", "micro_precision", "micro_recall", "macro_f1", "exact_match")
    }
    report.update(
        {
            "per_label": per_label_intervals(
                point, boot, labels, alpha, support=Y_true.sum(axis=0), predicted=Y_pred.sum(axis=0)
            ),
            "labels": [str(label) for label in labels],
            "n": len(Y_true),
            "bootstrap": bootstrap_settings(n_boot, confidence, unit_kind, len(per_unit), random_state),
        }
    )
    return sort_keys(report)
