"""``framing train``/``evaluate``/``predict`` for multi-label models: the same files, checks and reports as single-label.

:func:`framing.models.train_model` and friends dispatch here when labels are
multi-label (``label_sep`` or ``label_cols``) or the saved model is.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.io.readers import _show
from framing.io.writers import all_or_none
from framing.models.api import _check_outputs, _write_json
from framing.models.data import file_sha256, read_table
from framing.models.multilabel import (
    MultiLabelData,
    created,
    decide,
    describe,
    joined,
    label_counts,
    label_spec,
    multilabel_from_frame,
    train_multilabel,
)
from framing.models.multilabel_metrics import multilabel_report_ci
from framing.models.persistence import save_model
from framing.models.report import learning_curve, warnings_for, write_markdown
from framing.provenance import library_versions

_VERSIONS = ("framing", "numpy", "python", "scikit-learn", "skops")


def train_multilabel_model(
    data_path,
    *,
    out,
    label: str | None = None,
    label_sep: str | None = None,
    label_cols=None,
    text_col: str = "text",
    group_col: str | None = None,
    labels=None,
    models=("logreg",),
    c_grid=(1.0,),
    use_signals: bool = True,
    folds: int = 5,
    dedupe: bool = False,
    random_state: int = 0,
    n_jobs: int = 1,
    n_boot: int = 1000,
    sep: str | None = None,
    with_learning_curve: bool = True,
    report_path=None,
    markdown_path=None,
    progress=None,
) -> dict:
    """Train a multi-label model (see :mod:`framing.models.multilabel`), save it and its JSON and Markdown reports."""
    spec = label_spec(label, label_sep, label_cols)
    data_path, out = Path(data_path), Path(out)
    report_path = Path(report_path) if report_path else out.with_name(f"{out.stem}.report.json")
    markdown_path = Path(markdown_path) if markdown_path else report_path.with_suffix(".md")
    _check_outputs({"model": out, "report": report_path, "markdown report": markdown_path}, [data_path])
    data = multilabel_from_frame(
        read_table(data_path, sep=sep),
        data_path,
        text_col=text_col,
        spec=spec,
        group_col=group_col,
        labels=labels,
        n_splits=folds,
        dedupe=dedupe,
    )
    result = train_multilabel(
        data,
        models=models,
        c_grid=c_grid,
        folds=folds,
        use_signals=use_signals,
        random_state=random_state,
        n_jobs=n_jobs,
        n_boot=n_boot,
        progress=progress,
    )
    info = describe(data) | {"group_col": group_col}
    model_info = {
        "chosen": result.chosen.name,
        "model": result.chosen.model,
        "C": result.chosen.C,
        "use_signals": use_signals,
        "use_target": False,
        "multilabel": True,
        "thresholds": [float(t) for t in result.thresholds],
        "random_state": random_state,
    }
    metadata = {
        "created": created(),
        "training_data": info,
        "model": model_info,
        "labels": list(data.labels),
        "versions": library_versions(*_VERSIONS),
    }
    report = {
        "command": "train",
        "created": metadata["created"],
        "data": info,
        "model": {**model_info},
        "versions": metadata["versions"],
        **result.report,
        "warnings": warnings_for(label_counts(data), result.report["out_of_fold"]["bootstrap"], kind="label"),
        "outputs": {"model": str(out), "report": str(report_path), "markdown": str(markdown_path)},
    }
    if with_learning_curve:
        report["learning_curve"] = _curve(data, result, use_signals, random_state)
    with all_or_none([out, report_path, markdown_path]):
        save_model(result.pipeline, out, metadata=metadata, protected=[data_path])
        report["model"].update(path=str(out), sha256=file_sha256(out))
        _write_json(report, report_path, [data_path])
        write_markdown(report, markdown_path, [data_path])
    return report


def _curve(data: MultiLabelData, result, use_signals: bool, random_state: int) -> dict:
    from framing.models.multilabel import _fit_fold, _macro_f1

    Y = data.Y.astype(bool)

    def fit_score(train_idx, test_idx) -> float:
        if np.any(Y[train_idx].sum(axis=0) == 0):
            raise ValueError("a label has no positive example in this share")
        proba = _fit_fold(result.chosen, data, train_idx, test_idx, use_signals, random_state)
        return _macro_f1(Y[test_idx], proba >= 0.5)

    full = result.report["cv"]["candidates"][result.chosen.name]["fold_macro_f1"]
    curve = learning_curve(fit_score, result.folds, data.groups, random_state=random_state, full_scores=full)
    curve["metric"] = "macro_f1 at threshold 0.5"
    return curve


def evaluate_multilabel(
    pipeline,
    metadata: dict,
    model_path: Path,
    data_path: Path,
    table: pd.DataFrame,
    *,
    text_col: str,
    group_col: str | None,
    n_boot: int,
    random_state: int,
    outputs: dict,
) -> dict:
    """Held-out scores of a saved multi-label model at its tuned thresholds (``outputs``: report, markdown paths)."""
    trained = metadata["training_data"]
    spec = {k: trained[k] for k in ("label_col", "label_sep", "label_cols") if k in trained}
    known = list(metadata["labels"])
    data = multilabel_from_frame(
        table, data_path, text_col=text_col, spec=spec, group_col=group_col, labels=None, n_splits=None
    )
    unseen = sorted(set(data.labels) - set(known))
    if unseen:
        raise InputError(
            f"{_show(data_path)}: label(s) never seen in training: {', '.join(_show(u) for u in unseen[:5])}; the "
            f"model knows {', '.join(known)}; drop or relabel those rows, or retrain with them"
        )
    Y = np.zeros((len(data), len(known)), dtype=bool)
    for j, label in enumerate(data.labels):
        Y[:, known.index(label)] = data.Y[:, j].astype(bool)
    _, decided = decide(pipeline, data.texts, metadata["model"]["thresholds"])
    scores = multilabel_report_ci(
        Y, decided, known, groups=data.groups, n_boot=n_boot, random_state=random_state
    )
    on_training = data.sha256 == trained["sha256"]
    report = {
        "command": "evaluate",
        "data": describe(data) | {"group_col": group_col},
        "model": {"path": str(model_path), "sha256": file_sha256(model_path), **metadata["model"]},
        "trained_on": {"path": trained["path"], "sha256": trained["sha256"], "rows": trained["rows"]},
        "evaluated_on_training_file": on_training,
        "scores": scores,
        "thresholds": dict(zip(known, metadata["model"]["thresholds"])),
        "warnings": warnings_for(
            dict(zip(known, (int(c) for c in Y.sum(axis=0)))),
            scores["bootstrap"],
            evaluated_on_training=on_training,
            kind="label",
        ),
        "versions": library_versions(*_VERSIONS),
    }
    protected = [data_path, model_path]
    if "report" in outputs:
        _write_json(report, outputs["report"], protected)
    if "markdown" in outputs:
        write_markdown(report, outputs["markdown"], protected)
    return report


def predict_multilabel(pipeline, metadata: dict, texts: list[str]) -> dict[str, list]:
    """New columns for ``framing predict``: the labels joined by the training separator, and one probability per label."""
    trained = metadata["training_data"]
    labels = list(metadata["labels"])
    proba, decided = decide(pipeline, texts, metadata["model"]["thresholds"])
    name = trained.get("label_col") or "labels"
    columns = {f"predicted_{name}": joined(decided, labels, trained.get("label_sep") or "|")}
    for j, label in enumerate(labels):
        columns[f"proba_{label}"] = proba[:, j].tolist()
    return columns
