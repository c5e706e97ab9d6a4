"""How far a model's probabilities can be taken at face value: Brier score and reliability table.

A researcher who reports "the share of sentences the model is 80 % sure are
biased" needs the 80 % to mean 80 %. The Brier score (Brier 1950) sums squared
probability errors over the classes, so lower is better and it is comparable
across models on the same rows; the reliability table bins the top-class
probability and sets each bin's mean confidence against its accuracy
(Niculescu-Mizil & Caruana 2005); the expected calibration error is their
count-weighted mean gap (Naeini et al. 2015). Computed on out-of-fold
predictions, they describe held-out behaviour.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from framing.models.metrics import encode


def brier_score(y, proba: np.ndarray, labels: Sequence[str]) -> float:
    """Mean over rows of the squared distance between the probability vector and the one-hot truth (0 best, 2 worst).

    This is Brier's original multi-class form; for two classes it is twice the
    one-column score of ``sklearn.metrics.brier_score_loss``.
    """
    codes = encode(y, labels, "y")
    proba = np.asarray(proba, dtype=float)
    truth = np.zeros_like(proba)
    truth[np.arange(len(codes)), codes] = 1.0
    return float(np.mean(np.sum((proba - truth) ** 2, axis=1)))


def reliability_table(y, proba: np.ndarray, labels: Sequence[str], *, bins: int = 10) -> dict:
    """Top-class confidence in ``bins`` equal-width bins: mean confidence, accuracy and rows per bin, and the ECE.

    Returns ``{"bins": [{"lower", "upper", "n", "confidence", "accuracy"}, ...], "ece": float}``;
    empty bins are left out.
    """
    codes = encode(y, labels, "y")
    proba = np.asarray(proba, dtype=float)
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == codes
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    rows, gap = [], 0.0
    for b in range(bins):
        mask = which == b
        n = int(mask.sum())
        if n == 0:
            continue
        conf, acc = float(confidence[mask].mean()), float(correct[mask].mean())
        rows.append(
            {
                "lower": float(edges[b]),
                "upper": float(edges[b + 1]),
                "n": n,
                "confidence": conf,
                "accuracy": acc,
            }
        )
        gap += n * abs(conf - acc)
    return {"bins": rows, "ece": gap / len(codes) if len(codes) else 0.0}


def calibration_report(y, proba: np.ndarray, labels: Sequence[str], *, bins: int = 10) -> dict:
    """Brier score, expected calibration error and the reliability bins, as one JSON-ready dict."""
    table = reliability_table(y, proba, labels, bins=bins)
    return {"brier": brier_score(y, proba, labels), "ece": table["ece"], "reliability": table["bins"]}
