"""Decisions that respect the metric: per-class probability weights tuned on out-of-fold predictions.

``predict`` takes the most probable class, which is right for accuracy and
wrong for macro-F1 or the FNC-1 score when classes are unequal: a calibrated
model seldom names a rare class. Multiplying each class's probability by a
weight before the argmax moves the decision boundaries; with two classes this
is exactly a probability threshold (``t = w_neg / (w_pos + w_neg)``). The
weights are chosen on out-of-fold predictions of the training data only, so the
test set stays unseen; the cross-validated score at the chosen weights is
slightly optimistic (chosen on the same predictions), a held-out score is not.

Folds that cannot test every row (FNC-1's pair folds test few of the unrelated pairs) give out-of-fold
predictions of another class mix than the data's; :func:`class_mix_factors` weights them back, so weights
are tuned for the mix the model will meet.

Multi-label models decide each label on its own: :func:`tune_weights` on one
label's two-column ``(1 - p, p)`` probabilities gives that label's threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils.validation import check_is_fitted

#: Weights tried for each class (relative to a weight of 1 for the others), a log-spaced grid.
WEIGHT_GRID = tuple(float(w) for w in np.round(np.geomspace(0.25, 4.0, 17), 4))

Score = Callable[[np.ndarray], float]


def aligned_proba(estimator, X, labels: Sequence[str]) -> np.ndarray:
    """``estimator``'s class probabilities of ``X`` with columns in ``labels`` order; 0 for a class it never
    saw (a fold or an inner split may lack a rare class), so probabilities of several models line up."""
    proba = estimator.predict_proba(X)
    out = np.zeros((proba.shape[0], len(labels)))
    out[:, [list(labels).index(c) for c in estimator.classes_]] = proba
    return out


def confusion(y_codes: np.ndarray, pred_codes: np.ndarray, k: int) -> np.ndarray:
    """``k x k`` confusion matrix (rows true) of integer-coded labels."""
    return np.bincount(y_codes * k + pred_codes, minlength=k * k).reshape(k, k)


def class_mix_factors(y: np.ndarray, tested: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Per-class factors (in ``labels`` order) that weight the ``tested`` rows of ``y`` back to the class mix
    of all of ``y``: a class's share of all rows over its share of the tested rows (1 where it is untested).
    Multiply a confusion matrix's rows (true classes) by them before scoring."""
    y = np.asarray(y, dtype=object)
    tested_y = y[np.asarray(tested)]
    factors = np.ones(len(labels))
    for j, label in enumerate(labels):
        share_tested = np.mean(tested_y == label)
        if share_tested > 0:
            factors[j] = np.mean(y == label) / share_tested
    return factors


def weighted_argmax(proba: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """Column index of the largest ``proba * weights`` per row (ties to the first column)."""
    return np.argmax(np.asarray(proba) * np.asarray(weights, dtype=float), axis=1)


def tune_weights(
    y_codes: np.ndarray,
    proba: np.ndarray,
    score: Score,
    *,
    grid: Sequence[float] = WEIGHT_GRID,
    rounds: int = 3,
) -> tuple[np.ndarray, float]:
    """Class weights maximising ``score(confusion matrix)`` on out-of-fold ``proba``; and that score.

    Coordinate ascent from all-ones: each class's weight in turn takes the grid
    value that scores best with the others fixed, for ``rounds`` passes or until
    nothing changes. Ties keep the current weight, so weights leave 1 only when
    that helps. The weights are then scaled so the largest is 1.
    """
    y_codes = np.asarray(y_codes)
    proba = np.asarray(proba, dtype=float)
    k = proba.shape[1]
    weights = np.ones(k)

    def value(w: np.ndarray) -> float:
        return round(float(score(confusion(y_codes, weighted_argmax(proba, w), k))), 12)

    best = value(weights)
    for _ in range(rounds):
        changed = False
        for j in range(k):
            for candidate in grid:
                trial = weights.copy()
                trial[j] = candidate
                got = value(trial)
                if got > best:
                    best, weights, changed = got, trial, True
        if not changed:
            break
    return weights / weights.max(), best


class WeightedDecisionClassifier(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """``estimator`` whose ``predict`` is the argmax of its probabilities times ``class_weights``.

    ``class_weights`` maps each class to its weight (missing classes weigh 1),
    e.g. from :func:`tune_weights` on out-of-fold predictions; ``predict_proba``
    is the estimator's, unchanged, so reported probabilities stay calibrated.
    """

    def __init__(self, estimator, class_weights: dict | None = None):
        self.estimator = estimator
        self.class_weights = class_weights

    def fit(self, X, y):
        self.estimator_ = clone(self.estimator).fit(X, y)
        self.classes_ = self.estimator_.classes_
        weights = dict(self.class_weights or {})
        unknown = sorted(set(map(str, weights)) - set(map(str, self.classes_)))
        if unknown:
            raise ValueError(f"class_weights names classes the data lacks: {unknown}")
        self.weights_ = np.array([float(weights.get(c, 1.0)) for c in self.classes_])
        if not np.all(np.isfinite(self.weights_)) or np.any(self.weights_ <= 0):
            raise ValueError(f"class weights must be positive numbers, got {weights}")
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        return self.classes_[weighted_argmax(self.predict_proba(X), self.weights_)]
