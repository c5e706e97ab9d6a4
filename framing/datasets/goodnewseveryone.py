"""GoodNewsEveryone (Bostan, Kim & Klinger, LREC 2020): news headlines with a dominant emotion.

``goodnewseveryone/gne-release-v1.0.tsv``: tab-separated with a header, CSV-style quoting
(span fields look like ``"[[""cue""]]"``).  The ``id`` column is NOT unique (54 ids repeat on
different headlines), so our id is ``gne:<row>:<id>``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from framing.errors import InputError

from ._common import Task, finalise, missing_columns, named_loader, our_split_note, require

FOLDER = "goodnewseveryone"
TSV = f"{FOLDER}/gne-release-v1.0.tsv"
COLUMNS = (
    "id",
    "headline",
    "url",
    "bias_horizontal",
    "bias_vertical",
    "country",
    "source",
    "dominant_emotion",
    "intensity",
    "cause",
    "experiencer",
    "target",
    "cue",
    "other_emotions",
    "reader_emotions",
)

EMOTIONS = (
    "anger",
    "annoyance",
    "disgust",
    "fear",
    "guilt",
    "joy",
    "love_including_like",
    "negative_anticipation_including_pessimism",
    "negative_surprise",
    "positive_anticipation_including_optimism",
    "positive_surprise",
    "pride",
    "sadness",
    "shame",
    "trust",
)


def read_gne(data_dir: Path) -> pd.DataFrame:
    """The release TSV, all columns as str (``""`` when empty), plus ``row`` (0-based)."""
    path = require(data_dir, TSV)
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL)
    missing_columns(path, df.columns, COLUMNS)
    unknown = sorted(set(df["dominant_emotion"]) - set(EMOTIONS))
    if unknown:
        raise InputError(
            f"{path}: unknown dominant_emotion value(s) {unknown[:5]}; is this the GNE release TSV?"
        )
    df["row"] = range(len(df))
    return df


def _loader(task: str, positive: str, emotions: frozenset[str]):
    def load(data_dir: Path) -> pd.DataFrame:
        raw = read_gne(data_dir)
        ids = [f"gne:{r}:{i}" for r, i in zip(raw["row"], raw["id"])]
        labels = [positive if e in emotions else "other" for e in raw["dominant_emotion"]]
        return finalise(task, ids, list(raw["headline"]), labels, ids)

    return named_loader(task, load)


_SPLIT = our_split_note(
    "headline (no grouping exists; group = id)", "GNE ships no split; both GNE tasks share it."
)

TASKS = (
    Task(
        name="gne-fear",
        dataset=FOLDER,
        description="GoodNewsEveryone headlines: dominant emotion 'fear' vs any other of the 15 emotions.",
        construct="alarm",
        kind="binary",
        positive_label="fear",
        labels=("fear", "other"),
        split_note=_SPLIT,
        published=(),  # SOURCE.md: no headline-emotion classification number verified.
        loader=_loader("gne-fear", "fear", frozenset({"fear"})),
        files=(TSV,),
    ),
    Task(
        name="gne-alarm",
        dataset=FOLDER,
        description="GoodNewsEveryone headlines: dominant emotion fear or negative_anticipation_including_"
        "pessimism ('alarm') vs the other 13 emotions.",
        construct="alarm",
        kind="binary",
        positive_label="alarm",
        labels=("alarm", "other"),
        split_note=_SPLIT,
        published=(),
        loader=_loader(
            "gne-alarm", "alarm", frozenset({"fear", "negative_anticipation_including_pessimism"})
        ),
        files=(TSV,),
    ),
)
