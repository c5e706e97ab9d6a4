"""What ``benchmarks/babe_soft_vote.py`` compares (two soft votes against the kept naive Bayes in CV on train)."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks.challenger import best_candidate, paired_cv
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _candidates
from framing.models.pipeline import VOTE_MODELS


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("babe_soft_vote")


def test_the_candidates_are_the_kept_model_and_the_two_votes(script):
    settings = script.SETTINGS
    options = _candidates(
        settings["models"], {}, settings["use_signals"], ("balanced",), settings["use_dense"]
    )
    assert [c.name for c in options] == [script.KEPT, "vote +signals", "vote_rank +signals"]
    # the documented settings but for the candidates the sixth, ninth and eleventh revisions added
    # (benchmarks/rationales.py, benchmarks/babe_sentence_encoder.py, benchmarks/babe_fine_tuned.py)
    changed = ("n_jobs", "models", "use_rationales", "use_dense", "fine_tune")
    assert {k: v for k, v in settings.items() if k not in changed} == {
        k: v for k, v in DOCUMENTED_SETTINGS[script.TASK].items() if k not in changed
    }
    assert not settings["use_rationales"] and not settings["use_dense"] and not settings["fine_tune"]
    assert settings["n_jobs"] == 1


def test_the_better_vote_is_compared_with_the_kept_model(script):
    y = np.array(["biased", "non-biased"] * 10, dtype=object)
    groups = np.arange(20).astype(object)
    entry = {"fold_scores": [0.7, 0.7], "fit_seconds": 1.0}
    cv = {
        "candidates": {
            script.KEPT: {**entry, "model": "nb", "mean": 0.75},
            "vote +signals": {**entry, "model": "vote", "mean": 0.74},
            "vote_rank +signals": {**entry, "model": "vote_rank", "mean": 0.745},
        },
        "chosen": Candidate("nb", None, True),
        "oof": {
            "rows": np.arange(20),
            "decisions": {name: y for name in ("nb +signals", "vote_rank +signals")},
        },
    }
    assert best_candidate(cv, VOTE_MODELS) == "vote_rank +signals"
    out = paired_cv(cv, y, groups, best_candidate(cv, VOTE_MODELS), script.KEPT, "macro_f1")
    # the kept model won in CV: the run stops before the refit
    assert out["chosen"] == script.KEPT != out["challenger"]
