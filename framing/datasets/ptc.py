"""Propaganda Techniques Corpus v2 (SemEval-2020 Task 11), training split only.

Files (``ptc_semeval2020_task11/``):
* ``train-articles/article<ID>.txt``: title on line 1, blank line, then one sentence per line;
* ``train-task2-TC.labels``: ``article_id <TAB> technique <TAB> start <TAB> end`` (character
  offsets into the article file, end exclusive); the per-article files in
  ``train-labels-task2-technique-classification/`` hold the same 6,129 rows.

Each non-empty line (title included) is one item.  A line carries a technique when a span
of it *overlaps* the line's character range (spans can cross lines), matching the
16,673 / 4,753 / 335 counts in SOURCE.md.  Boilerplate lines repeat across articles
("You may opt out at anytime."), so ~1,400 duplicate lines are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from framing.errors import InputError
from framing.models.rationales import parse_rationale

from ._common import Published, Task, finalise, named_loader, our_split_note, require

FOLDER = "ptc_semeval2020_task11"
ARTICLES = f"{FOLDER}/train-articles"
LABELS = f"{FOLDER}/train-task2-TC.labels"

TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


def read_ptc_spans(data_dir: Path) -> dict[str, list[tuple[str, int, int]]]:
    """``article_id -> [(technique, start, end), ...]``."""
    path = require(data_dir, LABELS)
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            parts = line.rstrip("\r\n").split("\t")
            try:
                art, tech, start, end = parts
                spans[art].append((tech, int(start), int(end)))
            except ValueError:
                raise InputError(
                    f"{path}: line {n} is not 'article<TAB>technique<TAB>start<TAB>end'"
                ) from None
    return spans


def read_ptc_lines(data_dir: Path) -> pd.DataFrame:
    """One row per non-empty article line: ``article, line (1-based), text, techniques`` (sorted tuple) and
    ``spans``: ``(technique, text)`` of each span overlapping the line, its text cut to the line."""
    spans = read_ptc_spans(data_dir)
    art_dir = require(data_dir, ARTICLES)
    files = sorted(art_dir.glob("article*.txt"))
    if not files:
        raise InputError(
            f"{art_dir}: no article*.txt files; data_dir should contain {FOLDER}/train-articles/"
        )
    unknown = set(spans) - {f.stem[len("article") :] for f in files}
    if unknown:
        raise InputError(
            f"{LABELS}: labels for {len(unknown)} article(s) without a text file, e.g. {min(unknown)}"
        )
    rows = []
    for f in files:
        art = f.stem[len("article") :]
        with open(f, encoding="utf-8", newline="") as fh:
            text = fh.read()
        art_spans = spans.get(art, [])
        pos = 0
        for lineno, line in enumerate(text.split("\n"), 1):
            start, end = pos, pos + len(line)
            pos = end + 1
            if not line.strip():
                continue
            overlapping = [(t, s, e) for t, s, e in art_spans if s < end and e > start]
            techs = tuple(sorted({t for t, _, _ in overlapping}))
            cut = tuple((t, line[max(s, start) - start : min(e, end) - start]) for t, s, e in overlapping)
            rows.append((art, lineno, line, techs, cut))
    return pd.DataFrame(rows, columns=["article", "line", "text", "techniques", "spans"])


def _line_ids(raw: pd.DataFrame) -> list[str]:
    """Task row ids of article lines (the loaders' and the rationales' keys)."""
    return [f"ptc:{a}:{n}" for a, n in zip(raw["article"], raw["line"], strict=True)]


def _binary_loader(task: str, positive: str, techniques: frozenset[str] | None):
    def load(data_dir: Path) -> pd.DataFrame:
        raw = read_ptc_lines(data_dir)
        ids = _line_ids(raw)
        if techniques is None:
            labels = [positive if t else "none" for t in raw["techniques"]]
        else:
            labels = [positive if techniques.intersection(t) else "none" for t in raw["techniques"]]
        return finalise(task, ids, list(raw["text"]), labels, [f"ptc:{a}" for a in raw["article"]])

    return named_loader(task, load)


_SPLIT = our_split_note(
    "article (all PTC tasks share the same split)",
    "Only the SemEval-2020 TRAIN gold is public (dev/test gold never released), so all numbers are "
    "cross-article estimates on the 371 training articles.",
)

_SLC = (
    Published(
        metric="F1 (sentence-level propaganda, SLC)",
        value=0.6098,
        split="PTC v1 test, EMNLP'19 article split 293/57/101",
        citation="Da San Martino et al. 2019, Fine-Grained Analysis of Propaganda in News Articles, Table 7 "
        "(best, MGN)",
        note="taken from a third-party verification note quoting the paper; PTC v1 and the official SLC "
        "sentence labels, not our line-overlap labels on v2 train: NOT directly comparable",
    ),
    Published(
        metric="F1 (sentence-level propaganda, SLC)",
        value=0.5774,
        split="PTC v1 test, EMNLP'19 article split 293/57/101",
        citation="Da San Martino et al. 2019, Table 7 (BERT baseline)",
        note="same caveats as the MGN number",
    ),
    Published(
        metric="span F1 (SemEval-2020 Task 11 SI)",
        value=0.515,
        split="SemEval-2020 hidden test set",
        citation="Da San Martino et al. 2020, SemEval-2020 Task 11 overview (best SI system)",
        note="recalled, NOT verified; span-level task on a hidden test set: context only",
    ),
)


def _rationales(techniques: frozenset[str] | None):
    """The words of each line's spans of ``techniques`` (any technique if None), by task row id: the wording the
    annotators marked (``framing.models.rationales``)."""

    def marked(data_dir: Path) -> dict[str, tuple[str, ...]]:
        raw = read_ptc_lines(data_dir)
        words = [
            parse_rationale([text for t, text in spans if techniques is None or t in techniques])
            for spans in raw["spans"]
        ]
        return dict(zip(_line_ids(raw), words, strict=True))

    return marked


def _task(name, positive, techniques, construct, description, published=()):
    return Task(
        name=name,
        dataset=FOLDER,
        description=description,
        construct=construct,
        kind="binary",
        positive_label=positive,
        labels=(positive, "none"),
        split_note=_SPLIT,
        published=published,
        loader=_binary_loader(name, positive, None if techniques is None else frozenset(techniques)),
        files=(LABELS, ARTICLES),
        rationales=_rationales(None if techniques is None else frozenset(techniques)),
    )


TASKS = (
    _task(
        "ptc-any-technique",
        "propaganda",
        None,
        "alarm",
        "PTC v2 train, one item per article line: does any of the 14 propaganda techniques overlap the line?",
        _SLC,
    ),
    _task(
        "ptc-fear",
        "fear",
        ["Appeal_to_fear-prejudice"],
        "alarm",
        "PTC v2 train lines: Appeal_to_fear-prejudice span overlaps the line (~2% positive).",
    ),
    _task(
        "ptc-loaded-language",
        "loaded_language",
        ["Loaded_Language"],
        "alarm",
        "PTC v2 train lines: Loaded_Language span overlaps the line.",
    ),
    _task(
        "ptc-exaggeration",
        "exaggeration",
        ["Exaggeration,Minimisation"],
        "alarm",
        "PTC v2 train lines: Exaggeration,Minimisation span overlaps the line (note: includes minimisation).",
    ),
    _task(
        "ptc-name-calling",
        "name_calling",
        ["Name_Calling,Labeling"],
        "partisan",
        "PTC v2 train lines: Name_Calling,Labeling span overlaps the line (derogatory labels for opponents; "
        "a proxy for partisan labelling).",
    ),
)
