"""Decision thresholds tuned on out-of-fold probabilities, never on predictions of the data a model was fitted on.

A model fitted on a sentence is confident about it, so thresholds tuned on
in-sample probabilities drift towards 0 or 1 and fail on new text. Out-of-fold
probabilities come from models that never saw the sentence; thresholds tuned
on them transfer. :func:`cross_fitted` goes one step further for reporting:
each fold is decided by thresholds tuned on the *other* folds only, so the
reported score does not reuse the predictions the thresholds were chosen on.

Single-label models tune per-class decision weights instead
(:mod:`framing.models.decisions`, ``framing train --decision tuned``); a
multi-label model is one yes/no decision per label, so each gets a threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: Candidate thresholds; a coarse grid resists overfitting small labels.
GRID = np.round(np.arange(0.05, 0.951, 0.05), 2)


def _f1(truth: np.ndarray, decided: np.ndarray) -> float:
    tp = np.sum(truth & decided)
    denominator = truth.sum() + decided.sum()
    return float(2 * tp / denominator) if denominator else 0.0


def label_thresholds(Y: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Per label (column), the grid threshold on ``P`` that maximises that label's F1; ties go to the one nearest 0.5."""
    Y = np.asarray(Y, dtype=bool)
    best = np.full(Y.shape[1], 0.5)
    order = GRID[np.argsort(np.abs(GRID - 0.5), kind="stable")]  # 0.5 first, then outwards
    for j in range(Y.shape[1]):
        scores = [_f1(Y[:, j], P[:, j] >= t) for t in order]
        best[j] = order[int(np.argmax(scores))]
    return best


def cross_fitted(
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    tune: Callable[[np.ndarray], np.ndarray],
    decide: Callable[[np.ndarray, np.ndarray], np.ndarray],
    n: int,
) -> np.ndarray:
    """Decisions for every row, each fold decided by parameters ``tune(other rows)`` fitted without it.

    ``tune(rows)`` returns the thresholds learned from the
    out-of-fold predictions of ``rows``; ``decide(rows, params)`` applies them.
    """
    decided = None
    for _, test_idx in folds:
        others = np.setdiff1d(np.arange(n), test_idx)
        part = decide(test_idx, tune(others))
        if decided is None:
            decided = np.zeros((n, *part.shape[1:]), dtype=part.dtype)
        decided[test_idx] = part
    return decided
