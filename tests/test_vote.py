"""Soft votes (framing.models.ensemble.SoftVoteClassifier, --model vote / vote_rank): the combination by
hand, seeding, validation, the pipelines it votes, the benchmark's cached-fold form and the saved model."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.svm import LinearSVC

from framing.benchmarks import selection as bench_selection
from framing.benchmarks.selection import Candidate
from framing.models.data import LabelledData
from framing.models.dense import fit_space
from framing.models.ensemble import SoftVoteClassifier, combine_probabilities
from framing.models.persistence import load_model, save_model
from framing.models.pipeline import VOTE_DENSE_MEMBER, VOTE_MEMBERS, VOTE_MODELS, build_pipeline, classifier

X, Y = make_classification(n_samples=200, n_features=10, n_informative=5, random_state=2)
Y = np.array(["biased", "non-biased"], dtype=object)[Y]


def members():
    return [
        ("lr", LogisticRegression(C=0.5, random_state=3)),
        ("nb", GaussianNB()),
        ("sgd", SGDClassifier(loss="log_loss", random_state=3)),
    ]


def test_proba_is_the_mean_and_rank_the_mean_mid_rank_by_hand():
    a = np.array([[0.9, 0.1], [0.6, 0.4]])
    b = np.array([[0.55, 0.45], [0.51, 0.49]])
    assert np.allclose(combine_probabilities([a, b]), [[0.725, 0.275], [0.555, 0.445]])
    # references: each member's training probabilities, sorted per column
    ref_a = np.sort(np.array([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8], [0.6, 0.4]]), axis=0)
    ref_b = np.sort(np.array([[0.55, 0.45], [0.51, 0.49], [0.5, 0.5], [0.3, 0.7]]), axis=0)
    # mid-rank = (reference values below + those at or below) / (2 x 4)
    # a: 0.9 ties the top of column 0 -> (3 + 4) / 8; 0.6 ties two with one below -> (1 + 3) / 8;
    #    0.1 ties the bottom of column 1 -> (0 + 1) / 8; 0.4 -> (1 + 3) / 8
    # b: 0.55 -> (3 + 4) / 8; 0.51 -> (2 + 3) / 8; 0.45 -> (0 + 1) / 8; 0.49 -> (1 + 2) / 8
    rank_a = np.array([[7 / 8, 1 / 8], [0.5, 0.5]])
    rank_b = np.array([[7 / 8, 1 / 8], [5 / 8, 3 / 8]])
    mean = (rank_a + rank_b) / 2
    expected = mean / mean.sum(axis=1, keepdims=True)
    assert np.allclose(combine_probabilities([a, b], "rank", [ref_a, ref_b]), expected)


def test_rank_ignores_each_members_scale():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=(30, 1))
    a, b = np.hstack([p, 1 - p]), np.hstack([p**3, 1 - p**3])  # b: the same order, squeezed towards 0
    ref = rng.uniform(size=(50, 1))
    refs_a = np.sort(np.hstack([ref, 1 - ref]), axis=0)
    refs_b = np.sort(np.hstack([ref**3, 1 - ref**3]), axis=0)
    by_rank = combine_probabilities([a, b], "rank", [refs_a, refs_b])
    assert np.allclose(by_rank, combine_probabilities([a, a], "rank", [refs_a, refs_a]))
    assert by_rank.shape == (30, 2) and np.allclose(by_rank.sum(axis=1), 1)
    # the mean of probabilities does depend on the scale
    assert not np.allclose(combine_probabilities([a, b]), combine_probabilities([a, a]))


def test_vote_is_the_mean_of_members_trained_alone_with_its_seed():
    vote = SoftVoteClassifier(members(), random_state=7).fit(X, Y)
    assert [m.random_state for m in (vote.estimators_[0], vote.estimators_[2])] == [7, 7]
    alone = [
        clone(est).set_params(**({"random_state": 7} if "random_state" in est.get_params() else {}))
        for _, est in members()
    ]
    probas = [est.fit(X, Y).predict_proba(X) for est in alone]
    assert np.array_equal(vote.predict_proba(X), np.mean(probas, axis=0))
    assert np.array_equal(vote.member_probabilities(X)[1], probas[1])
    assert list(vote.classes_) == ["biased", "non-biased"]
    assert list(vote.predict(X)) == list(vote.classes_[np.mean(probas, axis=0).argmax(axis=1)])
    # the members disagree somewhere, so the vote is none of them
    assert not any(np.allclose(vote.predict_proba(X), p) for p in probas)
    # the estimators given are left unfitted and unseeded
    assert members()[0][1].random_state == 3 and not hasattr(vote.estimators[0][1], "coef_")


def test_nested_seeds_are_set_and_none_keeps_the_members_own():
    calibrated = build_pipeline("linear_svm", use_signals=False, random_state=1)
    vote = SoftVoteClassifier([("svm", calibrated)], random_state=5)
    texts = [f"word{i % 7} other{i % 3} text" for i in range(40)]
    labels = np.array(["a", "b"] * 20, dtype=object)
    vote.fit(texts, labels)
    assert vote.estimators_[0].get_params()["model__estimator__random_state"] == 5
    kept = SoftVoteClassifier([("svm", calibrated)], random_state=None).fit(texts, labels)
    assert kept.estimators_[0].get_params()["model__estimator__random_state"] == 1


def test_rank_vote_keeps_each_members_training_scores_and_the_members_order():
    vote = SoftVoteClassifier(members(), combine="rank", random_state=0).fit(X, Y)
    assert len(vote.references_) == 3
    for member, reference in zip(vote.estimators_, vote.references_, strict=True):
        assert np.array_equal(reference, np.sort(member.predict_proba(X), axis=0))
    single = SoftVoteClassifier([members()[0]], combine="rank").fit(X, Y)
    alone = single.estimators_[0].predict_proba(X)[:, 1]
    ranked = single.predict_proba(X)[:, 1]
    # one member: its ranks keep its order of the rows
    order = np.argsort(alone, kind="stable")
    assert np.all(np.diff(ranked[order]) >= -1e-12)
    assert not np.allclose(ranked, alone)
    assert np.allclose(vote.predict_proba(X).sum(axis=1), 1)


def test_deterministic_for_a_seed_and_in_parallel():
    one = SoftVoteClassifier(members(), random_state=0).fit(X, Y).predict_proba(X)
    again = SoftVoteClassifier(members(), random_state=0, n_jobs=2).fit(X, Y).predict_proba(X)
    other = SoftVoteClassifier(members(), random_state=9).fit(X, Y).predict_proba(X)
    assert np.array_equal(one, again)
    assert not np.allclose(one, other)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"estimators": []}, "non-empty"),
        ({"estimators": [LogisticRegression()]}, "pairs"),
        ({"estimators": [("a", LogisticRegression()), ("a", GaussianNB())]}, "unique"),
        ({"estimators": [("svm", LinearSVC())]}, "predict_proba"),
        ({"combine": "median"}, "combine"),
        ({"random_state": 1.5}, "random_state"),
        ({"random_state": np.random.RandomState(0)}, "random_state"),
    ],
)
def test_bad_parameters_are_refused_at_fit(params, message):
    vote = SoftVoteClassifier(**{"estimators": members(), **params})  # stored verbatim, checked at fit
    assert vote.get_params(deep=False)["combine"] == params.get("combine", "proba")
    with pytest.raises(ValueError, match=message):
        vote.fit(X, Y)


def test_rank_needs_one_reference_per_member():
    with pytest.raises(ValueError, match="reference"):
        combine_probabilities([np.ones((2, 2))], "rank")


TEXTS = [
    f"{lead} the senator {verb} the {thing} {when}"
    for lead in ("Yesterday", "Critics said", "In a statement")
    for verb, thing in (
        ("slammed", "disastrous bill"),
        ("outlined", "budget plan"),
        ("attacked", "radical agenda"),
        ("presented", "annual report"),
        ("mocked", "failed scheme"),
        ("described", "new policy"),
    )
    for when in ("on Monday", "this week", "again")
]
LABELS = np.array(
    [
        "biased" if verb in ("slammed", "attacked", "mocked") else "non-biased"
        for verb in [t.split(" the senator ")[1].split()[0] for t in TEXTS]
    ],
    dtype=object,
)


def test_vote_pipelines_are_the_members_models_alone():
    assert set(VOTE_MODELS) == {"vote", "vote_rank"}
    pipeline = build_pipeline("vote", use_signals=True, random_state=4)
    vote = pipeline[-1]
    assert pipeline[0] == "passthrough" or pipeline.steps[0][1] == "passthrough"
    assert [name for name, _ in vote.estimators] == [m for m, _, _ in VOTE_MEMBERS]
    for (_, member), (model, C, signals) in zip(vote.estimators, VOTE_MEMBERS, strict=True):
        alone = build_pipeline(model, use_signals=signals, C=1.0 if C is None else C, random_state=4)
        assert repr(member.get_params()) == repr(alone.get_params())
    # the linear members never take the signals; naive Bayes takes them when the vote does
    assert dict(VOTE_MEMBERS_SIGNALS(build_pipeline("vote", use_signals=False))) == dict.fromkeys(
        [m for m, _, _ in VOTE_MEMBERS], False
    )
    assert build_pipeline("vote_rank")[-1].combine == "rank"
    # a dense block is a member of its own: logistic regression on that block alone
    space = fit_space(TEXTS, n_components=3)
    with_dense = build_pipeline("vote", use_signals=True, dense=space, random_state=4)[-1]
    assert [name for name, _ in with_dense.estimators] == [*(m for m, _, _ in VOTE_MEMBERS), "logreg_dense"]
    dense_member = dict(with_dense.estimators)["logreg_dense"]
    assert dense_member[0] is space and dense_member[-1].C == VOTE_DENSE_MEMBER[1]
    with pytest.raises(ValueError, match="build_pipeline"):
        classifier("vote")


def VOTE_MEMBERS_SIGNALS(pipeline):
    return [(name, "signals" in dict(member[0].transformer_list)) for name, member in pipeline[-1].estimators]


@pytest.mark.parametrize("model", ["vote", "vote_rank"])
@pytest.mark.parametrize("with_dense", [False, True])
def test_cached_fold_vote_equals_the_pipeline(model, with_dense):
    """The benchmark fits a vote's members on its cached fold matrices: same probabilities as the pipeline,
    with a dense block too (its member reads a matrix of that block alone)."""
    texts = np.asarray(TEXTS, dtype=object)
    train_idx = [i for i in range(len(texts)) if i % 3 != 1]
    test_idx = [i for i in range(len(texts)) if i % 3 == 1]
    signals, _ = bench_selection._signal_matrix(TEXTS)
    candidate = Candidate(model, None, True, dense=with_dense)
    dense = fit_space(TEXTS, n_components=3) if with_dense else None
    variants = bench_selection._variants(candidate)
    assert variants == {("minmax", False, False), ("none", False, False)} | (
        {("dense", True, False)} if with_dense else set()
    )
    matrices = bench_selection._fold_matrices(list(texts), signals, train_idx, test_idx, variants, dense)
    labels = ["biased", "non-biased"]
    y_train = LABELS[train_idx]
    pred, proba, _ = bench_selection._fit_predict_vote(candidate, matrices, y_train, 0, labels)
    pipeline = bench_selection._pipeline(candidate, list(texts), y_train, 0, dense)
    pipeline.fit(list(texts[train_idx]), y_train)
    expected = pipeline.predict_proba(list(texts[test_idx]))
    assert np.allclose(proba, expected, rtol=0, atol=1e-9)
    assert list(pred) == list(pipeline.predict(list(texts[test_idx])))


def test_cross_validated_vote_is_the_mean_of_its_members_out_of_fold():
    data = LabelledData(texts=list(TEXTS), y=LABELS, labels=("biased", "non-biased"))
    vote = Candidate("vote", None, True)
    options = [vote, *(member for member, _ in bench_selection._vote_members(vote))]
    assert [c.name for c in options[1:]] == [
        "nb +signals",
        "sgd C=0.03 n-grams only",
        "linear_svm C=0.3 n-grams only",
        "logreg C=3 n-grams only",
    ]
    cv = bench_selection.cross_validate(
        data, options, metric="macro_f1", folds=3, random_state=0, positive="biased"
    )
    proba = cv["oof"]["proba"]
    assert np.allclose(
        proba["vote +signals"], np.mean([proba[c.name] for c in options[1:]], axis=0), atol=1e-9
    )
    assert "threshold" in cv["candidates"]["vote +signals"]
    # a vote is offered a dense block (as a member of its own), named after the block
    assert {
        c.name
        for c in bench_selection._candidates(
            ("vote", "vote_rank"), {}, True, ("balanced",), "cv", dense_name="minilm"
        )
    } == {"vote +signals", "vote +signals +minilm", "vote_rank +signals", "vote_rank +signals +minilm"}


@pytest.mark.parametrize("model", ["vote", "vote_rank"])
def test_saved_vote_loads_without_extra_trust_and_predicts_the_same(tmp_path, model):
    pipeline = build_pipeline(model, use_signals=True).fit(TEXTS, LABELS)
    path = save_model(pipeline, tmp_path / "vote.skops", metadata={"labels": ["biased", "non-biased"]})
    loaded, _ = load_model(path)
    assert np.array_equal(loaded.predict_proba(TEXTS), pipeline.predict_proba(TEXTS))
    assert list(loaded.predict(TEXTS)) == list(pipeline.predict(TEXTS))
    assert loaded[-1].get_params(deep=False)["combine"] == VOTE_MODELS[model]


def test_benchmark_counts_a_votes_features_over_its_members():
    from framing.benchmarks.run import _n_features

    pipeline = build_pipeline("vote", use_signals=True).fit(TEXTS, LABELS)
    counts = [member[-1].n_features_in_ for member in pipeline[-1].estimators_]
    assert len(counts) == len(VOTE_MEMBERS) and min(counts) > 0
    assert _n_features(pipeline) == sum(counts)
    # naive Bayes has the signal columns besides the n-grams the linear members share
    assert counts[0] > counts[1] == counts[2] == counts[3]
