"""Multi-label frames: a sentence or headline may carry several (GVFC's secondary frame, the Policy Frames Codebook).

Labels come either as one column of label sets joined by a separator
(``gun_control|politics``) or as one 0/1 column per label. The model is one
binary classifier per label on the same features as ``framing train``
(one-vs-rest), chosen by grouped cross-validation; each label gets its own
decision threshold, tuned on out-of-fold probabilities only (see
:mod:`framing.models.thresholds`). Reported out-of-fold scores use thresholds
cross-fitted on the other folds, so they are not tuned on what they score.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils.parallel import Parallel, delayed

from framing.errors import InputError
from framing.io.readers import _show
from framing.models.data import (
    _SHOWN,
    _key,
    _label_text,
    _leaking_duplicates,
    _rows,
    clean_groups,
    clean_texts,
    file_sha256,
    require_columns,
)
from framing.models.multilabel_metrics import multilabel_report_ci
from framing.models.pipeline import COUNT_MODELS, STACK_MODELS, VOTE_MODELS, classifier, text_features
from framing.models.selection import SELECTION_NOTE, Candidate, _take, candidates, choose
from framing.models.thresholds import cross_fitted, label_thresholds


@dataclass(frozen=True)
class MultiLabelData:
    """Validated texts and a 0/1 matrix ``Y`` (rows x ``labels``, labels sorted)."""

    texts: list[str]
    Y: np.ndarray
    labels: tuple[str, ...]
    groups: np.ndarray | None
    path: Path
    sha256: str
    text_col: str
    label_spec: dict
    dropped_duplicates: int = 0

    def __len__(self) -> int:
        return len(self.texts)


def label_spec(label_col: str | None, label_sep: str | None, label_cols: Sequence[str] | None) -> dict:
    """How labels are stored, checked for a usable combination: ``{"label_col", "label_sep"}`` or ``{"label_cols"}``."""
    if label_cols:
        if label_col is not None or label_sep is not None:
            raise InputError("give either --label with --label-sep, or --label-cols, not both")
        if len(label_cols) < 2 or len(set(label_cols)) != len(label_cols):
            raise InputError(f"--label-cols needs two or more distinct columns, got {list(label_cols)}")
        return {"label_cols": list(label_cols)}
    if label_col is None or not label_sep:
        raise InputError(
            "multi-label data needs --label COLUMN with --label-sep SEP, or --label-cols A B ..."
        )
    return {"label_col": label_col, "label_sep": label_sep}


_TRUE, _FALSE = {"1", "true", "yes"}, {"0", "false", "no"}


def _indicator_matrix(df: pd.DataFrame, path: Path, columns: Sequence[str]) -> np.ndarray:
    Y = np.zeros((len(df), len(columns)), dtype=np.int8)
    for j, column in enumerate(columns):
        values = [_label_text(v) for v in df[column].tolist()]
        bad = [i for i, v in enumerate(values) if v is None or v.lower() not in _TRUE | _FALSE]
        if bad:
            raise InputError(
                f"{_show(path)}: label column {_show(column)} must hold 0 or 1, but data rows {_rows(bad)} hold "
                f"{_show(values[bad[0]])}; fix those cells"
            )
        Y[:, j] = [v.lower() in _TRUE for v in values]
    return Y


def _label_sets(df: pd.DataFrame, path: Path, column: str, sep: str) -> tuple[np.ndarray, list[str]]:
    cells = [_label_text(v) for v in df[column].tolist()]
    missing = [i for i, v in enumerate(cells) if v is None]
    if missing:
        raise InputError(
            f"{_show(path)}: label column {_show(column)} is missing in data rows {_rows(missing)}; "
            "label those rows or drop them"
        )
    sets = [[part.strip() for part in cell.split(sep)] for cell in cells]
    empty = [i for i, parts in enumerate(sets) if "" in parts]
    if empty:
        raise InputError(
            f"{_show(path)}: label column {_show(column)} has an empty label between separators {_show(sep)} in "
            f"data rows {_rows(empty)}; remove the stray separators"
        )
    labels = sorted({label for parts in sets for label in parts})
    index = {label: j for j, label in enumerate(labels)}
    Y = np.zeros((len(df), len(labels)), dtype=np.int8)
    for i, parts in enumerate(sets):
        Y[i, [index[p] for p in parts]] = 1
    return Y, labels


def multilabel_from_frame(
    df: pd.DataFrame,
    path: Path,
    *,
    text_col: str = "text",
    spec: dict,
    group_col: str | None = None,
    labels: Sequence[str] | None = None,
    n_splits: int | None = 5,
    dedupe: bool = False,
) -> MultiLabelData:
    """Validate a multi-label table (``spec`` from :func:`label_spec`); ``n_splits=None`` for scoring data."""
    path = Path(path)
    require_columns(df, path, {"text": text_col, "group": group_col, "label": spec.get("label_col")})
    for column in spec.get("label_cols", []):
        require_columns(df, path, {"label": column})
    if len(df) == 0:
        raise InputError(f"{_show(path)} has a header but no rows; it needs labelled rows")
    texts = clean_texts(df[text_col], path, text_col)
    if "label_cols" in spec:
        names = list(spec["label_cols"])
        Y = _indicator_matrix(df, path, names)
    else:
        Y, names = _label_sets(df, path, spec["label_col"], spec["label_sep"])
    if labels is not None:
        unknown = sorted(set(names) - {str(label) for label in labels})
        if unknown:
            raise InputError(
                f"{_show(path)}: label(s) outside the allowed set {sorted(labels)}: "
                f"{', '.join(_show(u) for u in unknown[:_SHOWN])}; fix the typos or allow them with --labels"
            )
        missing = [label for label in labels if label not in names]  # allowed but absent: all-zero columns
        names, Y = (
            names + missing,
            np.concatenate([Y, np.zeros((len(Y), len(missing)), dtype=np.int8)], axis=1),
        )
        order = np.argsort(names, kind="stable")
        names, Y = [names[j] for j in order], Y[:, order]
    groups = None if group_col is None else clean_groups(df[group_col], path, group_col)
    dropped = 0
    if n_splits is not None:
        leaks = _leaking_duplicates([_key(t) for t in texts], groups)
        if leaks and not dedupe:
            examples = "; ".join(f"rows {', '.join(str(i + 1) for i in r[:3])}" for r in leaks[:3])
            raise InputError(
                f"{_show(path)}: {len(leaks)} text(s) occur more than once (ignoring case and spacing), which would put "
                f"the same sentence in training and test folds ({examples}); remove them or pass --dedupe"
            )
        drop = sorted(i for r in leaks for i in r[1:])
        if drop:
            keep = np.setdiff1d(np.arange(len(texts)), drop)
            texts, Y = [texts[i] for i in keep], Y[keep]
            groups = None if groups is None else groups[keep]
            dropped = len(drop)
        _check_labels(Y, names, groups, path, n_splits)
    return MultiLabelData(
        texts=texts,
        Y=Y,
        labels=tuple(names),
        groups=groups,
        path=path,
        sha256=file_sha256(path),
        text_col=text_col,
        label_spec=spec,
        dropped_duplicates=dropped,
    )


def _check_labels(Y: np.ndarray, names: Sequence[str], groups, path: Path, n_splits: int) -> None:
    """Every label needs positives and negatives in every fold."""
    if not isinstance(n_splits, int) or n_splits < 2:
        raise InputError(f"--folds must be an integer of at least 2, not {n_splits!r}")
    positives = Y.sum(axis=0)
    few = [(int(c), n) for c, n in zip(positives, names) if c < n_splits]
    always = [n for c, n in zip(positives, names) if c > len(Y) - n_splits]
    if few:
        named = ", ".join(f"{_show(n)} has {c}" for c, n in few[:_SHOWN])
        raise InputError(
            f"{_show(path)}: label(s) with fewer positive rows than the {n_splits} folds: {named}; use fewer --folds, "
            "or merge or drop those labels"
        )
    if always:
        raise InputError(
            f"{_show(path)}: label(s) {', '.join(_show(n) for n in always[:_SHOWN])} are on (nearly) every row, so "
            "there is nothing to learn; drop them"
        )
    if groups is not None and len(set(groups.tolist())) < n_splits:
        raise InputError(
            f"{_show(path)}: only {len(set(groups.tolist()))} distinct groups for {n_splits} folds; use fewer --folds"
        )


def multilabel_splits(data: MultiLabelData, folds: int, random_state) -> list[tuple[np.ndarray, np.ndarray]]:
    """Folds stratified by each row's rarest label (so rare labels reach every fold), grouped when there are groups."""
    frequency = data.Y.sum(axis=0)
    rank = np.where(data.Y.astype(bool), frequency, np.inf)
    key = np.where(np.isinf(rank.min(axis=1)), -1, rank.argmin(axis=1))
    if data.groups is None:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
        return list(splitter.split(np.zeros(len(data)), key))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state)
    return list(splitter.split(np.zeros(len(data)), key, data.groups))


