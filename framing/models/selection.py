"""Choose a model by cross-validation that cannot leak, then refit it on all the data.

Folds are stratified by label so every fold sees every class, and grouped when
sentences share an article (``StratifiedGroupKFold``): sentences of one article
are alike, and splitting them across train and test inflates scores. Every
candidate is scored on the same folds, so their differences are paired.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.utils.parallel import Parallel, delayed

from framing.errors import InputError
from framing.io.readers import _show
from framing.models.calibration import calibration_report
from framing.models.data import LabelledData, check_classes
from framing.models.decisions import (
    WeightedDecisionClassifier,
    aligned_proba,
    class_mix_factors,
    confusion,
    tune_weights,
    weighted_argmax,
)
from framing.models.encoders import SentenceEncoder
from framing.models.metrics import classification_report_ci, encode, scores
from framing.models.pairs import pair_folds
from framing.models.pipeline import MODELS, STACK_MODELS, VOTE_MODELS, build_pipeline

DEFAULT_MODELS = ("logreg", "linear_svm", "nb")
#: Models whose regularisation ``C`` sets: all but naive Bayes and the votes (whose members have their own).
_TAKES_C = tuple(m for m in MODELS if m != "nb" and m not in VOTE_MODELS)
DECISIONS = ("argmax", "tuned")
SELECTION_NOTE = (
    "the chosen model's out-of-fold scores are slightly optimistic because it was picked as the best of "
    "several candidates on the same folds; report a held-out evaluation (framing evaluate) as the final number"
)


@dataclass(frozen=True)
class Candidate:
    name: str
    model: str
    C: float | None  # None for naive Bayes, which has no C


@dataclass
class TrainResult:
    """The refitted pipeline and the evidence for choosing it.

    ``oof_pred``/``oof_proba`` are each sentence's prediction from the fold that
    held it out (probability columns in ``labels`` order), defined on the rows
    ``oof_rows`` (all rows, except paired texts tested in no fold); ``folds`` are the
    ``(train, test)`` row indices every candidate was scored on; ``class_weights`` are the
    decision weights tuned on the out-of-fold probabilities (``None`` for the plain argmax).
    """

    pipeline: Pipeline
    chosen: Candidate
    cv: dict[str, dict]
    oof_pred: np.ndarray
    oof_proba: np.ndarray
    folds: list[tuple[np.ndarray, np.ndarray]]
    report: dict
    class_weights: dict[str, float] | None = None
    oof_rows: np.ndarray | None = None


def candidates(models: Sequence[str], c_grid: Sequence[float]) -> list[Candidate]:
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        raise InputError(f"unknown model(s) {unknown or '(none given)'}; choose from {', '.join(MODELS)}")
    if not c_grid or any(not np.isfinite(c) or c <= 0 for c in c_grid):
        raise InputError(f"every C must be a positive number, got {list(c_grid)}")
    out = []
    for model in dict.fromkeys(models):
        if model not in _TAKES_C:
            out.append(Candidate(model, model, None))
            continue
        for C in c_grid:
            out.append(Candidate(model if len(c_grid) == 1 else f"{model} C={C:g}", model, float(C)))
    return out


class Folds(list):
    """``(train, test)`` row indices of each fold, and the name of the splitter that made them (for reports)."""

    def __init__(self, folds, splitter: str):
        super().__init__(folds)
        self.splitter = splitter


def splits(data: LabelledData, folds: int, random_state) -> Folds:
    """Stratified folds, grouped when the data has groups; seeded so runs repeat exactly.

    Paired texts get :func:`framing.models.pairs.pair_folds` (a group stands for its text there),
    which keep both texts of a pair off the other side (some pairs are then in no test part), when
    they form enough stories; else (e.g. a stance target shared by every text) grouped folds.
    """
    if data.pairs is not None:
        texts = data.texts if data.groups is None else data.groups.tolist()
        try:
            return Folds(pair_folds(texts, data.pairs, data.y, folds, random_state), PAIR_SPLITTER)
        except ValueError:
            pass
    if data.groups is None:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
        return Folds(splitter.split(np.zeros(len(data)), data.y), "StratifiedKFold")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    return Folds(splitter.split(np.zeros(len(data)), data.y, data.groups), "StratifiedGroupKFold")


#: The splitter name of :func:`framing.models.pairs.pair_folds` in reports.
PAIR_SPLITTER = "pair_folds (stories of both texts kept apart)"


#: Smallest class size in a training fold for the MLP: early stopping holds out a stratified 10 %.
MLP_MIN_CLASS = 10


def untrainable_models(y: np.ndarray, folds_idx) -> dict[str, str]:
    """Models the smallest class of some training fold is too small for, with the reason."""
    smallest = min(min(Counter(y[train_idx].tolist()).values()) for train_idx, _ in folds_idx)
    out = {}
    if smallest < 2:
        out["linear_svm"] = (
            "a class has fewer than 2 examples in a training fold, too few to calibrate probabilities"
        )
    if smallest < MLP_MIN_CLASS:
        out["mlp"] = (
            f"a class has fewer than {MLP_MIN_CLASS} examples in a training fold, too few for the MLP's early-stopping "
            "validation split"
        )
    return out


def _take(X, index: np.ndarray):
    if isinstance(X, pd.DataFrame):
        return X.iloc[index].reset_index(drop=True)
    return [X[i] for i in index]


def _calibration_folds(y: np.ndarray) -> int:
    """Inner folds for the SVM's probability calibration: 3, or fewer when a class is that small."""
    return min(3, min(Counter(y.tolist()).values()))


