"""``benchmarks/fnc_sentence_encoder.py``: its two candidates are the documented stack with and without the encoder's
cosine, looked up by name after a long CV, under the two-condition rule."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks.challenger import NotChosen
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.benchmarks.selection import Candidate, _candidates


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("fnc_sentence_encoder")


def test_the_candidates_are_the_documented_stack_with_and_without_the_encoder(script):
    s = script.SETTINGS
    names = [
        c.name
        for c in _candidates(
            s["models"], s["c_grid"], s["use_signals"], ("balanced",), s["use_dense"], False, s["dense_block"]
        )
    ]
    assert names == [script.KEPT, script.CHALLENGER]
    # the page's FNC-1 entry came from this run, so its settings are the documented ones
    assert s == DOCUMENTED_SETTINGS["fnc1-stance"]


def test_the_rule_needs_the_paired_interval_above_zero(script):
    y = np.array(["agree", "discuss", "unrelated", "unrelated"] * 15, dtype=object)
    groups = np.arange(len(y)).astype(object)
    worse = y.copy()
    worse[:2] = ["discuss", "agree"]
    chosen = Candidate("mlp_uclmr_stack", 1.0, False, dense=True, dense_name="minilm")
    cv = {
        "candidates": {
            name: {"mean": m, "fold_scores": [m, m], "fit_seconds": 1.0}
            for name, m in ((script.KEPT, 0.78), (script.CHALLENGER, 0.79))
        },
        "chosen": chosen,
        "oof": {"rows": np.arange(len(y)), "decisions": {script.CHALLENGER: y.copy(), script.KEPT: worse}},
    }
    with pytest.raises(NotChosen, match="interval reaches 0"):  # two pairs are too few to resolve
        script.decide(cv, y, groups)
