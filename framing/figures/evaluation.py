"""Figures and tables of how well the toolkit does on public data, for a media researcher.

Two kinds of evidence, both read from files the repository commits, so the figures can be
redrawn offline without the public datasets:

- **Benchmarks** (``docs/benchmarks.json``, written by ``framing benchmark``): our classifiers
  on each task's test split, next to a majority baseline, a signals-only model and published
  numbers. :func:`benchmark_table` turns the JSON into one row per comparison;
  :func:`plot_benchmarks_vs_published` draws :func:`plot_benchmarks` and
  writes the plotted numbers as a CSV.
- **Validity** (``docs/validity.csv``, written by ``framing validate --out``): ROC-AUC and
  PR-AUC of each signal score against public human labels. :func:`plot_validity_auc` draws
  them with their bootstrap intervals, from that CSV or from the table
  :func:`framing.validity.validate` returns.

``framing figures`` regenerates the committed versions (``benchmarks-vs-published`` and
``validity-auc`` in ``docs/figures``) through :func:`committed_figure`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.figures.style import (
    COLORS,
    WIDTH,
    figure_context,
    figure_paths,
    new_figure,
    save_figure,
    write_data,
)

BENCHMARKS_JSON = Path("docs") / "benchmarks.json"
VALIDITY_CSV = Path("docs") / "validity.csv"

#: Columns of the CSV written by :func:`plot_benchmarks_vs_published` (one row per plotted point).
BENCHMARK_FIGURE_COLUMNS = (
    "task",
    "metric",
    "test_split",
    "series",
    "value",
    "ci_low",
    "ci_high",
    "comparable",
    "source",
)
#: Columns of the CSV written by :func:`plot_validity_auc` (one row per plotted comparison).
VALIDITY_FIGURE_COLUMNS = (
    "order",
    "task",
    "construct",
    "signal",
    "role",
    "split",
    "n",
    "positive_rate",
    "roc_auc",
    "roc_auc_low",
    "roc_auc_high",
    "pr_auc",
    "pr_auc_low",
    "pr_auc_high",
)
#: Columns :func:`read_validity_csv` needs (``framing validate --out`` writes these and more).
VALIDITY_NEEDED = tuple(c for c in VALIDITY_FIGURE_COLUMNS if c != "order")
#: Drawn on each signal's row when the table has them (tables written before length baselines do not):
#: the rate form's AUCs and the task's length baseline as a reference mark.
VALIDITY_LENGTH_COLUMNS = (
    "rate_roc_auc",
    "rate_roc_auc_low",
    "rate_roc_auc_high",
    "rate_pr_auc",
    "rate_pr_auc_low",
    "rate_pr_auc_high",
    "length_roc_auc",
    "length_pr_auc",
)
#: Drawn on each signal's row when the table has them (tables written before these baselines do not): the
#: AUCs of the task's VADER baseline in the form fixed for the row's construct, and of its n-gram model.
VALIDITY_BASELINE_COLUMNS = ("vader_roc_auc", "vader_pr_auc", "ngram_roc_auc", "ngram_pr_auc")
#: Signals left out of the validity figure: ``hedging_total`` is a near-duplicate of ``hedging_score``
#: (the same cues without subtracting boosters), as in :func:`framing.validity.plot_roc_curves`.
VALIDITY_FIGURE_SKIP = ("hedging_total",)


# ---------------------------------------------------------------- benchmarks


def load_benchmarks(path) -> list[dict]:
    """The per-task results of ``docs/benchmarks.json`` (or a file like it), in ``TASKS`` order."""
    from framing.benchmarks import load_benchmarks_json

    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"benchmark results not found: {path} (write them with: framing benchmark all --data-dir DIR)"
        )
    try:
        return load_benchmarks_json(path)
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InputError(f"{path}: not a benchmarks JSON written by framing benchmark ({error})") from error


def _results(results) -> list[dict]:
    from framing.benchmarks import _as_list

    if isinstance(results, (str, Path)):
        return load_benchmarks(results)
    return _as_list(results)


def _test_split(r: Mapping) -> str:
    return "official test" if r["split"]["official"] else "our 80/20 group split"


def _short_citation(citation: str, limit: int = 60) -> str:
    """Authors and year (the text before the first top-level comma or semicolon), plus a final
    parenthesis naming the system, e.g. "Da San Martino et al. 2019 (BERT baseline)"."""
    citation = " ".join(str(citation).split())
    depth, cut = 0, len(citation)
    for i, ch in enumerate(citation):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and (citation.startswith(", ", i) or ch == ";"):
            cut = i
            break
    short = citation[:cut]
    rest = citation[cut:]
    if rest.endswith(")") and "(" in rest:
        start, depth = len(rest) - 1, 0
        for i in range(len(rest) - 1, -1, -1):
            depth += rest[i] == ")"
            depth -= rest[i] == "("
            if depth == 0:
                start = i
                break
        short = f"{short} {rest[start:]}"
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


def benchmark_table(results) -> pd.DataFrame:
    """One row per (task, metric, published number) of the benchmark results; numbers, not strings.

    ``results`` is the list :func:`framing.benchmarks.run_benchmarks` returns or the path of
    ``docs/benchmarks.json``. Columns: ``task, metric, test_split, n_train, n_test, ours,
    ours_low, ours_high`` (the chosen model, 95 % cluster-bootstrap interval), ``majority``,
    ``signals_only`` (logistic regression on our signal features), ``published`` and
    ``published_source``, ``comparable`` (``yes``/``roughly``/``no``) and ``why``. A task
    metric without a published number has one row with ``published`` missing; a published
    number on a metric or task we do not score (``our_metric`` is null) goes with the task's
    primary metric row, and its ``comparable`` is ``no``.
    """
    from framing.benchmarks import metric_label

    rows = []
    for r in _results(results):
        systems = r["test"]["systems"]
        for i, key in enumerate(r["metrics"]):
            pubs = [p for p in r["published"] if p["our_metric"] == key]
            if i == 0:
                pubs += [p for p in r["published"] if p["our_metric"] not in r["metrics"]]
            ours = systems["model"][key]
            base = {
                "task": r["task"],
                "metric": metric_label(key),
                "test_split": _test_split(r),
                "n_train": r["sizes"]["n_train"],
                "n_test": r["sizes"]["n_test"],
                "ours": ours["value"],
                "ours_low": ours["ci_low"],
                "ours_high": ours["ci_high"],
                "majority": systems["majority"][key]["value"],
                "signals_only": systems["signals_logreg"][key]["value"],
            }
            for p in pubs or [None]:
                if p is None:
                    rows.append(
                        {**base, "published": np.nan, "published_source": "", "comparable": "", "why": ""}
                    )
                    continue
                source = _short_citation(p["citation"])
                if p["our_metric"] != key:
                    source = f"{source}; other metric: {p['metric']}"
                rows.append(
                    {
                        **base,
                        "published": p["value"],
                        "published_source": source,
                        "comparable": p["comparable"],
                        "why": p["why"],
                    }
                )
    return pd.DataFrame(rows)


def benchmark_display(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`benchmark_table` with numbers as text for reading: ``ours [95% CI]``, 3 decimals."""

    def num(x) -> str:
        return "—" if pd.isna(x) else f"{x:.3f}"

    out = pd.DataFrame(
        {
            "task": table["task"],
            "metric": table["metric"],
            "test split": table["test_split"],
            "n test": table["n_test"],
            "ours [95% CI]": [
                f"{o:.3f} [{lo:.3f}, {hi:.3f}]"
                for o, lo, hi in zip(table["ours"], table["ours_low"], table["ours_high"], strict=True)
            ],
            "majority": table["majority"].map(num),
            "signals only": table["signals_only"].map(num),
            "published": [
                "none" if pd.isna(v) else f"{v:.3f} ({s})"
                for v, s in zip(table["published"], table["published_source"], strict=True)
            ],
            "comparable?": table["comparable"].replace("", "—"),
        }
    )
    return out


