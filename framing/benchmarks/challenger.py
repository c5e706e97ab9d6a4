"""A new candidate against the kept model, in cross-validation on train, before any test row is seen.

Why: a test split may be scored only once per model revision, so a lever (a new model, a feature
block) is first compared with the kept model on the benchmark's own folds, paired on the same rows,
and the test split is scored only if the lever wins. ``benchmarks/fnc_seed_ensemble.py`` and
``benchmarks/babe_nbsvm.py`` run this way, through :func:`run_benchmark`'s ``after_cv`` hook.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from framing.benchmarks.metrics import _bootstrap, _confusion, _interval, metric_values
from framing.benchmarks.report import write_benchmarks_page
from framing.benchmarks.run import _rationales, run_benchmark
from framing.datasets import TASKS, load_task
from framing.models.data import LabelledData
from framing.models.metrics import encode


class NotChosen(Exception):
    """Cross-validation kept the old model: stop before the refit, so no test row is predicted."""


def training_data(
    task: str, data_dir: str | os.PathLike, *, pairs: bool = False, rationales: bool = False
) -> LabelledData:
    """The task's training rows as :class:`LabelledData`; ``pairs`` reads ``target`` as a second text,
    ``rationales`` attaches the words annotators marked (``Task.rationales``) as the benchmark does."""
    root = Path(data_dir)
    train = load_task(task, root).query("split == 'train'").reset_index(drop=True)
    y = train["label"].to_numpy(dtype=object)
    return LabelledData(
        texts=train["text"].tolist(),
        y=y,
        labels=tuple(sorted(set(y.tolist()))),
        groups=train["group"].to_numpy(dtype=object),
        targets=None,
        pairs=train["target"].tolist() if pairs else None,
        path=root / TASKS[task].dataset,
        label_col="label",
        group_col="group",
        target_col=None,
        pair_col="target" if pairs else None,
        rationales=_rationales(TASKS[task], root, train) if rationales else None,
    )


def pooled_difference(
    y: np.ndarray,
    groups: np.ndarray,
    challenger: np.ndarray,
    kept: np.ndarray,
    metric: str,
    *,
    labels: Sequence[str] | None = None,
    class_factors: np.ndarray | None = None,
) -> dict:
    """``metric`` of two sets of decisions on the same rows, and their difference with a paired
    cluster-bootstrap interval (1,000 resamples of ``groups``, seed 0). ``labels`` default to those of ``y``,
    sorted; ``class_factors`` (in ``labels`` order) weight each true class's confusion row, e.g. back to another
    class mix (:func:`framing.models.decisions.class_mix_factors`)."""
    labels = sorted(set(y.tolist())) if labels is None else list(labels)
    factors = np.ones(len(labels)) if class_factors is None else np.asarray(class_factors, dtype=float)
    decisions = {"challenger": challenger, "kept": kept}
    boot = _bootstrap(y, decisions, labels, groups, 1000, 0)
    truth = encode(y, labels, "y")

    def score(cm: np.ndarray) -> np.ndarray:
        return metric_values(metric, cm * factors[:, None], labels)

    pooled = {
        name: float(score(_confusion(truth, encode(d, labels, name), len(labels))))
        for name, d in decisions.items()
    }
    samples = score(boot["challenger"]) - score(boot["kept"])
    return {"pooled": pooled, "difference": _interval(pooled["challenger"] - pooled["kept"], samples)}


def paired_cv(cv: dict, y: np.ndarray, groups: np.ndarray, challenger: str, kept: str, metric: str) -> dict:
    """Fold scores of ``challenger`` and ``kept``, their per-fold differences and a paired interval of the
    difference of their pooled out-of-fold ``metric`` (the rows some fold tested, each candidate's decisions)."""
    rows = cv["oof"]["rows"]
    decisions = cv["oof"]["decisions"]
    paired = pooled_difference(
        y[rows], groups[rows], decisions[challenger][rows], decisions[kept][rows], metric
    )
    folds = {name: cv["candidates"][name]["fold_scores"] for name in (challenger, kept)}
    differences = np.subtract(folds[challenger], folds[kept])
    return {
        "challenger": challenger,
        "kept": kept,
        "fold_scores": folds,
        "means": {name: cv["candidates"][name]["mean"] for name in folds},
        "fold_differences": differences.tolist(),
        "mean_difference": float(differences.mean()),
        "sd_difference": float(differences.std(ddof=1)),
        "pooled": {challenger: paired["pooled"]["challenger"], kept: paired["pooled"]["kept"]},
        "pooled_difference": paired["difference"],
        "fit_seconds": {name: cv["candidates"][name]["fit_seconds"] for name in folds},
        "chosen": cv["chosen"].name,
    }


def challenger_parser(doc: str, challenger: str) -> argparse.ArgumentParser:
    """The options every challenger script takes: where the data are, and the page to rewrite if
    ``challenger`` is chosen. ``doc`` is the script's docstring; its first line describes the command."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data/external")
    parser.add_argument(
        "--out", default="docs/benchmarks.md", help=f"page to rewrite if {challenger} is chosen"
    )
    return parser


def best_candidate(cv: dict, models=None, *, where: Callable[[dict], bool] | None = None) -> str:
    """The candidate with the highest CV mean (ties to the first listed, rounded as the selection rounds) among
    those of ``models`` and those whose CV entry passes ``where``: the challenger a script puts against the
    kept model (or the kept model itself)."""
    names = [
        name
        for name, c in cv["candidates"].items()
        if (models is None or c["model"] in models) and (where is None or where(c))
    ]
    return max(names, key=lambda name: round(cv["candidates"][name]["mean"], 12))


def with_and_without(flag: str) -> tuple[Callable[[dict], str], Callable[[dict], str]]:
    """``challenger(cv)`` and ``kept(cv)`` for a script that toggles one candidate ``flag`` (``"dense"``,
    ``"fine_tune"``, ``"rationales"``): the best candidate with it set and the best without it."""

    def challenger(cv: dict) -> str:
        return best_candidate(cv, where=lambda c: c[flag])

    def kept(cv: dict) -> str:
        return best_candidate(cv, where=lambda c: not c[flag])

    return challenger, kept


def candidate_scores(cv: dict, keys=("mean", "sd", "fold_scores", "mean_argmax", "threshold")) -> dict:
    """Each candidate's ``keys`` from a cross-validation result, for the log of a challenger run."""
    return {name: {k: c[k] for k in keys} for name, c in cv["candidates"].items()}


def stop_unless_chosen(comparison: dict, unit: str, *, interval_above_zero: bool = False) -> None:
    """Print a :func:`paired_cv` comparison and raise :class:`NotChosen` unless cross-validation chose the
    challenger (by its mean, and with ``interval_above_zero`` also by a pooled interval above 0).

    The rule is fixed before the run: each script says which, and the benchmarks page records it.
    """
    print(json.dumps(comparison, indent=1), flush=True)
    chosen = comparison["chosen"] == comparison["challenger"]
    if chosen and interval_above_zero and comparison["pooled_difference"]["ci_low"] <= 0:
        raise NotChosen(f"the paired interval reaches 0; no test {unit} was predicted")
    if not chosen:
        raise NotChosen(f"cross-validation kept {comparison['chosen']}; no test {unit} was predicted")


def strict_comparison(
    cv: dict, y: np.ndarray, groups: np.ndarray, challenger: str, kept: str, metric: str, unit: str
) -> dict:
    """:func:`paired_cv` of ``challenger`` and ``kept``, stopped (:class:`NotChosen`) unless CV chose the challenger
    by its mean **and** the paired interval of the pooled difference lies above 0: the stricter rule, for test
    splits that have been looked at before."""
    comparison = paired_cv(cv, y, groups, challenger, kept, metric)
    stop_unless_chosen(comparison, unit, interval_above_zero=True)
    return comparison


def run_if_chosen(
    task: str, data_dir, settings: Mapping, after_cv: Callable[[dict], None], out
) -> dict | None:
    """Run the benchmark; ``after_cv`` raises :class:`NotChosen` to stop it before the refit (then None).

    Otherwise the chosen model is scored once on test and the benchmarks page beside ``out`` is rewritten
    with the other tasks' results kept, as ``framing benchmark TASK --merge`` does.
    """
    try:
        result = run_benchmark(
            task,
            data_dir,
            **settings,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
            after_cv=after_cv,
        )
    except NotChosen as stop:
        print(stop)
        return None
    written = write_benchmarks_page([result], out, merge=True)
    print(f"test {json.dumps(result['test']['systems']['model'])}; wrote {', '.join(map(str, written))}")
    return result


def challenger_main(
    doc: str,
    task: str,
    settings: Mapping,
    decide: Callable[[dict, np.ndarray, np.ndarray], object],
    *,
    challenger: str,
    pairs: bool = False,
    keys: Sequence[str] = ("mean", "sd", "fold_scores", "mean_argmax", "threshold", "fit_seconds"),
) -> dict | None:
    """A challenger script's command line: parse ``--data-dir``/``--out``, run ``task`` with ``settings``, print each
    candidate's ``keys`` after CV and let ``decide(cv, y, groups)`` stop the run (:class:`NotChosen`) before any
    test row is predicted; ``doc`` is the script's docstring, ``challenger`` what it puts against the kept model."""
    args = challenger_parser(doc, challenger).parse_args()
    train = training_data(task, args.data_dir, pairs=pairs)

    def after_cv(cv: dict) -> None:
        print(json.dumps(candidate_scores(cv, keys), indent=1), flush=True)
        decide(cv, train.y, train.groups)

    return run_if_chosen(task, args.data_dir, settings, after_cv, args.out)
