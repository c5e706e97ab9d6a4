"""The comparison ``benchmarks/fnc_topic_similarity.py`` makes: the kept model's CV on its own features against
the same network's CV with the topic cosines, merged and paired on the rows both tested."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks import fnc_score


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("fnc_topic_similarity")


def _cv(script, name_scores, decisions, rows):
    """One run of ``cross_validate`` with the single candidate the script gives it."""
    return {
        "candidates": {
            script.MODEL.name: {
                "fold_scores": name_scores,
                "mean": float(np.mean(name_scores)),
                "fit_seconds": 1.0,
            }
        },
        "oof": {"rows": rows, "decisions": {script.MODEL.name: decisions}},
    }


Y = np.array(["agree", "unrelated", "discuss", "unrelated", "disagree", "agree"] * 4, dtype=object)
GROUPS = np.repeat(np.arange(12), 2).astype(object)
ROWS = np.arange(20)  # the last 4 pairs were tested in no fold


def test_compare_merges_two_runs_and_chooses_by_the_fold_mean(script):
    topics = Y.copy()
    topics[[0, 22]] = "unrelated"  # one related pair missed, and an error on an untested row
    kept = Y.copy()
    kept[[0, 2, 4]] = "unrelated"  # three missed
    out = script.compare(
        _cv(script, [0.7, 0.7, 0.8], kept, ROWS), _cv(script, [0.8, 0.7, 0.9], topics, ROWS), Y, GROUPS
    )
    assert out["chosen"] == script.CHALLENGER != script.KEPT
    assert out["fold_differences"] == pytest.approx([0.1, 0.0, 0.1])
    assert out["pooled"][script.CHALLENGER] == pytest.approx(fnc_score(Y[ROWS], topics[ROWS]))
    assert out["pooled"][script.KEPT] == pytest.approx(fnc_score(Y[ROWS], kept[ROWS]))
    difference = out["pooled_difference"]
    assert difference["value"] > 0 and 0 <= difference["ci_low"] <= difference["ci_high"]


def test_compare_keeps_the_old_model_on_a_tie_or_a_loss_and_refuses_other_folds(script):
    decisions = Y.copy()
    tie = script.compare(
        _cv(script, [0.7, 0.8, 0.9], decisions, ROWS),
        _cv(script, [0.9, 0.8, 0.7], decisions, ROWS),
        Y,
        GROUPS,
    )
    assert tie["chosen"] == script.KEPT and tie["mean_difference"] == pytest.approx(0)
    assert tie["pooled_difference"]["value"] == 0
    loss = script.compare(
        _cv(script, [0.7, 0.8, 0.9], decisions, ROWS),
        _cv(script, [0.7, 0.8, 0.8], decisions, ROWS),
        Y,
        GROUPS,
    )
    assert loss["chosen"] == script.KEPT
    with pytest.raises(ValueError, match="different rows"):
        script.compare(
            _cv(script, [0.7] * 3, decisions, ROWS), _cv(script, [0.9] * 3, decisions, ROWS[:-1]), Y, GROUPS
        )


def test_the_challenger_differs_from_the_kept_settings_only_in_its_pair_variant(script):
    from framing.benchmarks.run import DOCUMENTED_SETTINGS

    kept = DOCUMENTED_SETTINGS["fnc1-stance"]
    assert kept["pair_variant"] == script.KEPT_SETTINGS["pair_variant"] == "uclmr_similarity"
    assert script.SETTINGS["pair_variant"] == "uclmr_topics"
    assert {k: v for k, v in script.SETTINGS.items() if k != "pair_variant"} == {
        **{k: v for k, v in kept.items() if k != "pair_variant"},
        "models": ("mlp_uclmr",),
        "c_grid": {"mlp_uclmr": (1.0,)},
        "tune_weights": False,  # as run, before the seventh revision
        "use_dense": False,  # and before the tenth
    }
    # the documented model, chosen in the fourth revision
    assert script.MODEL.name == "mlp_uclmr C=1 n-grams only"
