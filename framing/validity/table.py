"""`validate`: the validity table of every (task, signal) comparison, with its report files."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from framing.errors import InputError
from framing.validity.baselines import COLUMNS as BASELINE_COLUMNS
from framing.validity.baselines import VADER_SIGNALS, baseline_comparison, baseline_flag
from framing.validity.diagnostics import _diagnostics
from framing.validity.figure import plot_roc_curves
from framing.validity.length import COLUMNS as LENGTH_COLUMNS
from framing.validity.length import length_comparison, stratified_roc_auc
from framing.validity.metrics import _bootstrap_seed, _draws, _roc_points, binary_metrics
from framing.validity.report import _write_bytes, write_validity_markdown
from framing.validity.tasks import (
    _CONSTRUCT_ORDER,
    LENGTH_SIGNAL,
    _baselines,
    _check_split,
    _resolve_tasks,
    _scored,
    _scores_frame,
)

TABLE_COLUMNS = (
    "task",
    "dataset",
    "construct",
    "signal",
    "role",
    "form",
    "split",
    "n",
    "n_positive",
    "positive_rate",
    "n_groups",
    "resampled",
    "roc_auc",
    "roc_auc_low",
    "roc_auc_high",
    "pr_auc",
    "pr_auc_low",
    "pr_auc_high",
    "flagged_rate",
    "precision_at_0",
    "recall_at_0",
    "f1_at_0",
    *LENGTH_COLUMNS,
    "length_flag",
    *BASELINE_COLUMNS,
    "baseline_flag",
    "n_boot",
    "note",
)


def _table(scores: pd.DataFrame, split: str, n_boot: int, random_state: int) -> pd.DataFrame:
    from framing.datasets import TASKS

    rows = []
    for name, by_task in scores.groupby("task", sort=False):
        task = TASKS[name]
        seed = _bootstrap_seed(random_state, name)
        n_tokens = by_task.loc[by_task["signal"] == LENGTH_SIGNAL, "score"].to_numpy()
        baselines = {
            signal: part["score"].to_numpy()
            for signal, part in by_task[by_task["role"] == "baseline"].groupby("signal", sort=False)
        }
        for signal, part in by_task.groupby("signal", sort=False):
            y, score, groups = part["y"].to_numpy(), part["score"].to_numpy(), part["group"].to_numpy()
            result = binary_metrics(y, score, groups, n_boot=n_boot, random_state=seed)
            form = part["form"].iloc[0]
            versus = dict.fromkeys(LENGTH_COLUMNS, float("nan"))
            if signal == LENGTH_SIGNAL:
                # how much length still ranks inside a quintile: the reference for the signals' stratified AUC
                versus.update(stratified_roc_auc(y, score, score, groups, n_boot=n_boot, random_state=seed))
            else:
                versus = length_comparison(
                    y, score, n_tokens, groups, n_boot=n_boot, random_state=seed, fold_seed=random_state
                )
            against = dict.fromkeys(BASELINE_COLUMNS, float("nan"))
            if part["role"].iloc[0] != "baseline":
                against = baseline_comparison(
                    y,
                    score,
                    baselines,
                    task.construct,
                    n_tokens,
                    groups,
                    n_boot=n_boot,
                    random_state=seed,
                    fold_seed=random_state,
                )
            notes = []
            if result["n"] == 0:
                notes.append(f"no rows in split {split!r}")
            elif result["n_positive"] in (0, result["n"]):
                notes.append("one class only: AUC undefined")
            rows.append(
                {
                    "task": name,
                    "dataset": task.dataset,
                    "construct": task.construct,
                    "signal": signal,
                    "role": part["role"].iloc[0],
                    "form": form,
                    "split": split,
                    **result,
                    **versus,
                    "length_flag": "" if form == "length" else length_flag(versus),
                    **against,
                    "baseline_flag": baseline_flag(against),
                    "n_boot": int(n_boot),
                    "note": "; ".join(notes),
                }
            )
    _draws.cache_clear()  # the last task's resamples (n_boot x groups floats) need not outlive the call
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    return _sort(table)


def length_flag(versus: dict[str, float]) -> str:
    """Why a signal does not beat the length baseline ("" when it does, or when undefined).

    A signal beats length when its AUC exceeds length's and adds to a length
    model out of fold, both with intervals above 0 (`framing.validity.length`).
    """
    flags = []
    if versus["auc_minus_length_low"] <= 0:
        flags.append("AUC not above length's")
    if versus["gain_over_length_low"] <= 0:
        flags.append("no gain over length")
    return "; ".join(flags)


def _sort(table: pd.DataFrame) -> pd.DataFrame:
    """Constructs in `CONSTRUCT_SIGNALS` order, tasks by name; within a task the order of `task_scores`
    (length baseline, then each signal's count and rate, primary first)."""
    if table.empty:
        return table.reset_index(drop=True)
    key = pd.DataFrame({"c": table["construct"].map(_CONSTRUCT_ORDER), "t": table["task"]})
    order = key.sort_values(["c", "t"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def validate(
    data_dir: str | os.PathLike | None = None,
    *,
    tasks: str | Sequence[str] | None = None,
    split: str = "test",
    n_boot: int = 1000,
    random_state: int = 0,
    top_cues: int = 10,
    lexicons: dict[str, str | os.PathLike] | None = None,
    out: str | os.PathLike | None = None,
    markdown: str | os.PathLike | None = None,
    figure: str | os.PathLike | None = None,
    diagnostics_split: str | None = "train",
) -> pd.DataFrame:
    """The validity table: every (task, signal) comparison on ``split``, sorted (see `TABLE_COLUMNS`).

    Parameters
    ----------
    data_dir : folder with the dataset folders (default `framing.datasets.default_data_dir`).
    tasks : task names (list or comma-separated string); default every validity task whose files exist.
    split : ``"train"``, ``"dev"``, ``"test"`` or ``"all"``.
    n_boot : bootstrap replicates (0 for none); ``random_state`` seeds them, per task.
    top_cues : false-alarm cues and missed-positive words per task in the markdown report.
    lexicons : family -> lexicon name or path, to evaluate another lexicon version.
    out : write the table as CSV here.
    markdown : write the report here; in an existing file only the block between the
        ``<!-- framing:validity ... -->`` markers for this split is replaced.
    figure : write `plot_roc_curves` here.
    diagnostics_split : split whose `cue_diagnostics` go into the markdown report (default
        ``"train"``, so lexicon work never reads test errors); ``None`` leaves them out.

    ``table.attrs`` holds ``split``, ``n_boot``, ``random_state``, ``data_dir``,
    ``skipped`` (tasks whose files are absent), ``skipped_baselines`` (baselines left out because
    their library is not installed), ``lexicon_sha256`` and
    ``roc_curves`` ((task, signal) -> fpr/tpr lists) for `plot_roc_curves`.
    """
    split = _check_split(split)
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 0:
        raise InputError(f"n_boot must be a non-negative integer, not {n_boot!r}")
    root, names, skipped = _resolve_tasks(data_dir, tasks)
    training: dict[str, pd.DataFrame] = {}
    frames, texts, extractions = _scored(root, names, split, lexicons, training)
    baselines = _baselines(names, frames, texts, training, random_state)
    scores = _scores_frame(names, frames, texts, extractions, baselines)
    table = _table(scores, split, n_boot, random_state)
    has_vader = any(set(VADER_SIGNALS) <= set(b) for b in baselines.values())
    table.attrs.update(
        skipped_baselines=[] if has_vader or not baselines else ["VADER (pip install vaderSentiment)"],
        split=split,
        n_boot=n_boot,
        random_state=random_state,
        data_dir=str(root),
        skipped=skipped,
        lexicon_sha256=_lexicon_digests(lexicons),
        roc_curves=_roc_points(scores),
    )
    if out is not None:
        _write_bytes(out, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    if figure is not None:
        plot_roc_curves(table, figure)
    if markdown is not None:
        diagnostics = None
        if diagnostics_split == split:
            diagnostics = _diagnostics(names, frames, texts, extractions, split, top_cues)
        elif diagnostics_split is not None:
            diag_split = _check_split(diagnostics_split)
            diagnostics = _diagnostics(
                names, *_scored(root, names, diag_split, lexicons), diag_split, top_cues
            )
        write_validity_markdown(markdown, table, diagnostics, top=top_cues)
    return table


def _lexicon_digests(lexicons) -> dict[str, str]:
    from framing.lexicons import load_lexicon

    names = {
        "hedging": "hedging",
        "alarm": "alarm",
        "partisan": "partisan",
        "negation": "negation",
        "attribution": "attribution",
    }
    names.update({k: v for k, v in (lexicons or {}).items()})
    return {family: load_lexicon(name).sha256 for family, name in names.items()}
