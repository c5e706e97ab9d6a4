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
    out = script.at_data_mix(y, np.arange(10).astype(object), rows, right, wrong_unrelated, LABELS)
    # unrelated rows weigh (6/10) / (2/6) = 1.8, agree rows (4/10) / (4/6) = 0.6
    cm = np.zeros((4, 4))
    cm[3, 3], cm[3, 0], cm[0, 0] = 1.8, 1.8, 4 * 0.6
    assert out["kept"] == pytest.approx(float(metric_values("fnc_score", cm, LABELS)))
    assert out["challenger"] == pytest.approx(1.0) and out["difference"]["value"] > 0


def test_the_run_stops_unless_the_fourth_revisions_model_is_kept(script):
    from types import SimpleNamespace

    with pytest.raises(NotChosen, match="not mlp_uclmr C=1"):
        script.decide({"chosen": SimpleNamespace(name="sgd C=0.1 n-grams only")}, data=None)


@pytest.mark.parametrize("where", ["benchmark", "train"])
def test_weights_are_tuned_at_the_class_mix_of_all_rows_when_folds_test_only_some(
    where, story_data, monkeypatch
):
    """Pair folds leave many unrelated pairs untested: the score the weights are tuned on counts the tested
    rows of each class as often as that class occurs in all rows (``framing benchmark`` and ``framing train``)."""
    from framing.benchmarks import selection as bench_selection
    from framing.models import selection as model_selection
    from framing.models.metrics import encode

    data = story_data(n_stories=9)
    seen = []
    module = bench_selection if where == "benchmark" else model_selection
    original = module._tune_weights if where == "benchmark" else module.tune_weights

    def spy(codes, proba, score, **kwargs):
        seen.append((codes, score))
        return original(codes, proba, score, **kwargs)

    monkeypatch.setattr(module, "_tune_weights" if where == "benchmark" else "tune_weights", spy)
    if where == "benchmark":
        options = bench_selection._candidates(("sgd",), {"sgd": (0.1,)}, False, ("balanced",))
        cv = bench_selection.cross_validate(
            data,
            options,
            metric="macro_f1",
            folds=3,
            random_state=0,
            pair_variant="similarity",
            tune_weights=True,
        )
        rows = cv["oof"]["rows"]
    else:
        result = model_selection.train(data, models=("sgd",), folds=3, decision="tuned", n_boot=20)
        rows = result.oof_rows
    assert 0 < len(rows) < len(data)
    codes, score = seen[0]
    labels = list(data.labels)
    factors = class_mix_factors(data.y, rows, labels)
    assert factors[labels.index("unrelated")] > 1  # unrelated pairs are under-tested
    assert np.array_equal(codes, encode(data.y[rows], labels, "y"))
    cm = np.diag([3.0, 2.0, 5.0])  # each class right; then one unrelated pair called agree
    cm[labels.index("unrelated"), labels.index("agree")] = 1
    unweighted = float(metric_values("macro_f1", cm, labels))
    assert score(cm) == pytest.approx(float(metric_values("macro_f1", cm * factors[:, None], labels)))
    assert score(cm) != pytest.approx(unweighted)
