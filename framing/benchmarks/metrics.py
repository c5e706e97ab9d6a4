"""Task metrics (accuracy, macro-F1, F1 of one class, FNC-1 score) and the paired cluster bootstrap.

Every metric is a function of the confusion matrix (:func:`framing.models.metrics.scores`, plus the
FNC-1 weights), so the same code scores one prediction and ``n_boot`` resamples at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from framing.benchmarks.fnc import fnc_score_from_confusion
from framing.datasets import Task
from framing.models.decisions import confusion as _confusion
from framing.models.metrics import _bootstrap_confusions, encode
from framing.models.metrics import scores as confusion_scores
from framing.models.selection import _fold_f1


def metric_values(key: str, cm: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Metric ``key`` of confusion matrices ``(..., k, k)``: accuracy, macro_f1, f1:<label>, fnc_score."""
    if key == "fnc_score":
        return fnc_score_from_confusion(cm, labels)
    s = confusion_scores(cm)
    if key in ("accuracy", "macro_f1"):
        return s[key]
    if key.startswith("f1:"):
        return s["f1"][..., list(labels).index(key[3:])]
    raise ValueError(f"unknown metric {key!r}")


def metric_label(key: str) -> str:
    """How a metric key is written in tables: ``f1:uncertain`` -> ``F1 (uncertain)``."""
    if key.startswith("f1:"):
        return f"F1 ({key[3:]})"
    return {"macro_f1": "macro-F1", "accuracy": "accuracy", "fnc_score": "FNC-1 score (relative)"}[key]


#: Reported metrics whose first entry is the selection criterion, where the default does not fit.
_TASK_METRICS = {
    "conll2010-wiki": ("f1:uncertain", "f1:certain"),
    "babe-bias": ("macro_f1",),
    "gvfc-frame": ("accuracy", "macro_f1"),
    "gwsd-stance": ("macro_f1",),
    "fnc1-stance": ("fnc_score", "macro_f1"),
}


def task_metrics(task: Task) -> tuple[str, ...]:
    """The metrics reported for ``task``; the first one also chooses the model in cross-validation.

    They follow the published numbers: F1 of the positive class for binary detection tasks
    (hedge/uncertainty, propaganda, bias spans), macro-F1 where a paper reports it (BABE, GWSD),
    accuracy for GVFC, the FNC-1 score for FNC-1.
    """
    if task.name in _TASK_METRICS:
        return _TASK_METRICS[task.name]
    if task.kind == "binary":
        return (f"f1:{task.positive_label}",)
    return ("macro_f1",)


def _all_metrics(task: Task, labels: Sequence[str]) -> list[str]:
    keys = ["accuracy", "macro_f1", *(f"f1:{label}" for label in labels)]
    if task.name == "fnc1-stance":
        keys.append("fnc_score")
    return keys


def _fold_score(key: str, y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> float:
    """Metric of one fold; macro-F1 over the classes present in the fold (truth or prediction)."""
    if key == "macro_f1":
        return _fold_f1(y_true, y_pred)  # sorted labels (``LabelledData.labels``): the same numbers
    cm = _confusion(encode(y_true, labels, "y_true"), encode(y_pred, labels, "y_pred"), len(labels))
    return float(metric_values(key, cm, labels))


# ----------------------------------------------------------------------------------------------
# Paired cluster bootstrap
# ----------------------------------------------------------------------------------------------


def _bootstrap(
    y_true: np.ndarray,
    predictions: Mapping[str, np.ndarray],
    labels: Sequence[str],
    groups: np.ndarray | None,
    n_boot: int,
    random_state: int,
) -> dict[str, np.ndarray]:
    """Resampled confusion matrices ``(n_boot, k, k)`` per system, all on the SAME resamples.

    Whole groups are resampled (cluster bootstrap) when ``groups`` is given, so differences
    between systems are paired: every system is resampled by
    :func:`framing.models.metrics._bootstrap_confusions` with a fresh generator of the same seed,
    hence the same draws. Without groups each row is its own unit (the models' sentence bootstrap
    draws confusion cells instead, which gives other numbers).
    """
    k = len(labels)
    true = encode(y_true, labels, "y_true")
    unit = np.arange(len(true)) if groups is None else np.asarray(groups)
    return {
        name: _bootstrap_confusions(
            true * k + encode(pred, labels, name), unit, k * k, n_boot, np.random.default_rng(random_state)
        ).reshape(n_boot, k, k)
        for name, pred in predictions.items()
    }


def _interval(point: float, samples: np.ndarray) -> dict[str, float]:
    """Percentile 95 % interval at exactly 2.5/97.5; the models' ``_interval`` derives them from
    ``confidence`` (2.500000000000002 for 0.95), which can move the bounds in the last digit."""
    low, high = np.percentile(samples, [2.5, 97.5])
    return {"value": float(point), "ci_low": float(low), "ci_high": float(high)}
