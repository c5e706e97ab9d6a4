"""BABE: NBSVM against the kept naive Bayes with signals, chosen by 5-fold CV on train; test only if NBSVM wins.

Runs the BABE benchmark with its documented folds, seed and tuned threshold
(``framing.benchmarks.DOCUMENTED_SETTINGS``) but two models as candidates: naive Bayes (the model
every BABE run so far kept) and NBSVM (``framing.models.nbsvm``, Wang & Manning 2012) at C 0.001 to 1
(CV rose as C fell from 1 to 0.1, then to 0.01, so smaller values were added), each with and without
the signals; no dense block (neither model takes one). It prints every candidate's fold scores and,
for the best NBSVM candidate against naive Bayes with the signals, the per-fold differences and a
paired cluster-bootstrap interval of the difference of the pooled out-of-fold macro-F1 (1,000
resamples of training articles, seed 0). Unless cross-validation chooses an NBSVM candidate *and*
that interval lies above 0, the run stops before the refit: no test sentence is predicted. Otherwise
the chosen model is refitted on all training sentences, scored once on the test split, and
docs/benchmarks.json, .md and .png are rewritten with the other tasks' results kept, as
``framing benchmark babe-bias --merge`` would. ``--paper`` instead scores NBSVM on Wang & Manning's
own features (binarised word 1-2-grams alone, their interpolation on and off) on the same folds
against the same naive Bayes decisions (train only).

    nohup python benchmarks/babe_nbsvm.py --data-dir ../shared/data/external > babe_nbsvm.log 2>&1 &
    python benchmarks/babe_nbsvm.py --data-dir ../shared/data/external --paper
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from framing.benchmarks import run_benchmark, write_benchmarks_page
from framing.benchmarks.metrics import _bootstrap, _confusion, _interval, metric_values
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _best_threshold, _thresholded, cross_validate
from framing.datasets import load_task
from framing.models.data import LabelledData
from framing.models.metrics import encode
from framing.models.nbsvm import NBSVMClassifier
from framing.models.selection import splits

TASK = "babe-bias"
KEPT = "nb +signals"
POSITIVE, NEGATIVE = LABELS = ("biased", "non-biased")
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("nb", "nbsvm"),
    "c_grid": {"nbsvm": (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)},
    "use_dense": False,
}

#: C values of ``--paper`` (the grid of the second run; its numbers are in docs/benchmarks.md).
PAPER_C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)


class NotChosen(Exception):
    """NBSVM did not beat the kept model in CV: stop before the refit, so no test sentence is predicted."""


def pooled_difference(y: np.ndarray, groups: np.ndarray, challenger: np.ndarray, kept: np.ndarray) -> dict:
    """Macro-F1 of two sets of decisions on the same rows, and their difference with a paired
    cluster-bootstrap interval (1,000 resamples of ``groups``, seed 0)."""
    labels = sorted(set(y.tolist()))
    decisions = {"challenger": challenger, "kept": kept}
    boot = _bootstrap(y, decisions, labels, groups, 1000, 0)
    pooled = {
        name: float(
            metric_values(
                "macro_f1", _confusion(encode(y, labels, "y"), encode(d, labels, name), len(labels)), labels
            )
        )
        for name, d in decisions.items()
    }
    samples = metric_values("macro_f1", boot["challenger"], labels) - metric_values(
        "macro_f1", boot["kept"], labels
    )
    return {"pooled": pooled, "difference": _interval(pooled["challenger"] - pooled["kept"], samples)}


def paired_cv(cv: dict, y: np.ndarray, groups: np.ndarray, challenger: str, kept: str = KEPT) -> dict:
    """Fold scores of ``challenger`` and ``kept``, their per-fold differences and a paired interval of the
    difference of their pooled out-of-fold macro-F1 (decisions at each one's tuned threshold)."""
    rows = cv["oof"]["rows"]
    decisions = cv["oof"]["decisions"]
    paired = pooled_difference(y[rows], groups[rows], decisions[challenger][rows], decisions[kept][rows])
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


def paper_setting(data_dir: Path) -> dict:
    """Wang & Manning's own features on the benchmark's folds: NBSVM on binarised word 1-2-grams alone
    (no character n-grams, no signals), with and without their interpolation (beta 0.25), each against
    naive Bayes with the signals; thresholds tuned on pooled out-of-fold probabilities as the benchmark
    tunes them. Train only."""
    data = training_data(data_dir)
    texts = np.asarray(data.texts, dtype=object)
    kept = cross_validate(
        data, [Candidate("nb", None, True)], metric="macro_f1", folds=5, random_state=0, positive=POSITIVE
    )["oof"]["decisions"][KEPT]
    out = {}
    for C in PAPER_C_GRID:
        for beta in (1.0, 0.25):
            proba = np.zeros(len(data))
            for train_idx, test_idx in splits(data, 5, 0):
                words = CountVectorizer(ngram_range=(1, 2), binary=True).fit(texts[train_idx])
                model = NBSVMClassifier(C=C, beta=beta).fit(
                    words.transform(texts[train_idx]), data.y[train_idx]
                )
                column = list(model.classes_).index(POSITIVE)
                proba[test_idx] = model.predict_proba(words.transform(texts[test_idx]))[:, column]
            threshold = _best_threshold("macro_f1", data.y, proba, POSITIVE, LABELS)
            decisions = _thresholded(proba, threshold, POSITIVE, NEGATIVE)
            out[f"nbsvm C={C:g} beta={beta:g} word 1-2-grams"] = {
                "threshold": threshold,
                **pooled_difference(data.y, data.groups, decisions, kept),
            }
    return out


def training_data(data_dir: Path) -> LabelledData:
    train = load_task(TASK, data_dir).query("split == 'train'").reset_index(drop=True)
    return LabelledData(
        texts=train["text"].tolist(),
        y=train["label"].to_numpy(dtype=object),
        labels=tuple(LABELS),
        groups=train["group"].to_numpy(dtype=object),
        targets=None,
        pairs=None,
        path=data_dir / "babe",
        label_col="label",
        group_col="group",
        target_col=None,
        pair_col=None,
    )


def best_nbsvm(cv: dict) -> str:
    """The NBSVM candidate with the highest CV mean (ties to the first listed, as the selection does)."""
    names = [name for name, c in cv["candidates"].items() if c["model"] == "nbsvm"]
    return max(names, key=lambda name: round(cv["candidates"][name]["mean"], 12))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data/external")
    parser.add_argument("--out", default="docs/benchmarks.md", help="page to rewrite if NBSVM is chosen")
    parser.add_argument(
        "--paper", action="store_true", help="NBSVM on word 1-2-grams alone, as Wang & Manning (train only)"
    )
    args = parser.parse_args()
    if args.paper:
        print(json.dumps(paper_setting(Path(args.data_dir)), indent=1))
        return
    out = Path(args.out)
    train = training_data(Path(args.data_dir))
    y, groups = train.y, train.groups

    def after_cv(cv: dict) -> None:
        scores = {
            name: {k: c[k] for k in ("mean", "sd", "fold_scores", "mean_argmax", "threshold")}
            for name, c in cv["candidates"].items()
        }
        print(json.dumps(scores, indent=1), flush=True)
        comparison = paired_cv(cv, y, groups, best_nbsvm(cv))
        print(json.dumps(comparison, indent=1), flush=True)
        wins = (
            comparison["chosen"] == comparison["challenger"] and comparison["pooled_difference"]["ci_low"] > 0
        )
        if not wins:
            raise NotChosen(
                f"cross-validation kept {comparison['chosen']} or the paired interval reaches 0; "
                "no test sentence was predicted"
            )

    try:
        result = run_benchmark(
            TASK,
            args.data_dir,
            **SETTINGS,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
            after_cv=after_cv,
        )
    except NotChosen as stop:
        print(stop)
        return
    out, json_path, figure = write_benchmarks_page([result], out, merge=True)
    test = result["test"]["systems"]["model"]
    print(f"test macro-F1 {test['macro_f1']}; wrote {out}, {json_path}, {figure}")


if __name__ == "__main__":
    main()
