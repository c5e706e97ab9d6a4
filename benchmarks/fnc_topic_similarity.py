"""FNC-1: the kept model with and without Athene's topic-space cosines, chosen by pair-fold CV on train; test only if they win.

The kept model is ``mlp_uclmr`` at C=1 on pair variant ``uclmr_similarity`` (``framing.benchmarks.DOCUMENTED_SETTINGS``).
The challenger is the same network on ``uclmr_topics``: those features plus the cosine of headline and body
in an LSA space and an NMF topic space (``framing.models.pairs.PairTopicSimilarity``, after Athene, Hanselowski
et al. 2018), fitted inside each fold on that fold's training texts only. Both are cross-validated on the same
3 pair folds of the training pairs (the folds depend on the pairs and the seed, not on the features). It prints
each one's fold scores, the per-fold difference and a paired cluster-bootstrap interval of the difference of
the pooled out-of-fold FNC-1 scores (1,000 resamples of training groups, seed 0). Unless cross-validation
chooses the challenger (a higher mean FNC-1 score over the folds) the run stops there, before the refit: no
test pair is predicted. Otherwise it is refitted on all training pairs, scored once on the official test
split, and docs/benchmarks.json, .md and .png are rewritten with the other tasks' results kept.
``--screen`` instead scores a few topic settings on the first pair fold only (train rows only), which is how
the challenger's setting (LSA 100, NMF 50, cross-fitted in 3 folds: ``pair_features``'s ``uclmr_topics``) was
picked. Results: docs/benchmarks.md, "Tried and not kept (FNC-1: topic-space similarity)".

    nohup python benchmarks/fnc_topic_similarity.py --data-dir ../shared/data/external --n-jobs 2 > fnc.log 2>&1 &
    python benchmarks/fnc_topic_similarity.py --data-dir ../shared/data/external --screen
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from framing.benchmarks.challenger import (
    challenger_parser,
    paired_cv,
    run_if_chosen,
    stop_unless_chosen,
    training_data,
)
from framing.benchmarks.metrics import _fold_score
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _fold_matrices, _take, cross_validate
from framing.models.pairs import PairTopicSimilarity
from framing.models.pipeline import classifier
from framing.models.selection import splits

TASK = "fnc1-stance"
MODEL = Candidate("mlp_uclmr", 1.0, False)  # the kept model; its name is the same on either feature set
KEPT = f"{MODEL.name} (uclmr_similarity)"
CHALLENGER = f"{MODEL.name} (uclmr_topics)"
KEPT_SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("mlp_uclmr",),
    "c_grid": {"mlp_uclmr": (1.0,)},
    "tune_weights": False,  # as run, before the seventh revision tuned FNC-1's weights
    "use_dense": False,  # and before the tenth added the sentence encoder
}
SETTINGS = {**KEPT_SETTINGS, "pair_variant": "uclmr_topics"}
#: Settings screened on the first pair fold: LSA and NMF dimensions, per-dimension products, and cross-fitting
#: (the training rows' cosines from spaces fitted without their stories, in 3 folds). NMF of 300 topics was
#: left out: on the first fold's training texts it took 581 s to fit (with LSA 300) on the shared machine.
SCREEN = {
    "lsa 100, nmf 50": {"lsa_components": 100, "nmf_components": 50},
    "lsa 300, nmf 100": {"lsa_components": 300, "nmf_components": 100},
    "lsa 100, nmf 50, products": {"lsa_components": 100, "nmf_components": 50, "products": True},
    "lsa 100, nmf 50, cross-fit 3": {"lsa_components": 100, "nmf_components": 50, "cross_fit": 3},
    "lsa 300, nmf 50, cross-fit 3": {"lsa_components": 300, "nmf_components": 50, "cross_fit": 3},
}


def screen(data_dir: Path, settings: dict = SCREEN) -> dict:
    """FNC-1 score on the first pair fold (train rows only) of the kept model and of the kept features plus
    each topic setting, all with the same network and seed; with each setting's fit and predict seconds."""
    data = training_data(TASK, data_dir, pairs=True)
    labels = list(data.labels)
    train_idx, test_idx = splits(data, KEPT_SETTINGS["folds"], 0)[0]
    variant = ("none", False)  # n-grams only, no dense block: the documented FNC-1 features
    X_train, X_test = _fold_matrices(
        data.X, None, train_idx, test_idx, {variant}, None, KEPT_SETTINGS["pair_variant"]
    )[variant]
    y_train, y_test = data.y[train_idx], data.y[test_idx]
    out = {"fold": {"train": len(train_idx), "test": len(test_idx)}}
    for name, params in {"kept": None, **settings}.items():
        start = time.perf_counter()
        A, B = X_train, X_test
        if params is not None:
            topics = PairTopicSimilarity(**params, random_state=0)
            A = sp.hstack([X_train, topics.fit_transform(_take(data.X, train_idx), y_train)]).tocsr()
            B = sp.hstack([X_test, topics.transform(_take(data.X, test_idx))]).tocsr()
        features_s = time.perf_counter() - start
        model = classifier(MODEL.model, C=MODEL.C, random_state=0).fit(A, y_train)
        score = _fold_score("fnc_score", y_test, model.predict(B), labels)
        out[name] = {
            "fnc_score": score,
            "features_s": round(features_s, 1),
            "total_s": round(time.perf_counter() - start, 1),
        }
        print(name, json.dumps(out[name]), file=sys.stderr, flush=True)
    return out