def context_only(path) -> pd.DataFrame:
    """Published numbers on data we did not run (``context_only`` in ``docs/benchmarks.json``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"benchmark results not found: {path}")
    entries = json.loads(path.read_text(encoding="utf-8")).get("context_only", [])
    columns = ["benchmark", "metric", "value", "split", "citation", "comparable"]
    return pd.DataFrame([{c: e.get(c) for c in columns} for e in entries], columns=columns)


def rule_vs_model(results, validity: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per binary task with a signal rule: the rule "signal > 0", the signals-only model and ours.

    All three are scored on the task's primary metric on the same test rows (from the
    benchmark results); ``ours - rule`` is the paired difference with its 95 % interval
    (``diff_low``, ``diff_high``; same bootstrap resamples). With ``validity`` (the table of :func:`framing.validity.validate` or
    ``docs/validity.csv``) the primary signal's ROC-AUC on the same split is added, so the
    ranking view and the decision view of one signal sit side by side.
    """
    from framing.benchmarks import RULE_SIGNAL, metric_label

    rows = []
    for r in _results(results):
        systems = r["test"]["systems"]
        if "signal_rule" not in systems:
            continue
        key = r["metrics"][0]
        ours = systems["model"][key]
        diff = r["test"].get("differences", {}).get("model - signal_rule", {}).get(key, {})
        rows.append(
            {
                "task": r["task"],
                "metric": metric_label(key),
                "signal": RULE_SIGNAL.get(r["construct"], ""),
                "rule (signal > 0)": systems["signal_rule"][key]["value"],
                "signals only": systems["signals_logreg"][key]["value"],
                "ours": ours["value"],
                "ours_low": ours["ci_low"],
                "ours_high": ours["ci_high"],
                "ours - rule": diff.get("value", np.nan),
                "diff_low": diff.get("ci_low", np.nan),
                "diff_high": diff.get("ci_high", np.nan),
            }
        )
    table = pd.DataFrame(rows)
    if validity is not None and len(table):
        primary = validity[validity["role"] == "primary"][["task", "signal", "roc_auc"]]
        primary = primary.rename(columns={"roc_auc": "signal ROC-AUC"})
        table = table.merge(primary, on=["task", "signal"], how="left")
    return table


