"""The classifier pipelines: our explained signals next to word and character n-grams, feeding a linear model.

Signals alone miss topic words and n-grams alone miss negation and sourcing
rules; the union lets a linear model weigh both, and its coefficients stay
inspectable by feature name. Stance depends on *what* a sentence is about, so a
target-aware pipeline adds features that pair each word with the stance target.
Every estimator and its feature blocks are built here, so the allow-list of
types a saved model may contain (:mod:`framing.models.persistence`) is known.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import ComplementNB
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler
from sklearn.svm import LinearSVC

from framing.models.encoders import SentenceEncoder
from framing.models.ensemble import SeedEnsembleClassifier, SoftVoteClassifier
from framing.models.finetune import FineTunedEncoderClassifier
from framing.models.nbsvm import NBSVMClassifier
from framing.models.rationales import RationaleScores, TextColumn
from framing.signals import FAMILIES

MODELS = (
    "logreg",
    "linear_svm",
    "nb",
    "nbsvm",
    "sgd",
    "mlp",
    "mlp_uclmr",
    "mlp_uclmr_ensemble",
    "mlp_uclmr_stack",
    "vote",
    "vote_rank",
)
#: Models of feature counts: signals are scaled into [0, 1] for them and they take no dense block.
COUNT_MODELS = ("nb", "nbsvm")
#: Soft votes of whole pipelines (framing.models.ensemble.SoftVoteClassifier) and how each combines.
VOTE_MODELS = {"vote": "proba", "vote_rank": "rank"}
#: The vote's members as ``(model, C, takes the signals)``: each model's best setting in BABE's 5-fold CV on
#: train (docs/benchmarks.json, fourth revision; never a test score). Naive Bayes takes the signals when the
#: vote does; the linear models scored best on n-grams alone there, so they never take them.
VOTE_MEMBERS = (("nb", None, True), ("sgd", 0.03, False), ("linear_svm", 0.3, False), ("logreg", 3.0, False))
#: A vote given a dense block (a sentence encoder, a latent space) adds a member on that block alone: logistic
#: regression at the logreg member's C (fixed beforehand, not tuned), so each member keeps its own features.
VOTE_DENSE_MEMBER = ("logreg", 3.0)
#: Models that stack a whole pair pipeline under a booster (framing.models.stacking), and the pair model each stacks.
STACK_MODELS = {"mlp_uclmr_stack": "mlp_uclmr"}
#: Seeds averaged by ``mlp_uclmr_ensemble`` (fixed beforehand from the 3-5 the issue suggested, not tuned).
UCLMR_ENSEMBLE_MEMBERS = 5
_WORD = re.compile(r"\b\w\w+\b")
# Words too common to say whether a sentence mentions a target (a word list reads best as one string).
_STOP = frozenset(
    "the and for with that this from into about over under than then was were are has have had will would "  # noqa: SIM905
    "not but its their his her our your they them who whom which what when where why how all any some".split()
)


def _text_target(X) -> tuple[list[str], list[str]]:
    if not isinstance(X, pd.DataFrame) or not {"text", "target"} <= set(X.columns):
        raise ValueError("target-aware features need a DataFrame with 'text' and 'target' columns")
    return [str(t) for t in X["text"].tolist()], [str(t) for t in X["target"].tolist()]


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


class TargetConjunctions(TransformerMixin, BaseEstimator):
    """Each word of a text joined to its target (``joe_biden|praised``), so weights can differ per target.

    A word such as "failed" signals opposition to one target and support for
    another; a shared weight cannot express that, a per-target copy can, and
    the token names its target so a coefficient can be read. Targets unseen in
    training give tokens outside the vocabulary, hence no conjunction features.
    """

    def fit(self, X, y=None):
        _text_target(X)
        return self

    def transform(self, X) -> list[str]:
        texts, targets = _text_target(X)
        out = []
        for text, target in zip(texts, targets, strict=True):
            key = _norm(target).replace(" ", "_")
            out.append(" ".join(f"{key}|{w}" for w in _WORD.findall(text.lower())) if key else "")
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(["target_word"], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags


class TargetMention(TransformerMixin, BaseEstimator):
    """Whether a text names its target: the whole target, and the share of the target's content words.

    Sentences that never mention the target are far more often unrelated or
    neutral, a cue n-grams of the text alone cannot see.
    """

    def fit(self, X, y=None):
        _text_target(X)
        return self

    def transform(self, X) -> np.ndarray:
        texts, targets = _text_target(X)
        features = np.zeros((len(texts), 2))
        for i, (text, target) in enumerate(zip(texts, targets, strict=True)):
            words = _norm(text)
            phrase = _norm(target)
            content = {w for w in phrase.split() if w not in _STOP}
            features[i, 0] = float(bool(phrase) and f" {phrase} " in f" {words} ")
            features[i, 1] = len(content & set(words.split())) / len(content) if content else 0.0
        return features

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.array(["target_mentioned", "target_word_overlap"], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags


class NgramTfidf(TfidfVectorizer):
    """TF-IDF whose fitted vocabulary is saved as one JSON string rather than one skops node per term.

    skops writes each dictionary entry as its own JSON object of several
    hundred bytes, so the hundreds of thousands of n-grams of a real corpus made
    model files of hundreds of MB that took minutes to save and load.
    """

    def __getstate__(self):
        state = dict(super().__getstate__())  # on Python 3.11+ this may be the live __dict__: never mutate it
        vocabulary = state.pop("vocabulary_", None)
        if vocabulary is not None:
            terms = [""] * len(vocabulary)
            for term, index in vocabulary.items():
                terms[index] = term
            state["vocabulary_json_"] = json.dumps(terms, ensure_ascii=False)
        return state

    def __setstate__(self, state):
        state = dict(state)
        terms = state.pop("vocabulary_json_", None)
        super().__setstate__(state)
        if terms is not None:
            self.vocabulary_ = {term: index for index, term in enumerate(json.loads(terms))}


def text_features(
    *, use_signals: bool = True, use_ngrams: bool = True, nonnegative: bool = False, dense=None
) -> FeatureUnion:
    """Signals (scaled), word 1-2-gram and character 2-5-gram TF-IDF of raw sentences, and ``dense`` if given.

    Signals are divided by their largest training value, which keeps a zero
    count zero: centring them (StandardScaler) makes every row dense and stalls
    the linear SVM's solver. ``nonnegative`` maps them into [0, 1] instead
    (clipped for unseen data) for naive Bayes, which refuses negative values
    such as ``hedging_score``. ``dense`` is a text transformer giving dense
    coordinates, e.g. a latent space from :mod:`framing.models.dense` (block ``lsa``).
    """
    if not (use_signals or use_ngrams or dense is not None):
        raise ValueError("a model needs features: use_signals and use_ngrams cannot both be False")
    blocks = []
    if use_signals:
        families = FeatureUnion([(family.family, family()) for family in FAMILIES])
        scaler = MinMaxScaler(clip=True) if nonnegative else MaxAbsScaler()
        blocks.append(("signals", Pipeline([("families", families), ("scale", scaler)])))
    if use_ngrams:
        blocks.append(("words", NgramTfidf(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")))
        blocks.append(
            ("chars", NgramTfidf(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2))
        )
    if dense is not None:
        # Coordinates can be negative: naive Bayes gets them shifted into [0, 1].
        blocks.append(
            (
                "lsa",
                Pipeline([("space", dense), ("scale", MinMaxScaler(clip=True))]) if nonnegative else dense,
            )
        )
    return FeatureUnion(blocks)


def target_features(
    *, use_signals: bool = True, use_ngrams: bool = True, nonnegative: bool = False, dense=None
) -> ColumnTransformer:
    """Text features of the ``text`` column plus target conjunctions and target mention."""
    conjunctions = Pipeline(
        [
            ("conjoin", TargetConjunctions()),
            ("tfidf", NgramTfidf(token_pattern=r"\S+", lowercase=False, sublinear_tf=True)),
        ]
    )
    return ColumnTransformer(
        [
            (
                "text",
                text_features(
                    use_signals=use_signals, use_ngrams=use_ngrams, nonnegative=nonnegative, dense=dense
                ),
                "text",
            ),
            ("target_words", conjunctions, ["text", "target"]),
            ("target_mention", TargetMention(), ["text", "target"]),
        ],
        sparse_threshold=1.0,
    )


def input_features(
    *, use_target: bool = False, use_pair: bool = False, pair_variant: str = "similarity", **blocks
):
    """The feature block for plain texts, text/target frames or text/pair frames (``blocks`` as
    :func:`text_features`; ``pair_variant`` as :func:`framing.models.pairs.pair_features`)."""
    if use_target and use_pair:
        raise ValueError("a model takes a stance target or a paired text, not both")
    if use_pair:
        from framing.models.pairs import pair_features  # pairs builds on this module's blocks

        return pair_features(variant=pair_variant, **blocks)
    return (target_features if use_target else text_features)(**blocks)


def classifier(model: str, *, C: float = 1.0, calibration_folds: int = 3, random_state=0):
    """The final estimator; every one has ``predict_proba`` so probabilities can be reported."""
    if model in VOTE_MODELS or model in STACK_MODELS:
        raise ValueError(f"{model!r} combines whole pipelines with their own features: use build_pipeline")
    if model == "logreg":
        # saga handles two or more classes (liblinear no longer does multiclass) and is as fast on TF-IDF.
        return LogisticRegression(
            C=C, class_weight="balanced", solver="saga", max_iter=5000, random_state=random_state
        )
    if model == "linear_svm":
        svm = LinearSVC(C=C, class_weight="balanced", random_state=random_state)
        return CalibratedClassifierCV(svm, method="sigmoid", cv=calibration_folds)
    if model == "nb":
        return ComplementNB(alpha=0.3)
    if model == "nbsvm":
        # Wang & Manning's NBSVM with logistic regression, their smoothing (alpha 1), no interpolation.
        return NBSVMClassifier(C=C, class_weight="balanced", random_state=random_state)
    if model == "sgd":
        # modified_huber gives probabilities and a linear-SVM-like margin.
        return SGDClassifier(
            loss="modified_huber", alpha=1e-4 / C, class_weight="balanced", random_state=random_state
        )
    if model == "mlp":
        # One hidden layer over the same features, as UCLMR's FNC-1 system (Riedel et al. 2017); early
        # stopping on a seeded 10 % of the training rows picks the number of epochs. No class weights exist
        # for it: tuned decisions (framing.models.decisions) make up for unequal classes.
        return MLPClassifier(
            hidden_layer_sizes=(100,),
            alpha=1e-4 / C,
            early_stopping=True,
            n_iter_no_change=3,
            max_iter=50,
            random_state=random_state,
        )
    if model == "mlp_uclmr_ensemble":
        # UCLMR's network from several seeds with probabilities averaged (framing.models.ensemble), in place
        # of the dropout it trained with; member 0 is the plain mlp_uclmr.
        return SeedEnsembleClassifier(
            classifier("mlp_uclmr", C=C, random_state=random_state),
            n_members=UCLMR_ENSEMBLE_MEMBERS,
            random_state=random_state,
        )
    if model == "mlp_uclmr":
        # The same network trained as UCLMR trained theirs (Riedel et al. 2017): Adam at 0.01 in batches of 500
        # and a fixed number of epochs, with no early-stopping split (random rows would leak grouped data such
        # as FNC-1's headlines). Their L2 of 1e-5 was summed over each batch of 500; scikit-learn averages it,
        # so alpha 5e-3 at C=1 is the same penalty. 20 epochs, not their 90: without their dropout more
        # epochs fit the training stories' words harder.
        return MLPClassifier(
            hidden_layer_sizes=(100,),
            alpha=5e-3 / C,
            learning_rate_init=0.01,
            batch_size=500,
            max_iter=20,
            random_state=random_state,
        )
    raise ValueError(f"unknown model {model!r}; choose from {', '.join(MODELS)}")


def build_pipeline(
    model: str = "logreg",
    *,
    use_signals: bool = True,
    use_ngrams: bool = True,
    use_target: bool = False,
    use_pair: bool = False,
    pair_variant: str = "similarity",
    dense=None,
    fine_tune: bool = False,
    use_rationales: bool = False,
    C: float = 1.0,
    calibration_folds: int = 3,
    random_state=0,
) -> Pipeline:
    """Features then ``model``; input is a list of sentences, a ``text``/``target`` frame if ``use_target``
    or a ``text``/``pair`` frame (e.g. body and headline) if ``use_pair``.

    ``use_signals`` and ``use_ngrams`` switch the two feature blocks (at least one
    stays on), so what our signals add can be measured.
    ``C`` is the inverse regularisation strength (naive Bayes ignores it);
    the count models (``COUNT_MODELS``) get the signals scaled into [0, 1];
    ``calibration_folds`` is the inner split that turns the linear SVM's scores
    into probabilities. ``dense`` adds a dense block of the text (see :func:`text_features`).
    ``pair_variant`` picks the pair features (``"similarity"`` or UCLMR's ``"uclmr"``,
    :func:`framing.models.pairs.pair_features`).
    ``"vote"`` and ``"vote_rank"`` are soft votes of the pipelines of ``VOTE_MEMBERS`` (each with its own
    C and features; ``C`` is ignored) behind a pass-through feature step; with ``dense`` they add
    ``VOTE_DENSE_MEMBER`` on the dense block alone, and with ``fine_tune`` (``dense`` a
    :class:`framing.models.encoders.SentenceEncoder`) a sixth: that encoder fine-tuned on the labels
    (:class:`framing.models.finetune.FineTunedEncoderClassifier`).
    ``"mlp_uclmr_stack"`` (pairs only) puts a boosted tree model over the out-of-fold probabilities of the
    ``mlp_uclmr`` pipeline (with ``C`` and these features) and the pair's overlap counts
    (:class:`framing.models.stacking.PairStackClassifier`), behind a pass-through feature step; with ``dense`` the
    booster also reads the two texts' cosine in that block.
    ``use_rationales`` adds the rates at which annotators marked each word (:mod:`framing.models.rationales`):
    the model is then fitted on a ``text``/``rationale`` frame (optionally with ``group``) and predicts from
    texts alone.
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; choose from {', '.join(MODELS)}")
    if fine_tune and (model not in VOTE_MODELS or not isinstance(dense, SentenceEncoder)):
        raise ValueError(
            "fine_tune needs a vote with a sentence encoder as its dense block (SentenceEncoder)"
        )
    if model in VOTE_MODELS:
        members = [
            (
                member,
                build_pipeline(
                    member,
                    use_signals=use_signals and signals,
                    use_ngrams=use_ngrams,
                    use_target=use_target,
                    use_pair=use_pair,
                    pair_variant=pair_variant,
                    use_rationales=use_rationales,
                    C=1.0 if member_C is None else member_C,
                    calibration_folds=calibration_folds,
                    random_state=random_state,
                ),
            )
            for member, member_C, signals in VOTE_MEMBERS
        ]
        if dense is not None:
            dense_model, dense_C = VOTE_DENSE_MEMBER
            dense_members = [
                (
                    f"{dense_model}_dense",
                    [
                        ("space", dense),
                        ("model", classifier(dense_model, C=dense_C, random_state=random_state)),
                    ],
                )
            ]
            if fine_tune:
                dense_members.append(("finetuned_dense", [("model", fine_tuned_member(dense, random_state))]))
            for name, steps in dense_members:
                if use_rationales:  # fitted on a text/rationale frame: the member reads the text column
                    steps.insert(0, ("column", TextColumn()))
                members.append((name, Pipeline(steps)))
        # Each member has its own features, so the vote's own feature step passes the input through.
        vote = SoftVoteClassifier(members, combine=VOTE_MODELS[model], random_state=random_state)
        return Pipeline([("features", "passthrough"), ("model", vote)])
    if model in STACK_MODELS:
        # stacking builds on pairs, which builds on this module
        from framing.models.stacking import PairStackClassifier

        if not use_pair or use_rationales:
            raise ValueError(
                f"{model!r} stacks a model of text pairs: it needs use_pair and takes no rationales"
            )
        pair_model = build_pipeline(
            STACK_MODELS[model],
            use_signals=use_signals,
            use_ngrams=use_ngrams,
            use_pair=True,
            pair_variant=pair_variant,
            C=C,
            calibration_folds=calibration_folds,
            random_state=random_state,
        )
        stack = PairStackClassifier(pair_model, random_state=random_state, similarity=dense)
        return Pipeline([("features", "passthrough"), ("model", stack)])
    features = input_features(
        use_target=use_target,
        use_pair=use_pair,
        pair_variant=pair_variant,
        use_signals=use_signals,
        use_ngrams=use_ngrams,
        nonnegative=model in COUNT_MODELS,
        dense=dense,
    )
    if use_rationales:
        if use_target or use_pair:
            raise ValueError("rationale features take plain texts, not a stance target or a paired text")
        features = rationale_features(features, random_state=random_state)
    estimator = classifier(model, C=C, calibration_folds=calibration_folds, random_state=random_state)
    return Pipeline([("features", features), ("model", estimator)])


def fine_tuned_member(encoder: SentenceEncoder, random_state=0) -> FineTunedEncoderClassifier:
    """The vote's member that fine-tunes ``encoder`` on the labels (``build_pipeline(fine_tune=True)``; the
    benchmark's cached-fold CV fits the same member on each fold's texts)."""
    return FineTunedEncoderClassifier(encoder.model, random_state=random_state)


def rationale_block(random_state=0) -> Pipeline:
    """The rationale rates (cross-fitted on training rows) scaled by their largest training value:
    non-negative, so naive Bayes takes them too."""
    return Pipeline([("rates", RationaleScores(random_state=random_state)), ("scale", MaxAbsScaler())])


def rationale_features(text_block, *, random_state=0) -> FeatureUnion:
    """``text_block`` on the ``text`` column, then :func:`rationale_block` (the order the benchmark's cached
    fold matrices keep)."""
    return FeatureUnion(
        [
            ("text", Pipeline([("column", TextColumn()), ("blocks", text_block)])),
            ("rationales", rationale_block(random_state)),
        ]
    )
