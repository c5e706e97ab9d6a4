"""Headline-body pairs: how closely a text follows the second text it is paired with.

Whether an article body is about its headline at all decides most of the FNC-1
score (unrelated pairs are 73 % of its test set), and no feature of either text
alone can see it. The third-placed FNC-1 system (UCLMR, Riedel et al. 2017) got
there with the cosine of the two texts' TF-IDF vectors next to their term
vectors; the second (Athene, Hanselowski et al. 2018) added word overlap and
refuting cues. :class:`PairSimilarity` computes those measures and
:func:`pair_features` joins them with the body's usual features and the
headline's words. The input is a frame with ``text`` (the body) and ``pair``
(the headline) columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from framing.lexicons import load_lexicon
from framing.models.pipeline import _STOP, _WORD, NgramTfidf, text_features

#: Feature names, in column order.
PAIR_FEATURES = (
    "pair_tfidf_cosine",
    "pair_word_share",
    "pair_word_jaccard",
    "pair_negation",
    "text_negation_near_pair_words",
    "text_hedge_near_pair_words",
)


def _text_pair(X) -> tuple[list[str], list[str]]:
    if not isinstance(X, pd.DataFrame) or not {"text", "pair"} <= set(X.columns):
        raise ValueError("pair features need a DataFrame with 'text' and 'pair' columns")
    return [str(t) for t in X["text"].tolist()], [str(t) for t in X["pair"].tolist()]


def _single_words(name: str) -> list[str]:
    """One-word cues of a packaged lexicon (multi-word cues need the signal matcher, not a set lookup)."""
    return sorted({t for t in load_lexicon(name).terms if " " not in t})


class PairSimilarity(TransformerMixin, BaseEstimator):
    """Similarity of ``text`` and ``pair`` and cues in ``text`` near the pair's words.

    Columns (:data:`PAIR_FEATURES`): cosine of the two TF-IDF vectors (one
    vocabulary fitted on both sides); the share of the pair's content words
    found in the text and the Jaccard index of the two word sets; whether the
    pair itself holds a negation cue; and the rates (per pair word found) of
    negation and hedging cues within ``window`` words of a pair word in the
    text. Cues come from the packaged ``negation`` and ``hedging`` lexicons.
    The last two separate "disagree" and "discuss" bodies, which mention the
    headline's words as often as "agree" ones do but deny or distance them.
    """

    def __init__(self, window: int = 5):
        self.window = window

    def fit(self, X, y=None):
        texts, pairs = _text_pair(X)
        if not isinstance(self.window, int) or self.window < 1:
            raise ValueError(f"window must be a positive integer, got {self.window!r}")
        # Each distinct text once: a body paired with many headlines must not weigh more.
        corpus = list(dict.fromkeys(texts + pairs))
        self.tfidf_ = NgramTfidf(sublinear_tf=True, strip_accents="unicode", stop_words="english").fit(corpus)
        self.negation_ = _single_words("negation")
        self.hedges_ = _single_words("hedging")
        self.n_features_in_ = 2
        return self

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "tfidf_")
        texts, pairs = _text_pair(X)
        cosine = self._cosines(texts, pairs)
        out = np.zeros((len(texts), len(PAIR_FEATURES)))
        out[:, 0] = cosine
        negation, hedges = frozenset(self.negation_), frozenset(self.hedges_)
        cache: dict[str, list[str]] = {}
        for i, (text, pair) in enumerate(zip(texts, pairs, strict=True)):
            words = cache.get(text)
            if words is None:
                words = cache[text] = _WORD.findall(text.lower())
            pair_words = _WORD.findall(pair.lower())
            content = {w for w in pair_words if w not in _STOP}
            present = set(words)
            if content:
                out[i, 1] = len(content & present) / len(content)
                out[i, 2] = len(content & present) / len(content | present)
            out[i, 3] = float(any(w in negation for w in pair_words))
            out[i, 4], out[i, 5] = self._cues_near(words, content, negation, hedges)
        return out

    def _cosines(self, texts: list[str], pairs: list[str]) -> np.ndarray:
        distinct = list(dict.fromkeys(texts + pairs))
        index = {t: i for i, t in enumerate(distinct)}
        vectors = normalize(self.tfidf_.transform(distinct))
        a = vectors[[index[t] for t in texts]]
        b = vectors[[index[t] for t in pairs]]
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()

    def _cues_near(
        self, words: list[str], content: set[str], negation: frozenset[str], hedges: frozenset[str]
    ) -> tuple[float, float]:
        """Negation and hedging cues within ``window`` words of a pair word, per pair word found."""
        anchors = [i for i, w in enumerate(words) if w in content]
        if not anchors:
            return 0.0, 0.0
        near: set[int] = set()
        for i in anchors:
            near.update(range(max(0, i - self.window), min(len(words), i + self.window + 1)))
        n_negation = sum(words[j] in negation for j in near)
        n_hedges = sum(words[j] in hedges for j in near)
        return n_negation / len(anchors), n_hedges / len(anchors)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(PAIR_FEATURES, dtype=object)


def pair_features(
    *, use_signals: bool = True, use_ngrams: bool = True, nonnegative: bool = False, dense=None
) -> ColumnTransformer:
    """Text features of ``text``, word TF-IDF of ``pair`` (its own weights) and :class:`PairSimilarity`."""
    return ColumnTransformer(
        [
            (
                "text",
                text_features(
                    use_signals=use_signals, use_ngrams=use_ngrams, nonnegative=nonnegative, dense=dense
                ),
                "text",
            ),
            (
                "pair_words",
                NgramTfidf(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode"),
                "pair",
            ),
            ("pair_similarity", PairSimilarity(), ["text", "pair"]),
        ],
        sparse_threshold=1.0,
    )
