"""Confusion-matrix figure for reports and papers, byte-identical across runs so it can be versioned.

Rows are normalised (the share of each true class given each prediction, i.e.
recall on the diagonal) because class sizes differ; the raw counts are printed
in each cell so small classes are not over-read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib import style
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from framing.io.writers import atomic_output
from framing.models.metrics import encode

DPI = 150
WRAP = 16


def _wrap(label: str, width: int = WRAP) -> str:
    """Break a long label after ``_``, ``-`` or spaces so it stays whole-word readable on the axis."""
    lines = [""]
    for piece in re.split(r"(?<=[_\s-])", label):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(line.strip() for line in lines)


def plot_confusion_matrix(
    y_true, y_pred, labels: Sequence[str], path, *, title: str | None = None, protected=()
) -> Path:
    """Write a PNG of the row-normalised confusion matrix with counts; returns ``path``.

    Uses the Agg canvas directly (no pyplot state, no display), matplotlib's
    default style whatever the user's rc file says, a size fixed by the number
    of classes, and no software version in the PNG metadata.
    """
    labels = [str(label) for label in labels]
    k = len(labels)
    true = encode(y_true, labels, "y_true")
    pred = encode(y_pred, labels, "y_pred")
    counts = np.bincount(true * k + pred, minlength=k * k).reshape(k, k)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros((k, k)), where=totals > 0)

    names = [_wrap(label) for label in labels]
    side = 2.2 + 0.9 * k
    with style.context("default"):
        fig = Figure(figsize=(side + 1.2, side), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        image = ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="share of true class")
        font = max(6, 11 - k // 3)
        for i in range(k):
            for j in range(k):
                ax.text(
                    j,
                    i,
                    f"{shares[i, j]:.2f}\n({counts[i, j]})",
                    ha="center",
                    va="center",
                    fontsize=font,
                    color="white" if shares[i, j] > 0.5 else "black",
                )
        ax.set_xticks(range(k), names, rotation=45, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(k), [f"{name} (n={int(totals[i, 0])})" for i, name in enumerate(names)])
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        if title:
            ax.set_title(title)
        # Twice: the first pass moves the axes beside the colorbar, which moves the long tick labels;
        # with one pass the "true" label ended left of the canvas from about 9 classes on.
        fig.tight_layout()
        fig.tight_layout()
        with atomic_output(path, protected=protected) as handle:
            fig.savefig(handle, format="png", dpi=DPI, metadata={"Software": None})
    return Path(path)


def plot_reliability(calibration: dict, path, *, title: str | None = None, protected=()) -> Path:
    """Write a PNG reliability diagram from :func:`framing.models.calibration.calibration_report`; returns ``path``.

    Each bin's accuracy against its mean top-class confidence, with the
    diagonal of perfect calibration; the point sizes show how many rows each
    bin holds, and the title carries the Brier score and ECE. Same
    deterministic rendering as :func:`plot_confusion_matrix`.
    """
    bins = calibration["reliability"]
    confidence = [b["confidence"] for b in bins]
    accuracy = [b["accuracy"] for b in bins]
    sizes = np.array([b["n"] for b in bins], dtype=float)
    with style.context("default"):
        fig = Figure(figsize=(4.6, 4.4), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
        ax.plot(confidence, accuracy, color="#1f77b4", linewidth=1)
        ax.scatter(confidence, accuracy, s=20 + 180 * sizes / max(sizes.max(), 1), color="#1f77b4", zorder=3)
        for c, a, b in zip(confidence, accuracy, bins, strict=True):
            ax.annotate(str(b["n"]), (c, a), textcoords="offset points", xytext=(6, -10), fontsize=7)
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.05)  # room for bins that are all correct
        ax.set_xlabel("mean probability of the predicted class (bin)")
        ax.set_ylabel("share of the bin predicted correctly")
        summary = f"Brier {calibration['brier']:.3f}, ECE {calibration['ece']:.3f}"
        ax.set_title(f"{title}\n{summary}" if title else summary, fontsize=9)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        fig.tight_layout()
        with atomic_output(path, protected=protected) as handle:
            fig.savefig(handle, format="png", dpi=DPI, metadata={"Software": None})
    return Path(path)
