"""Szeged Uncertainty Corpus (Szarvas et al. 2012): FactBank newswire and Wikipedia portions.

BioScope-style XML (``Document > DocID, DocumentPart > Sentence``); uncertainty cues
are inline ``<ccue type="...">``.  A sentence is *uncertain* iff it contains >= 1 ``ccue``.
Wikipedia ``DocumentPart type="Title"`` rows (article titles, 4,530) are dropped: they
are not sentences and are all but trivially certain.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from framing.errors import InputError

from ._common import Task, finalise, our_split_note, require

FOLDER = "szeged_uncertainty"
FACTBANK = f"{FOLDER}/factbank.xml"
WIKI = f"{FOLDER}/wiki.xml"


def read_szeged(data_dir: Path, relpath: str) -> pd.DataFrame:
    """One row per ``Sentence``: ``doc_id, part, sent_id, text, uncertain, cue_types`` (types joined by '|')."""
    path = require(data_dir, relpath)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path}: not valid XML ({exc})") from exc
    rows = []
    for doc in root.iter("Document"):
        doc_id = (doc.findtext("DocID") or "").strip()
        for part in doc.iter("DocumentPart"):
            part_type = part.get("type", "")
            for sent in part.iter("Sentence"):
                cues = [c.get("type", "") for c in sent.iter("ccue")]
                rows.append(
                    (
                        doc_id,
                        part_type,
                        sent.get("id", ""),
                        "".join(sent.itertext()),
                        bool(cues),
                        "|".join(cues),
                    )
                )
    if not rows:
        raise InputError(f"{path}: no <Sentence> elements found; is this the Szeged uncertainty XML?")
    return pd.DataFrame(rows, columns=["doc_id", "part", "sent_id", "text", "uncertain", "cue_types"])


def _load(task: str, data_dir: Path, relpath: str, prefix: str) -> pd.DataFrame:
    raw = read_szeged(data_dir, relpath)
    raw = raw[raw["part"] != "Title"]
    ids = [f"{prefix}:{d}:{s}" for d, s in zip(raw["doc_id"], raw["sent_id"])]
    labels = ["uncertain" if u else "certain" for u in raw["uncertain"]]
    return finalise(task, ids, list(raw["text"]), labels, [f"{prefix}:{d}" for d in raw["doc_id"]])


def load_szeged_news(data_dir: Path) -> pd.DataFrame:
    return _load("szeged-news", data_dir, FACTBANK, "factbank")


def load_szeged_wiki(data_dir: Path) -> pd.DataFrame:
    return _load("szeged-wiki", data_dir, WIKI, "wiki")


_CUES = (
    "Uncertain iff the sentence has >= 1 cue (epistemic 'may/might/likely/appears', doxastic "
    "'believe/expect', conditional 'if/would', investigation 'whether'{extra})."
)

TASKS = (
    Task(
        name="szeged-news",
        dataset=FOLDER,
        description="Szeged Uncertainty Corpus, FactBank newswire sentences (208 docs): uncertain vs certain. "
        + _CUES.format(
            extra="; note FactBank's 'modal_probable' cues are mostly may/could/might and 'modal_possible' "
            "mostly likely/appears, the reverse of what the type names suggest"
        ),
        construct="hedging",
        kind="binary",
        positive_label="uncertain",
        labels=("uncertain", "certain"),
        split_note=our_split_note("document (DocID)", "The corpus ships no split."),
        published=(),  # SOURCE.md: Szarvas et al. 2012 cue-level F-scores, exact numbers not verified.
        loader=load_szeged_news,
        files=(FACTBANK,),
    ),
    Task(
        name="szeged-wiki",
        dataset=FOLDER,
        description="Szeged Uncertainty Corpus, Wikipedia sentences (4,530 articles; titles dropped): semantic "
        "uncertainty re-annotation, NOT the CoNLL-2010 weasel labels. " + _CUES.format(extra=""),
        construct="hedging",
        kind="binary",
        positive_label="uncertain",
        labels=("uncertain", "certain"),
        split_note=our_split_note(
            "Wikipedia article (DocID)",
            "The file merges CoNLL-2010 train+eval; the official CoNLL split is not recoverable from it.",
        ),
        published=(),
        loader=load_szeged_wiki,
        files=(WIKI,),
    ),
)
