"""Classification scores with bootstrap confidence intervals, so a difference is not read into noise.

A macro-F1 of 0.71 from 300 sentences is compatible with anything from about
0.65 to 0.77; reporting the interval next to the number keeps papers honest.
When sentences come from articles, sentences of one article are not
independent, so the bootstrap resamples whole groups (cluster bootstrap).

Every score is a function of the confusion matrix, so each resample is
reduced to one: a resample of ``n`` sentences has a confusion matrix drawn from
Multinomial(n, observed cell shares), which is exactly the distribution of
resampling the rows (drawn directly, without materialising row indices); a
resample of groups sums per-group confusion matrices (built with ``bincount``)
weighted by how often each group was drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_CHUNK_CELLS = 20_000_000  # draws x groups held in memory at once by the cluster bootstrap


def _divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b with 0 where b is 0 (scikit-learn's ``zero_division=0``)."""
    out = np.zeros(np.broadcast(a, b).shape)
    np.divide(a, b, out=out, where=b > 0)
    return out


def scores(cm: np.ndarray) -> dict[str, np.ndarray]:
    """Accuracy, macro-F1 and per-class precision/recall/F1 of confusion matrices ``(..., k, k)``.

    Rows are true classes, columns predictions; a class absent from both
    scores 0, as in scikit-learn with ``labels=`` given and ``zero_division=0``.
    """
    cm = np.asarray(cm, dtype=float)
    tp = np.diagonal(cm, axis1=-2, axis2=-1)
    support = cm.sum(axis=-1)
    predicted = cm.sum(axis=-2)
    f1 = _divide(2 * tp, support + predicted)
    return {
        "accuracy": _divide(tp.sum(axis=-1), cm.sum(axis=(-2, -1))),
        "macro_f1": f1.mean(axis=-1),
        "precision": _divide(tp, predicted),
        "recall": _divide(tp, support),
        "f1": f1,
    }


def encode(values, labels: Sequence[str], what: str) -> np.ndarray:
    """Positions of ``values`` in ``labels``; a value outside ``labels`` is a ValueError naming it."""
    index = {label: i for i, label in enumerate(labels)}
    values = list(values)
    unknown = sorted({str(v) for v in values if v not in index})
    if unknown:
        raise ValueError(f"{what} holds label(s) {unknown[:5]} not in labels {list(labels)}")
    return np.fromiter((index[v] for v in values), dtype=np.int64, count=len(values))


def _bootstrap_confusions(
    cells: np.ndarray, unit: np.ndarray | None, k2: int, n_boot: int, rng
) -> np.ndarray:
    """``n_boot`` resampled confusion matrices, flattened to ``(n_boot, k*k)``."""
    if unit is None:
        counts = np.bincount(cells, minlength=k2)
        return rng.multinomial(len(cells), counts / len(cells), size=n_boot).astype(float)
    _, unit = np.unique(unit, return_inverse=True)
    n_units = int(unit.max()) + 1
    per_unit = np.bincount(unit * k2 + cells, minlength=n_units * k2).reshape(n_units, k2)
    return resampled_sums(per_unit, n_boot, rng)


def resampled_sums(per_unit: np.ndarray, n_boot: int, rng) -> np.ndarray:
    """Cluster bootstrap of count vectors: ``n_boot`` totals of ``per_unit`` rows ``(units, m)`` drawn with replacement.

    Each resample is the count of draws of every unit times its counts, so no
    row indices are materialised; returns ``(n_boot, m)``.
    """
    per_unit = np.asarray(per_unit, dtype=float)
    n_units = per_unit.shape[0]
    chunk = max(1, _CHUNK_CELLS // n_units)
    out = np.empty((n_boot, per_unit.shape[1]))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = rng.multinomial(n_units, np.full(n_units, 1.0 / n_units), size=size)
        out[start : start + size] = draws @ per_unit
    return out


def _interval(point: float, samples: np.ndarray, alpha: float) -> dict[str, float]:
    low, high = np.percentile(samples, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return {"value": float(point), "ci_low": float(low), "ci_high": float(high)}


def check_n_boot(n_boot) -> None:
    """Refuse a number of resamples that is not a positive ``int``, before any resampling."""
    if not isinstance(n_boot, int) or n_boot < 1:
        raise ValueError(f"n_boot must be a positive integer, not {n_boot!r}")


def per_label_intervals(point: dict, boot: dict, labels: Sequence, alpha: float, **counts) -> dict:
    """Each label's precision, recall and F1 with intervals, and its ``counts`` (arrays in ``labels`` order).

    Keyed by the label as text; ``point`` and ``boot`` are :func:`scores`-like
    dicts with one column per label.
    """
    return {
        str(label): {
            **{
                metric: _interval(point[metric][i], boot[metric][:, i], alpha)
                for metric in ("f1", "precision", "recall")
            },
            **{name: int(values[i]) for name, values in counts.items()},
        }
        for i, label in enumerate(labels)
    }


def bootstrap_settings(n_boot: int, confidence: float, unit: str, n_units: int, random_state: int) -> dict:
    """How a report's intervals were drawn, in the same words in every report that has them."""
    return {
        "n_boot": n_boot,
        "confidence": confidence,
        "method": "percentile",
        "unit": unit,
        "n_units": n_units,
        "random_state": random_state,
    }


def classification_report_ci(
    y_true,
    y_pred,
    labels: Sequence[str],
    *,
    groups=None,
    n_boot: int = 1000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> dict:
    """Macro-F1, accuracy and per-class precision/recall/F1/support with percentile bootstrap intervals.

    ``groups`` (article ids, say) switch to the cluster bootstrap. The result is
    plain JSON types with sorted keys; ``confusion_matrix`` rows are true
    classes and columns predictions, both in ``labels`` order.
    """
    labels = [str(label) for label in labels]
    if len(set(labels)) != len(labels) or not labels:
        raise ValueError(f"labels must be distinct and non-empty, got {labels}")
    check_n_boot(n_boot)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    true = encode(y_true, labels, "y_true")
    pred = encode(y_pred, labels, "y_pred")
    if len(true) != len(pred) or len(true) == 0:
        raise ValueError(
            f"y_true and y_pred must be non-empty and of equal length ({len(true)} vs {len(pred)})"
        )
    unit = None
    if groups is not None:
        unit = np.asarray(groups, dtype=object)
        if len(unit) != len(true):
            raise ValueError(f"groups has {len(unit)} entries for {len(true)} predictions")

    k = len(labels)
    cells = true * k + pred
    observed = np.bincount(cells, minlength=k * k).reshape(k, k)
    point = scores(observed)
    rng = np.random.default_rng(random_state)
    boot = scores(_bootstrap_confusions(cells, unit, k * k, n_boot, rng).reshape(n_boot, k, k))
    alpha = 1 - confidence

    report = {
        "accuracy": _interval(point["accuracy"], boot["accuracy"], alpha),
        "macro_f1": _interval(point["macro_f1"], boot["macro_f1"], alpha),
        "per_class": per_label_intervals(point, boot, labels, alpha, support=observed.sum(axis=1)),
        "labels": labels,
        "n": len(true),
        "confusion_matrix": observed.tolist(),
        "bootstrap": bootstrap_settings(
            n_boot,
            confidence,
            "sentence" if unit is None else "group",
            int(len(true) if unit is None else len(set(unit.tolist()))),
            random_state,
        ),
    }
    return sort_keys(report)


def sort_keys(value):
    """The same structure with every mapping's keys in sorted order (lists keep their order)."""
    if isinstance(value, dict):
        return {key: sort_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sort_keys(v) for v in value]
    return value
