"""The three calls the command line wraps: train, evaluate, predict. Each is silent and returns data.

Every input is validated and every output path checked before any model is
fitted, so a typo fails in seconds, not after an hour of cross-validation;
outputs are written atomically and never over an input.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pandas as pd

from framing.errors import InputError, ModelFileError
from framing.io.readers import _show, is_table_path, read_documents
from framing.io.writers import all_or_none, atomic_output, check_output
from framing.models.data import (
    clean_texts,
    file_sha256,
    labelled_from_frame,
    load_labelled,
    read_table,
    require_columns,
)
from framing.models.dense import fit_space
from framing.models.encoders import SHORT_NAMES, SentenceEncoder, encoder_info
from framing.models.figures import plot_confusion_matrix, plot_reliability
from framing.models.metrics import classification_report_ci, sort_keys
from framing.models.pairs import PAIR_VARIANTS
from framing.models.persistence import load_model, save_model
from framing.models.report import learning_curve, warnings_for, write_markdown
from framing.models.selection import DEFAULT_MODELS, _fit_fold, _fold_f1, train
from framing.provenance import library_versions


def _write_json(report: dict, path: Path, protected) -> None:
    text = json.dumps(sort_keys(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    with atomic_output(path, protected=protected) as handle:
        handle.write(text.encode("utf-8"))


def _check_outputs(paths: dict[str, Path], protected: Sequence[Path]) -> None:
    """Refuse unusable or clashing output paths before any work is done."""
    seen: dict[Path, str] = {}
    for role, path in paths.items():
        check_output(path, protected=protected)
        key = path.resolve()
        if key in seen:
            raise InputError(
                f"the {seen[key]} and the {role} would both be written to {_show(path)}; give them different paths"
            )
        seen[key] = role


def train_model(
    data_path,
    *,
    label: str | None,
    out,
    text_col: str = "text",
    group_col: str | None = None,
    target_col: str | None = None,
    pair_col: str | None = None,
    pair_variant: str = "similarity",
    rationale_col: str | None = None,
    labels: Sequence[str] | None = None,
    models: Sequence[str] = DEFAULT_MODELS,
    c_grid: Sequence[float] = (1.0,),
    use_signals: bool = True,
    lsa_corpus=None,
    lsa_components: int = 100,
    encoder: str | None = None,
    fine_tune: bool = False,
    decision: str = "argmax",
    folds: int = 5,
    dedupe: bool = False,
    random_state: int = 0,
    n_jobs: int = 1,
    n_boot: int = 1000,
    report_path=None,
    figure_path=None,
    reliability_path=None,
    markdown_path=None,
    progress: Callable[[int, int, str], None] | None = None,
    sep: str | None = None,
    with_learning_curve: bool = True,
    label_sep: str | None = None,
    label_cols: Sequence[str] | None = None,
) -> dict:
    """Cross-validate ``models``, save the best refitted on all rows to ``out`` (skops) and return the report.

    Also writes the report as JSON (default ``<out stem>.report.json``) and as
    Markdown beside it (``.md``: warnings, per-class table, confusion matrix,
    learning curve), the out-of-fold confusion matrix as PNG (default
    ``<out stem>.confusion.png``) and the out-of-fold reliability diagram
    (default ``<out stem>.reliability.png``).
    A ``target_col`` makes the model target-aware (stance); a ``pair_col`` pairs
    each text with a second one (an article body with its headline), with the pair features of
    ``pair_variant`` (:data:`framing.models.pairs.PAIR_VARIANTS`); its folds keep both texts apart.
    ``lsa_corpus`` (files or a folder of unlabelled text, read like ``framing analyze``
    input) adds a latent semantic space of ``lsa_components`` dimensions learned from it; ``encoder``
    (``"minilm"``) adds a pretrained sentence encoder instead (:mod:`framing.models.encoders`, the
    ``embeddings`` extra), which a soft vote takes as a member of its own; ``fine_tune`` adds to a vote a further
    member, the encoder trained on the labels (:mod:`framing.models.finetune`; minutes per thousand sentences);
    ``decision="tuned"`` tunes per-class decision weights on out-of-fold predictions.
    ``rationale_col`` names the words annotators marked as the reason for each label; every candidate then
    learns their rates (:mod:`framing.models.rationales`) and still predicts from text alone.
    ``label_sep`` or ``label_cols`` make the model multi-label (:mod:`framing.models.multilabel_api`).
    """
    if lsa_corpus is not None and encoder is not None:
        raise InputError("choose one dense block: --lsa-corpus or --encoder, not both")
    if encoder is not None and encoder not in SHORT_NAMES:
        raise InputError(f"unknown encoder {encoder!r}; choose from {', '.join(SHORT_NAMES)}")
    if label_sep or label_cols:
        from framing.models.multilabel_api import train_multilabel_model

        if lsa_corpus is not None or encoder is not None:
            raise InputError("multi-label models take no dense block; drop --lsa-corpus / --encoder")

        if target_col is not None:
            raise InputError("multi-label models are not target-aware; drop --target-col")
        if rationale_col is not None:
            raise InputError("multi-label models take no rationales; drop --rationale-col")
        return sort_keys(
            train_multilabel_model(
                data_path,
                out=out,
                label=label,
                label_sep=label_sep,
                label_cols=label_cols,
                text_col=text_col,
                group_col=group_col,
                labels=labels,
                models=models,
                c_grid=c_grid,
                use_signals=use_signals,
                folds=folds,
                dedupe=dedupe,
                random_state=random_state,
                n_jobs=n_jobs,
                n_boot=n_boot,
                sep=sep,
                with_learning_curve=with_learning_curve,
                report_path=report_path,
                markdown_path=markdown_path,
                progress=progress,
            )
        )
    if pair_variant not in PAIR_VARIANTS:
        raise InputError(f"unknown pair variant {pair_variant!r}; choose from {', '.join(PAIR_VARIANTS)}")
    if pair_variant != "similarity" and pair_col is None:
        raise InputError(f"pair variant {pair_variant!r} needs paired texts (--pair-col)")
    if label is None:
        raise InputError(
            "name the label column with --label (or several 0/1 label columns with --label-cols)"
        )
    data_path, out = Path(data_path), Path(out)
    report_path = Path(report_path) if report_path else out.with_name(f"{out.stem}.report.json")
    figure_path = Path(figure_path) if figure_path else out.with_name(f"{out.stem}.confusion.png")
    reliability_path = (
        Path(reliability_path) if reliability_path else out.with_name(f"{out.stem}.reliability.png")
    )
    markdown_path = Path(markdown_path) if markdown_path else report_path.with_suffix(".md")
    _check_outputs(
        {
            "model": out,
            "report": report_path,
            "figure": figure_path,
            "reliability diagram": reliability_path,
            "markdown report": markdown_path,
        },
        [data_path],
    )

    data = load_labelled(
        data_path,
        text_col=text_col,
        label_col=label,
        group_col=group_col,
        target_col=target_col,
        pair_col=pair_col,
        rationale_col=rationale_col,
        labels=labels,
        n_splits=folds,
        dedupe=dedupe,
        sep=sep,
    )
    dense, corpus_info = None, None
    if encoder is not None:
        dense = SentenceEncoder(SHORT_NAMES[encoder])
        corpus_info = encoder_info(dense.model)  # a missing extra or altered weights fail before any training
    if lsa_corpus is not None:
        documents = read_documents(lsa_corpus)
        dense = fit_space((d.text for d in documents), n_components=lsa_components, random_state=random_state)
        corpus_info = {
            "paths": [
                str(p) for p in (lsa_corpus if isinstance(lsa_corpus, (list, tuple)) else [lsa_corpus])
            ],
            "documents": len(documents),
            "components": int(dense.svd_.n_components),
            "vocabulary": len(dense.tfidf_.vocabulary_),
        }
    result = train(
        data,
        models=models,
        c_grid=c_grid,
        folds=folds,
        use_signals=use_signals,
        dense=dense,
        fine_tune=fine_tune,
        decision=decision,
        pair_variant=pair_variant,
        random_state=random_state,
        n_jobs=n_jobs,
        n_boot=n_boot,
        progress=progress,
    )
    data_info = {
        "path": str(data_path),
        "sha256": data.sha256,
        "rows": len(data),
        "dropped_duplicates": data.dropped_duplicates,
        "text_col": text_col,
        "label_col": label,
        "group_col": group_col,
        "target_col": target_col,
        "pair_col": pair_col,
        "rationale_col": rationale_col,
        "labels": list(data.labels),
        "class_counts": dict(sorted(Counter(data.y.tolist()).items())),
        "groups": None if data.groups is None else len(set(data.groups.tolist())),
    }
    model_info = {
        "chosen": result.chosen.name,
        "model": result.chosen.model,
        "C": result.chosen.C,
        "use_signals": use_signals,
        "use_target": target_col is not None,
        "use_pair": pair_col is not None,
        "pair_variant": pair_variant if pair_col is not None else None,
        "use_rationales": rationale_col is not None,
        "lsa_corpus": corpus_info,
        "fine_tune": fine_tune,
        "decision": result.report["decision"],
        "random_state": random_state,
    }
    extra = {}
    if with_learning_curve:
        extra["learning_curve"] = _learning_curve(
            data, result, use_signals, random_state, dense, pair_variant, fine_tune
        )
    metadata = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": data_info,
        "model": model_info,
        "labels": list(data.labels),
        "cv": {name: {k: v for k, v in s.items() if k != "fold_macro_f1"} for name, s in result.cv.items()},
        "versions": library_versions("framing", "numpy", "python", "scikit-learn", "skops"),
    }
    with all_or_none([out, figure_path, reliability_path, report_path, markdown_path]):
        save_model(result.pipeline, out, metadata=metadata, protected=[data_path])
        report = _train_report(
            data_info, model_info, metadata, result, out, report_path, figure_path, reliability_path
        )
        report.update(
            extra, warnings=warnings_for(data_info["class_counts"], result.report["out_of_fold"]["bootstrap"])
        )
        report["outputs"]["markdown"] = str(markdown_path)
        plot_confusion_matrix(
            data.y[result.oof_rows],
            result.oof_pred[result.oof_rows],
            data.labels,
            figure_path,
            title=f"{label}: {result.chosen.name}, out-of-fold ({len(result.folds)} folds)",
            protected=[data_path],
        )
        plot_reliability(
            result.report["calibration"],
            reliability_path,
            title=f"{label}: {result.chosen.name}, out-of-fold probabilities",
            protected=[data_path],
        )
        _write_json(report, report_path, [data_path])
        write_markdown(report, markdown_path, [data_path])
    return sort_keys(report)


def _train_report(
    data_info, model_info, metadata, result, out, report_path, figure_path, reliability_path
) -> dict:
    return {
        "command": "train",
        "created": metadata["created"],
        "data": data_info,
        "model": {**model_info, "path": str(out), "sha256": file_sha256(out)},
        "versions": metadata["versions"],
        **result.report,
        "outputs": {
            "model": str(out),
            "report": str(report_path),
            "figure": str(figure_path),
            "reliability": str(reliability_path),
        },
    }


def _learning_curve(
    data,
    result,
    use_signals: bool,
    random_state: int,
    dense=None,
    pair_variant: str = "similarity",
    fine_tune: bool = False,
) -> dict:
    """Grouped CV macro-F1 of the chosen candidate trained on 20-100% of each training fold (same folds as selection)."""

    def fit_score(train_idx, test_idx) -> float:
        if len(set(data.y[train_idx].tolist())) < 2:
            raise ValueError("a single class in this share")
        predicted, _ = _fit_fold(
            result.chosen,
            data,
            train_idx,
            test_idx,
            use_signals,
            random_state,
            dense,
            pair_variant,
            fine_tune,
        )
        return _fold_f1(data.y[test_idx], predicted)

    full = result.cv[result.chosen.name]["fold_macro_f1"]
    curve = learning_curve(fit_score, result.folds, data.groups, random_state=random_state, full_scores=full)
    curve["metric"] = "macro_f1"
    return curve


def _load(model_path, trusted) -> tuple:
    """A model saved by :func:`train_model`, whose metadata names its columns and labels."""
    pipeline, metadata = load_model(model_path, trusted=trusted)
    if not {"labels", "model", "training_data"} <= set(metadata):
        raise ModelFileError(
            f"{_show(model_path)} lacks the training metadata that framing train writes; retrain it with framing train"
        )
    return pipeline, metadata


def _model_inputs(
    metadata: dict, texts: list[str], targets: list[str] | None, pairs: list[str] | None = None
):
    """What the pipeline takes: the texts, a text/target frame (stance) or a text/pair frame (paired texts)."""
    if metadata["model"].get("use_pair"):
        return pd.DataFrame({"text": texts, "pair": pairs})
    if metadata["model"]["use_target"]:
        return pd.DataFrame({"text": texts, "target": targets})
    return texts


def evaluate_model(
    model_path,
    data_path,
    *,
    text_col: str | None = None,
    label_col: str | None = None,
    group_col: str | None = None,
    target_col: str | None = None,
    n_boot: int = 1000,
    random_state: int = 0,
    report_path=None,
    figure_path=None,
    markdown_path=None,
    trusted: Iterable[str] | None = None,
    sep: str | None = None,
) -> dict:
    """Score a saved model on a held-out labelled file; column names default to those used in training.

    The bootstrap resamples groups when ``group_col`` (default: the training
    group column, if the file has it) is available. Labels the model never saw
    are an error, since it cannot predict them. With ``report_path`` the
    Markdown report goes beside it (``markdown_path`` overrides); ``warnings``
    flag imbalance, tiny classes, few bootstrap groups and scoring the training file.
    """
    model_path, data_path = Path(model_path), Path(data_path)
    if markdown_path is None and report_path:
        markdown_path = Path(report_path).with_suffix(".md")
    roles = (("report", report_path), ("figure", figure_path), ("markdown", markdown_path))
    outputs = {role: Path(p) for role, p in roles if p}
    _check_outputs(outputs, [data_path, model_path])
    pipeline, metadata = _load(model_path, trusted)
    trained = metadata["training_data"]
    text_col = text_col or trained["text_col"]
    pair_col = trained.get("pair_col")
    table = read_table(data_path, sep=sep)
    if group_col is None and trained["group_col"] in table.columns:
        group_col = trained["group_col"]
    if metadata["model"].get("multilabel"):
        from framing.models.multilabel_api import evaluate_multilabel

        return sort_keys(
            evaluate_multilabel(
                pipeline,
                metadata,
                model_path,
                data_path,
                table,
                text_col=text_col,
                group_col=group_col,
                n_boot=n_boot,
                random_state=random_state,
                outputs=outputs,
            )
        )
    label_col = label_col or trained["label_col"]
    target_col = target_col or trained["target_col"]
    data = labelled_from_frame(
        table,
        data_path,
        text_col=text_col,
        label_col=label_col,
        group_col=group_col,
        target_col=target_col,
        pair_col=pair_col,
        n_splits=None,
    )
    known = list(metadata["labels"])
    unseen = sorted(set(data.labels) - set(known))
    if unseen:
        counts = Counter(data.y.tolist())
        named = ", ".join(f"{_show(u)} ({counts[u]} rows)" for u in unseen[:5])
        raise InputError(
            f"{_show(data_path)}: label(s) in column {_show(label_col)} never seen in training: {named}; the model "
            f"knows {', '.join(known)}; drop or relabel those rows, or retrain with them"
        )
    predicted = pipeline.predict(_model_inputs(metadata, data.texts, data.targets, data.pairs))
    present = [label for label in known if label in set(data.y.tolist()) | set(predicted.tolist())]
    scores = classification_report_ci(
        data.y, predicted, present, groups=data.groups, n_boot=n_boot, random_state=random_state
    )
    report = {
        "command": "evaluate",
        "data": {
            "path": str(data_path),
            "sha256": data.sha256,
            "rows": len(data),
            "label_col": label_col,
            "text_col": text_col,
            "group_col": group_col,
            "target_col": target_col,
            "class_counts": dict(sorted(Counter(data.y.tolist()).items())),
        },
        "model": {"path": str(model_path), "sha256": file_sha256(model_path), **metadata["model"]},
        "trained_on": {"path": trained["path"], "sha256": trained["sha256"], "rows": trained["rows"]},
        "evaluated_on_training_file": data.sha256 == trained["sha256"],
        "scores": scores,
        "warnings": warnings_for(
            dict(Counter(data.y.tolist())),
            scores["bootstrap"],
            evaluated_on_training=data.sha256 == trained["sha256"],
        ),
        "versions": library_versions("framing", "numpy", "python", "scikit-learn", "skops"),
    }
    if "figure" in outputs:
        plot_confusion_matrix(
            data.y,
            predicted,
            present,
            outputs["figure"],
            title=f"{label_col}: held-out",
            protected=[data_path, model_path],
        )
    if "report" in outputs:
        _write_json(report, outputs["report"], [data_path, model_path])
    if "markdown" in outputs:
        write_markdown(report, outputs["markdown"], [data_path, model_path])
    return sort_keys(report)


def predict_table(
    model_path,
    path,
    *,
    text_col: str = "text",
    target_col: str | None = None,
    target: str | None = None,
    trusted: Iterable[str] | None = None,
    sep: str | None = None,
) -> pd.DataFrame:
    """Predictions for every row of a table, or for every sentence of text files (via :func:`framing.analyze`).

    Adds ``predicted_<label column>`` and one ``proba_<class>`` column per
    class. A stance model needs a target per row: ``target_col`` (default: the
    training target column) or one ``target`` for all rows.
    """
    path = Path(path)
    pipeline, metadata = _load(model_path, trusted)
    if is_table_path(path):
        table = read_table(path, sep=sep)
        require_columns(table, path, {"text": text_col})
        texts = clean_texts(table[text_col], path, text_col)
        if not texts:
            raise InputError(f"{_show(path)} has a header but no rows to predict")
    else:
        from framing.analyze import analyze

        table = analyze(read_documents(path))
        texts = table["text"].tolist()

    if metadata["model"].get("multilabel"):
        from framing.models.multilabel_api import predict_multilabel

        return _with_columns(table, path, predict_multilabel(pipeline, metadata, texts))
    targets = None
    if metadata["model"]["use_target"]:
        if target is not None:
            targets = [target] * len(texts)
        else:
            target_col = target_col or metadata["training_data"]["target_col"]
            if target_col not in table.columns:
                raise InputError(
                    f"{_show(model_path)} is a stance model and needs a target for each sentence; {_show(path)} has "
                    f"no column {_show(target_col)}: pass --target-col COLUMN, or --target TEXT for all rows"
                )
            targets = clean_texts(table[target_col], path, target_col)
    pairs = None
    if metadata["model"].get("use_pair"):
        pair_col = metadata["training_data"]["pair_col"]
        if pair_col not in table.columns:
            raise InputError(
                f"{_show(model_path)} was trained on paired texts and needs column {_show(pair_col)} "
                f"(the second text of each pair), which {_show(path)} lacks"
            )
        pairs = clean_texts(table[pair_col], path, pair_col)

    classes = [str(c) for c in pipeline.classes_]
    X = _model_inputs(metadata, texts, targets, pairs)
    proba = pipeline.predict_proba(X)
    columns = {f"predicted_{metadata['training_data']['label_col']}": pipeline.predict(X).astype(object)}
    columns.update({f"proba_{c}": proba[:, i] for i, c in enumerate(classes)})
    return _with_columns(table, path, columns)


def _with_columns(table: pd.DataFrame, path: Path, columns: dict) -> pd.DataFrame:
    """``table`` plus the prediction ``columns``, refusing to overwrite columns it already has."""
    clash = [c for c in columns if c in table.columns]
    if clash:
        raise InputError(
            f"{_show(path)} already has column(s) {', '.join(_show(c) for c in clash)}; rename or drop them first "
            "(is this an earlier prediction output?)"
        )
    result = table.copy()
    for column, values in columns.items():
        result[column] = values
    return result