def _pipeline(
    candidate: Candidate,
    data: LabelledData,
    y: np.ndarray,
    use_signals: bool,
    random_state,
    dense=None,
    pair_variant: str = "similarity",
    fine_tune: bool = False,
):
    return build_pipeline(
        candidate.model,
        use_signals=use_signals,
        use_target=data.targets is not None,
        use_pair=data.pairs is not None,
        pair_variant=pair_variant,
        dense=dense,
        fine_tune=fine_tune and candidate.model in VOTE_MODELS,
        use_rationales=data.rationales is not None,
        C=1.0 if candidate.C is None else candidate.C,
        calibration_folds=_calibration_folds(y),
        random_state=random_state,
    )


def _fit_fold(
    candidate,
    data,
    train_idx,
    test_idx,
    use_signals,
    random_state,
    dense,
    pair_variant="similarity",
    fine_tune=False,
):
    """Fit on one training part; predictions and class probabilities (in ``data.labels`` order) for its test part."""
    X = data.fit_X
    pipeline = _pipeline(
        candidate, data, data.y[train_idx], use_signals, random_state, dense, pair_variant, fine_tune
    )
    pipeline.fit(_take(X, train_idx), data.y[train_idx])
    features = pipeline[:-1].transform(_take(X, test_idx))
    model = pipeline[-1]
    return model.predict(features), aligned_proba(model, features, data.labels)


def _fold_f1(y_true, y_pred) -> float:
    # Classes present in the fold (truth or prediction): a grouped fold may lack a rare class.
    return float(f1_score(y_true, y_pred, average="macro", zero_division=0))


