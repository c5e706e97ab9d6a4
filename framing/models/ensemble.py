"""One classifier trained from several seeds, its class probabilities averaged.

A network trained by stochastic gradient descent ends somewhere different for every seed, and so do
its decisions on new inputs: UCLMR reported this run-to-run variance on FNC-1 and trained with
dropout, which scikit-learn's MLP lacks. The mean of a few seeds' probabilities has less of that
variance, as dropout's implicit averaging of sub-networks does, at k times the training cost. On
FNC-1 five seeds beat the average single seed in CV but not the seed kept (docs/benchmarks.md).
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted


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
        if self.random_state is not None and (
            isinstance(self.random_state, bool) or not isinstance(self.random_state, numbers.Integral)
        ):
            # a RandomState object would be shared and advanced by every member: no seed to write down
            raise ValueError(f"random_state must be an integer or None, not {self.random_state!r}")
        seeds = [None if self.random_state is None else int(self.random_state) + i for i in range(n)]
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
