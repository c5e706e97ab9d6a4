"""FNC-1: UCLMR's MLP alone or averaged over five seeds, chosen by pair-fold CV on train; test only if the ensemble wins.

Runs the FNC-1 benchmark with its documented settings (``framing.benchmarks.DOCUMENTED_SETTINGS``) but two
candidates, ``mlp_uclmr`` and ``mlp_uclmr_ensemble`` (the same network from seeds 0-4, probabilities
averaged; its member 0 is ``mlp_uclmr``), at C=1 on the same 3 pair folds of the training pairs. It prints
each candidate's fold scores, the per-fold difference and a paired cluster-bootstrap interval of the
difference of the pooled out-of-fold FNC-1 scores (1,000 resamples of training groups, seed 0).
Unless cross-validation chooses the ensemble the run stops there, before the refit: no test pair is
predicted (the single MLP's test score is the fourth revision's). Otherwise the ensemble is refitted on
all training pairs, scored once on the official test split, and docs/benchmarks.json, .md and .png are
rewritten with the other tasks' results kept, as ``framing benchmark fnc1-stance --merge`` would.
``--spread`` instead scores each seed's MLP alone and the mean of the first k seeds on the same folds
(train only), to see how far one seed's score varies.

    nohup python benchmarks/fnc_seed_ensemble.py --data-dir ../shared/data/external --n-jobs 2 > fnc.log 2>&1 &
    python benchmarks/fnc_seed_ensemble.py --data-dir ../shared/data/external --n-jobs 2 --spread

``--n-jobs`` fits the ensemble's members in that many processes (joblib), which changes no result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from joblib import parallel_config

from framing.benchmarks import run_benchmark, write_benchmarks_page
from framing.benchmarks.metrics import _bootstrap, _confusion, _fold_score, _interval, metric_values
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import _fold_matrices
from framing.datasets import TASKS, load_task
from framing.models.data import LabelledData
from framing.models.metrics import encode
from framing.models.pipeline import classifier
from framing.models.selection import splits

TASK = "fnc1-stance"
ENSEMBLE = "mlp_uclmr_ensemble C=1 n-grams only"
SINGLE = "mlp_uclmr C=1 n-grams only"
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("mlp_uclmr", "mlp_uclmr_ensemble"),
    "c_grid": {"mlp_uclmr": (1.0,), "mlp_uclmr_ensemble": (1.0,)},
}


class NotChosen(Exception):
    """Cross-validation kept the single MLP: stop before the refit, so no test pair is predicted."""


def paired_cv(cv: dict, y: np.ndarray, groups: np.ndarray) -> dict:
    """Fold scores of both candidates, their per-fold differences and a paired interval of the pooled one."""
    rows = cv["oof"]["rows"]
    y, groups = y[rows], groups[rows]
    labels = sorted(set(y.tolist()))
    decisions = {name: cv["oof"]["decisions"][name][rows] for name in (ENSEMBLE, SINGLE)}
    boot = _bootstrap(y, decisions, labels, groups, 1000, 0)
    pooled = {
        name: float(
            metric_values(
                "fnc_score", _confusion(encode(y, labels, "y"), encode(d, labels, name), len(labels)), labels
            )
        )
        for name, d in decisions.items()
    }
    folds = {name: cv["candidates"][name]["fold_scores"] for name in (ENSEMBLE, SINGLE)}
    differences = np.subtract(folds[ENSEMBLE], folds[SINGLE])
    return {
        "fold_scores": folds,
        "means": {name: cv["candidates"][name]["mean"] for name in folds},
        "fold_differences": differences.tolist(),
        "mean_difference": float(differences.mean()),
        "sd_difference": float(differences.std(ddof=1)),
        "pooled": pooled,
        "pooled_difference": _interval(
            pooled[ENSEMBLE] - pooled[SINGLE],
            metric_values("fnc_score", boot[ENSEMBLE], labels)
            - metric_values("fnc_score", boot[SINGLE], labels),
        ),
        "fit_seconds": {name: cv["candidates"][name]["fit_seconds"] for name in folds},
        "chosen": cv["chosen"].name,
    }


def seed_spread(data_dir: Path) -> dict:
    """FNC-1 score of each seed's MLP alone and of the mean of seeds 0..k-1, per pair fold of the training pairs.

    The folds, features and members are those of the benchmark's cross-validation (the ensemble's
    members are the single MLPs of seeds 0-4), so every number is paired with every other.
    """
    train = load_task(TASK, data_dir).query("split == 'train'").reset_index(drop=True)
    data = LabelledData(
        texts=train["text"].tolist(),
        y=train["label"].to_numpy(dtype=object),
        labels=tuple(sorted(set(train["label"]))),
        groups=train["group"].to_numpy(dtype=object),
        targets=None,
        pairs=train["target"].tolist(),
        path=data_dir / TASKS[TASK].dataset,
        label_col="label",
        group_col="group",
        target_col=None,
        pair_col="target",
    )
    labels = list(data.labels)
    variant = ("none", False)  # n-grams only, no dense block: the documented FNC-1 features
    scores: dict[str, list[float]] = {}
    for train_idx, test_idx in splits(data, SETTINGS["folds"], 0):
        matrices = _fold_matrices(
            data.X, None, train_idx, test_idx, {variant}, None, SETTINGS["pair_variant"]
        )
        X_train, X_test = matrices[variant]
        ensemble = classifier("mlp_uclmr_ensemble", random_state=0).fit(X_train, data.y[train_idx])
        members = [member.predict_proba(X_test) for member in ensemble.estimators_]
        runs = {f"seed {i}": [i] for i in range(len(members))}
        runs |= {f"mean of seeds 0-{k - 1}": list(range(k)) for k in range(2, len(members) + 1)}
        for name, seeds in runs.items():
            pred = ensemble.classes_[np.mean([members[i] for i in seeds], axis=0).argmax(axis=1)]
            scores.setdefault(name, []).append(_fold_score("fnc_score", data.y[test_idx], pred, labels))
    return {name: {"fold_scores": s, "mean": float(np.mean(s))} for name, s in scores.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data/external")
    parser.add_argument(
        "--out", default="docs/benchmarks.md", help="page to rewrite if the ensemble is chosen"
    )
    parser.add_argument("--n-jobs", type=int, default=1, help="processes for the ensemble's members")
    parser.add_argument(
        "--spread", action="store_true", help="each seed alone and the first k seeds (train only)"
    )
    args = parser.parse_args()
    if args.spread:
        with parallel_config(n_jobs=args.n_jobs):
            print(json.dumps(seed_spread(Path(args.data_dir)), indent=1))
        return
    out = Path(args.out)
    train = load_task(TASK, Path(args.data_dir)).query("split == 'train'").reset_index(drop=True)
    y, groups = train["label"].to_numpy(dtype=object), train["group"].to_numpy(dtype=object)

    def after_cv(cv: dict) -> None:
        comparison = paired_cv(cv, y, groups)
        print(json.dumps(comparison, indent=1), flush=True)
        if comparison["chosen"] != ENSEMBLE:
            raise NotChosen(f"cross-validation kept {comparison['chosen']}; no test pair was predicted")

    try:
        with parallel_config(n_jobs=args.n_jobs):  # explicit n_jobs (the candidates' 1) are kept
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
    print(
        f"test FNC-1 score {test['fnc_score']}, macro-F1 {test['macro_f1']}; wrote {out}, {json_path}, {figure}"
    )


if __name__ == "__main__":
    main()
