"""ROC curves of each family's score against every task's human labels, one panel per family."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.validity.metrics import _roc_points
from framing.validity.tasks import _FAMILY_ORDER, _family_of, _signals_for

FIG_DPI = 150
_PANEL_SIZE = (4.6, 4.4)


def plot_roc_curves(
    results_or_scores: pd.DataFrame, path: str | os.PathLike, *, title: str | None = None
) -> Path:
    """One ROC panel per signal family, one curve per task, AUC in the legend, chance diagonal.

    ``results_or_scores`` is either the table from `validate` (its
    ``attrs["roc_curves"]`` hold the curve points) or the long frame from
    `task_scores` (columns ``task, signal, y, score``). Only each task's
    primary signal plus secondary alarm curves are drawn, grouped by the
    signal's family. Deterministic PNG: Agg canvas, default style, fixed
    size and dpi, no software metadata.
    """
    from matplotlib import style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frame = results_or_scores
    if not isinstance(frame, pd.DataFrame):
        raise InputError("plot_roc_curves needs the table from validate() or the frame from task_scores()")
    if {"y", "score", "task", "signal"} <= set(frame.columns):
        curves = _roc_points(frame)
        split = None
    elif "roc_curves" in frame.attrs:
        curves = frame.attrs["roc_curves"]
        split = frame.attrs.get("split")
    else:
        raise InputError(
            "plot_roc_curves: the table has no ROC curve points (attrs['roc_curves'] is lost when a table is "
            "saved to CSV); pass validate()'s table as returned, or task_scores()'s frame"
        )
    from framing.datasets import TASKS

    primary = {name: _signals_for(task)[0][0] for name, task in TASKS.items() if _signals_for(task)}
    # Draw each family's score (count form) compared with each task: not hedging_total (a near-duplicate of
    # the score), the rates or the length baseline, which the validity-auc figure shows beside every signal.
    # Primary comparisons first (solid), then secondary ones (dotted, e.g. alarm_score against media bias).
    keys = sorted(
        (k for k in curves if k[1].endswith("_score")), key=lambda k: (primary.get(k[0]) != k[1], k[1], k[0])
    )
    families = [f for f in _FAMILY_ORDER if any(_family_of(s) == f for _, s in keys)]
    if not families:
        raise InputError("plot_roc_curves: nothing to plot (no task has both classes)")
    with style.context("default"):
        fig = Figure(figsize=(_PANEL_SIZE[0] * len(families), _PANEL_SIZE[1]), dpi=FIG_DPI)
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, len(families), squeeze=False)[0]
        for ax, family in zip(axes, families):
            ax.plot([0, 1], [0, 1], linestyle="--", color="0.6", linewidth=1, label="chance (0.50)")
            for task, signal in [k for k in keys if _family_of(k[1]) == family]:
                pts = curves[(task, signal)]
                fpr, tpr = np.asarray(pts["fpr"]), np.asarray(pts["tpr"])
                auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
                secondary = primary.get(task) != signal
                ax.plot(
                    fpr,
                    tpr,
                    linewidth=1.4,
                    linestyle=":" if secondary else "-",
                    label=f"{task}{' (secondary)' if secondary else ''} ({auc:.2f})",
                )
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.set_aspect("equal")
            ax.set_xlabel("false positive rate")
            ax.set_ylabel("true positive rate")
            ax.set_title(f"{family}_score")
            ax.legend(loc="lower right", fontsize=6.5, title="task (ROC-AUC)", title_fontsize=7)
        heading = title or "Signal scores vs human labels" + (f" ({split} split)" if split else "")
        fig.suptitle(heading)
        fig.tight_layout()
        path = Path(path)
        from framing.io.writers import atomic_output

        with atomic_output(path) as handle:
            fig.savefig(handle, format="png", dpi=FIG_DPI, metadata={"Software": None})
    return path
