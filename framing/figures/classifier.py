"""Figures of what a trained classifier learned and where it fails, for a media researcher.

The tables they plot come from :mod:`framing.models.diagnostics`:

- :func:`plot_confusion`: the out-of-fold confusion matrix (PNG and CSV);
- :func:`plot_top_features`: the features that push a sentence towards each class, coloured by block;
- :func:`plot_feature_sets`: signals only, n-grams only and both, with intervals;
- :func:`fixture_figure`: the committed classifier figures, trained on our labelled fixture.

Figures go through :mod:`framing.figures.style` (or, for the confusion matrix,
the same figure ``framing train`` writes), so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from framing.figures.style import (
    QUALITATIVE,
    WIDTH,
    figure_context,
    figure_paths,
    hide_unused,
    new_figure,
    save_figure,
    write_data,
)
from framing.models.diagnostics import top_features

BLOCK_COLORS = {
    "signal": "#D55E00",
    "word n-gram": "#0072B2",
    "char n-gram": "#56B4E9",
    "target × word": "#009E73",
    "target mention": "#CC79A7",
}


# ---------------------------------------------------------------- model selection and scores


def plot_confusion(
    y_true, y_pred, labels: Sequence[str], out_dir, *, stem: str = "classifier-confusion-matrix", title=None
) -> list[Path]:
    """The row-normalised confusion matrix ``framing train`` draws, plus its CSV; returns ``[png, csv]``.

    The CSV has one row per (true, predicted) pair with its ``count`` and
    ``share_of_true`` (the share of the true class given that prediction, so
    the diagonal is recall).
    """
    from framing.models import plot_confusion_matrix
    from framing.models.metrics import encode

    labels = [str(label) for label in labels]
    png, csv = figure_paths(out_dir, stem)
    k = len(labels)
    counts = np.bincount(
        encode(y_true, labels, "y_true") * k + encode(y_pred, labels, "y_pred"), minlength=k * k
    ).reshape(k, k)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros((k, k)), where=totals > 0)
    data = pd.DataFrame(
        [
            {"true": t, "predicted": p, "count": int(counts[i, j]), "share_of_true": float(shares[i, j])}
            for i, t in enumerate(labels)
            for j, p in enumerate(labels)
        ]
    )
    write_data(data, csv, sort_by=("true", "predicted"))
    plot_confusion_matrix(y_true, y_pred, labels, png, title=title)
    return [png, csv]


# ---------------------------------------------------------------- what the model learned


def _shown(block: str, feature: str) -> str:
    if block == "char n-gram":
        return "“" + feature.replace(" ", "·") + "”"
    return feature


def plot_top_features(
    table: pd.DataFrame, out_dir, *, stem: str = "classifier-top-features", title: str | None = None
) -> list[Path]:
    """One panel per class of a :func:`top_features` table: bars of weight, coloured by block.

    Character n-grams are quoted with ``·`` for the word boundary. Writes
    ``<stem>.png`` and ``<stem>.csv`` (the table as given) and returns them.
    """
    png, csv = figure_paths(out_dir, stem)
    write_data(table[["label", "rank", "block", "feature", "weight"]], csv, sort_by=("label", "rank"))
    labels = list(dict.fromkeys(table["label"].tolist()))
    k = int(table["rank"].max()) if len(table) else 1
    columns = min(3, max(1, len(labels)))
    rows = max(1, -(-len(labels) // columns))
    with figure_context():
        fig = new_figure(WIDTH, 0.6 + rows * (0.9 + 0.28 * k))
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        limit = float(table["weight"].max()) * 1.05 if len(table) else 1.0
        for ax, label in zip(axes, labels, strict=False):
            rows_ = table[table["label"] == label].sort_values("rank")
            y = np.arange(len(rows_))[::-1]
            ax.barh(y, rows_["weight"], color=[BLOCK_COLORS[b] for b in rows_["block"]], height=0.7)
            ax.set_yticks(y, [_shown(b, f) for b, f in zip(rows_["block"], rows_["feature"], strict=True)])
            ax.set_xlim(0, limit)
            ax.set_title(label)
            ax.set_xlabel("weight towards the class")
        hide_unused(axes, len(labels))
        present = [b for b in BLOCK_COLORS if b in set(table["block"])]
        handles = [_patch(BLOCK_COLORS[b]) for b in present]
        names = [b + (" (· = word boundary)" if b == "char n-gram" else "") for b in present]
        fig.legend(handles, names, loc="lower center", ncol=len(present), frameon=False)
        if title:
            fig.suptitle(title, x=0.01, ha="left")
        fig.tight_layout(rect=(0, 0.06, 1, 1))
    save_figure(fig, png)
    return [png, csv]


def _patch(color: str):
    from matplotlib.patches import Patch

    return Patch(facecolor=color)


# ---------------------------------------------------------------- where it fails


# ---------------------------------------------------------------- what the signals add


def plot_feature_sets(
    table: pd.DataFrame, out_dir, *, stem: str = "classifier-feature-sets", title: str | None = None
) -> list[Path]:
    """Out-of-fold macro-F1 of each feature set of :func:`compare_feature_sets`, with its interval."""
    png, csv = figure_paths(out_dir, stem)
    write_data(table, csv, sort_by=("feature_set",))
    with figure_context():
        fig = new_figure(WIDTH, 0.9 + 0.55 * len(table))
        ax = fig.add_subplot()
        y = np.arange(len(table))[::-1]
        value = table["macro_f1"].to_numpy()
        error = np.vstack([value - table["ci_low"].to_numpy(), table["ci_high"].to_numpy() - value])
        colors = [QUALITATIVE[i % len(QUALITATIVE)] for i in range(len(table))]
        ax.barh(y, value, xerr=error, color=colors, height=0.6, capsize=3)
        for yv, v in zip(y, value, strict=True):
            ax.text(0.01, yv, f"{v:.3f}", va="center", color="white", fontsize=8.5)
        ax.set_yticks(y, table["feature_set"].tolist())
        ax.set_xlim(0, 1)
        ax.set_xlabel("out-of-fold macro-F1 (error bars: 95% bootstrap interval)")
        if title:
            ax.set_title(title)
        fig.tight_layout()
    save_figure(fig, png)
    return [png, csv]


# ---------------------------------------------------------------- committed figures of the fixture

FIXTURE = Path("tests") / "fixtures" / "labelled_small.csv"
FIXTURE_LABEL = "frame"
FIXTURE_GROUP = "group"
FIXTURE_FOLDS = 3
FIXTURE_SEED = 0


def fixture_result(path=None):
    """``(data, result)`` of :func:`framing.models.train` on the invented fixture: what the figures show.

    The frame of the 52 sentences of ``tests/fixtures/labelled_small.csv``,
    grouped by invented article, 3 folds, seed 0: fixed, so the committed
    figures are reproducible offline. Cached per file content.
    """
    from framing.figures import repo_root

    path = Path(path) if path is not None else repo_root() / FIXTURE
    return _trained(str(path.resolve()), path.read_bytes())


@lru_cache(maxsize=2)
def _trained(path: str, content: bytes):
    from framing.models import load_labelled, train

    data = load_labelled(path, label_col=FIXTURE_LABEL, group_col=FIXTURE_GROUP, n_splits=FIXTURE_FOLDS)
    return data, train(data, folds=FIXTURE_FOLDS, random_state=FIXTURE_SEED, n_boot=200)


#: The committed figures of the fixture, as registered in :data:`framing.figures.FIGURES`.
FIXTURE_FIGURES = ("classifier-confusion-matrix", "classifier-top-features")


def fixture_figure(name: str, out_dir, *, path=None) -> list[Path]:
    """Draw one of :data:`FIXTURE_FIGURES` from :func:`fixture_result` into ``out_dir``; returns ``[png, csv]``."""
    data, result = fixture_result(path)
    chosen = result.chosen.name
    if name == "classifier-confusion-matrix":
        return plot_confusion(
            data.y,
            result.oof_pred,
            data.labels,
            out_dir,
            stem=name,
            title=f"{FIXTURE_LABEL}: {chosen}, out-of-fold ({len(result.folds)} folds)",
        )
    if name == "classifier-top-features":
        return plot_top_features(
            top_features(result.pipeline, data.labels, k=10),
            out_dir,
            stem=name,
            title=f"{FIXTURE_LABEL}: what pushes a sentence towards each class ({chosen})",
        )
    raise ValueError(f"unknown classifier figure {name!r}; known: {', '.join(FIXTURE_FIGURES)}")