def benchmark_points(results) -> pd.DataFrame:
    """Every point :func:`plot_benchmarks` draws, one row each (long format).

    ``series`` is ``ours`` (with ``ci_low``/``ci_high``), ``majority``, ``signals_only`` or
    ``published`` (with ``comparable`` and ``source``); only published numbers on the same
    metric as ours are drawn.
    """
    from framing.benchmarks import metric_label

    rows = []
    for r in _results(results):
        systems = r["test"]["systems"]
        for key in r["metrics"]:
            base = {"task": r["task"], "metric": metric_label(key), "test_split": _test_split(r)}
            ours = systems["model"][key]
            rows.append(
                {
                    **base,
                    "series": "ours",
                    "value": ours["value"],
                    "ci_low": ours["ci_low"],
                    "ci_high": ours["ci_high"],
                    "comparable": "",
                    "source": "chosen model",
                }
            )
            for series, system, source in (
                ("majority", "majority", "majority baseline"),
                ("signals_only", "signals_logreg", "logistic regression on signal features"),
            ):
                rows.append(
                    {
                        **base,
                        "series": series,
                        "value": systems[system][key]["value"],
                        "ci_low": np.nan,
                        "ci_high": np.nan,
                        "comparable": "",
                        "source": source,
                    }
                )
            for p in r["published"]:
                if p["our_metric"] == key:
                    rows.append(
                        {
                            **base,
                            "series": "published",
                            "value": p["value"],
                            "ci_low": np.nan,
                            "ci_high": np.nan,
                            "comparable": p["comparable"],
                            "source": _short_citation(p["citation"]),
                        }
                    )
    return pd.DataFrame(rows, columns=list(BENCHMARK_FIGURE_COLUMNS))


