"""BABE: the annotators' marked words as a feature block, against the kept soft vote, chosen by 5-fold CV on
train; test only if the block wins by its mean and its paired interval lies above 0.

BABE's annotators marked the words that made a sentence biased (``biased_words``). The rationale block
(``framing.models.rationales.RationaleScores``; ``build_pipeline(use_rationales=True)``) learns each word's rate
of being marked in the training sentences holding it, cross-fitted on the training rows, and describes every
sentence by the rates of its words; test sentences are described from their text alone. Candidates: naive Bayes
with the signals and the soft vote (``--model vote``, the kept model since the fifth revision), each with and
without the block, in the benchmark's 5 folds with its seed and tuned thresholds
(``framing.benchmarks.DOCUMENTED_SETTINGS``). The challenger is the better candidate with the block; the rule,
fixed before the run because BABE's test split has been looked at four times already, is the stricter one of
``framing.benchmarks.challenger.stop_unless_chosen``: cross-validation must choose it by its mean **and** the
paired cluster-bootstrap interval of the pooled out-of-fold difference (1,000 resamples of training articles,
seed 0) must lie above 0. Otherwise the run stops before the refit and no test sentence is predicted. If it is
chosen, it is refitted on all training sentences, scored once on the test split, and docs/benchmarks.json, .md
and .png are rewritten with the other tasks' results kept, as ``framing benchmark babe-bias --merge`` would.

    nohup python benchmarks/babe_rationales.py --data-dir ../shared/data/external > babe_rationales.log 2>&1 &
"""

from __future__ import annotations

import json

from framing.benchmarks.challenger import (
    candidate_scores,
    challenger_parser,
    paired_cv,
    run_if_chosen,
    stop_unless_chosen,
    training_data,
)
from framing.benchmarks.run import DOCUMENTED_SETTINGS

TASK = "babe-bias"
KEPT = "vote +signals"
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("nb", "vote"),
    "use_signals": True,
    "use_dense": False,
    "use_rationales": "cv",
    "n_jobs": 1,
}


def challenger(cv: dict) -> str:
    """The candidate with the rationale block and the highest CV mean (ties to the first listed)."""
    with_block = [name for name, c in cv["candidates"].items() if c["rationales"]]
    return max(with_block, key=lambda name: round(cv["candidates"][name]["mean"], 12))


def decide(cv: dict, y, groups) -> dict:
    """The comparison with the kept vote; raises ``NotChosen`` unless CV chose the challenger by its mean
    and the paired interval of the pooled difference lies above 0."""
    comparison = paired_cv(cv, y, groups, challenger(cv), KEPT, "macro_f1")
    stop_unless_chosen(comparison, "sentence", interval_above_zero=True)
    return comparison


def main() -> None:
    args = challenger_parser(__doc__, "the rationale block").parse_args()
    train = training_data(TASK, args.data_dir)

    def after_cv(cv: dict) -> None:
        keys = ("mean", "sd", "fold_scores", "mean_argmax", "threshold", "fit_seconds")
        print(json.dumps(candidate_scores(cv, keys), indent=1), flush=True)
        decide(cv, train.y, train.groups)

    run_if_chosen(TASK, args.data_dir, SETTINGS, after_cv, args.out)


if __name__ == "__main__":
    main()
