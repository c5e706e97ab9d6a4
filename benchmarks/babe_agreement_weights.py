"""BABE: the kept model trained with each sentence weighted by its annotators' agreement; 5-fold CV on train only.

    python benchmarks/babe_agreement_weights.py [--data-dir ../shared/data/external]

BABE's label is the majority of five expert annotators (``raw_labels_SG2.xlsx`` holds each rating).
A sentence three of five called biased is weaker evidence than one all five did, so learning from
disagreement (Plank et al. 2014) weights each training sentence by the share of its raters who gave
its label: 0.6, 0.8 or 1.0 (1.0 where a sentence has no rating on record; ratings are matched by exact
text). The weight was fixed before the run, not tuned.

The kept model (the soft vote with the signals and the annotators' marked words, docs/benchmarks.md,
sixth revision) is fitted on the benchmark's own 5 folds of the training sentences, seed 0, with its
members fitted with and without the weights on the same fold matrices; the decision threshold is tuned
on each run's pooled out-of-fold probabilities as the benchmark tunes it. It prints each run's fold
macro-F1 and the paired cluster-bootstrap interval of the pooled difference (1,000 resamples of
training articles). The rule of the rationale run holds: the test split is scored only if the weights
win by their mean and the interval lies above 0. No test sentence is read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.benchmarks.challenger import pooled_difference, training_data
from framing.benchmarks.metrics import _fold_score
from framing.benchmarks.selection import (
    _best_threshold,
    _candidates,
    _estimator,
    _fold_matrices,
    _signal_matrix,
    _thresholded,
    _variant,
    _vote_members,
)
from framing.datasets.babe import read_babe_ratings
from framing.models.decisions import aligned_proba
from framing.models.ensemble import combine_probabilities
from framing.models.selection import splits

TASK = "babe-bias"
POSITIVE = "biased"


def agreement_weights(texts, labels, data_dir: Path) -> np.ndarray:
    """Per sentence, the share of its raters who gave its label; 1.0 where it has no rating on record."""
    ratings = read_babe_ratings(data_dir)
    biased = ratings.assign(b=ratings["bias"].astype(int)).groupby("item")["b"].mean()
    return np.array(
        [
            (biased[t] if label == POSITIVE else 1 - biased[t]) if t in biased.index else 1.0
            for t, label in zip(texts, labels, strict=True)
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "external"))
    args = parser.parse_args()
    root = Path(args.data_dir)
    data = training_data(TASK, root, rationales=True)
    y = data.y
    weights = agreement_weights(data.texts, y, root)
    values, counts = np.unique(np.round(weights, 2), return_counts=True)
    print("weights:", dict(zip(values.tolist(), counts.tolist(), strict=True)), flush=True)
    (vote,) = [
        c for c in _candidates(("vote",), {}, True, ("balanced",), False, True) if c.signals and c.rationales
    ]
    members = [member for member, _ in _vote_members(vote)]  # no dense block, so each on its own variant
    signals, _ = _signal_matrix(data.texts)
    labels = list(data.labels)
    runs = {"unweighted": None, "agreement-weighted": weights}
    oof = {name: np.zeros((len(data), len(labels))) for name in runs}
    folds = splits(data, 5, 0)
    for f, (train_idx, test_idx) in enumerate(folds):
        matrices = _fold_matrices(
            data.X,
            signals,
            train_idx,
            test_idx,
            {_variant(m) for m in members},
            None,
            y=data.y,
            rationale_input=data.X_rationales,
            random_state=0,
        )
        for name, w in runs.items():
            probas = []
            for member in members:
                X_train, X_test = matrices[_variant(member)]
                fit_params = {} if w is None else {"sample_weight": w[train_idx]}
                est = _estimator(member, y[train_idx], 0).fit(X_train, y[train_idx], **fit_params)
                probas.append(aligned_proba(est, X_test, labels))
            oof[name][test_idx] = combine_probabilities(probas, "proba")
        print(f"fold {f + 1}/5", flush=True)
    rows = np.sort(np.concatenate([test for _, test in folds]))
    column, negative = labels.index(POSITIVE), next(label for label in labels if label != POSITIVE)
    decisions, report = {}, {}
    for name in runs:
        threshold = _best_threshold("macro_f1", y[rows], oof[name][rows, column], POSITIVE, labels)
        decisions[name] = _thresholded(oof[name][:, column], threshold, POSITIVE, negative)
        scores = [_fold_score("macro_f1", y[test], decisions[name][test], labels) for _, test in folds]
        report[name] = {"threshold": threshold, "fold_scores": scores, "mean": float(np.mean(scores))}
    report["pooled"] = pooled_difference(
        y[rows],
        data.groups[rows],
        decisions["agreement-weighted"][rows],
        decisions["unweighted"][rows],
        "macro_f1",
    )
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
