"""Ensembles: one classifier trained from several seeds, or different classifiers voting softly.

A network trained by stochastic gradient descent ends somewhere different for every seed, and so do
its decisions on new inputs: UCLMR reported this run-to-run variance on FNC-1 and trained with
dropout, which scikit-learn's MLP lacks. The mean of a few seeds' probabilities has less of that
variance, as dropout's implicit averaging of sub-networks does, at k times the training cost. On
FNC-1 five seeds beat the average single seed in CV but not the seed kept (docs/benchmarks.md).

Different models err on different sentences: a soft vote of naive Bayes (generative, on counts) and
linear discriminative models, each on its own features, averages their probabilities or their ranks
(:class:`SoftVoteClassifier`; ``--model vote`` and ``vote_rank``, members in
``framing.models.pipeline.VOTE_MEMBERS``).
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted


def _integer_seed(random_state) -> int | None:
    """``random_state`` as an int (or None). A RandomState object would be shared and advanced by every
    member, so there would be no seed to write down: it is refused."""
    if random_state is not None and (
        isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral)
    ):
        raise ValueError(f"random_state must be an integer or None, not {random_state!r}")
    return None if random_state is None else int(random_state)


def _fit_member(estimator, seed, X, y):
    member = clone(estimator).set_params(random_state=seed).fit(X, y)
    # Adam's moment estimates (two arrays the shape of the weights) only serve to train further, which a
    # member never does: dropping them leaves a third of each member's arrays to save.
    if hasattr(member, "_optimizer"):
        del member._optimizer
    return member


class SeedEnsembleClassifier(ClassifierMixin, BaseEstimator):
    """``n_members`` copies of ``estimator``, member ``i`` seeded ``random_state + i``; probabilities averaged.

    Member 0 is the estimator as it is trained alone with ``random_state``, so a larger ensemble adds
    members to the single model rather than replacing it, and ``n_members=1`` is that model.
    ``estimator`` must take a ``random_state`` parameter; ``n_jobs`` fits members in parallel
    (joblib), which changes no result.
    """

    def __init__(
        self, estimator, n_members: int = 5, random_state: int | None = 0, n_jobs: int | None = None
    ):
        self.estimator = estimator
        self.n_members = n_members
        self.random_state = random_state
        self.n_jobs = n_jobs

    def fit(self, X, y):
        n = self.n_members
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"n_members must be a positive integer, not {n!r}")
        seed = _integer_seed(self.random_state)
        seeds = [None if seed is None else seed + i for i in range(n)]
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_member)(self.estimator, seed, X, y) for seed in seeds
        )
        first = self.estimators_[0]
        self.classes_ = first.classes_
        if hasattr(first, "n_features_in_"):
            self.n_features_in_ = first.n_features_in_
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "estimators_")
        return np.mean([member.predict_proba(X) for member in self.estimators_], axis=0)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


#: How :class:`SoftVoteClassifier` combines its members: the mean of their class probabilities, or the
#: mean of each probability's rank among the member's own probabilities on the training rows.
COMBINES = ("proba", "rank")


def _mid_ranks(reference: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Each score's mid-rank in its column of ``reference`` (sorted per column), scaled into [0, 1].

    A score tied with t reference values below which l lie gets (l + t/2) / n: the empirical
    distribution function with ties split, so a member's scores become comparable with another's
    whatever their scale (a naive Bayes probability near 0 or 1, a calibrated SVM's near 0.5).
    """
    n = reference.shape[0]
    out = np.empty(scores.shape, dtype=float)
    for j in range(scores.shape[1]):
        below = np.searchsorted(reference[:, j], scores[:, j], side="left")
        up_to = np.searchsorted(reference[:, j], scores[:, j], side="right")
        out[:, j] = (below + up_to) / (2 * n)
    return out


def combine_probabilities(probas, combine: str = "proba", references=None) -> np.ndarray:
    """One ``(rows, classes)`` matrix from the members' probability matrices (same class order).

    ``"proba"`` is their mean. ``"rank"`` replaces each member's probabilities by their mid-ranks among
    ``references`` (that member's probabilities on the training rows, sorted per column), averages them
    and scales each row to sum to 1, so every member weighs the same whatever the spread of its
    probabilities. Shared by :class:`SoftVoteClassifier` and the benchmark's cached-fold
    cross-validation (:mod:`framing.benchmarks.selection`), which fits the members on their own matrices.
    """
    probas = [np.asarray(p, dtype=float) for p in probas]
    if combine == "proba":
        return np.mean(probas, axis=0)
    if combine != "rank":
        raise ValueError(f"combine must be one of {', '.join(COMBINES)}, not {combine!r}")
    if references is None or len(references) != len(probas):
        raise ValueError("combine='rank' needs one reference matrix per member")
    mean = np.mean([_mid_ranks(ref, p) for ref, p in zip(references, probas, strict=True)], axis=0)
    total = mean.sum(axis=1, keepdims=True)
    uniform = np.full_like(mean, 1.0 / mean.shape[1])
    return np.divide(mean, total, out=uniform, where=total > 0)


