"""Leak-free model selection on a task's training rows: candidates, cached fold features, thresholds.

It follows :func:`framing.models.selection.train` (same grouped, stratified folds from
:func:`framing.models.selection.splits`, same estimators from :func:`framing.models.pipeline.classifier`)
but differs where a benchmark needs more: a C grid per model, signals and class weights as
candidates, a per-task criterion instead of macro-F1, a tuned probability threshold for binary tasks,
and each fold's TF-IDF fitted once and shared by every candidate (the signal features are rule-based,
so they are extracted once and only scaled per fold). The matrices are identical to those
``build_pipeline(...)`` fits (a test checks this).
"""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler
from sklearn.utils.parallel import Parallel, delayed

from framing.benchmarks.metrics import _confusion, _fold_score, metric_values
from framing.errors import InputError
from framing.models.data import LabelledData, check_classes
from framing.models.decisions import aligned_proba, class_mix_factors, weighted_argmax
from framing.models.decisions import tune_weights as _tune_weights
from framing.models.ensemble import combine_probabilities
from framing.models.metrics import encode
from framing.models.pipeline import (
    COUNT_MODELS,
    MODELS,
    STACK_MODELS,
    VOTE_DENSE_MEMBER,
    VOTE_MEMBERS,
    VOTE_MODELS,
    build_pipeline,
    classifier,
    fine_tuned_member,
    input_features,
    rationale_block,
)
from framing.models.selection import _TAKES_C, _calibration_folds, _take, splits, untrainable_models
from framing.signals import FAMILIES

DEFAULT_C_GRID = (0.1, 0.3, 1.0)
#: The MLPs' C scales their L2 penalty (framing.models.pipeline.classifier); other values only when asked.
_DEFAULT_GRIDS = {"mlp": (1.0,), "mlp_uclmr": (1.0,), "mlp_uclmr_ensemble": (1.0,), "mlp_uclmr_stack": (1.0,)}
#: Where each model's class weight sits in a pipeline from ``build_pipeline``.
_CLASS_WEIGHT_PARAM = {
    "logreg": "model__class_weight",
    "linear_svm": "model__estimator__class_weight",
    "nbsvm": "model__class_weight",
    "sgd": "model__class_weight",
}


@dataclass(frozen=True)
class Candidate:
    """One model configuration tried in cross-validation (the models' ``Candidate`` plus signals and weights)."""

    model: str
    C: float | None  # None for naive Bayes, which has no C
    signals: bool
    balanced: bool = True  # class_weight="balanced" (the toolkit's choice) or None
    dense: bool = False  # with a dense block: a latent space (framing.models.dense) or a sentence encoder
    rationales: bool = False  # with the annotators' marked-word rates (framing.models.rationales)
    # which dense block, for the name: "lsa" or an encoder's short name (framing.models.encoders)
    dense_name: str = "lsa"
    # a vote's further member: the encoder fine-tuned on the labels (framing.models.finetune)
    fine_tune: bool = False

    @property
    def name(self) -> str:
        parts = [self.model]
        if self.C is not None:
            parts.append(f"C={self.C:g}")
        if not self.balanced:
            parts.append("unweighted")
        parts.append("+signals" if self.signals else "n-grams only")
        if self.dense:
            parts.append(f"+{self.dense_name}" + ("-finetuned" if self.fine_tune else ""))
        if self.rationales:
            parts.append("+rationales")
        return " ".join(parts)

    def as_dict(self) -> dict:
        return {
            "model": self.model,
            "C": self.C,
            "signals": self.signals,
            "balanced": self.balanced,
            "dense": self.dense,
            "fine_tune": self.fine_tune,
            "rationales": self.rationales,
        }