def train(
    data: LabelledData,
    *,
    models: Sequence[str] = DEFAULT_MODELS,
    c_grid: Sequence[float] = (1.0,),
    folds: int = 5,
    use_signals: bool = True,
    dense=None,
    fine_tune: bool = False,
    decision: str = "argmax",
    pair_variant: str = "similarity",
    random_state: int = 0,
    n_jobs: int = 1,
    n_boot: int = 1000,
    progress: Callable[[int, int, str], None] | None = None,
) -> TrainResult:
    """Score each candidate by ``folds``-fold CV macro-F1, refit the best on all data.

    ``dense`` adds a dense text block (a frozen latent space, :func:`framing.models.dense.fit_space`, or a sentence
    encoder); with a sentence encoder, ``fine_tune`` adds to every vote a member that trains the encoder itself on the
    labels (:mod:`framing.models.finetune`).
    ``pair_variant`` picks the features of paired texts (:func:`framing.models.pairs.pair_features`).
    ``decision="tuned"`` weights the chosen model's class probabilities before the argmax, with
    weights that maximise macro-F1 on its out-of-fold probabilities (:mod:`framing.models.decisions`);
    the out-of-fold report is then of the tuned decisions (slightly optimistic, as the weights were
    chosen on them), and the plain argmax's macro-F1 is kept next to it.
    ``progress(done, total, what)`` is called after each fitted fold and the
    final refit. Ties keep the earlier candidate in ``models`` order.
    """
    if decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    check_classes(data.y, data.groups, data.path, data.label_col, folds)
    options = candidates(models, c_grid)
    if fine_tune and not isinstance(dense, SentenceEncoder):
        raise InputError("--fine-tune trains a sentence encoder: add --encoder")
    if fine_tune and not any(c.model in VOTE_MODELS for c in options):
        raise InputError("--fine-tune trains the encoder as a member of a vote: add --model vote")
    stacks = [c.model for c in options if c.model in STACK_MODELS]
    if stacks and (data.pairs is None or data.rationales is not None):
        raise InputError(
            f"--model {stacks[0]} stacks a model of text pairs: it needs --pair-col and no rationales"
        )
    folds_idx = splits(data, folds, random_state)
    for train_idx, _ in folds_idx:
        if len(set(data.y[train_idx].tolist())) < 2:
            raise InputError(
                f"a training fold of {_show(data.path)} holds a single class (its groups are too few); "
                "use fewer --folds or more groups"
            )
    unusable = untrainable_models(data.y, folds_idx)
    skipped = {c.name: unusable[c.model] for c in options if c.model in unusable}
    options = [c for c in options if c.model not in unusable]
    if not options:
        raise InputError(
            f"{_show(data.path)}: no model can be trained: {skipped}; use fewer --folds or other --model"
        )

    total = len(options) * len(folds_idx) + 1
    tasks = [(c, f) for c in options for f in range(len(folds_idx))]
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_fit_fold)(c, data, *folds_idx[f], use_signals, random_state, dense, pair_variant, fine_tune)
        for c, f in tasks
    )
    oof = {
        c.name: (np.empty(len(data), dtype=object), np.zeros((len(data), len(data.labels)))) for c in options
    }
    fold_scores: dict[str, list[float]] = {c.name: [] for c in options}
    for done, ((candidate, f), (pred, proba)) in enumerate(zip(tasks, results, strict=True), start=1):
        test_idx = folds_idx[f][1]
        oof[candidate.name][0][test_idx] = pred
        oof[candidate.name][1][test_idx] = proba
        fold_scores[candidate.name].append(_fold_f1(data.y[test_idx], pred))
        if progress is not None:
            progress(done, total, f"{candidate.name}, fold {f + 1}/{len(folds_idx)}")

    cv, chosen = choose(options, fold_scores)
    oof_pred, oof_proba = oof[chosen.name]
    rows = np.sort(np.concatenate([test_idx for _, test_idx in folds_idx]))
    y_oof, groups_oof = data.y[rows], None if data.groups is None else data.groups[rows]
    pipeline = _pipeline(chosen, data, data.y, use_signals, random_state, dense, pair_variant, fine_tune)
    class_weights, decisions = None, {"rule": "argmax"}
    if decision == "tuned":
        codes = encode(y_oof, data.labels, "labels")
        # paired texts: pair folds test few cross-story pairs, so weights are tuned for all rows' class mix
        mix = class_mix_factors(data.y, rows, data.labels)
        weights, _ = tune_weights(codes, oof_proba[rows], lambda cm: scores(cm * mix[:, None])["macro_f1"])
        tuned = weighted_argmax(oof_proba, weights)
        class_weights = {label: float(w) for label, w in zip(data.labels, weights, strict=True)}
        decisions = {
            "rule": "argmax of class probabilities x weights tuned on out-of-fold predictions",
            "class_weights": class_weights,
            # pooled over all out-of-fold rows, unlike the fold means of the candidates
            "oof_macro_f1_argmax": float(
                scores(confusion(codes, oof_proba[rows].argmax(axis=1), len(data.labels)))["macro_f1"]
            ),
            "oof_macro_f1_tuned": float(scores(confusion(codes, tuned[rows], len(data.labels)))["macro_f1"]),
        }
        oof_pred = np.asarray(data.labels, dtype=object)[tuned]
        pipeline = Pipeline(
            [*pipeline.steps[:-1], ("model", WeightedDecisionClassifier(pipeline[-1], class_weights))]
        )
    pipeline.fit(data.fit_X, data.y)
    if progress is not None:
        progress(total, total, f"refit {chosen.name} on all {len(data)} rows")

    report = {
        "cv": {
            "folds": len(folds_idx),
            "splitter": folds_idx.splitter,
            "random_state": random_state,
            "metric": "macro_f1",
            "candidates": cv,
            "chosen": chosen.name,
            "skipped": skipped,
            "baseline_majority": _majority_baseline(data, folds_idx),
        },
        "out_of_fold": classification_report_ci(
            y_oof, oof_pred[rows], data.labels, groups=groups_oof, n_boot=n_boot, random_state=random_state
        ),
        "decision": decisions,
        "calibration": calibration_report(y_oof, oof_proba[rows], data.labels),
        "notes": [SELECTION_NOTE] if len(options) > 1 else [],
    }
    if len(rows) < len(data):
        report["cv"]["untested_pairs"] = int(len(data) - len(rows))
    return TrainResult(pipeline, chosen, cv, oof_pred, oof_proba, folds_idx, report, class_weights, rows)


def choose(
    options: Sequence[Candidate], fold_scores: dict[str, list[float]]
) -> tuple[dict[str, dict], Candidate]:
    """Each candidate's fold macro-F1 with mean and SD, and the best by mean (ties keep the earlier candidate)."""
    cv = {
        c.name: {
            "model": c.model,
            "C": c.C,
            "fold_macro_f1": fold_scores[c.name],
            "macro_f1_mean": float(np.mean(fold_scores[c.name])),
            "macro_f1_sd": float(np.std(fold_scores[c.name], ddof=1)),
        }
        for c in options
    }
    return cv, max(options, key=lambda c: round(cv[c.name]["macro_f1_mean"], 12))


def _majority_baseline(data: LabelledData, folds_idx) -> dict:
    """Macro-F1 of always predicting each training part's most frequent class: the floor to beat."""
    scores = []
    for train_idx, test_idx in folds_idx:
        majority = Counter(data.y[train_idx].tolist()).most_common(1)[0][0]
        scores.append(_fold_f1(data.y[test_idx], np.full(len(test_idx), majority, dtype=object)))
    return {
        "fold_macro_f1": scores,
        "macro_f1_mean": float(np.mean(scores)),
        "macro_f1_sd": float(np.std(scores, ddof=1)),
    }
