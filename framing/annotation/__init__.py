"""The annotation loop: pick sentences worth labelling, export them with cues highlighted, read the labels back.

``framing sample`` wraps :func:`sample_file` and :func:`export_tasks`;
``framing import-labels`` wraps :func:`import_labels`, whose output is the
labelled table ``framing train`` takes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from framing.annotation.formats import FORMATS, export_tasks, import_labels, label_studio_config
from framing.annotation.sampling import STRATEGIES, sample_sentences, text_hash, uncertainty

__all__ = [
    "FORMATS",
    "STRATEGIES",
    "export_tasks",
    "import_labels",
    "label_studio_config",
    "sample_file",
    "sample_sentences",
    "text_hash",
    "uncertainty",
]


def _sentences(path: Path, sep: str | None, text_col: str) -> pd.DataFrame:
    """A table as it is, or text files segmented and analysed as by ``framing analyze``."""
    from framing.io.readers import is_table_path, read_documents
    from framing.models.data import read_table

    if is_table_path(path):
        return read_table(path, sep=sep)
    from framing.analyze import analyze

    return analyze(read_documents(path))


def sample_file(
    path,
    n: int,
    *,
    strategy: str = "stratified",
    by: str | None = None,
    bins: int = 4,
    model=None,
    trusted: Iterable[str] | None = None,
    exclude: Sequence = (),
    id_col: str = "id",
    text_col: str = "text",
    target_col: str | None = None,
    sep: str | None = None,
    random_state: int = 0,
) -> tuple[pd.DataFrame, list[str]]:
    """``(sample, model labels)``: :func:`sample_sentences` over a table or text files, excluding labelled ``exclude`` files.

    With ``model`` (a ``framing train`` file, loaded through the skops
    allow-list) the uncertainty strategies rank by its probabilities at its
    own decision rule (per-label thresholds for a multi-label model).
    """
    from framing.models.api import _load, _model_inputs
    from framing.models.data import clean_texts, read_table, require_columns

    path = Path(path)
    table = _sentences(path, sep, text_col)
    proba, thresholds, labels = None, None, []
    if model is not None:
        pipeline, metadata = _load(model, trusted)
        labels = list(metadata["labels"])
        require_columns(table, path, {"text": text_col})
        texts = clean_texts(table[text_col], path, text_col)
        targets = None
        if metadata["model"]["use_target"]:
            column = target_col or metadata["training_data"]["target_col"]
            require_columns(table, path, {"target": column})
            targets = clean_texts(table[column], path, column)
        proba = pipeline.predict_proba(_model_inputs(metadata, texts, targets))
        thresholds = metadata["model"].get("thresholds")
    done = [read_table(Path(p)) for p in exclude]
    sample = sample_sentences(
        table,
        n,
        strategy=strategy,
        by=by,
        bins=bins,
        proba=proba,
        thresholds=thresholds,
        exclude=done,
        id_col=id_col,
        text_col=text_col,
        random_state=random_state,
    )
    if text_col != "text":
        sample = sample.rename(columns={text_col: "text"})
    return sample, labels
