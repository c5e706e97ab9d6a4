"""Figures of a :class:`framing.comparison.Comparison`: group estimates, differences, distinguishing cues.

Each ``plot_*`` writes ``<stem>.png`` and ``<stem>.csv`` (the numbers drawn)
through :mod:`framing.figures.style`, so the same comparison gives the same
bytes, and returns both paths, PNG first.

- :func:`plot_estimates`: each group's estimate with its 95% interval, one panel per measure;
- :func:`plot_differences`: every pair of groups, within events when the comparison has them;
- :func:`plot_distinguishing`: the cues (or words) with the highest log-odds z of each group.

:func:`comparison_figures` draws all of them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from framing.comparison import Comparison
from framing.figures.style import (
    COLORS,
    WIDTH,
    category_colors,
    figure_context,
    figure_paths,
    figure_title,
    hide_unused,
    new_figure,
    save_figure,
    wrapped,
    write_data,
)

Z_95 = 1.96


def headline_measures(comparison: Comparison) -> list[str]:
    """The measures drawn by default: each family's cues per 100 tokens, and the share quoting anonymous officials."""
    catalogue = comparison.measures
    chosen = catalogue.loc[catalogue["unit"] == "cues per 100 tokens", "measure"].tolist()
    return chosen + [m for m in ("source_anonymous_official_share",) if m in set(catalogue["measure"])]


def _label(comparison: Comparison, measure: str) -> str:
    unit = comparison.measures.set_index("measure").loc[measure, "unit"]
    return f"{wrapped(measure.replace('_', ' '), width=30, lines=2)}\n({unit})"


def _panels(n: int) -> tuple[int, int]:
    cols = max(1, n) if n <= 4 else 3
    return int(np.ceil(max(1, n) / cols)), cols


def _layout(fig, *, left: float, wspace: float) -> None:
    """Margins in inches, so the title never overlaps the panel titles whatever the figure's height."""
    height = fig.get_figheight()
    fig.subplots_adjust(
        left=left,
        right=0.98,
        top=1 - 0.85 / height,
        bottom=0.55 / height,
        wspace=wspace,
        hspace=0.9 / max(1.0, height / 4),
    )


def _interval_figure(
    comparison: Comparison,
    data: pd.DataFrame,
    measures: list[str],
    *,
    key: str,
    value: str,
    color_of,
    title: str,
    left: float,
    zero_line: bool = False,
):
    """One panel per measure: a dot and a 95% interval bar for each row label (``key``) of ``data``."""
    labels = sorted(data[key].unique())
    rows, cols = _panels(len(measures))
    fig = new_figure(WIDTH, 1.2 + 0.45 * len(labels) * rows + 0.6 * rows)
    axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
    for ax, measure in zip(axes, measures, strict=False):
        part = data[data["measure"] == measure].set_index(key).reindex(labels)
        y = np.arange(len(labels))[::-1]
        for yv, label in zip(y, labels, strict=True):
            row = part.loc[label]
            ax.plot([row["ci_low"], row["ci_high"]], [yv, yv], color=color_of(row, label), lw=2)
            ax.plot(row[value], yv, "o", color=color_of(row, label), ms=6)
        if zero_line:
            ax.axvline(0, color="black", lw=0.8, ls=":")
        ax.set_yticks(y, [str(part.loc[label, "tick"]) for label in labels])
        ax.set_title(_label(comparison, measure), fontsize=8.5)
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.set_ylim(-0.6, len(labels) - 0.4)
    hide_unused(axes, len(measures))
    figure_title(fig, title)
    _layout(fig, left=left, wspace=0.6)
    return fig


def plot_estimates(
    comparison: Comparison, out_dir, *, stem: str = "compare-estimates", measures: list[str] | None = None
) -> list[Path]:
    """Each group's mean of each measure with its cluster-bootstrap 95% interval (articles resampled)."""
    measures = measures or headline_measures(comparison)
    png, csv = figure_paths(out_dir, stem)
    data = comparison.estimates[comparison.estimates["measure"].isin(measures)]
    write_data(data, csv, sort_by=("measure", "group"))
    colors = category_colors(data["group"].unique())
    ticks = data.assign(tick=data["group"] + " (n=" + data["n_articles"].astype(str) + ")")
    with figure_context():
        fig = _interval_figure(
            comparison,
            ticks,
            measures,
            key="group",
            value="estimate",
            color_of=lambda row, group: colors[group],
            title=f"Signals by {comparison.by}: mean over articles, 95% interval resampling articles",
            left=0.1,
        )
        save_figure(fig, png)
    return [png, csv]