def kept_cv(data, n_jobs: int = 1) -> dict:
    """The kept model's cross-validation on its own features, as ``framing benchmark`` runs it."""
    return cross_validate(
        data,
        [MODEL],
        metric="fnc_score",
        folds=KEPT_SETTINGS["folds"],
        random_state=0,
        n_jobs=n_jobs,
        tune_weights=KEPT_SETTINGS["tune_weights"],
        pair_variant=KEPT_SETTINGS["pair_variant"],
    )


def compare(kept: dict, challenger: dict, y: np.ndarray, groups: np.ndarray) -> dict:
    """:func:`paired_cv` of the two runs (one candidate each, the same name): the challenger is chosen only
    when its mean over the folds is higher (rounded to 12 digits, as ``cross_validate`` compares, so the order
    of summing cannot break a tie). The runs must have tested the same rows."""
    if not np.array_equal(kept["oof"]["rows"], challenger["oof"]["rows"]):
        raise ValueError("the two cross-validations tested different rows: not the same folds")
    cv = {
        "candidates": {
            CHALLENGER: challenger["candidates"][MODEL.name],
            KEPT: kept["candidates"][MODEL.name],
        },
        "oof": {
            "rows": kept["oof"]["rows"],
            "decisions": {
                CHALLENGER: challenger["oof"]["decisions"][MODEL.name],
                KEPT: kept["oof"]["decisions"][MODEL.name],
            },
        },
    }
    wins = round(cv["candidates"][CHALLENGER]["mean"], 12) > round(cv["candidates"][KEPT]["mean"], 12)
    cv["chosen"] = SimpleNamespace(name=CHALLENGER if wins else KEPT)
    return paired_cv(cv, y, groups, CHALLENGER, KEPT, "fnc_score")


def main() -> None:
    parser = challenger_parser(__doc__, "the challenger")
    parser.add_argument("--n-jobs", type=int, default=1, help="threads for numpy/scipy (BLAS)")
    parser.add_argument(
        "--screen",
        nargs="*",
        choices=sorted(SCREEN),
        help="topic settings (default: all) and the kept model on the first pair fold (train only)",
    )
    args = parser.parse_args()
    with threadpool_limits(limits=args.n_jobs):
        if args.screen is not None:
            chosen = {name: SCREEN[name] for name in args.screen or SCREEN}
            print(json.dumps(screen(Path(args.data_dir), chosen), indent=1))
            return
        train = training_data(TASK, args.data_dir, pairs=True)
        start = time.perf_counter()
        kept = kept_cv(train)
        print(f"kept model's CV: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)

        def after_cv(cv: dict) -> None:
            comparison = compare(kept, cv, train.y, train.groups)
            comparison["feature_seconds"] = {
                CHALLENGER: cv["feature_seconds"],
                KEPT: kept["feature_seconds"],
            }
            stop_unless_chosen(comparison, "pair")

        run_if_chosen(TASK, args.data_dir, SETTINGS, after_cv, args.out)


if __name__ == "__main__":
    main()
