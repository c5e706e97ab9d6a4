"""What ``benchmarks/babe_fine_tuned.py`` compares (the kept BABE vote with its encoder member frozen against the same
vote with that member fine-tuned, in CV on train), the rule it fixed before scoring the test split again, and how a
fine-tuned member enters the candidates and the pipeline."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks.challenger import NotChosen
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _candidates, _vote_members
from framing.errors import InputError
from framing.models.encoders import SentenceEncoder
from framing.models.pipeline import build_pipeline


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("babe_fine_tuned")


def _options(s: dict) -> list[Candidate]:
    return _candidates(
        s["models"], {}, s["use_signals"], ("balanced",), s["use_dense"], s["use_rationales"], s["dense_block"],
        s["fine_tune"],
    )  # fmt: skip


def test_the_candidates_are_the_kept_vote_with_its_encoder_frozen_or_fine_tuned(script):
    s = script.SETTINGS
    # the page's BABE entry came from these settings, so they are the documented ones
    assert {k: v for k, v in s.items() if k != "n_jobs"} == DOCUMENTED_SETTINGS["babe-bias"]
    frozen, tuned = _options(s)
    assert (frozen.name, tuned.name) == (
        "vote +signals +minilm +rationales",
        "vote +signals +minilm-finetuned +rationales",
    )
    # the same five members (the last: logistic regression on the embeddings); fine-tuning adds the encoder itself
    kinds = [[variant[0] for _, variant in _vote_members(c)] for c in (frozen, tuned)]
    assert kinds[1] == [*kinds[0], "text"] and kinds[0][-1] == "dense"
    assert [m.fine_tune for m, _ in _vote_members(tuned)] == [False] * 5 + [True]


def test_only_a_vote_with_a_sentence_encoder_fine_tunes():
    names = [c.name for c in _candidates(("nb", "logreg", "vote"), [1.0], True, ("balanced",), True, False,
                                         "minilm", True)]  # fmt: skip
    assert names == ["nb +signals", "logreg C=1 +signals +minilm", "vote +signals +minilm-finetuned"]
    with pytest.raises(InputError, match="fine_tune needs a sentence encoder"):
        _candidates(("vote",), [1.0], True, ("balanced",), True, False, "lsa", True)
    with pytest.raises(ValueError, match="fine_tune needs a vote"):
        build_pipeline("logreg", dense=SentenceEncoder(), fine_tune=True)
    with pytest.raises(ValueError, match="fine_tune needs a vote"):
        build_pipeline("vote", fine_tune=True)
    vote = build_pipeline(
        "vote", dense=SentenceEncoder(), fine_tune=True, use_rationales=True, random_state=5
    )
    assert [name for name, _ in vote[-1].estimators][-2:] == ["logreg_dense", "finetuned_dense"]
    name, member = vote[-1].estimators[-1]
    assert name == "finetuned_dense" and [step for step, _ in member.steps] == ["column", "model"]
    assert member[-1].get_params()["random_state"] == 5 and member[-1].encoder == "all-MiniLM-L6-v2"


Y = np.array(["biased", "non-biased"] * 20, dtype=object)
GROUPS = np.arange(40).astype(object)
FROZEN, TUNED = "vote +signals +minilm +rationales", "vote +signals +minilm-finetuned +rationales"


def _cv(means: dict[str, float], decisions: dict[str, np.ndarray]) -> dict:
    return {
        "candidates": {
            name: {"mean": m, "fold_scores": [m, m], "fit_seconds": 1.0, "fine_tune": "finetuned" in name}
            for name, m in means.items()
        },
        "chosen": Candidate(
            "vote", None, True, dense=True, rationales=True, dense_name="minilm", fine_tune=True
        ),
        "oof": {"rows": np.arange(40), "decisions": decisions},
    }


def test_a_gain_the_paired_interval_cannot_resolve_scores_no_test_row(script):
    better, worse = Y.copy(), Y.copy()
    better[[0]] = "non-biased"  # one miss, where the kept model has two
    worse[[0, 1]] = ["non-biased", "biased"]
    cv = _cv({FROZEN: 0.78, TUNED: 0.79}, {TUNED: better, FROZEN: worse})
    assert (script.challenger(cv), script.kept(cv)) == (TUNED, FROZEN)
    with pytest.raises(NotChosen, match="interval reaches 0"):
        script.decide(cv, Y, GROUPS)


def test_a_clear_gain_chosen_by_cv_goes_on_to_the_test_split(script):
    worse = Y.copy()
    worse[:12] = np.where(Y[:12] == "biased", "non-biased", "biased")  # 12 of 40 wrong
    cv = _cv({FROZEN: 0.70, TUNED: 0.95}, {TUNED: Y.copy(), FROZEN: worse})
    comparison = script.decide(cv, Y, GROUPS)
    assert comparison["challenger"] == TUNED and comparison["pooled_difference"]["ci_low"] > 0
