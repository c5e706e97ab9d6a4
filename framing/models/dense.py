"""Dense text features that run offline: a latent semantic space learned from unlabelled text.

N-grams only know the words seen with a label; a latent space learned on a
larger unlabelled corpus (the corpus under study, or any news folder) places
unseen words near seen ones, which is what media-bias and framing classifiers
gain most from. LSA needs nothing beyond scikit-learn and no model hub: TF-IDF
then truncated SVD (Deerwester et al. 1990; Landauer & Dumais 1997). Projecting
a text's TF-IDF vector onto the SVD components *is* TF-IDF-weighted pooling of
the words' latent vectors (rows of ``components_.T``), so no separate pooling
step is needed. The fitted space is a few MB and is saved inside the skops model.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.frozen import FrozenEstimator
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from framing.errors import InputError
from framing.models.pipeline import NgramTfidf
from framing.signals.base import check_texts


class LatentSemanticSpace(TransformerMixin, BaseEstimator):
    """TF-IDF -> truncated SVD -> unit length: each text as ``n_components`` dense coordinates.

    ``min_df`` drops words seen in fewer documents (rare words get no stable
    direction); ``max_features`` caps the vocabulary, which bounds the saved size
    (``max_features x n_components`` floats). Fit it on unlabelled text, then use
    :func:`pretrained` to keep a classifier's ``fit`` from refitting it.
    """

    def __init__(
        self, n_components: int = 100, *, min_df: int = 2, max_features: int = 50_000, random_state=0
    ):
        self.n_components = n_components
        self.min_df = min_df
        self.max_features = max_features
        self.random_state = random_state

    def fit(self, X, y=None):
        texts = check_texts(self, X, reset=True)
        self.tfidf_ = NgramTfidf(
            sublinear_tf=True,
            strip_accents="unicode",
            stop_words="english",
            min_df=self.min_df,
            max_features=self.max_features,
        ).fit(texts)
        n_terms = len(self.tfidf_.vocabulary_)
        k = min(self.n_components, n_terms - 1, len(texts) - 1)
        if k < 1:
            raise ValueError(f"too little text for a latent space: {len(texts)} documents, {n_terms} terms")
        self.svd_ = TruncatedSVD(n_components=k, random_state=self.random_state).fit(
            self.tfidf_.transform(texts)
        )
        self.n_features_in_ = 1
        return self

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "svd_")
        return normalize(self.svd_.transform(self.tfidf_.transform(check_texts(self, X, reset=False))))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "svd_")
        return np.array([f"lsa{i}" for i in range(self.svd_.n_components)], dtype=object)


def pretrained(space: LatentSemanticSpace) -> FrozenEstimator:
    """A fitted space that a pipeline's ``fit`` leaves alone (it was learned from other, unlabelled text)."""
    check_is_fitted(space, "svd_")
    return FrozenEstimator(space)


def fit_space(texts: Iterable[str], *, n_components: int = 100, random_state=0) -> FrozenEstimator:
    """A latent space learned from ``texts`` (e.g. the documents of a folder), frozen for a pipeline."""
    texts = [t for t in texts if t and t.strip()]
    if len(texts) < 2:
        raise InputError(f"an unlabelled corpus needs at least 2 non-empty documents, got {len(texts)}")
    return pretrained(LatentSemanticSpace(n_components, random_state=random_state).fit(texts))