def _candidates(
    models: Sequence[str],
    c_grid: Sequence[float] | Mapping[str, Sequence[float]],
    use_signals: bool | str,
    class_weights: Sequence[str | None],
    use_dense: bool | str = False,
    use_rationales: bool | str = False,
    dense_name: str = "lsa",
    fine_tune: bool | str = False,
) -> list[Candidate]:
    """Model x C x signals x class weight x dense block x rationale block; ``framing.models.selection.candidates``
    has one C grid and no toggles. The count models (naive Bayes, NBSVM) never get the dense block (they model
    counts, not coordinates); a vote gets it as a member of its own (with ``fine_tune`` also the sentence encoder
    fine-tuned on the labels, as a further member), a stack as the two texts' cosine in it."""
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        raise InputError(f"unknown model(s) {unknown or '(none given)'}; choose from {', '.join(MODELS)}")
    signal_options = _toggle("use_signals", use_signals)
    dense_options = _toggle("use_dense", use_dense)
    rationale_options = sorted(_toggle("use_rationales", use_rationales))
    tuning_options = sorted(_toggle("fine_tune", fine_tune))
    if fine_tune is not False and dense_name == "lsa":
        raise InputError("fine_tune needs a sentence encoder as the dense block (dense_block='minilm')")
    bad_cw = [w for w in class_weights if w not in ("balanced", None)]
    if bad_cw or not class_weights:
        raise InputError(f"class weights must be 'balanced' and/or None, got {list(class_weights)}")
    out = []
    for model in dict.fromkeys(models):
        default = _DEFAULT_GRIDS.get(model, DEFAULT_C_GRID)
        grid = c_grid.get(model, default) if isinstance(c_grid, Mapping) else c_grid
        if model in _TAKES_C and (not grid or any(not np.isfinite(c) or c <= 0 for c in grid)):
            raise InputError(f"every C must be a positive number, got {list(grid)} for {model}")
        # without the dense block first, so a tie keeps the smaller model
        for dense, rationales in itertools.product(
            sorted(dense_options) if model not in COUNT_MODELS else (False,),
            rationale_options,
        ):
            for signals in signal_options:
                if model not in _TAKES_C:
                    tunings = tuning_options if dense and model in VOTE_MODELS else (False,)
                    out.extend(
                        Candidate(
                            model,
                            None,
                            signals,
                            dense=dense,
                            rationales=rationales,
                            dense_name=dense_name,
                            fine_tune=tuned,
                        )
                        for tuned in tunings
                    )
                    continue
                # the MLP has no class weights: tuned decisions make up for unequal classes
                weights = dict.fromkeys(class_weights) if model in _CLASS_WEIGHT_PARAM else ("balanced",)
                for C in grid:
                    for weight in weights:
                        out.append(
                            Candidate(
                                model, float(C), signals, weight == "balanced", dense, rationales, dense_name
                            )
                        )
    return out


def _toggle(name: str, value: bool | str) -> tuple[bool, ...]:
    """A feature block's options: on, off, or both (``"cv"``: chosen by cross-validation)."""
    if value == "cv":
        return (True, False)
    if isinstance(value, bool):
        return (value,)
    raise InputError(f"{name} must be True, False or 'cv', not {value!r}")


def _signal_union() -> FeatureUnion:
    """The signal families as ``text_features`` joins them, without its scaler (scaled per fold)."""
    return FeatureUnion([(family.family, family()) for family in FAMILIES])