def build_multilabel_pipeline(
    model: str = "logreg",
    *,
    use_signals: bool = True,
    C: float = 1.0,
    calibration_folds: int = 3,
    random_state=0,
) -> Pipeline:
    """The features of :func:`framing.models.build_pipeline` and one ``model`` per label.

    Logistic regression uses liblinear here: every one-vs-rest problem is
    binary, where liblinear is exact and converges in a fraction of the time
    saga needs on rare labels (saga hit its 5,000-iteration cap on GVFC).
    """
    features = text_features(use_signals=use_signals, nonnegative=model in COUNT_MODELS)
    if model == "logreg":
        estimator = LogisticRegression(
            C=C, class_weight="balanced", solver="liblinear", random_state=random_state
        )
    else:
        estimator = classifier(model, C=C, calibration_folds=calibration_folds, random_state=random_state)
    return Pipeline([("features", features), ("model", OneVsRestClassifier(estimator))])


def _calibration_folds(Y: np.ndarray) -> int:
    """Inner folds for the SVM's probability calibration: 3, or fewer when a label's positives or negatives are few."""
    counts = np.concatenate([Y.sum(axis=0), len(Y) - Y.sum(axis=0)])
    return int(min(3, counts.min()))


def _pipeline(candidate: Candidate, Y: np.ndarray, use_signals: bool, random_state) -> Pipeline:
    return build_multilabel_pipeline(
        candidate.model,
        use_signals=use_signals,
        C=1.0 if candidate.C is None else candidate.C,
        calibration_folds=max(2, _calibration_folds(Y)),
        random_state=random_state,
    )


