"""BABE: a soft vote of naive Bayes and three linear models against the kept naive Bayes with signals, chosen
by 5-fold CV on train; test only if the vote wins.

Runs the BABE benchmark with its documented folds, seed and tuned threshold
(``framing.benchmarks.DOCUMENTED_SETTINGS``) but three candidates: naive Bayes with the signals (the model
every BABE run so far kept) and two soft votes (``--model vote`` and ``vote_rank``,
``framing.models.ensemble.SoftVoteClassifier``) of the pipelines in ``framing.models.pipeline.VOTE_MEMBERS``:
naive Bayes with the signals, SGD C=0.03, the linear SVM C=0.3 and logistic regression C=3 on n-grams alone,
each model's best setting in the fourth revision's 5-fold CV on train (docs/benchmarks.json). ``vote`` averages
their class probabilities, ``vote_rank`` their mid-ranks among each member's probabilities on its training
rows. Each candidate's positive-class threshold is tuned on its pooled out-of-fold probabilities, as the
benchmark tunes every binary task's. The script prints every candidate's fold scores and, for the better
vote against naive Bayes with the signals, the per-fold differences and a paired cluster-bootstrap interval
of the difference of the pooled out-of-fold macro-F1 (1,000 resamples of training articles, seed 0).
Unless cross-validation chooses a vote (a higher CV mean macro-F1 than naive Bayes's), the run stops
before the refit: no test sentence is predicted, and the vote's training time and saved size are measured
on the training split alone (``framing train``'s pipeline fitted on every training sentence; ``--cost`` does
only that). Otherwise the
vote is refitted on all training sentences, scored once on the test split, and docs/benchmarks.json, .md
and .png are rewritten with the other tasks' results kept, as ``framing benchmark babe-bias --merge``
would. Members are fitted one after another (n_jobs 1: the machine is shared).

    nohup python benchmarks/babe_soft_vote.py --data-dir ../shared/data/external > babe_soft_vote.log 2>&1 &
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from framing.benchmarks.challenger import (
    best_candidate,
    candidate_scores,
    challenger_parser,
    paired_cv,
    run_if_chosen,
    stop_unless_chosen,
    training_data,
)
from framing.benchmarks.run import DOCUMENTED_SETTINGS, _n_features
from framing.models.persistence import save_model
from framing.models.pipeline import VOTE_MODELS, build_pipeline

TASK = "babe-bias"
KEPT = "nb +signals"
#: The documented BABE settings of this run (the fourth revision's plus these overrides; the sixth revision,
#: benchmarks/rationales.py, has since added the rationale block).
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("nb", *VOTE_MODELS),
    "use_signals": True,
    "use_dense": False,
    "fine_tune": False,
    "use_rationales": False,
    "n_jobs": 1,
}


def training_cost(model: str, data_dir) -> dict:
    """Seconds to fit ``model``'s pipeline (signals + n-grams, as the candidates) on every training
    sentence, its features, and the bytes and seconds of saving it as a framing skops model. Train only."""
    train = training_data(TASK, data_dir)
    pipeline = build_pipeline(model, use_signals=True, random_state=SETTINGS.get("random_state", 0))
    start = time.perf_counter()
    pipeline.fit(train.X, train.y)
    fit_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.skops"
        start = time.perf_counter()
        save_model(pipeline, path, metadata={})
        return {
            "model": model,
            "n_train": len(train),
            "fit_s": round(fit_s, 2),
            "n_features": _n_features(pipeline),
            "save_s": round(time.perf_counter() - start, 2),
            "bytes": path.stat().st_size,
        }


def main() -> None:
    parser = challenger_parser(__doc__, "a vote")
    parser.add_argument(
        "--cost", action="store_true", help="only the training time and size of vote and nb (train only)"
    )
    args = parser.parse_args()
    if args.cost:
        costs = [training_cost(model, args.data_dir) for model in ("vote", "nb")]
        print(json.dumps({"training_cost": costs}, indent=1), flush=True)
        return
    train = training_data(TASK, args.data_dir)
    y, groups = train.y, train.groups
    compared: dict = {}

    def after_cv(cv: dict) -> None:
        keys = ("mean", "sd", "fold_scores", "mean_argmax", "threshold", "fit_seconds")
        print(json.dumps(candidate_scores(cv, keys), indent=1), flush=True)
        comparison = paired_cv(cv, y, groups, best_candidate(cv, VOTE_MODELS), KEPT, "macro_f1")
        compared.update(comparison)
        stop_unless_chosen(comparison, "sentence")

    result = run_if_chosen(TASK, args.data_dir, SETTINGS, after_cv, args.out)
    if result is None:
        vote = "vote_rank" if compared["challenger"].startswith("vote_rank") else "vote"
        costs = [training_cost(model, args.data_dir) for model in (vote, "nb")]
        print(json.dumps({"training_cost": costs}, indent=1), flush=True)


if __name__ == "__main__":
    main()
