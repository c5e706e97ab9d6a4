"""NBSVM: logistic regression on binarised features scaled by naive Bayes's log-count ratio.

Wang & Manning (2012, "Baselines and bigrams") found that naive Bayes wins on short snippets and
discriminative models on longer texts, and that scaling each binarised feature by its naive Bayes
log-count ratio before fitting a linear model gets both: the ratio says which words belong to which
class, the linear model corrects for words that co-occur. We fit logistic regression (not their
hinge loss) so the model gives probabilities, and keep their interpolation towards the mean weight.
"""

from __future__ import annotations

import numbers

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data


def log_count_ratio(X_binary, positive: np.ndarray, alpha: float) -> np.ndarray:
    """``r = log((p / |p|_1) / (q / |q|_1))`` with ``p`` (``q``) ``alpha`` plus the feature counts of the
    positive (other) rows: how much more often each feature occurs in the positive class."""
    p = alpha + np.asarray(X_binary[positive].sum(axis=0)).ravel()
    q = alpha + np.asarray(X_binary[~positive].sum(axis=0)).ravel()
    return np.log(p / p.sum()) - np.log(q / q.sum())


class NBSVMClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression on ``X > 0`` scaled per feature by the log-count ratio (Wang & Manning 2012).

    ``alpha`` smooths the counts of the ratio; ``C`` and ``class_weight`` (``"balanced"`` or None) are the
    logistic regression's. ``beta`` < 1 interpolates the fitted weights towards their mean magnitude,
    ``(1 - beta) * mean|w| + beta * w`` (the paper's 0.25 for its SVM; 1, no interpolation, by default). Two classes fit one
    model; more fit one per class against the rest, with probabilities normalised to sum to one. Inputs
    must be non-negative (counts, TF-IDF, min-max scaled values): a feature is present when above 0.
    """

    def __init__(
        self,
        C: float = 1.0,
        alpha: float = 1.0,
        beta: float = 1.0,
        class_weight="balanced",
        max_iter: int = 1000,
        random_state: int | None = 0,
    ):
        self.C = C
        self.alpha = alpha
        self.beta = beta
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, X, y):
        for name, low, high in (("C", 0, np.inf), ("alpha", 0, np.inf), ("beta", 0, 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low < value <= high:
                raise ValueError(f"{name} must be a number in ({low}, {high}], not {value!r}")
        if self.class_weight not in ("balanced", None):
            # each class's model sees its class against the rest, so weights keyed by label cannot apply
            raise ValueError(f"class_weight must be 'balanced' or None, not {self.class_weight!r}")
        X, y = validate_data(self, X, y, accept_sparse="csr", reset=True)
        if (X.data if sp.issparse(X) else X).min(initial=0) < 0:
            raise ValueError("NBSVMClassifier needs non-negative features (counts, TF-IDF or [0, 1] values)")
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(f"NBSVMClassifier needs at least two classes, got {self.classes_.tolist()}")
        X = _binary(X)
        positives = [self.classes_[1]] if len(self.classes_) == 2 else list(self.classes_)
        ratios, coefs, intercepts = [], [], []
        for label in positives:
            positive = y == label
            r = log_count_ratio(X, positive, self.alpha)
            model = LogisticRegression(
                C=self.C,
                class_weight=self.class_weight,
                solver="liblinear",
                max_iter=self.max_iter,
                random_state=self.random_state,
            ).fit(_scaled(X, r), positive)
            w = model.coef_.ravel()
            ratios.append(r)
            coefs.append((1 - self.beta) * np.abs(w).mean() + self.beta * w)
            intercepts.append(model.intercept_[0])
        self.ratios_ = np.vstack(ratios)
        self.coef_ = np.vstack(coefs)
        self.intercept_ = np.asarray(intercepts)
        return self

    def decision_function(self, X) -> np.ndarray:
        """One score per row for two classes (of ``classes_[1]``), else one per class against the rest."""
        check_is_fitted(self, "coef_")
        X = _binary(validate_data(self, X, accept_sparse="csr", reset=False))
        scores = np.column_stack(
            [_scaled(X, r) @ w + b for r, w, b in zip(self.ratios_, self.coef_, self.intercept_, strict=True)]
        )
        return scores.ravel() if len(self.classes_) == 2 else scores

    def predict_proba(self, X) -> np.ndarray:
        proba = expit(self.decision_function(X))
        if len(self.classes_) == 2:
            return np.column_stack([1 - proba, proba])
        return proba / proba.sum(axis=1, keepdims=True)

    def predict(self, X) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def _binary(X):
    """Presence (1) or absence (0) of each feature, sparse."""
    return (sp.csr_matrix(X) > 0).astype(np.float64)


def _scaled(X, r: np.ndarray):
    return sp.csr_matrix(X.multiply(r.reshape(1, -1)))