def _signal_matrix(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Raw (unscaled) signal features of every text: rule-based, so no training data is involved.

    Each distinct text is analysed once (FNC-1 pairs each body with many headlines).
    """
    texts = list(texts)
    distinct = list(dict.fromkeys(texts))
    index = {t: i for i, t in enumerate(distinct)}
    union = _signal_union()
    matrix = np.asarray(union.fit_transform(distinct), dtype=float)
    return matrix[[index[t] for t in texts]], [str(n) for n in union.get_feature_names_out()]


def _ngram_features(X, dense=None, pair_variant: str = "similarity"):
    """The pipeline's feature block without signals (word/char TF-IDF, target or pair features, ``dense``)."""
    columns = set(X.columns) if isinstance(X, pd.DataFrame) else set()
    return input_features(
        use_target="target" in columns,
        use_pair="pair" in columns,
        pair_variant=pair_variant,
        use_signals=False,
        dense=dense,
    )


def _with_signals(signals: np.ndarray | None, ngrams) -> sp.csr_matrix:
    """Columns in the pipeline's order: scaled signals first, then the n-gram (and target) blocks."""
    if signals is None:
        return sp.csr_matrix(ngrams)
    return sp.hstack([sp.csr_matrix(signals), ngrams]).tocsr()


def _fold_matrices(
    X,
    signals: np.ndarray,
    train_idx,
    test_idx,
    variants: set[tuple[str, bool, bool]],
    dense=None,
    pair_variant: str = "similarity",
    y: np.ndarray | None = None,
    rationale_input: pd.DataFrame | None = None,
    random_state: int = 0,
):
    """Feature matrices of one fold for each variant ``(signals, with dense block, with rationales)``: signals
    'maxabs' (as for logreg/SVM), 'minmax' (as for the count models) or 'none' (n-grams only). TF-IDF is fitted
    once per dense option; ``dense`` is the (frozen) latent space. The training rows' labels ``y[train_idx]``
    reach the blocks' ``fit_transform`` as a pipeline's ``fit`` passes them (the cross-fitted topic
    cosines of :class:`framing.models.pairs.PairTopicSimilarity` read stories from them, the cross-fitted
    rationale rates their folds). ``rationale_input`` is ``LabelledData.X_rationales``; the rationale block goes
    last, as in ``build_pipeline(use_rationales=True)``."""
    blocks = {}
    y_train = None if y is None else np.asarray(y)[train_idx]
    for with_dense in {d for kind, d, _ in variants if kind != "dense"}:
        ngrams = _ngram_features(X, dense if with_dense else None, pair_variant)
        blocks[with_dense] = (
            ngrams.fit_transform(_take(X, train_idx), y_train),
            ngrams.transform(_take(X, test_idx)),
        )
    rates = None
    if any(with_rationales for _, _, with_rationales in variants):
        if rationale_input is None:
            raise InputError("candidates with the rationale block need rationales (LabelledData.rationales)")
        block = rationale_block(random_state)
        rates = (
            sp.csr_matrix(block.fit_transform(_take(rationale_input, train_idx), y_train)),
            sp.csr_matrix(block.transform(_take(rationale_input, test_idx))),
        )
    out = {}
    for variant in variants:
        kind, with_dense, with_rationales = variant
        if kind == "dense":  # the dense block alone (a vote's dense member): frozen, so nothing is fitted
            out[variant] = (dense.transform(_take(X, train_idx)), dense.transform(_take(X, test_idx)))
            continue
        if kind == "text":  # the texts themselves, for the member that fine-tunes the encoder on them
            out[variant] = (_take(X, train_idx), _take(X, test_idx))
            continue
        ng_train, ng_test = blocks[with_dense]
        if kind == "none":
            train, test = sp.csr_matrix(ng_train), sp.csr_matrix(ng_test)
        else:
            scaler = MaxAbsScaler() if kind == "maxabs" else MinMaxScaler(clip=True)
            s_train = scaler.fit_transform(signals[train_idx])
            s_test = scaler.transform(signals[test_idx])
            train, test = _with_signals(s_train, ng_train), _with_signals(s_test, ng_test)
        if with_rationales:
            train, test = sp.hstack([train, rates[0]]).tocsr(), sp.hstack([test, rates[1]]).tocsr()
        out[variant] = (train, test)
    return out


def _variant(candidate: Candidate) -> tuple[str, bool, bool]:
    """Which cached fold matrix ``candidate`` is fitted on."""
    if not candidate.signals:
        return "none", candidate.dense, candidate.rationales
    return ("minmax" if candidate.model in COUNT_MODELS else "maxabs"), candidate.dense, candidate.rationales


def _vote_members(candidate: Candidate) -> list[tuple[Candidate, tuple[str, bool, bool]]]:
    """The members of a vote candidate as candidates of their own, each with its cached fold matrix
    (``VOTE_MEMBERS``, and with the dense block ``VOTE_DENSE_MEMBER`` on that block alone and, fine-tuned, the encoder
    on the texts, as ``build_pipeline``)."""
    members = [
        Candidate(model, C, candidate.signals and signals, rationales=candidate.rationales)
        for model, C, signals in VOTE_MEMBERS
    ]
    out = [(member, _variant(member)) for member in members]
    if candidate.dense:
        model, C = VOTE_DENSE_MEMBER
        out.append((Candidate(model, C, False, dense=True), ("dense", True, False)))
    if candidate.dense and candidate.fine_tune:
        out.append((Candidate("finetuned", None, False, dense=True, fine_tune=True), ("text", True, False)))
    return out


def _variants(candidate: Candidate) -> set[tuple[str, bool]]:
    """Every cached fold matrix ``candidate`` needs (one per member for a vote)."""
    if candidate.model in VOTE_MODELS:
        return {variant for _, variant in _vote_members(candidate)}
    if candidate.model in STACK_MODELS:
        return set()  # fitted as a whole pipeline on the fold's pairs (_fit_predict_stack)
    return {_variant(candidate)}


def _estimator(candidate: Candidate, y_train: np.ndarray, random_state: int):
    """The pipeline's final estimator alone, fitted on a fold's cached feature matrices."""
    est = classifier(
        candidate.model,
        C=1.0 if candidate.C is None else candidate.C,
        calibration_folds=_calibration_folds(y_train),
        random_state=random_state,
    )
    if not candidate.balanced:
        key = _CLASS_WEIGHT_PARAM[candidate.model].split("__", 1)[1]
        est.set_params(**{key: None})
    return est


def _fit_predict(candidate: Candidate, X_train, y_train, X_test, random_state: int, labels: Sequence[str]):
    """Predictions, class probabilities (columns in ``labels`` order) and the fit time."""
    start = time.perf_counter()
    est = _estimator(candidate, y_train, random_state).fit(X_train, y_train)
    return est.predict(X_test), aligned_proba(est, X_test, labels), time.perf_counter() - start


def _fit_predict_vote(
    candidate: Candidate, matrices, y_train, random_state: int, labels: Sequence[str], dense=None
):
    """A vote fitted on a fold's cached matrices: each member on its own matrix, combined as
    :class:`framing.models.ensemble.SoftVoteClassifier` combines them (``combine_probabilities``); a fine-tuned
    member trains ``dense``'s encoder on the fold's texts."""
    start = time.perf_counter()
    probas, references = [], []
    for member, variant in _vote_members(candidate):
        X_train, X_test = matrices[variant]
        if member.fine_tune:
            est = fine_tuned_member(dense, random_state).fit(X_train, y_train)
        else:
            est = _estimator(member, y_train, random_state).fit(X_train, y_train)
        probas.append(aligned_proba(est, X_test, labels))
        if VOTE_MODELS[candidate.model] == "rank":
            references.append(np.sort(aligned_proba(est, X_train, labels), axis=0))
    proba = combine_probabilities(probas, VOTE_MODELS[candidate.model], references or None)
    pred = np.asarray(labels, dtype=object)[proba.argmax(axis=1)]
    return pred, proba, time.perf_counter() - start


def _fit_predict_stack(
    candidate: Candidate,
    X,
    y,
    train_idx,
    test_idx,
    random_state: int,
    labels: Sequence[str],
    pair_variant: str,
    dense=None,
):
    """A stack fitted as the pipeline a user gets: it needs the fold's raw pairs for its inner pair folds and
    overlap counts, which no cached matrix holds."""
    start = time.perf_counter()
    pipeline = _pipeline(candidate, X, y[train_idx], random_state, dense, pair_variant)
    pipeline.fit(_take(X, train_idx), y[train_idx])
    proba = aligned_proba(pipeline, _take(X, test_idx), labels)
    pred = np.asarray(labels, dtype=object)[proba.argmax(axis=1)]
    return pred, proba, time.perf_counter() - start


def _thresholded(proba: np.ndarray, threshold: float, positive: str, negative: str) -> np.ndarray:
    return np.where(proba >= threshold, positive, negative).astype(object)


def _best_threshold(
    metric: str, y: np.ndarray, proba: np.ndarray, positive: str, labels: Sequence[str]
) -> float:
    """The probability threshold for ``positive`` that maximises ``metric`` on out-of-fold predictions.

    Tried: 0.5 and the 1st..99th percentiles of the probabilities; ties go to the one nearest 0.5.
    """
    negative = next(label for label in labels if label != positive)
    grid = np.unique(np.append(np.round(np.quantile(proba, np.linspace(0.01, 0.99, 99)), 6), 0.5))
    true = encode(y, labels, "y")
    best, best_key = 0.5, None
    for t in grid:
        pred = encode(_thresholded(proba, t, positive, negative), labels, "thresholded predictions")
        cm = _confusion(true, pred, len(labels))
        key = (round(float(metric_values(metric, cm, labels)), 12), -abs(t - 0.5))
        if best_key is None or key > best_key:
            best, best_key = float(t), key
    return best


def _pipeline(
    candidate: Candidate,
    X,
    y_train: np.ndarray,
    random_state: int,
    dense=None,
    pair_variant: str = "similarity",
):
    """The toolkit's pipeline for ``candidate`` and input ``X`` (what a user gets from ``build_pipeline``).

    Unlike ``framing.models.selection._pipeline`` it can switch the balanced class weights off.
    """
    columns = set(X.columns) if isinstance(X, pd.DataFrame) else set()
    pipeline = build_pipeline(
        candidate.model,
        use_signals=candidate.signals,
        use_target="target" in columns,
        use_pair="pair" in columns,
        pair_variant=pair_variant,
        dense=dense if candidate.dense else None,
        fine_tune=candidate.fine_tune,
        use_rationales=candidate.rationales,
        C=1.0 if candidate.C is None else candidate.C,
        calibration_folds=_calibration_folds(y_train),
        random_state=random_state,
    )
    if not candidate.balanced:
        pipeline.set_params(**{_CLASS_WEIGHT_PARAM[candidate.model]: None})
    return pipeline


def model_input(data: LabelledData, candidate: Candidate):
    """What ``candidate``'s pipeline is fitted on: with the rationale block, the texts with their rationales."""
    return data.X_rationales if candidate.rationales else data.X


def cross_validate(
    data: LabelledData,
    options: Sequence[Candidate],
    *,
    metric: str,
    folds: int,
    random_state: int,
    n_jobs: int = 1,
    signals: np.ndarray | None = None,
    positive: str | None = None,
    tune_weights: bool = False,
    dense=None,
    pair_variant: str = "similarity",
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Score every candidate on the same grouped, stratified folds of ``data`` (training rows only).

    ``signals`` are the raw signal features of ``data`` (computed when not given); ``dense`` is the
    frozen latent space of candidates with ``dense=True``; ``pair_variant`` picks the pair features of a
    text/pair input (:func:`framing.models.pairs.pair_features`). With a ``positive`` label (binary tasks)
    each candidate also gets the probability threshold that maximises ``metric`` on its pooled
    out-of-fold probabilities; with ``tune_weights`` (tasks of more classes) it gets per-class
    decision weights chosen the same way (:func:`framing.models.decisions.tune_weights`), the tested rows weighted
    back to the class mix of all training rows (:func:`framing.models.decisions.class_mix_factors`). Its fold
    scores are then taken at that threshold or those weights (slightly optimistic: they were
    picked on the same predictions), and ``mean_argmax`` keeps the score of the plain
    ``predict``. Returns the per-candidate fold scores, the chosen candidate, its out-of-fold
    probabilities and decisions (``oof``, meaningful on its ``rows``: paired texts across two folds are
    tested in none, :func:`framing.models.pairs.pair_folds`), the folds and what was skipped.
    """
    check_classes(data.y, data.groups, data.path, data.label_col, folds)
    folds_idx = splits(data, folds, random_state)
    for train_idx, _ in folds_idx:
        if len(set(data.y[train_idx].tolist())) < 2:
            raise InputError(
                f"a training fold of {data.path} holds a single class (too few groups); use fewer folds"
            )
    unusable = untrainable_models(data.y, folds_idx)
    skipped = {c.name: unusable[c.model] for c in options if c.model in unusable}
    options = [c for c in options if c.model not in unusable]
    if not options:
        raise InputError(f"no model can be cross-validated on {data.path}: {skipped}")
    rows = np.sort(np.concatenate([test_idx for _, test_idx in folds_idx]))  # paired texts: not every row
    if any(c.dense for c in options) and dense is None:
        raise InputError("candidates with the dense block need a latent space (dense=...)")
    if signals is None and any(c.signals for c in options):
        signals, _ = _signal_matrix(data.texts)
    X = data.X
    labels = list(data.labels)
    variants = set().union(*(_variants(c) for c in options))
    fold_scores: dict[str, dict[str, list[float]]] = {c.name: {metric: [], "macro_f1": []} for c in options}
    oof = {c.name: np.zeros((len(data), len(labels))) for c in options}
    seconds = dict.fromkeys((c.name for c in options), 0.0)
    feature_seconds = 0.0
    for f, (train_idx, test_idx) in enumerate(folds_idx):
        start = time.perf_counter()
        matrices = _fold_matrices(
            X,
            signals,
            train_idx,
            test_idx,
            variants,
            dense,
            pair_variant,
            data.y,
            rationale_input=None if data.rationales is None else data.X_rationales,
            random_state=random_state,
        )
        feature_seconds += time.perf_counter() - start
        y_train, y_test = data.y[train_idx], data.y[test_idx]
        results = Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(_fit_predict_vote)(c, matrices, y_train, random_state, labels, dense)
            if c.model in VOTE_MODELS
            else delayed(_fit_predict_stack)(
                c, X, data.y, train_idx, test_idx, random_state, labels, pair_variant, dense
            )
            if c.model in STACK_MODELS
            else delayed(_fit_predict)(
                c, matrices[_variant(c)][0], y_train, matrices[_variant(c)][1], random_state, labels
            )
            for c in options
        )
        for c, (pred, proba, secs) in zip(options, results, strict=True):
            seconds[c.name] += secs
            oof[c.name][test_idx] = proba
            for key in fold_scores[c.name]:
                fold_scores[c.name][key].append(_fold_score(key, y_test, pred, labels))
        if progress is not None:
            progress(f"fold {f + 1}/{len(folds_idx)}: {len(options)} candidates")
        del matrices
    cv = {}
    decided = {}
    # Weights are tuned for the class mix of all training rows, not of the rows the folds could test.
    mix = class_mix_factors(data.y, rows, labels)
    for c in options:
        scores = fold_scores[c.name]
        cv[c.name] = {
            **c.as_dict(),
            "fold_scores": scores[metric],
            "mean": float(np.mean(scores[metric])),
            "sd": float(np.std(scores[metric], ddof=1)),
            "macro_f1_mean": float(np.mean(scores["macro_f1"])),
            "fit_seconds": round(seconds[c.name], 2),
        }
        tuned = None
        if positive is not None:
            column = labels.index(positive)
            negative = next(label for label in labels if label != positive)
            threshold = _best_threshold(metric, data.y[rows], oof[c.name][rows, column], positive, labels)
            decided[c.name] = _thresholded(oof[c.name][:, column], threshold, positive, negative)
            tuned = {"threshold": threshold}
        elif tune_weights:
            codes = encode(data.y[rows], labels, "y")
            weights, _ = _tune_weights(
                codes, oof[c.name][rows], lambda cm: metric_values(metric, cm * mix[:, None], labels)
            )
            decided[c.name] = np.asarray(labels, dtype=object)[weighted_argmax(oof[c.name], weights)]
            tuned = {"class_weights": {label: float(w) for label, w in zip(labels, weights, strict=True)}}
        if tuned is not None:
            fold_tuned = [_fold_score(metric, data.y[te], decided[c.name][te], labels) for _, te in folds_idx]
            cv[c.name].update(
                **tuned,
                mean_argmax=cv[c.name]["mean"],
                fold_scores=fold_tuned,
                mean=float(np.mean(fold_tuned)),
                sd=float(np.std(fold_tuned, ddof=1)),
            )
    chosen = max(options, key=lambda c: round(cv[c.name]["mean"], 12))
    majority = []
    for train_idx, test_idx in folds_idx:
        label = _majority(data.y[train_idx])
        majority.append(
            _fold_score(metric, data.y[test_idx], np.full(len(test_idx), label, dtype=object), labels)
        )
    decisions = {
        name: decided.get(name, np.asarray(labels, dtype=object)[proba.argmax(axis=1)])
        for name, proba in oof.items()
    }
    return {
        "metric": metric,
        "folds": len(folds_idx),
        "splitter": folds_idx.splitter,
        "random_state": random_state,
        "candidates": cv,
        "chosen": chosen,
        "skipped": skipped,
        "majority_mean": float(np.mean(majority)),
        "feature_seconds": round(feature_seconds, 2),
        "oof": {"proba": oof, "decisions": decisions, "rows": rows},
        "untested_rows": int(len(data) - len(rows)),
    }


def _majority(y: np.ndarray) -> str:
    """Most frequent label, ties to the first by name (the models' ``most_common`` keeps the first seen)."""
    counts = Counter(y.tolist())
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