def plot_benchmarks(results, path) -> Path:
    """Ours (with 95 % CI) vs majority, lexicon-only and published numbers, one row per task metric.

    Deterministic PNG (Agg canvas, fixed style and dpi, no metadata): same results, same bytes.
    ``results`` as :func:`framing.benchmarks.run_benchmarks` returns them or the JSON file holds them.
    """
    from framing.benchmarks import metric_label

    results = _results(results)
    rows = [(r, key) for r in results for key in r["metrics"]]
    top, bottom = 0.45, 0.95  # inches: title; axis label and legend
    height = top + bottom + 0.3 * max(len(rows), 1)
    with figure_context():
        fig = new_figure(10.0, height)
        ax = fig.add_axes((0.34, bottom / height, 0.62, 1 - (top + bottom) / height))
        ys = np.arange(len(rows))[::-1]
        for y, (r, key) in zip(ys, rows, strict=True):
            systems = r["test"]["systems"]
            ours = systems["model"][key]
            ax.errorbar(
                ours["value"],
                y,
                xerr=[[ours["value"] - ours["ci_low"]], [ours["ci_high"] - ours["value"]]],
                fmt="o",
                color=COLORS["hedging"],
                capsize=3,
                markersize=5,
                zorder=4,
            )
            ax.plot(
                systems["majority"][key]["value"],
                y,
                "|",
                color=COLORS["neutral"],
                markersize=11,
                markeredgewidth=2,
                zorder=3,
                clip_on=False,
            )
            ax.plot(
                systems["signals_logreg"][key]["value"],
                y,
                "s",
                color=COLORS["source"],
                markersize=4,
                zorder=3,
                clip_on=False,
            )
            for p in r["published"]:
                if p["our_metric"] != key:
                    continue
                filled = p["comparable"] == "yes"
                ax.plot(
                    p["value"],
                    y,
                    "D",
                    markersize=6,
                    color=COLORS["alarm"],
                    markerfacecolor=COLORS["alarm"] if filled else "white",
                    zorder=5,
                )
        handles = [
            ax.errorbar([], [], xerr=[], fmt="o", color=COLORS["hedging"], capsize=3, markersize=5),
            ax.plot([], [], "|", color=COLORS["neutral"], markersize=11, markeredgewidth=2)[0],
            ax.plot([], [], "s", color=COLORS["source"], markersize=4)[0],
            ax.plot([], [], "D", color=COLORS["alarm"], markersize=6)[0],
            ax.plot([], [], "D", color=COLORS["alarm"], markerfacecolor="white", markersize=6)[0],
        ]
        names = [
            "ours (95% CI)",
            "majority baseline",
            "signals-only LR",
            "published, comparable",
            "published, not comparable",
        ]
        fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.02), ncol=5)
        ax.set_yticks(ys)
        ax.set_yticklabels(
            [
                f"{r['task']}: {metric_label(key)} ({'official test' if r['split']['official'] else 'our split'})"
                for r, key in rows
            ]
        )
        ax.set_xlim(0, 1)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("score on the test split (0-1)")
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title("Ours vs baselines and published numbers")
    return save_figure(fig, path)


def plot_benchmarks_vs_published(results, out_dir, *, stem: str = "benchmarks-vs-published") -> list[Path]:
    """:func:`plot_benchmarks` as ``<stem>.png`` plus its numbers as ``<stem>.csv``.

    ``results`` is the path of ``docs/benchmarks.json`` or the results list. Returns ``[png, csv]``.
    """
    results = _results(results)
    if not results:
        raise InputError("no benchmark results to plot")
    png, csv = figure_paths(out_dir, stem)
    write_data(benchmark_points(results), csv, sort_by=("task", "metric", "series", "source"))
    plot_benchmarks(results, png)
    return [png, csv]


# ---------------------------------------------------------------- validity


def read_validity_csv(path) -> pd.DataFrame:
    """The validity table saved by ``framing validate --out`` (``docs/validity.csv``), in its row order."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"validity table not found: {path} (write it with: framing validate --data-dir DIR --out {path})"
        )
    table = pd.read_csv(path, keep_default_na=False, na_values=[""])
    missing = [c for c in VALIDITY_NEEDED if c not in table.columns]
    if missing:
        raise InputError(f"{path}: not a validity table (missing columns {', '.join(missing)})")
    return table


def _family(signal: str) -> str:
    return str(signal).split("_", 1)[0]


def validity_points(table: pd.DataFrame) -> pd.DataFrame:
    """The rows :func:`plot_validity_auc` draws, top to bottom (``order`` 0 is the top row).

    One row per (task, signal) in its count form, with its rate form's AUCs
    (``rate_*``) and the task's length baseline (``length_roc_auc``,
    ``length_pr_auc``) beside it; NaN when the table predates them.
    """
    missing = [c for c in VALIDITY_NEEDED if c not in table.columns]
    if missing:
        raise InputError(f"not a validity table (missing columns {', '.join(missing)})")
    metrics = ["roc_auc", "roc_auc_low", "roc_auc_high", "pr_auc", "pr_auc_low", "pr_auc_high"]
    table = table.copy()
    for column in metrics:
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    form = table["form"] if "form" in table.columns else pd.Series("count", index=table.index)
    rows = table[(form == "count") & ~table["signal"].isin(VALIDITY_FIGURE_SKIP)].reset_index(drop=True)
    rows = rows[list(VALIDITY_NEEDED)].copy()
    rates = table[form == "rate"].rename(columns={m: f"rate_{m}" for m in metrics})
    rates = rates.assign(signal=rates["signal"].str.removesuffix("_rate") + "_score")
    rows = rows.merge(
        rates[["task", "signal", *(f"rate_{m}" for m in metrics)]], on=["task", "signal"], how="left"
    )
    length = table[form == "length"][["task", "roc_auc", "pr_auc"]]
    length = length.rename(columns={"roc_auc": "length_roc_auc", "pr_auc": "length_pr_auc"})
    rows = rows.merge(length, on="task", how="left")
    rows = _with_baselines(rows, table)
    for column in (*VALIDITY_LENGTH_COLUMNS, *VALIDITY_BASELINE_COLUMNS):
        if column not in rows.columns:
            rows[column] = np.nan
    rows.insert(0, "order", np.arange(len(rows)))
    return rows


def _with_baselines(rows: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with the AUCs of each task's VADER form for the row's construct and of its n-gram model."""
    from framing.validity.baselines import NGRAM_SIGNAL, VADER_FORM

    auc = {
        (t, s): (r, p)
        for t, s, r, p in zip(table["task"], table["signal"], table["roc_auc"], table["pr_auc"], strict=True)
    }
    nan = (np.nan, np.nan)
    vader = [
        auc.get((t, VADER_FORM.get(c, "")), nan) for t, c in zip(rows["task"], rows["construct"], strict=True)
    ]
    ngram = [auc.get((t, NGRAM_SIGNAL), nan) for t in rows["task"]]
    return rows.assign(
        vader_roc_auc=[float(v[0]) for v in vader],
        vader_pr_auc=[float(v[1]) for v in vader],
        ngram_roc_auc=[float(v[0]) for v in ngram],
        ngram_pr_auc=[float(v[1]) for v in ngram],
    )


