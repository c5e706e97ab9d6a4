"""Seed ensembles (framing.models.ensemble): averaged probabilities, seeds, determinism, skops round trip."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.neural_network import MLPClassifier

from framing.models.ensemble import SeedEnsembleClassifier
from framing.models.persistence import load_model, save_model
from framing.models.pipeline import UCLMR_ENSEMBLE_MEMBERS, build_pipeline, classifier

X, Y = make_classification(n_samples=240, n_features=12, n_informative=6, n_classes=3, random_state=1)
Y = np.array(["agree", "discuss", "unrelated"], dtype=object)[Y]


def mlp(**params) -> MLPClassifier:
    # few iterations: the tests compare fits, they need no converged network
    return MLPClassifier(hidden_layer_sizes=(8,), max_iter=30, **params)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_probabilities_are_the_mean_of_members_seeded_in_turn():
    ensemble = SeedEnsembleClassifier(mlp(), n_members=3, random_state=7).fit(X, Y)
    assert [m.random_state for m in ensemble.estimators_] == [7, 8, 9]
    members = [m.predict_proba(X) for m in ensemble.estimators_]
    assert np.array_equal(ensemble.predict_proba(X), np.mean(members, axis=0))
    # the members differ, so the mean is not any one of them
    assert not np.allclose(members[0], members[1])
    # each member is the estimator as it is trained alone with that seed
    for seed, proba in zip((7, 8, 9), members, strict=True):
        assert np.array_equal(mlp(random_state=seed).fit(X, Y).predict_proba(X), proba)
    assert list(ensemble.classes_) == ["agree", "discuss", "unrelated"]
    mean = np.mean(members, axis=0)
    assert list(ensemble.predict(X)) == list(ensemble.classes_[mean.argmax(axis=1)])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_deterministic_for_a_seed_and_in_parallel():
    one = SeedEnsembleClassifier(mlp(), n_members=2, random_state=0).fit(X, Y).predict_proba(X)
    again = SeedEnsembleClassifier(mlp(), n_members=2, random_state=0, n_jobs=2).fit(X, Y).predict_proba(X)
    other = SeedEnsembleClassifier(mlp(), n_members=2, random_state=5).fit(X, Y).predict_proba(X)
    assert np.array_equal(one, again)
    assert not np.allclose(one, other)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"n_members": 0}, "n_members"),
        ({"n_members": 2.0}, "n_members"),
        ({"n_members": True}, "n_members"),
        ({"random_state": np.random.RandomState(0)}, "random_state"),
        ({"random_state": 1.5}, "random_state"),
    ],
)
def test_bad_parameters_are_refused_at_fit(params, message):
    ensemble = SeedEnsembleClassifier(mlp(), **params)  # stored verbatim, checked at fit
    with pytest.raises(ValueError, match=message):
        ensemble.fit(X, Y)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_uclmr_ensemble_starts_from_the_single_model():
    ensemble = classifier("mlp_uclmr_ensemble", C=2.0, random_state=3)
    single = classifier("mlp_uclmr", C=2.0, random_state=3)
    assert ensemble.n_members == UCLMR_ENSEMBLE_MEMBERS >= 3
    assert ensemble.random_state == 3
    assert ensemble.estimator.get_params() == single.get_params()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_saved_ensemble_loads_without_extra_trust_and_predicts_the_same(tmp_path):
    verbs = {"backed": "for", "attacked": "against", "praised": "for", "doubted": "against"}
    texts = [f"the senator {verb} the plan on day {day}" for verb in verbs for day in range(15)]
    labels = np.array([verbs[verb] for verb in verbs for _ in range(15)], dtype=object)
    pipeline = build_pipeline("mlp_uclmr_ensemble", use_signals=False).fit(texts, labels)
    members = pipeline[-1].estimators_
    assert len(members) == UCLMR_ENSEMBLE_MEMBERS
    # Adam's state is dropped from the members: it would triple the saved weights
    assert not any(hasattr(m, "_optimizer") for m in members)
    path = save_model(pipeline, tmp_path / "ensemble.skops", metadata={"labels": ["against", "for"]})
    loaded, _ = load_model(path)
    assert np.array_equal(loaded.predict_proba(texts), pipeline.predict_proba(texts))
    assert list(loaded.predict(texts)) == list(pipeline.predict(texts))
