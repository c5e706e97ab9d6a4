"""Headline-body pairs: how closely a text follows the second text it is paired with.

Whether an article body is about its headline at all decides most of the FNC-1
score (unrelated pairs are 73 % of its test set), and no feature of either text
alone can see it. The third-placed FNC-1 system (UCLMR, Riedel et al. 2017) got
there with the cosine of the two texts' TF-IDF vectors next to their term
vectors; the second (Athene, Hanselowski et al. 2018) added word overlap and
refuting cues. :class:`PairSimilarity` computes those measures and
:func:`pair_features` joins them with the body's usual features and the
headline's words (variant ``"similarity"``); variant ``"uclmr"`` is UCLMR's
input instead: :class:`PairTermVectors`, the term frequencies of both texts and
their TF-IDF cosine, small enough for a one-hidden-layer MLP on all pairs;
``"uclmr_similarity"`` adds :class:`PairSimilarity` to it, whose cosine over the
full training vocabulary tells new stories' unrelated pairs apart better than
UCLMR's 5,000-word one; ``"uclmr_topics"`` adds :class:`PairTopicSimilarity` as
well, Athene's cosines of the two texts in latent topic spaces.
:class:`PairOverlap` counts how much of the pair the text repeats and where (the
competition baseline's and Athene's hand features), the input of the booster that
``mlp_uclmr_stack`` puts over UCLMR's network (:mod:`framing.models.stacking`).
The input is a frame with ``text`` (the body) and ``pair`` (the headline) columns.

Cross-validating pairs needs folds that keep both texts apart (:func:`pair_folds`):
a model that has seen a headline with other bodies recognises it, and grouping by
body alone scored FNC-1 0.880 in CV and 0.732 on its test set of new headlines.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state
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
#: Pair feature variants of :func:`pair_features`.
PAIR_VARIANTS = ("similarity", "uclmr", "uclmr_similarity", "uclmr_topics")
#: Labels saying a pair's two texts are about different things (FNC-1's ``unrelated``): such a pair does
#: not tie its texts to one story when folds are made.
UNLINKED_LABELS = frozenset({"unrelated"})


def _text_pair(X) -> tuple[list[str], list[str]]:
    if not isinstance(X, pd.DataFrame) or not {"text", "pair"} <= set(X.columns):
        raise ValueError("pair features need a DataFrame with 'text' and 'pair' columns")
    return [str(t) for t in X["text"].tolist()], [str(t) for t in X["pair"].tolist()]


def _cosines(tfidf, texts: list[str], pairs: list[str]) -> np.ndarray:
    """Cosine of each text's and its pair's vectors under ``tfidf``, each distinct text transformed once."""
    distinct = list(dict.fromkeys(texts + pairs))
    index = {t: i for i, t in enumerate(distinct)}
    vectors = normalize(tfidf.transform(distinct))
    a = vectors[[index[t] for t in texts]]
    b = vectors[[index[t] for t in pairs]]
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


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
        cosine = _cosines(self.tfidf_, texts, pairs)
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


#: The competition baseline's refuting words (FNC-1 baseline, Pomerleau & Rao 2017) and their past tenses.
REFUTING_WORDS = (
    *("fake", "fraud", "hoax", "false", "deny", "denies", "denied", "not", "despite", "nope"),
    *("doubt", "doubts", "bogus", "debunk", "debunked", "pranks", "prank", "retract", "retracted"),
)
_REFUTING = frozenset(REFUTING_WORDS)
#: How much of the text's start counts as "early" (the baseline's 255 characters: a lede repeating the
#: headline is typical of agreeing and discussing bodies).
EARLY_CHARS = 255
_OVERLAP_WORD_NGRAMS = (2, 3, 4)
_OVERLAP_CHAR_NGRAMS = (4, 8, 16)
_OVERLAP_TOKEN = re.compile(r"\w+")  # one-letter words too: "a" and "i" are parts of n-grams


def _overlap_names() -> tuple[str, ...]:
    names = ["overlap_word_jaccard"]
    for part in ("all", "early"):
        names += [f"overlap_words_{part}", f"overlap_content_words_{part}"]
    for n in _OVERLAP_WORD_NGRAMS:
        names += [f"overlap_word{n}grams_all", f"overlap_word{n}grams_early"]
    for n in _OVERLAP_CHAR_NGRAMS:
        names += [f"overlap_char{n}grams_all", f"overlap_char{n}grams_early"]
    names += [f"pair_refuting_{w}" for w in REFUTING_WORDS]
    names += ["pair_refuting_parity", "text_refuting_rate", "text_refuting_parity"]
    return (*names, "pair_log_words", "text_log_words")


#: :class:`PairOverlap`'s feature names, in column order.
OVERLAP_FEATURES = _overlap_names()


def _ngram_set(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _char_set(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


class _OverlapText:
    """What :class:`PairOverlap` needs of one text, computed once per distinct text."""

    def __init__(self, text: str):
        tokens = _OVERLAP_TOKEN.findall(text.lower())
        clean = " ".join(tokens)
        early = _OVERLAP_TOKEN.findall(clean[:EARLY_CHARS])
        self.words = (set(tokens), set(early))
        self.grams = {n: (_ngram_set(tokens, n), _ngram_set(early, n)) for n in _OVERLAP_WORD_NGRAMS}
        self.chars = {
            n: (_char_set(clean, n), _char_set(clean[:EARLY_CHARS], n)) for n in _OVERLAP_CHAR_NGRAMS
        }
        refuting = sum(t in _REFUTING for t in tokens)
        self.refuting_rate = refuting / max(len(tokens), 1)
        self.refuting_parity = refuting % 2
        self.log_words = np.log1p(len(tokens))


class PairOverlap(TransformerMixin, BaseEstimator):
    """How much of ``pair`` the ``text`` repeats, and where; refuting words.

    Columns (``get_feature_names_out``): the Jaccard index of the two word sets; the shares of the
    pair's words, content words, word 2-4-grams and character 4-, 8- and 16-grams found in the whole
    text and in its first :data:`EARLY_CHARS` characters (shares, not counts, so a long headline does
    not score by its length); each of :data:`REFUTING_WORDS` in the pair, and the parity of their
    number there and in the text (the baseline's "polarity"); their rate in the text; both texts' log
    word counts. These are the hand features of the FNC-1 competition baseline (a boosted tree model,
    0.795 on the test split) and of Athene, read in our own terms. Stateless: ``fit`` learns nothing.
    """

    def fit(self, X, y=None):
        _text_pair(X)
        self.n_features_in_ = 2
        return self

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(OVERLAP_FEATURES, dtype=object)

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "n_features_in_")
        texts, pairs = _text_pair(X)
        cache: dict[str, _OverlapText] = {}
        rows = []
        for text, pair in zip(texts, pairs, strict=True):
            body = cache.get(text)
            if body is None:
                body = cache[text] = _OverlapText(text)
            tokens = _OVERLAP_TOKEN.findall(pair.lower())
            clean = " ".join(tokens)
            words = set(tokens)
            content = words - ENGLISH_STOP_WORDS
            row = [len(words & body.words[0]) / max(len(words | body.words[0]), 1)]
            for part in (0, 1):
                row += [
                    len(words & body.words[part]) / max(len(words), 1),
                    len(content & body.words[part]) / max(len(content), 1),
                ]
            for n in _OVERLAP_WORD_NGRAMS:
                grams = _ngram_set(tokens, n)
                row += [len(grams & body.grams[n][part]) / max(len(grams), 1) for part in (0, 1)]
            for n in _OVERLAP_CHAR_NGRAMS:
                grams = _char_set(clean, n)
                row += [len(grams & body.chars[n][part]) / max(len(grams), 1) for part in (0, 1)]
            refuting = [float(w in words) for w in REFUTING_WORDS]
            row += [*refuting, sum(refuting) % 2, body.refuting_rate, body.refuting_parity]
            row += [np.log1p(len(tokens)), body.log_words]
            rows.append(row)
        return np.asarray(rows, dtype=float).reshape(len(texts), len(OVERLAP_FEATURES))


class PairTermVectors(TransformerMixin, BaseEstimator):
    """UCLMR's FNC-1 input: term frequencies of ``pair`` and of ``text``, and the TF-IDF cosine of the two.

    One vocabulary of the ``max_features`` most frequent words (English stop
    words removed) is fitted on the distinct training texts and pairs; each side
    becomes its L2-normalised term-frequency vector over it, and a TF-IDF model
    of the same size gives the cosine (Riedel et al. 2017, arXiv:1707.03264).
    Word counts without idf or bigrams keep the input at ``2 * max_features + 1``
    columns, which lets a hidden layer be trained on every FNC-1 training pair.
    """

    def __init__(self, max_features: int = 5000):
        self.max_features = max_features

    def fit(self, X, y=None):
        texts, pairs = _text_pair(X)
        if not isinstance(self.max_features, int) or self.max_features < 1:
            raise ValueError(f"max_features must be a positive integer, got {self.max_features!r}")
        # Each distinct text once: a body paired with many headlines must not weigh more.
        corpus = list(dict.fromkeys(pairs + texts))
        words = {"max_features": self.max_features, "stop_words": "english"}
        self.tf_ = NgramTfidf(use_idf=False, **words).fit(corpus)
        self.tfidf_ = NgramTfidf(**words).fit(corpus)
        self.n_features_in_ = 2
        return self

    def transform(self, X) -> sp.csr_matrix:
        check_is_fitted(self, "tf_")
        texts, pairs = _text_pair(X)
        distinct = list(dict.fromkeys(pairs + texts))
        index = {t: i for i, t in enumerate(distinct)}
        tf = self.tf_.transform(distinct)
        cosine = sp.csr_matrix(_cosines(self.tfidf_, texts, pairs)[:, None])
        return sp.hstack([tf[[index[t] for t in pairs]], tf[[index[t] for t in texts]], cosine]).tocsr()

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        terms = self.tf_.get_feature_names_out()
        return np.array(
            [f"pair_tf_{t}" for t in terms] + [f"text_tf_{t}" for t in terms] + ["pair_tfidf_cosine"],
            dtype=object,
        )


class PairTopicSimilarity(TransformerMixin, BaseEstimator):
    """Cosine of ``text`` and ``pair`` in a latent semantic (LSA) space and in an NMF topic space.

    Word overlap and TF-IDF cosines see only shared words; a body that tells the
    headline's story in other words ("quake" for "earthquake") looks unrelated to
    them. Athene (Hanselowski et al. 2018, 2nd in FNC-1) added the cosine of
    headline and body in topic spaces: truncated SVD of TF-IDF (LSA) and
    non-negative matrix factorisation (NMF). Both are fitted here on the distinct
    texts and pairs seen in ``fit`` only (Athene fitted on test text as well; we do
    not look at the inputs to be predicted). Columns: ``pair_lsa_cosine``,
    ``pair_nmf_cosine`` and, with ``products``, the per-dimension products of the
    two unit vectors in each space times its number of dimensions (so each
    column's mean over the dimensions is the cosine), which let a model weigh
    topics differently. Components are capped by the documents and terms seen.

    A space fitted on a text places it better than it will place a new one: on
    FNC-1's first pair fold the LSA cosine told the training pairs' related from
    unrelated at ROC AUC 0.998 and new stories' pairs at 0.918, so a model trusts
    it more than it should. With ``cross_fit=k`` (0 or at least 3), ``fit_transform``
    therefore gives the fit rows out-of-fold features, as scikit-learn's
    ``TargetEncoder`` does: stories (:func:`pair_stories`, from ``y``; each distinct
    text its own story without ``y`` or when there are fewer stories than ``k``)
    are dealt to ``k`` folds, seeded, and a row is described by spaces fitted
    without the folds of both its texts. ``transform`` uses the spaces fitted on
    everything, so ``fit_transform(X, y)`` differs from ``fit(X, y).transform(X)``
    by design. Products need one space for every row, so they exclude ``cross_fit``.
    """

    def __init__(
        self,
        lsa_components: int = 100,
        nmf_components: int = 50,
        *,
        products: bool = False,
        cross_fit: int = 0,
        max_features: int = 20_000,
        random_state=0,
    ):
        self.lsa_components = lsa_components
        self.nmf_components = nmf_components
        self.products = products
        self.cross_fit = cross_fit
        self.max_features = max_features
        self.random_state = random_state

    def fit(self, X, y=None):
        texts, pairs = _text_pair(X)
        for name in ("lsa_components", "nmf_components", "max_features"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if not isinstance(self.cross_fit, int) or self.cross_fit in (1, 2) or self.cross_fit < 0:
            raise ValueError(f"cross_fit must be 0 or an integer of at least 3, got {self.cross_fit!r}")
        if self.cross_fit and self.products:
            raise ValueError("products compare dimensions of one space: they cannot be cross-fitted")
        rng = check_random_state(self.random_state)
        self.seed_ = int(rng.randint(np.iinfo(np.int32).max))
        # Each distinct text once: a body paired with many headlines must not weigh more.
        self.tfidf_, self.svd_, self.nmf_ = self._spaces(list(dict.fromkeys(texts + pairs)))
        self.n_features_in_ = 2
        return self

    def _spaces(self, corpus: list[str]):
        """TF-IDF, LSA and NMF fitted on ``corpus`` (seeded by ``seed_``)."""
        tfidf = NgramTfidf(
            sublinear_tf=True, strip_accents="unicode", stop_words="english", max_features=self.max_features
        ).fit(corpus)
        matrix = tfidf.transform(corpus)
        n_docs, n_terms = matrix.shape
        if min(n_docs, n_terms) < 2:
            raise ValueError(f"too little text for topic spaces: {n_docs} texts, {n_terms} terms")
        svd = TruncatedSVD(min(self.lsa_components, n_docs - 1, n_terms - 1), random_state=self.seed_)
        # nndsvda starts from an SVD (seeded) and needs no more topics than texts or terms
        nmf = NMF(
            min(self.nmf_components, n_docs, n_terms), init="nndsvda", max_iter=400, random_state=self.seed_
        )
        return tfidf, svd.fit(matrix), nmf.fit(matrix)

    def fit_transform(self, X, y=None, **fit_params):
        """Fit on ``X``, and describe ``X``'s own rows out of fold when ``cross_fit`` is set (see the class)."""
        self.fit(X, y)
        if not self.cross_fit:
            return self.transform(X)
        texts, pairs = _text_pair(X)
        text_unit, pair_unit = _units(texts, pairs, y, self.cross_fit)
        units, inverse = np.unique(np.concatenate([text_unit, pair_unit]), return_inverse=True)
        fold = check_random_state(self.seed_).permutation(len(units)) % self.cross_fit
        text_fold, pair_fold = fold[inverse[: len(texts)]], fold[inverse[len(texts) :]]
        folds_of: dict[str, set[int]] = {}
        for t, f in zip(texts + pairs, np.concatenate([text_fold, pair_fold]).tolist(), strict=True):
            folds_of.setdefault(t, set()).add(f)
        low, high = np.minimum(text_fold, pair_fold), np.maximum(text_fold, pair_fold)
        out = np.zeros((len(texts), 2))
        for a in range(self.cross_fit):
            for b in range(a, self.cross_fit):
                rows = np.flatnonzero((low == a) & (high == b))
                if len(rows) == 0:
                    continue
                corpus = [t for t, f in folds_of.items() if not f & {a, b}]
                spaces = self._spaces(corpus)
                out[rows] = _topic_cosines(spaces, [texts[i] for i in rows], [pairs[i] for i in rows])[0]
        return out

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "nmf_")
        texts, pairs = _text_pair(X)
        cosines, products = _topic_cosines((self.tfidf_, self.svd_, self.nmf_), texts, pairs)
        return np.hstack([cosines, *products]) if self.products else cosines

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "nmf_")
        names = ["pair_lsa_cosine", "pair_nmf_cosine"]
        if self.products:
            names += [f"pair_lsa_product{i}" for i in range(self.svd_.n_components)]
            names += [f"pair_nmf_product{i}" for i in range(self.nmf_.n_components)]
        return np.array(names, dtype=object)


