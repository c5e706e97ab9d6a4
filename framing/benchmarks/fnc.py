"""The FNC-1 weighted score (official scorer weights), of predictions or of confusion matrices.

The official scorer counts 0.25 for a right related/unrelated decision and 0.75 more for the exact
stance of a related pair; as a weight matrix it applies to bootstrap resamples of confusion matrices
as well as to one set of predictions. :mod:`framing.models.metrics` has no equivalent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.models.metrics import encode

#: FNC-1 labels counted as "related" by the official scorer.
FNC_RELATED = ("agree", "disagree", "discuss")


def _fnc_weights(labels: Sequence[str]) -> np.ndarray:
    """Official FNC-1 scorer as a (true x predicted) weight matrix.

    +0.25 when related/unrelated is right; +0.75 more when a related pair gets its exact label.
    """
    labels = list(labels)
    if "unrelated" not in labels or not set(labels) - {"unrelated"} <= set(FNC_RELATED):
        raise ValueError(f"FNC-1 labels must be 'unrelated' plus some of {FNC_RELATED}, got {labels}")
    k = len(labels)
    w = np.zeros((k, k))
    for i, t in enumerate(labels):
        for j, p in enumerate(labels):
            if (t == "unrelated") == (p == "unrelated"):
                w[i, j] += 0.25
            if t == p and t != "unrelated":
                w[i, j] += 0.75
    return w


def fnc_score_from_confusion(cm: np.ndarray, labels: Sequence[str], *, relative: bool = True) -> np.ndarray:
    """FNC-1 weighted score of confusion matrices ``(..., k, k)`` (rows true, columns predicted).

    ``relative`` divides by the best possible score on the same rows (0.25 per unrelated pair,
    1.0 per related pair), the "relative score" of the FNC-1 leaderboard; 0 when there is none.
    """
    cm = np.asarray(cm, dtype=float)
    w = _fnc_weights(labels)
    got = (cm * w).sum(axis=(-2, -1))
    if not relative:
        return got
    best = (cm.sum(axis=-1) * np.diagonal(w)).sum(axis=-1)
    out = np.zeros(np.shape(got))
    np.divide(got, best, out=out, where=best > 0)
    return out


def fnc_score(y_true: Sequence[str], y_pred: Sequence[str], *, relative: bool = True) -> float:
    """The FNC-1 weighted score of predictions (relative to the best possible score by default).

    >>> fnc_score(["agree", "unrelated"], ["agree", "unrelated"])
    1.0
    >>> fnc_score(["agree", "unrelated"], ["unrelated", "unrelated"])  # 0.25 of 1.25
    0.2
    """
    labels = ["agree", "disagree", "discuss", "unrelated"]
    k = len(labels)
    cells = encode(y_true, labels, "y_true") * k + encode(y_pred, labels, "y_pred")
    cm = np.bincount(cells, minlength=k * k).reshape(k, k)
    return float(fnc_score_from_confusion(cm, labels, relative=relative))
