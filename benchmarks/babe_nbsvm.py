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

import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from framing.benchmarks.challenger import (
    best_candidate,
    candidate_scores,
    challenger_parser,
    paired_cv,
    pooled_difference,
    run_if_chosen,
    stop_unless_chosen,
    training_data,
)
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _best_threshold, _thresholded, cross_validate
from framing.models.nbsvm import NBSVMClassifier
from framing.models.selection import splits

TASK = "babe-bias"
KEPT = "nb +signals"
POSITIVE, NEGATIVE = LABELS = ("biased", "non-biased")
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("nb", "nbsvm"),
    "use_signals": "cv",
    "c_grid": {"nbsvm": (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)},
    "use_dense": False,
    "fine_tune": False,
    "use_rationales": False,  # as run, before the sixth revision added the rationale block
}

#: C values of ``--paper`` (the grid of the second run; its numbers are in docs/benchmarks.md).
PAPER_C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)


def paper_setting(data_dir: Path) -> dict:
    """Wang & Manning's own features on the benchmark's folds: NBSVM on binarised word 1-2-grams alone
    (no character n-grams, no signals), with and without their interpolation (beta 0.25), each against
    naive Bayes with the signals; thresholds tuned on pooled out-of-fold probabilities as the benchmark
    tunes them. Train only."""
    data = training_data(TASK, data_dir)
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
                **pooled_difference(data.y, data.groups, decisions, kept, "macro_f1"),
            }
    return out


def main() -> None:
    parser = challenger_parser(__doc__, "NBSVM")
    parser.add_argument(
        "--paper", action="store_true", help="NBSVM on word 1-2-grams alone, as Wang & Manning (train only)"
    )
    args = parser.parse_args()
    if args.paper:
        print(json.dumps(paper_setting(Path(args.data_dir)), indent=1))
        return
    train = training_data(TASK, args.data_dir)
    y, groups = train.y, train.groups

    def after_cv(cv: dict) -> None:
        print(json.dumps(candidate_scores(cv), indent=1), flush=True)
        comparison = paired_cv(cv, y, groups, best_candidate(cv, ("nbsvm",)), KEPT, "macro_f1")
        stop_unless_chosen(comparison, "sentence", interval_above_zero=True)

    run_if_chosen(TASK, args.data_dir, SETTINGS, after_cv, args.out)


if __name__ == "__main__":
    main()
