"""BABE (Bias Annotations By Experts; Spinde et al. 2021): sentence-level media bias.

Reads ``babe/final_labels_SG2.csv`` (``;``-separated, UTF-8 with BOM; 3,674 rows,
5 expert annotators).  SG1/MBIC (``final_labels_SG1.csv``, ``final_labels_MBIC.xlsx``)
label 1,700 sentences that almost all also occur in SG2, so they are not separate tasks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from framing.models.rationales import parse_rationale

from ._common import Published, Task, finalise, missing_columns, our_split_note, require

FOLDER = "babe"
SG2 = f"{FOLDER}/final_labels_SG2.csv"
COLUMNS = ("text", "news_link", "outlet", "topic", "type", "label_bias", "label_opinion", "biased_words")


def read_babe(data_dir: Path) -> pd.DataFrame:
    """Return the raw SG2 table (all columns as str, ``""`` for missing) plus ``row`` (0-based)."""
    path = require(data_dir, SG2)
    df = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    missing_columns(path, df.columns, COLUMNS)
    df["row"] = range(len(df))
    return df


RAW_SG2 = f"{FOLDER}/raw_labels_SG2.xlsx"


def read_babe_ratings(data_dir: Path) -> pd.DataFrame:
    """BABE's annotator-level labels: one row per rating with ``item`` (the sentence), ``annotator``,
    ``bias`` (``"1"`` biased / ``"0"`` not), ``opinion`` (the three opinion levels), ``outlet``, ``news_link``.

    ``raw_labels_SG2.xlsx`` identifies a sentence only by its text; the one row without text is dropped.
    """
    path = require(data_dir, RAW_SG2)
    raw = pd.read_excel(path, dtype=str)
    missing_columns(path, raw.columns, ("text", "annotator_id", "Label_bias_0-1", "label_opinion"))
    raw = raw.dropna(subset=["text", "Label_bias_0-1"])
    return pd.DataFrame(
        {
            "item": raw["text"],
            "annotator": raw["annotator_id"],
            "bias": pd.to_numeric(raw["Label_bias_0-1"]).astype(int).astype(str),
            "opinion": raw["label_opinion"],
            "outlet": raw["outlet"],
            "news_link": raw["news_link"],
        }
    ).reset_index(drop=True)


# The opinion scale of BABE's annotation guidelines, least to most opinionated.
OPINION_ORDER = ("Entirely factual", "Somewhat factual but also opinionated", "Expresses writer’s opinion")


def load_babe_bias(data_dir: Path) -> pd.DataFrame:
    raw = read_babe(data_dir)
    raw = raw[raw["label_bias"].isin(["Biased", "Non-biased"])]  # drops the 1 "No agreement" row
    ids = _row_ids(raw)
    groups = [link.strip() or i for link, i in zip(raw["news_link"], ids)]
    labels = ["biased" if v == "Biased" else "non-biased" for v in raw["label_bias"]]
    return finalise("babe-bias", ids, list(raw["text"]), labels, groups)


def babe_rationales(data_dir: Path) -> dict[str, tuple[str, ...]]:
    """The words BABE's annotators marked as bias-inducing (``biased_words``), by task row id."""
    raw = read_babe(data_dir)
    return dict(zip(_row_ids(raw), map(parse_rationale, raw["biased_words"]), strict=True))


def _row_ids(raw: pd.DataFrame) -> list[str]:
    """Task row ids of SG2 rows (the loader's and the rationales' keys)."""
    return [f"babe:sg2:{r}" for r in raw["row"]]


TASKS = (
    Task(
        name="babe-bias",
        dataset=FOLDER,
        description=(
            "BABE (SG2, expert majority vote): is the news sentence biased (loaded/partisan word choice) "
            "or not? 'No agreement' rows are dropped. Sentences from US left/center/right outlets."
        ),
        construct="partisan",
        kind="binary",
        positive_label="biased",
        labels=("biased", "non-biased"),
        split_note=our_split_note(
            "article (news_link; the row id when the link is empty)",
            "BABE ships no split; the paper used (stratified) cross-validation.",
        ),
        published=(
            Published(
                metric="macro-F1",
                value=0.804,
                split="BABE, cross-validation (paper's protocol, not our split)",
                citation="Spinde et al. 2021, Neural Media Bias Detection Using Distant Supervision With BABE, "
                "Findings of EMNLP 2021",
                note="best BERT-based model pre-trained on distant labels then fine-tuned; stated in the paper "
                "abstract (verified from abstract text per SOURCE.md)",
            ),
        ),
        loader=load_babe_bias,
        files=(SG2,),
        rationales=babe_rationales,
    ),
)
