"""The paired comparison ``benchmarks/fnc_seed_ensemble.py`` makes (single MLP vs seed ensemble in CV on train)."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks import fnc_score
from framing.benchmarks.challenger import paired_cv
from framing.benchmarks.selection import Candidate


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("fnc_seed_ensemble")


def test_paired_cv_scores_only_the_tested_rows_and_pairs_the_candidates(script):
    y = np.array(["agree", "unrelated", "discuss", "unrelated", "disagree", "agree"] * 4, dtype=object)
    groups = np.repeat(np.arange(12), 2).astype(object)
    rows = np.arange(20)  # the last 4 pairs were tested in no fold
    ensemble = y.copy()
    ensemble[[0, 2]] = "unrelated"  # two related pairs missed
    single = y.copy()
    single[[0, 2, 4, 21, 22, 23]] = "unrelated"  # one more missed, and errors on untested rows
    cv = {
        "candidates": {
            script.ENSEMBLE: {"fold_scores": [0.8, 0.7, 0.9], "mean": 0.8, "fit_seconds": 5.0},
            script.SINGLE: {"fold_scores": [0.7, 0.7, 0.8], "mean": 0.7333, "fit_seconds": 1.0},
        },
        "chosen": Candidate("mlp_uclmr_ensemble", 1.0, False),
        "oof": {"rows": rows, "decisions": {script.ENSEMBLE: ensemble, script.SINGLE: single}},
    }
    out = paired_cv(cv, y, groups, script.ENSEMBLE, script.SINGLE, "fnc_score")
    assert out["chosen"] == script.ENSEMBLE
    assert out["fold_differences"] == pytest.approx([0.1, 0.0, 0.1])
    assert out["mean_difference"] == pytest.approx(0.2 / 3)
    assert out["pooled"][script.ENSEMBLE] == pytest.approx(fnc_score(y[rows], ensemble[rows]))
    assert out["pooled"][script.SINGLE] == pytest.approx(fnc_score(y[rows], single[rows]))
    difference = out["pooled_difference"]
    assert difference["value"] == pytest.approx(
        fnc_score(y[rows], ensemble[rows]) - fnc_score(y[rows], single[rows])
    )
    # the ensemble is never worse on any resample of the same groups: the paired interval is above 0
    assert 0 <= difference["ci_low"] <= difference["value"] <= difference["ci_high"]
    assert difference["value"] > 0
