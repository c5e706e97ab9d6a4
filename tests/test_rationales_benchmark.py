"""What ``benchmarks/rationales.py`` compares (the best candidate with the annotators' marked words against the best
without them, in CV on train) and the stricter rule it fixed before scoring a test split again."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks.challenger import NotChosen
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _candidates
from framing.datasets import TASKS


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("rationales")


def test_every_task_of_the_script_has_rationales_and_its_documented_candidates(script):
    for task, settings in script.SETTINGS.items():
        assert TASKS[task].rationales is not None
        assert settings["use_rationales"] == "cv" and settings["n_jobs"] == 1
        later = ("use_rationales", "use_dense")
        if task == "babe-bias":  # the encoder and its fine-tuned member came after this run
            later += ("models", "fine_tune")
        documented = {k: v for k, v in DOCUMENTED_SETTINGS[task].items() if k not in later}
        assert {k: v for k, v in settings.items() if k not in ("n_jobs", *later)} == documented
    assert script.SETTINGS["babe-bias"]["use_dense"] is False


def test_babe_candidates_are_naive_bayes_and_the_vote_with_and_without_the_block(script):
    s = script.SETTINGS["babe-bias"]
    options = _candidates(
        s["models"], {}, s["use_signals"], ("balanced",), s["use_dense"], s["use_rationales"]
    )
    assert [c.name for c in options] == [
        "nb +signals",
        "nb +signals +rationales",
        "vote +signals",
        "vote +signals +rationales",
    ]
    # the page's BABE entry came from these settings and the encoder since (test_babe_sentence_encoder.py)
    later = ("n_jobs", "use_dense", "fine_tune", "use_rationales", "models")
    assert {k: v for k, v in s.items() if k not in later} == {
        k: v for k, v in DOCUMENTED_SETTINGS["babe-bias"].items() if k not in later
    }
    assert s["models"] == ("nb", "vote") and s["fine_tune"] is False


def _cv(means: dict[str, float], decisions: dict[str, np.ndarray], chosen: Candidate) -> dict:
    return {
        "candidates": {
            name: {
                "mean": m,
                "fold_scores": [m, m],
                "fit_seconds": 1.0,
                "rationales": name.endswith("+rationales"),
            }
            for name, m in means.items()
        },
        "chosen": chosen,
        "oof": {"rows": np.arange(40), "decisions": decisions},
    }


Y = np.array(["biased", "non-biased"] * 20, dtype=object)
GROUPS = np.arange(40).astype(object)
VOTE = Candidate("vote", None, True, rationales=True)


def test_the_challenger_and_the_kept_model_are_the_best_with_and_without_the_block(script):
    means = {
        "nb +signals": 0.74,
        "nb +signals +rationales": 0.76,
        "vote +signals": 0.75,
        "vote +signals +rationales": 0.77,
    }
    cv = _cv(means, {}, VOTE)
    assert script.challenger(cv) == "vote +signals +rationales"
    assert script.kept(cv) == "vote +signals"


def test_a_gain_the_paired_interval_cannot_resolve_scores_no_test_row(script):
    better = Y.copy()
    better[[0]] = "non-biased"  # one miss, where the kept model has two
    worse = Y.copy()
    worse[[0, 1]] = ["non-biased", "biased"]
    means = {"vote +signals": 0.75, "vote +signals +rationales": 0.76}
    cv = _cv(means, {"vote +signals +rationales": better, "vote +signals": worse}, VOTE)
    with pytest.raises(NotChosen, match="interval reaches 0"):
        script.decide(cv, Y, GROUPS, "macro_f1")


def test_a_clear_gain_chosen_by_cv_goes_on_to_the_test_split(script):
    worse = Y.copy()
    worse[:12] = np.where(Y[:12] == "biased", "non-biased", "biased")  # 12 of 40 wrong
    means = {"vote +signals": 0.70, "vote +signals +rationales": 0.95}
    cv = _cv(means, {"vote +signals +rationales": Y.copy(), "vote +signals": worse}, VOTE)
    comparison = script.decide(cv, Y, GROUPS, "macro_f1")
    assert comparison["challenger"] == "vote +signals +rationales"
    assert comparison["pooled_difference"]["ci_low"] > 0