def _topic_cosines(spaces, texts: list[str], pairs: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Cosines of each text and its pair in the LSA and NMF space of ``spaces``, and the scaled products."""
    tfidf, *topic_spaces = spaces
    distinct = list(dict.fromkeys(texts + pairs))
    index = {t: i for i, t in enumerate(distinct)}
    a_rows, b_rows = [index[t] for t in texts], [index[t] for t in pairs]
    matrix = tfidf.transform(distinct)
    cosines, products = [], []
    for space in topic_spaces:
        vectors = normalize(space.transform(matrix))  # a text with no known word stays 0: cosine 0
        product = vectors[a_rows] * vectors[b_rows]
        cosines.append(product.sum(axis=1))
        products.append(product * vectors.shape[1])
    return np.column_stack(cosines), products


def _units(texts: list[str], pairs: list[str], y, folds: int) -> tuple[np.ndarray, np.ndarray]:
    """Cross-fitting units of each row's text and pair: its stories (from ``y``) when there are at least
    ``folds`` of them, else each distinct string its own unit."""
    if y is not None:
        text_story, pair_story = pair_stories(texts, pairs, y)
        if len(np.unique(np.concatenate([text_story, pair_story]))) >= folds:
            return text_story, pair_story
    ids: dict[str, int] = {}
    return (
        np.array([ids.setdefault(t, len(ids)) for t in texts]),
        np.array([ids.setdefault(p, len(ids)) for p in pairs]),
    )


def pair_features(
    *,
    variant: str = "similarity",
    use_signals: bool = True,
    use_ngrams: bool = True,
    nonnegative: bool = False,
    dense=None,
) -> ColumnTransformer:
    """The features of a text/pair frame, by ``variant`` (:data:`PAIR_VARIANTS`).

    ``"similarity"``: text features of ``text``, word TF-IDF of ``pair`` (its own weights) and
    :class:`PairSimilarity`. ``"uclmr"``: :class:`PairTermVectors`, after the signals (and ``dense``)
    of ``text`` when asked for; its term vectors take the place of the n-grams. ``"uclmr_similarity"``:
    those and :class:`PairSimilarity`; ``"uclmr_topics"``: those and :class:`PairTopicSimilarity`.
    """
    if variant in ("uclmr", "uclmr_similarity", "uclmr_topics"):
        if not use_ngrams:
            raise ValueError(f"the {variant} pair variant is its term vectors: use_ngrams cannot be False")
        blocks = []
        if use_signals or dense is not None:
            text = text_features(
                use_signals=use_signals, use_ngrams=False, nonnegative=nonnegative, dense=dense
            )
            blocks.append(("text", text, "text"))
        blocks.append(("pair_terms", PairTermVectors(), ["text", "pair"]))
        if variant in ("uclmr_similarity", "uclmr_topics"):
            blocks.append(("pair_similarity", PairSimilarity(), ["text", "pair"]))
        if variant == "uclmr_topics":
            # The setting screened best on FNC-1's first pair fold (train only; benchmarks/fnc_topic_similarity.py):
            # in-sample cosines cost 0.03-0.05 there, and LSA 300 did worse than 100 when cross-fitted.
            topics = PairTopicSimilarity(lsa_components=100, nmf_components=50, cross_fit=3)
            blocks.append(("pair_topics", topics, ["text", "pair"]))
        return ColumnTransformer(blocks, sparse_threshold=1.0)
    if variant != "similarity":
        raise ValueError(f"unknown pair variant {variant!r}; choose from {', '.join(PAIR_VARIANTS)}")
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


def pair_stories(texts, pairs, y) -> tuple[np.ndarray, np.ndarray]:
    """The story of each row's text and of its pair: connected components of the graph of distinct
    texts and pair texts, joined by every row whose label is not in :data:`UNLINKED_LABELS`.

    Unrelated pairs must not join stories: FNC-1 pairs each training headline with about 30 bodies,
    most of them at random, and with those pairs counted its 3,313 texts form a single component;
    without them they form 195 stories (189 linked by related pairs, 6 texts named by unrelated pairs only).
    """
    nodes: dict[tuple[str, str], int] = {}
    text_node = np.array([nodes.setdefault(("text", str(t)), len(nodes)) for t in texts], dtype=np.int64)
    pair_node = np.array([nodes.setdefault(("pair", str(p)), len(nodes)) for p in pairs], dtype=np.int64)
    linked = ~np.isin(np.asarray(y, dtype=object), list(UNLINKED_LABELS))
    graph = sp.coo_matrix(
        (np.ones(int(linked.sum())), (text_node[linked], pair_node[linked])), shape=(len(nodes), len(nodes))
    )
    _, story = connected_components(graph, directed=False)
    return story[text_node], story[pair_node]


def pair_folds(texts, pairs, y, folds: int, random_state) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cross-validation folds of text pairs in which no text and no pair text is on both sides.

    Stories (:func:`pair_stories`) are dealt to folds by ``StratifiedGroupKFold`` over the rows grouped
    by their pair's story (stories with no pair text at random, seeded). Fold ``k`` tests the rows
    whose two stories are both in ``k`` and trains on the rows whose two stories are both elsewhere, as
    FNC-1's test set pairs new headlines with new bodies only. A row whose texts fall in two folds
    (an unrelated pair across stories) is tested in none and trains only the other folds, so the test
    parts hold fewer unrelated pairs than the data: about 1 in ``folds`` of them. ValueError when the
    pairs form fewer stories than ``folds`` or a fold would test nothing.
    """
    y = np.asarray(y, dtype=object)
    text_story, pair_story = pair_stories(texts, pairs, y)
    if len(np.unique(pair_story)) < folds:
        raise ValueError(f"the pairs form {len(np.unique(pair_story))} stories, fewer than {folds} folds")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    fold_of = np.full(max(text_story.max(), pair_story.max()) + 1, -1)
    for k, (_, test) in enumerate(splitter.split(np.zeros(len(y)), y, pair_story)):
        fold_of[pair_story[test]] = k
    unassigned = fold_of < 0
    fold_of[unassigned] = np.random.default_rng(random_state).integers(folds, size=int(unassigned.sum()))
    text_fold, pair_fold = fold_of[text_story], fold_of[pair_story]
    out = [
        (
            np.flatnonzero((text_fold != k) & (pair_fold != k)),
            np.flatnonzero((text_fold == k) & (pair_fold == k)),
        )
        for k in range(folds)
    ]
    if any(len(test) == 0 for _, test in out):
        raise ValueError("a fold would test no pair: its stories are all split across folds")
    return out
