"""NBSVM (framing.models.nbsvm): the log-count ratio, the logistic regression it scales, interpolation, saving."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MinMaxScaler

from framing.benchmarks.selection import Candidate, _candidates, _variant
from framing.models.nbsvm import NBSVMClassifier, log_count_ratio
from framing.models.persistence import load_model, save_model
from framing.models.pipeline import build_pipeline

# Feature values other than 1 (TF-IDF-like): the model must only see presence.
X = sp.csr_matrix(np.array([[0.5, 0, 2.0], [0, 0.3, 0], [1.0, 0.7, 0], [0, 0.2, 0.4], [0.9, 0, 0]]))
PRESENT = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 1, 1], [1, 0, 0]], dtype=float)
Y = np.array(["biased", "neutral", "biased", "neutral", "neutral"], dtype=object)

rng = np.random.default_rng(3)
X3 = sp.random(90, 25, density=0.25, random_state=4, format="csr")
Y3 = np.array(["left", "center", "right"], dtype=object)[rng.integers(0, 3, 90)]


def test_log_count_ratio_is_wang_and_mannings_by_hand():
    # classes_ = [biased, neutral]: neutral (rows 1, 3, 4) is the positive class of the binary model
    # p = 1 + counts in neutral rows = [2, 3, 2], |p| = 7; q = 1 + counts in biased rows = [3, 2, 2], |q| = 7
    expected = np.log(np.array([2, 3, 2]) / 7) - np.log(np.array([3, 2, 2]) / 7)
    model = NBSVMClassifier().fit(X, Y)
    assert list(model.classes_) == ["biased", "neutral"]
    assert np.allclose(model.ratios_, [expected])
    assert np.allclose(log_count_ratio(sp.csr_matrix(PRESENT), Y == "neutral", 1.0), expected)
    # alpha 0.5: p = [1.5, 2.5, 1.5] / 5.5, q = [2.5, 1.5, 1.5] / 5.5
    half = NBSVMClassifier(alpha=0.5).fit(X, Y).ratios_[0]
    assert np.allclose(half, np.log([1.5 / 2.5, 2.5 / 1.5, 1.0]))


def test_it_is_logistic_regression_on_presence_scaled_by_the_ratio():
    model = NBSVMClassifier(C=0.7).fit(X3, Y3 == "left")
    present = (X3 > 0).astype(float)
    r = log_count_ratio(present, Y3 == "left", 1.0)
    plain = LogisticRegression(C=0.7, class_weight="balanced", solver="liblinear", random_state=0)
    plain.fit(present.multiply(r).tocsr(), Y3 == "left")
    assert np.allclose(model.decision_function(X3), plain.decision_function(present.multiply(r).tocsr()))
    assert np.allclose(model.predict_proba(X3), plain.predict_proba(present.multiply(r).tocsr()))
    # a ratio of 1 everywhere would make it plain logistic regression on presence; ours is not all ones
    assert not np.allclose(r, 1)


def test_interpolation_moves_the_weights_towards_their_mean_magnitude():
    full = NBSVMClassifier(beta=1.0).fit(X3, Y3)
    mixed = NBSVMClassifier(beta=0.25).fit(X3, Y3)
    for w, w_mixed in zip(full.coef_, mixed.coef_, strict=True):
        assert np.allclose(w_mixed, 0.75 * np.abs(w).mean() + 0.25 * w)
    assert np.array_equal(full.intercept_, mixed.intercept_)
    assert not np.allclose(full.predict_proba(X3), mixed.predict_proba(X3))


def test_more_classes_fit_one_ratio_and_model_per_class_with_probabilities_summing_to_one():
    model = NBSVMClassifier(C=0.5).fit(X3, Y3)
    assert list(model.classes_) == ["center", "left", "right"]
    present = (X3 > 0).astype(float)
    for k, label in enumerate(model.classes_):
        assert np.allclose(model.ratios_[k], log_count_ratio(present, Y3 == label, 1.0))
    proba = model.predict_proba(X3)
    assert proba.shape == (90, 3)
    assert np.allclose(proba.sum(axis=1), 1)
    assert list(model.predict(X3)) == list(model.classes_[proba.argmax(axis=1)])
    # the classes are separable enough on their training rows to beat the majority share
    assert (model.predict(X3) == Y3).mean() > max(np.mean(Y3 == c) for c in model.classes_)


def test_deterministic_and_params_stored_verbatim():
    params = {"C": 0.3, "alpha": 0.5, "beta": 0.25, "class_weight": None, "max_iter": 50, "random_state": 7}
    model = NBSVMClassifier(**params)
    assert clone(model).get_params() == model.get_params() == params
    one, two = clone(model).fit(X3, Y3), clone(model).fit(X3, Y3)
    assert np.array_equal(one.coef_, two.coef_)


@pytest.mark.parametrize(
    ("params", "data", "message"),
    [
        ({"C": 0}, (X, Y), "C must"),
        ({"alpha": -1.0}, (X, Y), "alpha must"),
        ({"beta": 0.0}, (X, Y), "beta must"),
        ({"beta": 1.5}, (X, Y), "beta must"),
        ({"C": True}, (X, Y), "C must"),
        ({"class_weight": {"biased": 2.0}}, (X, Y), "class_weight"),
        ({}, (-X, Y), "non-negative"),
        ({}, (X, np.array(["a"] * 5, dtype=object)), "two classes"),
    ],
)
def test_bad_parameters_and_inputs_are_refused_at_fit(params, data, message):
    model = NBSVMClassifier(**params)
    with pytest.raises(ValueError, match=message):
        model.fit(*data)


def test_the_pipeline_scales_signals_into_0_1_and_offers_no_dense_block():
    pipeline = build_pipeline("nbsvm", C=0.3)
    assert isinstance(pipeline[-1], NBSVMClassifier) and pipeline[-1].C == 0.3
    assert isinstance(pipeline[0].transformer_list[0][1].named_steps["scale"], MinMaxScaler)
    options = _candidates(["nbsvm"], {"nbsvm": (0.1, 1.0)}, "cv", ("balanced", None), use_dense="cv")
    assert not any(c.dense for c in options)
    assert {c.balanced for c in options} == {True, False}
    assert _variant(Candidate("nbsvm", 1.0, True)) == ("minmax", False, False)


def test_saved_model_loads_without_extra_trust_and_predicts_the_same(tmp_path):
    words = {"slammed": "biased", "radical": "biased", "said": "neutral", "reported": "neutral"}
    texts = [f"the senator {word} the plan on day {day}" for word in words for day in range(10)]
    labels = np.array([words[word] for word in words for _ in range(10)], dtype=object)
    pipeline = build_pipeline("nbsvm").fit(texts, labels)
    path = save_model(pipeline, tmp_path / "nbsvm.skops", metadata={"labels": ["biased", "neutral"]})
    loaded, _ = load_model(path)
    assert np.array_equal(loaded.predict_proba(texts), pipeline.predict_proba(texts))
    assert list(loaded.predict(["the senator slammed it", "the senator reported it"])) == [
        "biased",
        "neutral",
    ]