def _fit_fold(candidate, data, train_idx, test_idx, use_signals, random_state) -> np.ndarray:
    pipeline = _pipeline(candidate, data.Y[train_idx], use_signals, random_state)
    pipeline.fit(_take(data.texts, train_idx), data.Y[train_idx])
    return pipeline.predict_proba(_take(data.texts, test_idx))


def _macro_f1(Y: np.ndarray, decided: np.ndarray) -> float:
    tp = (Y & decided).sum(axis=0)
    denominator = Y.sum(axis=0) + decided.sum(axis=0)
    return float(np.mean(np.divide(2 * tp, denominator, out=np.zeros(len(tp)), where=denominator > 0)))


@dataclass
class MultiLabelResult:
    """The refitted pipeline, its per-label thresholds and the evidence for both."""

    pipeline: Pipeline
    chosen: Candidate
    thresholds: np.ndarray
    oof_proba: np.ndarray
    oof_pred: np.ndarray
    folds: list[tuple[np.ndarray, np.ndarray]]
    report: dict


def train_multilabel(
    data: MultiLabelData,
    *,
    models: Sequence[str] = ("logreg",),
    c_grid: Sequence[float] = (1.0,),
    folds: int = 5,
    use_signals: bool = True,
    random_state: int = 0,
    n_jobs: int = 1,
    n_boot: int = 1000,
    progress: Callable[[int, int, str], None] | None = None,
) -> MultiLabelResult:
    """Choose a model by CV macro-F1 (threshold 0.5), tune per-label thresholds on its out-of-fold probabilities, refit.

    ``out_of_fold`` in the report is scored with cross-fitted thresholds
    (each fold's from the other folds); the saved thresholds are tuned on all
    out-of-fold probabilities.
    """
    votes = [m for m in models if m in VOTE_MODELS]
    if votes:
        raise InputError(
            f"{', '.join(votes)}: the soft votes are single-label models; for label sets choose among "
            "the models they vote (nb, sgd, linear_svm, logreg)"
        )
    stacks = [m for m in models if m in STACK_MODELS]
    if stacks:
        raise InputError(f"{', '.join(stacks)}: stacking is for single-label models of text pairs")
    _check_labels(data.Y, data.labels, data.groups, data.path, folds)
    options = candidates(models, c_grid)
    folds_idx = multilabel_splits(data, folds, random_state)
    Y = data.Y.astype(bool)
    tasks = [(c, f) for c in options for f in range(len(folds_idx))]
    total = len(tasks) + 1
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_fit_fold)(c, data, *folds_idx[f], use_signals, random_state) for c, f in tasks
    )
    oof = {c.name: np.zeros(Y.shape) for c in options}
    fold_scores: dict[str, list[float]] = {c.name: [] for c in options}
    for done, ((candidate, f), proba) in enumerate(zip(tasks, results, strict=True), start=1):
        test_idx = folds_idx[f][1]
        oof[candidate.name][test_idx] = proba
        fold_scores[candidate.name].append(_macro_f1(Y[test_idx], proba >= 0.5))
        if progress is not None:
            progress(done, total, f"{candidate.name}, fold {f + 1}/{len(folds_idx)}")
    cv, chosen = choose(options, fold_scores)
    proba = oof[chosen.name]
    thresholds = label_thresholds(Y, proba)
    oof_pred = cross_fitted(
        folds_idx,
        tune=lambda rows: label_thresholds(Y[rows], proba[rows]),
        decide=lambda rows, t: proba[rows] >= t,
        n=len(data),
    )
    pipeline = _pipeline(chosen, data.Y, use_signals, random_state).fit(data.texts, data.Y)
    if progress is not None:
        progress(total, total, f"refit {chosen.name} on all {len(data)} rows")
    scores = {
        name: multilabel_report_ci(
            Y, decided, data.labels, groups=data.groups, n_boot=n_boot, random_state=random_state
        )
        for name, decided in (("out_of_fold", oof_pred), ("out_of_fold_at_0.5", proba >= 0.5))
    }
    report = {
        "cv": {
            "folds": len(folds_idx),
            "splitter": ("StratifiedKFold" if data.groups is None else "StratifiedGroupKFold")
            + " on each row's rarest label",
            "random_state": random_state,
            "metric": "macro_f1 at threshold 0.5",
            "candidates": cv,
            "chosen": chosen.name,
        },
        **scores,
        "thresholds": {label: float(t) for label, t in zip(data.labels, thresholds)},
        "notes": [
            (
                "out_of_fold scores use per-label thresholds tuned on the other folds' out-of-fold probabilities "
                "(cross-fitted); the saved thresholds are tuned on all out-of-fold probabilities"
            ),
            *([SELECTION_NOTE] if len(options) > 1 else []),
        ],
    }
    return MultiLabelResult(pipeline, chosen, thresholds, proba, oof_pred, folds_idx, report)


