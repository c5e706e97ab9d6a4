"""Decision weights for the data's class mix (framing.models.decisions.class_mix_factors) and the nested check
``benchmarks/fnc_decision_weights.py`` makes before FNC-1's test split may be scored."""

from __future__ import annotations

import numpy as np
import pytest

from framing.benchmarks.challenger import NotChosen
from framing.benchmarks.metrics import metric_values
from framing.models.decisions import class_mix_factors

LABELS = ["agree", "disagree", "discuss", "unrelated"]


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("fnc_decision_weights")


def test_mix_factors_weight_the_tested_rows_back_to_all_rows_by_hand():
    y = np.array(["unrelated"] * 6 + ["agree"] * 2 + ["discuss"] * 2, dtype=object)
    tested = np.array([0, 6, 7, 8, 9])  # one unrelated of six, every related row
    factors = class_mix_factors(y, tested, LABELS)
    # unrelated: 6/10 of all rows, 1/5 of the tested ones; agree and discuss: 2/10 against 2/5
    assert factors.tolist() == pytest.approx([0.5, 1.0, 0.5, 3.0])  # disagree untested: 1
    assert class_mix_factors(y, np.arange(10), LABELS).tolist() == [1.0] * 4


def test_nested_weights_of_a_fold_never_see_its_own_pairs(script):
    rng = np.random.default_rng(0)
    y = np.asarray(LABELS, dtype=object)[rng.integers(0, 4, 90)]
    proba = rng.dirichlet(np.ones(4), 90)
    folds = [(np.setdiff1d(np.arange(90), te), te) for te in np.array_split(np.arange(90), 3)]
    rows = np.arange(90)
    decided, weights = script.nested_decisions(proba, y, folds, rows, LABELS)
    changed = proba.copy()
    changed[:30] = rng.dirichlet(np.ones(4), 30)  # fold 1's own pairs
    _, again = script.nested_decisions(changed, y, folds, rows, LABELS)
    assert again[0] == weights[0] and (decided >= 0).all()


def test_scores_at_the_data_mix_by_hand(script):
    y = np.array(["unrelated"] * 6 + ["agree"] * 4, dtype=object)
    rows = np.array([0, 1, 6, 7, 8, 9])  # tested: 2 unrelated (of 6), 4 agree
    right = np.array([3] * 6 + [0] * 4)
    wrong_unrelated = right.copy()
    wrong_unrelated[1] = 0  # one tested unrelated pair called agree
    out = script.at_data_mix(y, np.arange(10).astype(object), rows, right, wrong_unrelated, LABELS, n_boot=50)
    # unrelated rows weigh (6/10) / (2/6) = 1.8, agree rows (4/10) / (4/6) = 0.6
    cm = np.zeros((4, 4))
    cm[3, 3], cm[3, 0], cm[0, 0] = 1.8, 1.8, 4 * 0.6
    assert out["kept"] == pytest.approx(float(metric_values("fnc_score", cm, LABELS)))
    assert out["challenger"] == pytest.approx(1.0) and out["difference"]["value"] > 0


def test_the_run_stops_unless_the_fourth_revisions_model_is_kept(script):
    from types import SimpleNamespace

    with pytest.raises(NotChosen, match="not mlp_uclmr C=1"):
        script.decide({"chosen": SimpleNamespace(name="sgd C=0.1 n-grams only")}, data=None)