def plot_differences(
    comparison: Comparison, out_dir, *, stem: str = "compare-differences", measures: list[str] | None = None
) -> list[Path]:
    """Every pair of groups: difference with its 95% interval; within events when the comparison has an event column."""
    measures = measures or headline_measures(comparison)
    within = comparison.event_contrasts is not None
    table = comparison.event_contrasts if within else comparison.differences
    png, csv = figure_paths(out_dir, stem)
    data = table[table["measure"].isin(measures)].assign(pair=lambda d: d["group"] + " − " + d["group_b"])
    write_data(data, csv, sort_by=("measure", "group", "group_b"))
    how = (
        f"within {comparison.event_col} (events resampled)" if within else "articles resampled within groups"
    )
    with figure_context():
        fig = _interval_figure(
            comparison,
            data.assign(tick=data["pair"]),
            measures,
            key="pair",
            value="difference",
            color_of=lambda row, pair: COLORS["alarm"] if row["excludes_zero"] else COLORS["neutral"],
            title=f"Differences between {comparison.by}s, {how}; orange: 95% interval excludes 0",
            left=0.12,
            zero_line=True,
        )
        save_figure(fig, png)
    return [png, csv]


def plot_distinguishing(
    comparison: Comparison, out_dir, *, stem: str = "compare-cues", features: str = "cues", top: int = 10
) -> list[Path]:
    """The ``top`` features (``cues`` or ``words``) each group uses most against the rest, by log-odds z-score."""
    table: pd.DataFrame = getattr(comparison, features)
    png, csv = figure_paths(out_dir, stem)
    ranked = table.sort_values(["group", "z", "feature"], ascending=[True, False, True], kind="mergesort")
    data = ranked.groupby("group", sort=True).head(top)
    write_data(data, csv, sort_by=("group", "feature"))
    groups = sorted(data["group"].unique())
    colors = category_colors(groups)
    rows, cols = _panels(len(groups))
    with figure_context():
        fig = new_figure(WIDTH, 0.8 + (0.25 * top + 0.8) * rows)
        axes = np.atleast_1d(fig.subplots(rows, cols, squeeze=False).ravel())
        for ax, group in zip(axes, groups, strict=False):
            part = data[data["group"] == group]
            y = np.arange(len(part))[::-1]
            ax.barh(y, part["z"], color=colors[group], height=0.7)
            ax.set_yticks(y, [f"{f} ({c})" for f, c in zip(part["feature"], part["count"], strict=True)])
            ax.axvline(Z_95, color="black", lw=0.8, ls=":")
            ax.set_xlabel("log-odds z (dotted: 1.96)")
            ax.set_title(f"{group} vs the rest", fontsize=9.5)
        hide_unused(axes, len(groups))
        figure_title(
            fig,
            f"Distinguishing {features} per {comparison.by} (log-odds, informative Dirichlet prior; count in brackets)",
        )
        _layout(fig, left=0.17, wspace=0.9)
        save_figure(fig, png)
    return [png, csv]


def comparison_figures(comparison: Comparison, out_dir, *, prefix: str = "compare") -> list[Path]:
    """Estimates, differences, distinguishing cues and words, as ``<prefix>-<figure>.png`` and ``.csv``."""
    return [
        *plot_estimates(comparison, out_dir, stem=f"{prefix}-estimates"),
        *plot_differences(comparison, out_dir, stem=f"{prefix}-differences"),
        *plot_distinguishing(comparison, out_dir, stem=f"{prefix}-cues", features="cues"),
        *plot_distinguishing(comparison, out_dir, stem=f"{prefix}-words", features="words"),
    ]
