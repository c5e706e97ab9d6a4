"""Stacking for text pairs: a boosted tree model over a pair model's out-of-fold probabilities and overlap counts.

UCLMR's network (``mlp_uclmr``) reads the two texts' term vectors and cosines; it does not see how much of
the headline the body repeats word for word, or whether it does so in its lede. The FNC-1 competition's
baseline, a boosted tree model over such counts, scored 0.795 on its test split on those alone; Athene
(second place) added counts of this kind to its networks. :class:`PairStackClassifier` gives a
``HistGradientBoostingClassifier`` both: the pair model's class probabilities and
:class:`framing.models.pairs.PairOverlap`.

The booster must learn from probabilities like those the pair model gives on *new* pairs, so its
training probabilities are out of fold, from pair folds (:func:`framing.models.pairs.pair_folds`) that
keep both texts' stories apart: a network that has seen a headline with other bodies is surer of it than
it will be of a new one. Rows those folds test nowhere (an unrelated pair across two folds' stories) do not
train the booster. The final pair model is then fitted on all rows. Training costs ``inner_folds + 1``
fits of the pair model.

Measured on FNC-1 (docs/benchmarks.md, eighth revision): +0.025 FNC-1 score over the network in pair-fold
cross-validation on train, +0.002 on the test split, where it separates unrelated pairs better and `agree`
from `discuss` worse (macro-F1 0.459 against 0.549 with decision weights tuned on train).
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from framing.errors import InputError
from framing.models.decisions import aligned_proba
from framing.models.pairs import PairOverlap, _text_pair, pair_folds

#: The booster's settings, fixed before FNC-1's cross-validation was first run (not tuned).
BOOSTER = {"max_iter": 200, "learning_rate": 0.1, "max_leaf_nodes": 31, "early_stopping": False}


class PairStackClassifier(ClassifierMixin, BaseEstimator):
    """``pair_model``'s out-of-fold class probabilities and :class:`PairOverlap`, into a boosted tree model.

    ``pair_model`` is a whole pipeline taking the ``text``/``pair`` frame (e.g. ``build_pipeline("mlp_uclmr",
    use_pair=True)``); ``inner_folds`` pair folds give the booster its training probabilities;
    ``random_state`` seeds the folds and the booster. ``similarity``, a dense text block that needs no fitting
    (a sentence encoder, :class:`framing.models.encoders.SentenceEncoder`, or a frozen latent space), adds the
    cosine of the two texts in it: whether a body is about its headline in other words than the headline's.
    Fitted: ``pair_model_`` (on all rows), ``booster_``, ``overlap_`` and ``n_stacked_`` (rows that trained the
    booster).
    """

    def __init__(self, pair_model, inner_folds: int = 3, random_state: int = 0, similarity=None):
        self.pair_model = pair_model
        self.inner_folds = inner_folds
        self.random_state = random_state
        self.similarity = similarity

    def fit(self, X, y):
        texts, pairs = _text_pair(X)
        y = np.asarray(y, dtype=object)
        if len(y) != len(texts):
            raise ValueError(f"X has {len(texts)} rows but y has {len(y)}")
        self.classes_ = np.asarray(sorted(set(y.tolist())), dtype=object)
        if len(self.classes_) < 2:
            raise ValueError("stacking needs at least two classes in y")
        inner = np.full((len(y), len(self.classes_)), np.nan)
        try:
            folds = pair_folds(texts, pairs, y, self.inner_folds, self.random_state)
        except ValueError as err:
            raise InputError(f"stacking needs {self.inner_folds} inner pair folds: {err}") from err
        for train, test in folds:
            model = clone(self.pair_model).fit(X.iloc[train], y[train])
            inner[test] = aligned_proba(model, X.iloc[test], self.classes_)
        stacked = ~np.isnan(inner).any(axis=1)
        if len(set(y[stacked].tolist())) < len(self.classes_):
            raise InputError("the inner pair folds test no row of some class: too few stories for stacking")
        self.overlap_ = PairOverlap().fit(X)
        features = np.hstack([inner, self._pair_features(X)])
        self.booster_ = HistGradientBoostingClassifier(**BOOSTER, random_state=self.random_state)
        self.booster_.fit(features[stacked], y[stacked])
        self.n_stacked_ = int(stacked.sum())
        self.pair_model_ = clone(self.pair_model).fit(X, y)
        self.n_features_in_ = self.overlap_.n_features_in_
        return self

    def predict_proba(self, X) -> np.ndarray:
        check_is_fitted(self, "booster_")
        features = np.hstack([aligned_proba(self.pair_model_, X, self.classes_), self._pair_features(X)])
        # fit made sure the booster saw every class, so its columns are already in classes_ order
        return self.booster_.predict_proba(features)

    def predict(self, X) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(axis=1)]

    def _pair_features(self, X) -> np.ndarray:
        """The overlap counts, and the two texts' cosine in ``similarity`` when given (each text encoded once)."""
        overlap = self.overlap_.transform(X)
        if self.similarity is None:
            return overlap
        texts, pairs = _text_pair(X)
        distinct = list(dict.fromkeys([*texts, *pairs]))
        vectors = normalize(np.asarray(self.similarity.transform(distinct), dtype=float))
        row = {text: i for i, text in enumerate(distinct)}
        a = vectors[[row[t] for t in texts]]
        b = vectors[[row[p] for p in pairs]]
        return np.hstack([overlap, np.einsum("ij,ij->i", a, b)[:, None]])
