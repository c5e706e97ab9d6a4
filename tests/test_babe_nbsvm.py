"""The paired comparison ``benchmarks/babe_nbsvm.py`` makes (NBSVM vs the kept naive Bayes in CV on train)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score

from framing.benchmarks.challenger import best_candidate, paired_cv
from framing.benchmarks.selection import Candidate


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("babe_nbsvm")


def macro_f1(y, pred):
    return f1_score(y, pred, average="macro")


def test_paired_cv_pairs_the_candidates_on_the_same_rows(script):
    y = np.array(["biased", "non-biased", "biased", "non-biased"] * 6, dtype=object)
    groups = np.repeat(np.arange(12), 2).astype(object)
    challenger = y.copy()
    challenger[[0]] = "non-biased"  # one miss
    kept = y.copy()
    kept[[0, 2, 5]] = np.array(
        ["non-biased", "non-biased", "biased"], dtype=object
    )  # the same miss and two more
    name = "nbsvm C=0.1 +signals"
    cv = {
        "candidates": {
            name: {"model": "nbsvm", "fold_scores": [0.8, 0.7, 0.9], "mean": 0.8, "fit_seconds": 5.0},
            script.KEPT: {"model": "nb", "fold_scores": [0.7, 0.7, 0.8], "mean": 0.7333, "fit_seconds": 1.0},
            "nbsvm C=1 +signals": {
                "model": "nbsvm",
                "fold_scores": [0.6] * 3,
                "mean": 0.6,
                "fit_seconds": 5.0,
            },
        },
        "chosen": Candidate("nbsvm", 0.1, True),
        "oof": {"rows": np.arange(len(y)), "decisions": {name: challenger, script.KEPT: kept}},
    }
    assert best_candidate(cv, ("nbsvm",)) == name
    out = paired_cv(cv, y, groups, name, script.KEPT, "macro_f1")
    assert out["chosen"] == name
    assert out["fold_differences"] == pytest.approx([0.1, 0.0, 0.1])
    assert out["pooled"][name] == pytest.approx(macro_f1(y, challenger))
    assert out["pooled"][script.KEPT] == pytest.approx(macro_f1(y, kept))
    difference = out["pooled_difference"]
    assert difference["value"] == pytest.approx(macro_f1(y, challenger) - macro_f1(y, kept))
    # the challenger is never worse on any resample of the same groups: the paired interval is above 0
    assert 0 <= difference["ci_low"] <= difference["value"] <= difference["ci_high"]
    assert difference["value"] > 0
