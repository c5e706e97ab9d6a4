"""The annotators' marked words as a feature block, against the best candidate without it, chosen by 5-fold CV
on train; test only if the block wins by its mean and its paired interval lies above 0.

Some datasets mark the words behind a label: BABE's ``biased_words``, BASIL's lexical-bias spans, PTC's
technique spans (``Task.rationales``). The rationale block (``framing.models.rationales.RationaleScores``;
``build_pipeline(use_rationales=True)``) learns each word's rate of being marked in the training sentences holding
it, cross-fitted on the training rows, and describes every sentence by the rates of its words; test sentences are
described from their text alone. The task's documented candidates (``framing.benchmarks.DOCUMENTED_SETTINGS``) run
with and without the block in the benchmark's folds, with its seed and tuned thresholds. The challenger is the
best candidate with the block, the kept model the best without it. The rule, fixed before each run because each
test split had been looked at before, is the stricter one of ``framing.benchmarks.challenger.strict_comparison``:
cross-validation must choose the challenger by its mean **and** the paired cluster-bootstrap interval of the
pooled out-of-fold difference (1,000 resamples of training groups, seed 0) must lie above 0. Otherwise the run
stops before the refit and no test sentence is predicted. If it is chosen, it is refitted on all training
sentences, scored once on the test split, and docs/benchmarks.json, .md and .png are rewritten with the other
tasks' results kept, as ``framing benchmark TASK --merge`` would.

BABE (``babe-bias``, the sixth revision) compared naive Bayes with the signals and the soft vote, each with and
without the block; BASIL's lexical bias (``basil-lexical-bias``) and PTC's loaded language (``ptc-loaded-language``,
the words of its Loaded_Language spans) their large-task candidates.

    nohup python benchmarks/rationales.py babe-bias --data-dir ../shared/data/external > rationales.log 2>&1 &
"""

from __future__ import annotations

import json

from framing.benchmarks.challenger import (
    candidate_scores,
    challenger_parser,
    run_if_chosen,
    strict_comparison,
    training_data,
    with_and_without,
)
from framing.benchmarks.metrics import task_metrics
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.datasets import TASKS

#: The tasks whose annotators marked words, and each one's settings for this run.
SETTINGS = {
    # as that run was: the sentence encoder, documented since, came after it (benchmarks/babe_sentence_encoder.py)
    "babe-bias": {
        **DOCUMENTED_SETTINGS["babe-bias"],
        "models": ("nb", "vote"),
        "use_dense": False,
        "fine_tune": False,
        "use_rationales": "cv",
        "n_jobs": 1,
    },
    "basil-lexical-bias": {**DOCUMENTED_SETTINGS["basil-lexical-bias"], "use_rationales": "cv", "n_jobs": 1},
    "ptc-loaded-language": {
        **DOCUMENTED_SETTINGS["ptc-loaded-language"],
        "use_rationales": "cv",
        "n_jobs": 1,
    },
}


# The best candidate with the rationale block, and the best without it (what the task would keep without it)
challenger, kept = with_and_without("rationales")


def decide(cv: dict, y, groups, metric: str) -> dict:
    """The comparison of the two; raises ``NotChosen`` unless CV chose the challenger by its mean and the paired
    interval of the pooled difference lies above 0."""
    return strict_comparison(cv, y, groups, challenger(cv), kept(cv), metric, "sentence")


def main() -> None:
    parser = challenger_parser(__doc__, "the rationale block")
    parser.add_argument("task", choices=sorted(SETTINGS))
    args = parser.parse_args()
    train = training_data(args.task, args.data_dir)
    metric = task_metrics(TASKS[args.task])[0]

    def after_cv(cv: dict) -> None:
        keys = ("mean", "sd", "fold_scores", "mean_argmax", "threshold", "fit_seconds")
        print(json.dumps(candidate_scores(cv, keys), indent=1), flush=True)
        decide(cv, train.y, train.groups, metric)

    run_if_chosen(args.task, args.data_dir, SETTINGS[args.task], after_cv, args.out)


if __name__ == "__main__":
    main()
