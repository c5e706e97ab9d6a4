"""``benchmarks/fnc_stacking.py``: its challenger run compares candidates the documented FNC-1 settings make."""

from __future__ import annotations

from framing.benchmarks.selection import _candidates


def test_the_challenger_and_the_kept_model_are_documented_candidates(benchmark_script):
    script = benchmark_script("fnc_stacking")
    settings = script.SETTINGS
    names = [
        c.name
        for c in _candidates(settings["models"], settings["c_grid"], settings["use_signals"], ("balanced",))
    ]
    # after a CV of about 13 minutes the rule looks both up by name: a renamed candidate must fail here
    assert script.STACK in names and script.KEPT in names
    assert settings["pair_variant"] == "uclmr_similarity" and settings["folds"] == 3