def plot_validity_auc(table, out_dir, *, stem: str = "validity-auc", title: str | None = None) -> list[Path]:
    """ROC-AUC and PR-AUC of each signal against human labels, with 95 % intervals; ``[png, csv]``.

    ``table`` is the table :func:`framing.validity.validate` returns, or the path of a CSV it
    saved (``docs/validity.csv``). One row per (task, signal), grouped by construct in the
    table's order; colour is the signal family, hollow markers are secondary comparisons;
    the count form is a circle, the rate per 100 tokens a square, and the task's length
    baseline (token count alone) a black open diamond on every row of the task.
    Left: ROC-AUC against chance (0.5). Right: PR-AUC against the task's positive rate (the
    PR-AUC of a random score, grey bar). Comparisons with one class only have no AUC and
    are left blank.
    """
    if isinstance(table, (str, Path)):
        table = read_validity_csv(table)
    rows = validity_points(table)
    if rows.empty:
        raise InputError("no validity comparisons to plot")
    png, csv = figure_paths(out_dir, stem)
    write_data(
        rows[[*VALIDITY_FIGURE_COLUMNS, *VALIDITY_LENGTH_COLUMNS, *VALIDITY_BASELINE_COLUMNS]],
        csv,
        sort_by=("order",),
    )

    n = len(rows)
    top, bottom = 0.55, 1.05  # inches: title; axis labels and a two-line legend
    height = top + bottom + 0.27 * n
    ys = np.arange(n)[::-1]
    splits = sorted(set(rows["split"].astype(str)))
    with figure_context():
        fig = new_figure(WIDTH, height)
        left = fig.add_axes((0.30, bottom / height, 0.37, 1 - (top + bottom) / height))
        right = fig.add_axes((0.71, bottom / height, 0.27, 1 - (top + bottom) / height), sharey=left)
        for y, row in zip(ys, rows.itertuples(index=False), strict=True):
            color = COLORS.get(_family(row.signal), COLORS["neutral"])
            face = color if row.role == "primary" else "white"
            for ax, metric in ((left, "roc_auc"), (right, "pr_auc")):
                # count form (circle) a little above the row, rate form (square) a little below
                for prefix, marker, dy in (("", "o", 0.16), ("rate_", "s", -0.16)):
                    value = getattr(row, f"{prefix}{metric}")
                    if not np.isfinite(value):
                        continue
                    low, high = getattr(row, f"{prefix}{metric}_low"), getattr(row, f"{prefix}{metric}_high")
                    if np.isfinite(low) and np.isfinite(high):
                        ax.plot(
                            [low, high],
                            [y + dy, y + dy],
                            color=color,
                            linewidth=1.3,
                            solid_capstyle="butt",
                            zorder=3,
                        )
                    ax.plot(
                        value,
                        y + dy,
                        marker,
                        color=color,
                        markerfacecolor=face,
                        markeredgewidth=1.2,
                        markersize=4.5,
                        zorder=4,
                    )
                for baseline, marker, size in (("length", "D", 5), ("vader", "x", 5.5), ("ngram", "+", 7)):
                    reference = getattr(row, f"{baseline}_{metric}")
                    if np.isfinite(reference):
                        ax.plot(
                            reference,
                            y,
                            marker,
                            color="black",
                            markerfacecolor="none",
                            markersize=size,
                            zorder=5,
                        )
            if np.isfinite(row.positive_rate):
                right.plot(
                    row.positive_rate,
                    y,
                    "|",
                    color=COLORS["neutral"],
                    markersize=10,
                    markeredgewidth=2,
                    zorder=2,
                )
        # thin lines between constructs
        constructs = rows["construct"].tolist()
        for i in range(1, n):
            if constructs[i] != constructs[i - 1]:
                for ax in (left, right):
                    ax.axhline(ys[i] + 0.5, color="#bbbbbb", linewidth=0.6, zorder=1)
        left.axvline(0.5, color=COLORS["neutral"], linestyle="--", linewidth=1, zorder=1)
        lows = rows[
            ["roc_auc", "roc_auc_low", "rate_roc_auc_low", "length_roc_auc", "vader_roc_auc"]
        ].to_numpy(dtype=float)
        floor = float(np.nanmin(lows)) if np.isfinite(lows).any() else 0.5
        left.set_xlim(min(0.3, np.floor(floor * 10) / 10), 1.0)
        right.set_xlim(0.0, 1.0)
        left.set_ylim(-0.6, n - 0.4)
        left.set_yticks(
            ys,
            [
                f"{t} · {s}" + (" (secondary)" if role != "primary" else "")
                for t, s, role in zip(rows["task"], rows["signal"], rows["role"], strict=True)
            ],
        )
        right.tick_params(axis="y", labelleft=False)
        left.set_xlabel("ROC-AUC (0.5 = chance)")
        right.set_xlabel("PR-AUC (grey bar = positive rate = chance)")
        for ax in (left, right):
            ax.grid(axis="x", color="#dddddd", linewidth=0.6)
            ax.set_axisbelow(True)
        left.set_title("Ranking: ROC-AUC [95% CI]")
        right.set_title("Precision–recall: PR-AUC [95% CI]")
        families = [f for f in ("hedging", "alarm", "partisan") if f in {_family(s) for s in rows["signal"]}]
        handles = [left.plot([], [], "o", color=COLORS[f], markersize=5.5)[0] for f in families] + [
            left.plot([], [], "o", color=COLORS["neutral"], markerfacecolor="white", markersize=5.5)[0],
            left.plot([], [], "|", color=COLORS["neutral"], markersize=10, markeredgewidth=2)[0],
        ]
        names = [f"{f}_score" for f in families] + ["secondary comparison (hollow)", "positive rate"]
        if rows["rate_roc_auc"].notna().any() or rows["length_roc_auc"].notna().any():
            handles += [
                left.plot([], [], "o", color=COLORS["neutral"], markersize=4.5)[0],
                left.plot([], [], "s", color=COLORS["neutral"], markersize=4.5)[0],
                left.plot([], [], "D", color="black", markerfacecolor="none", markersize=5)[0],
            ]
            names += ["count", "rate per 100 tokens", "length alone (token count)"]
        if rows["vader_roc_auc"].notna().any() or rows["ngram_roc_auc"].notna().any():
            handles += [
                left.plot([], [], "x", color="black", markersize=5.5)[0],
                left.plot([], [], "+", color="black", markersize=7)[0],
            ]
            names += ["VADER (alarm: negative words)", "n-gram model (trained)"]
        fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.01), ncol=(len(names) + 1) // 2)
        fig.suptitle(
            title
            or f"Signal scores vs public human labels, beside length, VADER and an n-gram model ({', '.join(splits)} split)",
            x=0.01,
            ha="left",
        )
    save_figure(fig, png)
    return [png, csv]


# ---------------------------------------------------------------- committed figures


def committed_figure(name: str, out_dir) -> list[Path]:
    """``benchmarks-vs-published`` or ``validity-auc`` from the committed ``docs/`` files."""
    from framing.figures import repo_root

    root = repo_root()
    if name == "benchmarks-vs-published":
        return plot_benchmarks_vs_published(root / BENCHMARKS_JSON, out_dir, stem=name)
    if name == "validity-auc":
        return plot_validity_auc(root / VALIDITY_CSV, out_dir, stem=name)
    raise InputError(f"unknown evaluation figure {name!r}")
