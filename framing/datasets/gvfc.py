"""Gun Violence Frame Corpus (Liu, Guo, Mays, Betke & Wijaya, CoNLL 2019): headline frames.

``gvfc/GVFC_headlines_and_annotations.xlsx``, first sheet (``gun_violence_master``), header
``news_title, Q1 Relevant, Q2 Focus, Q3 Theme1, Q3 Theme2``.  ``Q3 Theme1`` is the primary
frame code 1-9; 99 = no frame (irrelevant or not coded).  Only the 1,301 headlines with a
primary frame are items.  ``GVFC_extension_multimodal.csv`` (1,300 rows, a slightly revised
labelling of the same headlines plus image frames) is not used.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from framing.errors import InputError

from ._common import Published, Task, finalise, missing_columns, our_split_note, require

FOLDER = "gvfc"
XLSX = f"{FOLDER}/GVFC_headlines_and_annotations.xlsx"
COLUMNS = ("news_title", "Q1 Relevant", "Q2 Focus", "Q3 Theme1", "Q3 Theme2")

#: Frame codes of the GVFC codebook (Liu et al. 2019).
FRAMES = {
    1: "gun_rights",  # Gun or 2nd Amendment rights
    2: "gun_control",  # Gun control/regulation
    3: "politics",
    4: "mental_health",
    5: "public_safety",  # School or public space safety
    6: "race_ethnicity",
    7: "public_opinion",
    8: "society_culture",
    9: "economic",  # Economic consequences
}
NO_FRAME = 99


def _code(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def read_gvfc(data_dir: Path) -> pd.DataFrame:
    """All rows of the first sheet: ``row`` (Excel row number), ``news_title`` and the Q codes as ints."""
    path = require(data_dir, XLSX)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, ...: not an xlsx
        raise InputError(f"{path}: cannot read as .xlsx ({exc.__class__.__name__})") from exc
    try:
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(it, ())]
        missing_columns(path, header, COLUMNS)
        pos = {c: header.index(c) for c in COLUMNS}
        rows = []
        for excel_row, values in enumerate(it, 2):
            if values is None or all(v is None for v in values):
                continue
            title = values[pos["news_title"]]
            rec = {"row": excel_row, "news_title": "" if title is None else str(title)}
            for c in COLUMNS[1:]:
                rec[c] = _code(values[pos[c]])
            rows.append(rec)
    finally:
        wb.close()
    return pd.DataFrame(rows, columns=["row", *COLUMNS])


def load_gvfc_frame(data_dir: Path) -> pd.DataFrame:
    raw = read_gvfc(data_dir)
    codes = raw["Q3 Theme1"]
    unknown = sorted({c for c in codes if c not in FRAMES and c != NO_FRAME}, key=str)
    if unknown:
        raise InputError(f"{XLSX}: unexpected 'Q3 Theme1' code(s) {unknown[:5]} (expected 1-9 or 99)")
    raw = raw[codes.isin(list(FRAMES))]
    ids = [f"gvfc:{r}" for r in raw["row"]]
    labels = [FRAMES[int(c)] for c in raw["Q3 Theme1"]]
    return finalise("gvfc-frame", ids, list(raw["news_title"]), labels, ids)


def load_gvfc_multilabel(data_dir: Path, sep: str = "|") -> pd.DataFrame:
    """The ``gvfc-frame`` items (ids, texts, OUR split, ``primary`` frame) with ``frames``: primary and secondary joined by ``sep``.

    The secondary frame (``Q3 Theme2``) is set on 323 of the 1,301 headlines and
    never equals the primary one; 99 means none. Multi-label frames are scored on this table.
    """
    items = load_gvfc_frame(data_dir)
    raw = read_gvfc(data_dir)
    secondary = {f"gvfc:{r}": FRAMES.get(code) for r, code in zip(raw["row"], raw["Q3 Theme2"])}
    frames = [
        label if secondary[i] in (None, label) else sep.join(sorted((label, secondary[i])))
        for i, label in zip(items["id"], items["label"])
    ]
    return pd.DataFrame(
        {
            "id": items["id"],
            "text": items["text"],
            "primary": items["label"],
            "frames": frames,
            "split": items["split"],
        }
    )


TASKS = (
    Task(
        name="gvfc-frame",
        dataset=FOLDER,
        description=(
            "GVFC: primary issue frame of a US gun-violence headline, 9 classes (gun_rights vs gun_control vs "
            "politics are the partisan-relevant ones). Headlines without a primary frame are dropped."
        ),
        construct="frame",
        kind="multiclass",
        positive_label=None,
        labels=tuple(FRAMES.values()),
        split_note=our_split_note("headline (no grouping exists; group = id)", "GVFC ships no split."),
        published=(
            Published(
                metric="accuracy gain over previous baseline (absolute)",
                value=0.359,
                split="GVFC 9-way primary frame (paper's own evaluation protocol)",
                citation="Liu et al. 2019, Detecting Frames in News Headlines and Its Application to Analyzing "
                "News Framing Trends Surrounding U.S. Gun Violence, CoNLL 2019 (abstract)",
                note="fine-tuned BERT; from the abstract; a gain, not an accuracy",
            ),
            Published(
                metric="accuracy",
                value=0.84,
                split="GVFC 9-way primary frame (paper's own evaluation protocol)",
                citation="Liu et al. 2019, CoNLL 2019",
                note="approximate and recalled (~84%), NOT verified per SOURCE.md",
            ),
        ),
        loader=load_gvfc_frame,
        files=(XLSX,),
    ),
)