def _seeded(estimator, seed):
    """A clone of ``estimator`` with every ``random_state`` parameter, nested ones included, set to ``seed``."""
    member = clone(estimator)
    if seed is not None:
        keys = [
            k for k in member.get_params(deep=True) if k == "random_state" or k.endswith("__random_state")
        ]
        member.set_params(**dict.fromkeys(keys, seed))
    return member


def _fit_voter(estimator, seed, X, y):
    return _seeded(estimator, seed).fit(X, y)


class SoftVoteClassifier(ClassifierMixin, BaseEstimator):
    """Different classifiers (usually whole pipelines, each with its own features) voting softly.

    ``estimators`` is a list of ``(name, estimator)``; every member is fitted on the same input and
    labels, and the class probabilities are combined by ``combine`` (:func:`combine_probabilities`):
    ``"proba"`` averages them, ``"rank"`` averages their mid-ranks among the member's own probabilities
    on the training rows (kept as ``references_``; in-sample, so a member that fits its training rows
    closely gets its new scores ranked lower than out-of-sample scores would be). A generative model
    (naive Bayes) and discriminative linear models err on different sentences, which a vote can use.
    Every ``random_state`` of every member is set to ``random_state`` (None keeps the members' own),
    so a member is the model as it is trained alone with that seed; ``n_jobs`` fits members in parallel
    (joblib), which changes no result. Parameters are checked at fit, not in ``__init__``.
    scikit-learn's ``VotingClassifier(voting="soft")`` averages probabilities too, but has no rank
    combination and leaves each member's seed as it is.
    """

    def __init__(self, estimators, combine: str = "proba", random_state: int | None = 0, n_jobs=None):
        self.estimators = estimators
        self.combine = combine
        self.random_state = random_state
        self.n_jobs = n_jobs

    def _check_params(self) -> int | None:
        """Refuse bad parameters (at fit, as scikit-learn does); returns the seed for the members."""
        members = self.estimators
        if not isinstance(members, list | tuple) or not members:
            raise ValueError("estimators must be a non-empty list of (name, estimator) pairs")
        for member in members:
            if not (isinstance(member, tuple) and len(member) == 2 and isinstance(member[0], str)):
                raise ValueError(f"estimators must be (name, estimator) pairs, not {member!r}")
            if not hasattr(member[1], "predict_proba"):
                raise ValueError(
                    f"member {member[0]!r} has no predict_proba: a soft vote needs probabilities"
                )
        names = [name for name, _ in members]
        if len(set(names)) != len(names):
            raise ValueError(f"member names must be unique, got {names}")
        if self.combine not in COMBINES:
            raise ValueError(f"combine must be one of {', '.join(COMBINES)}, not {self.combine!r}")
        return _integer_seed(self.random_state)

    def fit(self, X, y):
        seed = self._check_params()
        self.estimators_ = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_voter)(estimator, seed, X, y) for _, estimator in self.estimators
        )
        self.classes_ = self.estimators_[0].classes_
        for (name, _), member in zip(self.estimators, self.estimators_, strict=True):
            if not np.array_equal(member.classes_, self.classes_):
                raise ValueError(
                    f"member {name!r} learned classes {list(member.classes_)}, not {list(self.classes_)}"
                )
        if self.combine == "rank":
            self.references_ = [np.sort(member.predict_proba(X), axis=0) for member in self.estimators_]
        return self

    def member_probabilities(self, X) -> list[np.ndarray]:
        """Each member's class probabilities (columns in ``classes_`` order), in ``estimators`` order."""
        check_is_fitted(self, "estimators_")
        return [member.predict_proba(X) for member in self.estimators_]

    def predict_proba(self, X) -> np.ndarray:
        references = self.references_ if self.combine == "rank" else None
        return combine_probabilities(self.member_probabilities(X), self.combine, references)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