def decide(
    pipeline: Pipeline, texts: list[str], thresholds: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """``(probabilities, 0/1 decisions)`` of a saved multi-label model at its per-label thresholds."""
    proba = pipeline.predict_proba(texts)
    return proba, proba >= np.asarray(thresholds)


def label_counts(data: MultiLabelData) -> dict[str, int]:
    return dict(sorted(zip(data.labels, (int(c) for c in data.Y.sum(axis=0)))))


def describe(data: MultiLabelData) -> dict:
    """The ``data`` block of train and evaluate reports."""
    sizes = Counter(int(s) for s in data.Y.sum(axis=1))
    return {
        "path": str(data.path),
        "sha256": data.sha256,
        "rows": len(data),
        "dropped_duplicates": data.dropped_duplicates,
        "text_col": data.text_col,
        **data.label_spec,
        "labels": list(data.labels),
        "label_counts": label_counts(data),
        "labels_per_row": {str(k): v for k, v in sorted(sizes.items())},
        "groups": None if data.groups is None else len(set(data.groups.tolist())),
    }


def created() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def joined(Y: np.ndarray, labels: Iterable[str], sep: str) -> list[str]:
    """Each row's labels joined by ``sep`` (the ``predicted_<label>`` column of ``framing predict``)."""
    labels = list(labels)
    return [sep.join(labels[j] for j in np.flatnonzero(row)) for row in np.asarray(Y, dtype=bool)]
