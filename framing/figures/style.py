"""The one place that makes figures deterministic: same data and library versions, same bytes.

Every figure in ``framing.figures`` is drawn inside :func:`figure_context` on a
figure made by :func:`new_figure` and written by :func:`save_figure`; the
numbers it plots go through :func:`write_data`. What that fixes:

- **Backend.** Each figure gets its own Agg canvas (``FigureCanvasAgg``), so
  drawing never touches pyplot's global state or the user's backend: a notebook
  that uses ``%matplotlib inline`` keeps it, and no window ever opens.
- **Style.** ``matplotlib.style.context("default")`` first, so a user's
  ``matplotlibrc`` cannot change the output, then :data:`RC` on top: DejaVu Sans
  (ships with matplotlib, so no system font is ever picked up), fixed font
  sizes, dpi, colour cycle, ``svg.hashsalt`` and locale-free number
  formatting.
- **Metadata.** PNGs are written with ``metadata={"Software": None}`` (no
  matplotlib version in the file); PDF and SVG, if asked for, without
  ``Creator``, ``Producer`` or creation date.
- **Atomic writes.** A figure or table is written to a temporary file beside the
  destination and renamed over it, so an interrupted run never leaves half a PNG.
- **Data files.** :func:`write_data` sorts rows, formats floats with ``%.6g``,
  writes ``-0`` as ``0``, uses LF line endings and UTF-8: the CSV hash is a strict
  check of the plotted numbers whatever the platform.

The PNG bytes still depend on the versions of matplotlib, its FreeType and
numpy (anti-aliasing and text rasterisation change between releases);
:mod:`framing.figures` records those versions next to the hashes.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.style
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from framing.io.writers import atomic_output

FONT = "DejaVu Sans"
DPI = 120
WIDTH = 10.0  # inches: every figure is this wide, so they line up in the README
FIGSIZE = (WIDTH, 6.0)
FLOAT_FORMAT = "%.6g"

# Signal colours shared by all figures (colour-blind-safe Okabe-Ito hues).
COLORS = {
    "hedging": "#0072B2",
    "alarm": "#D55E00",
    "partisan": "#7B3294",
    "source": "#009E73",
    "neutral": "#7F7F7F",
    "heading": "#555555",
}
# Qualitative colours for categories, assigned in sorted category order.
QUALITATIVE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#7B3294",
    "#8C564B",
    "#7F7F7F",
    "#17BECF",
    "#BCBD22",
)

RC = {
    "font.family": ["sans-serif"],
    "font.sans-serif": [FONT],
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 8.0,
    "figure.titlesize": 12.0,
    "mathtext.fontset": "dejavusans",
    "text.antialiased": True,
    "text.usetex": False,
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "savefig.transparent": False,
    "savefig.bbox": None,
    "savefig.pad_inches": 0.1,
    "svg.hashsalt": "framing",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "axes.prop_cycle": cycler(color=list(QUALITATIVE)),
    "axes.formatter.use_locale": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlelocation": "left",
    "path.simplify": True,
    "image.cmap": "viridis",
    "legend.frameon": False,
}

_METADATA = {
    ".png": {"Software": None},
    ".pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    ".svg": {"Creator": None, "Date": None},
}


@contextmanager
def figure_context() -> Iterator[None]:
    """matplotlib's default style plus :data:`RC`, whatever the user's rc file says."""
    with mpl.style.context("default"), mpl.rc_context(RC):
        yield


def new_figure(width: float = WIDTH, height: float = FIGSIZE[1]) -> Figure:
    """A figure on its own Agg canvas (no pyplot), of a given size in inches at :data:`DPI`.

    Call inside :func:`figure_context` so the figure picks up the fixed style.
    """
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def figure_title(fig: Figure, title: str, **placement) -> None:
    """The title of the article and comparison figures: bold, flush left (``placement``: ``y``, ``va``)."""
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold", **placement)


def hide_unused(axes: Sequence[Axes], used: int) -> None:
    """Blank the panels of a grid after the first ``used``: the grid is rounded up to whole rows."""
    for ax in axes[used:]:
        ax.set_axis_off()


def category_colors(categories: Sequence[str]) -> dict[str, str]:
    """A colour per category, assigned in sorted order so it does not depend on data order."""
    return {c: QUALITATIVE[i % len(QUALITATIVE)] for i, c in enumerate(sorted(set(categories)))}


def snippet(text: str, width: int = 70) -> str:
    """One line of ``text``, cut at a word boundary with an ellipsis when longer than ``width``."""
    text = " ".join(str(text).split())
    return textwrap.shorten(text, width=width, placeholder="…") if len(text) > width else text


def wrapped(text: str, width: int = 40, lines: int = 3) -> str:
    """``text`` wrapped to ``width`` characters, at most ``lines`` lines (the last ends in '…')."""
    text = " ".join(str(text).split())
    return "\n".join(textwrap.wrap(text, width=width, max_lines=lines, placeholder=" …"))


def figure_paths(out_dir, stem: str) -> tuple[Path, Path]:
    """``<stem>.png`` and the CSV of its plotted numbers, ``<stem>.csv``, in ``out_dir`` (created if need be)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return out / f"{stem}.png", out / f"{stem}.csv"


def save_figure(fig: Figure, path) -> Path:
    """Write ``fig`` to ``path`` (PNG, or PDF/SVG by suffix) atomically, without metadata; close it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _METADATA:
        raise ValueError(f"figure format {suffix!r} not supported; use .png, .pdf or .svg")
    try:
        with figure_context(), atomic_output(path) as handle:
            fig.savefig(handle, format=suffix[1:], dpi=DPI, metadata=_METADATA[suffix])
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None:  # a figure made with pyplot is unregistered; ours never were
            pyplot.close(fig)
        fig.clear()
    return path


def write_data(df: pd.DataFrame, path, *, sort_by: Sequence[str] = ()) -> Path:
    """Write the plotted numbers as a byte-stable CSV and return ``path``.

    Rows are sorted by ``sort_by`` then by every other column (so ties never
    depend on input order), floats use :data:`FLOAT_FORMAT`, negative zero is
    written as ``0``, missing values as empty fields, lines end in LF, and the
    encoding is UTF-8 without BOM.
    """
    path = Path(path)
    frame = df.reset_index(drop=True).copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column] + 0.0  # -0.0 + 0.0 == +0.0
    keys = [c for c in sort_by if c in frame.columns] + [c for c in frame.columns if c not in sort_by]
    if len(frame) and keys:
        frame = frame.sort_values(keys, kind="mergesort", key=_sort_key, na_position="last")
    text = frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n", na_rep="")
    with atomic_output(path, text=True) as handle:
        handle.write(text)
    return path


def _sort_key(column: pd.Series) -> pd.Series:
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return column
    return column.astype(str)
