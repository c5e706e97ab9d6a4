"""GWSD / DeSMOG: Global Warming Stance Dataset (Luo, Card & Jurafsky, Findings of EMNLP 2020).

``gwsd/GWSD.tsv``: tab-separated, header, first column unnamed (row index).  Columns used:
``sentence``, the annotator-model posteriors ``agree``/``disagree``/``neutral``, ``guid`` and
``in_held_out_test``.  Rows with empty posteriors are the repeated screening sentences and are
dropped (250 rows).  Label = argmax posterior (ties never occur in the release; they would be
broken in the order agree, disagree, neutral).  The stance target is implicit and constant.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.errors import InputError

from ._common import Task, finalise, missing_columns, require

FOLDER = "gwsd"
TSV = f"{FOLDER}/GWSD.tsv"
COLUMNS = ("sentence", "agree", "disagree", "neutral", "guid", "in_held_out_test")
STANCES = ("agree", "disagree", "neutral")
TARGET = "Climate change/global warming is a serious concern."


def read_gwsd(data_dir: Path) -> pd.DataFrame:
    """The raw TSV with every column as str (``""`` when empty)."""
    path = require(data_dir, TSV)
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    missing_columns(path, df.columns, COLUMNS)
    return df


def load_gwsd_stance(data_dir: Path) -> pd.DataFrame:
    raw = read_gwsd(data_dir)
    raw = raw[(raw["agree"].str.strip() != "") & (raw["disagree"].str.strip() != "")]
    try:
        probs = raw[list(STANCES)].astype(float).to_numpy()
    except ValueError as exc:
        raise InputError(f"{TSV}: non-numeric agree/disagree/neutral probability ({exc})") from exc
    labels = [STANCES[i] for i in probs.argmax(axis=1)]
    flags = raw["in_held_out_test"].str.strip().str.lower()
    if not set(flags) <= {"true", "false"}:
        raise InputError(f"{TSV}: in_held_out_test must be True/False, got {sorted(set(flags))[:5]}")
    splits = ["test" if f == "true" else "train" for f in flags]
    ids = [f"gwsd:{g}" for g in raw["guid"]]
    return finalise(
        "gwsd-stance", ids, list(raw["sentence"]), labels, ids, splits=splits, targets=[TARGET] * len(ids)
    )


TASKS = (
    Task(
        name="gwsd-stance",
        dataset=FOLDER,
        description=(
            "GWSD: stance of a US news sentence toward 'climate change/global warming is a serious concern' "
            "(agree / disagree / neutral), label = argmax of the authors' Bayesian annotator-model posterior "
            "over 8 MTurk ratings; screening rows dropped."
        ),
        construct="stance",
        kind="multiclass",
        positive_label=None,
        labels=STANCES,
        split_note=(
            "OFFICIAL: in_held_out_test == True is the authors' 200-sentence held-out test set; all other "
            "labelled sentences are train (the paper tuned by CV inside them; no official dev). Sentence-level "
            "ids only, so group = id."
        ),
        published=(),  # SOURCE.md: Luo et al. 2020 BERT on the held-out set, exact numbers not verified.
        loader=load_gwsd_stance,
        files=(TSV,),
    ),
)
