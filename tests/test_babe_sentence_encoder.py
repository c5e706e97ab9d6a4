"""What ``benchmarks/babe_sentence_encoder.py`` compares (BABE's best candidate with the pretrained sentence encoder
against the best without it, in CV on train) and the rule it fixed before scoring the test split again."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks.challenger import NotChosen
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _candidates


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("babe_sentence_encoder")


def test_the_candidates_are_the_documented_ones_with_and_without_the_encoder(script):
    s = script.SETTINGS
    # the page's BABE entry came from these settings until the fine-tuned member (test_babe_fine_tuned.py)
    later = ("models", "use_dense", "fine_tune", "use_rationales", "n_jobs")
    documented = DOCUMENTED_SETTINGS["babe-bias"]
    assert {k: v for k, v in s.items() if k not in later} == {
        k: v for k, v in documented.items() if k not in later
    }
    assert s["fine_tune"] is False
    options = _candidates(
        s["models"],
        {},
        s["use_signals"],
        ("balanced",),
        s["use_dense"],
        s["use_rationales"],
        s["dense_block"],
    )
    assert [c.name for c in options] == [
        "nb +signals",
        "nb +signals +rationales",
        "vote +signals",
        "vote +signals +rationales",
        "vote +signals +minilm",
        "vote +signals +minilm +rationales",
    ]


Y = np.array(["biased", "non-biased"] * 20, dtype=object)
GROUPS = np.arange(40).astype(object)
CHOSEN = Candidate("vote", None, True, dense=True, rationales=True, dense_name="minilm")


def _cv(means: dict[str, float], decisions: dict[str, np.ndarray]) -> dict:
    return {
        "candidates": {
            name: {"mean": m, "fold_scores": [m, m], "fit_seconds": 1.0, "dense": "+minilm" in name}
            for name, m in means.items()
        },
        "chosen": CHOSEN,
        "oof": {"rows": np.arange(40), "decisions": decisions},
    }


def test_a_gain_the_paired_interval_cannot_resolve_scores_no_test_row(script):
    better, worse = Y.copy(), Y.copy()
    better[[0]] = "non-biased"  # one miss, where the kept model has two
    worse[[0, 1]] = ["non-biased", "biased"]
    means = {"vote +signals +rationales": 0.75, "vote +signals +minilm +rationales": 0.76}
    cv = _cv(means, {"vote +signals +minilm +rationales": better, "vote +signals +rationales": worse})
    assert (script.challenger(cv), script.kept(cv)) == (CHOSEN.name, "vote +signals +rationales")
    with pytest.raises(NotChosen, match="interval reaches 0"):
        script.decide(cv, Y, GROUPS)


def test_a_clear_gain_chosen_by_cv_goes_on_to_the_test_split(script):
    worse = Y.copy()
    worse[:12] = np.where(Y[:12] == "biased", "non-biased", "biased")  # 12 of 40 wrong
    means = {"vote +signals +rationales": 0.70, "vote +signals +minilm +rationales": 0.95}
    cv = _cv(means, {"vote +signals +minilm +rationales": Y.copy(), "vote +signals +rationales": worse})
    comparison = script.decide(cv, Y, GROUPS)
    assert comparison["challenger"] == CHOSEN.name and comparison["pooled_difference"]["ci_low"] > 0
