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

import json
from pathlib import Path

import numpy as np
from joblib import parallel_config

from framing.benchmarks.challenger import (
    challenger_parser,
    paired_cv,
    run_if_chosen,
    stop_unless_chosen,
    training_data,
)
from framing.benchmarks.metrics import _fold_score
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import _fold_matrices
from framing.models.pipeline import classifier
from framing.models.selection import splits

TASK = "fnc1-stance"
ENSEMBLE = "mlp_uclmr_ensemble C=1 n-grams only"
SINGLE = "mlp_uclmr C=1 n-grams only"
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("mlp_uclmr", "mlp_uclmr_ensemble"),
    "c_grid": {"mlp_uclmr": (1.0,), "mlp_uclmr_ensemble": (1.0,)},
    "tune_weights": False,  # as run, before the seventh revision tuned FNC-1's weights
    "use_dense": False,  # and before the tenth added the sentence encoder
}


def seed_spread(data_dir: Path) -> dict:
    """FNC-1 score of each seed's MLP alone and of the mean of seeds 0..k-1, per pair fold of the training pairs.

    The folds, features and members are those of the benchmark's cross-validation (the ensemble's
    members are the single MLPs of seeds 0-4), so every number is paired with every other.
    """
    data = training_data(TASK, data_dir, pairs=True)
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
    parser = challenger_parser(__doc__, "the ensemble")
    parser.add_argument("--n-jobs", type=int, default=1, help="processes for the ensemble's members")
    parser.add_argument(
        "--spread", action="store_true", help="each seed alone and the first k seeds (train only)"
    )
    args = parser.parse_args()
    if args.spread:
        with parallel_config(n_jobs=args.n_jobs):
            print(json.dumps(seed_spread(Path(args.data_dir)), indent=1))
        return
    train = training_data(TASK, args.data_dir, pairs=True)
    y, groups = train.y, train.groups

    def after_cv(cv: dict) -> None:
        stop_unless_chosen(paired_cv(cv, y, groups, ENSEMBLE, SINGLE, "fnc_score"), "pair")

    with parallel_config(n_jobs=args.n_jobs):  # explicit n_jobs (the candidates' 1) are kept
        run_if_chosen(TASK, args.data_dir, SETTINGS, after_cv, args.out)


if __name__ == "__main__":
    main()
