"""CoNLL-2010 Shared Task 1, Wikipedia weasel/hedge sentences: Pattern's balanced 3,000-row sample.

``conll2010_wiki_pattern/uncertainty-conll2010.csv``: headerless CSV, UTF-8 with BOM,
CRLF, ``"<label>","<sentence>"`` with ``1`` = certain and ``-1`` = uncertain.
HTML entities left in the text (``&quot;``) are unescaped.

Layout quirk (checked on the real file): the first ~1,915 rows are article excerpts,
each opened by its Wikipedia *title* row (labelled certain); they hold all 1,500 certain
rows.  The remaining ~1,085 rows are isolated uncertain sentences with no titles, so
file position alone predicts the label there: never split this file by contiguous
blocks.  Our ``group`` is the current title for rows inside an excerpt (so repeated
titles of one article merge), and the row id itself in the untitled tail.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pandas as pd

from framing.errors import InputError

from ._common import Published, Task, finalise, our_split_note, require

FOLDER = "conll2010_wiki_pattern"
CSV = f"{FOLDER}/uncertainty-conll2010.csv"

# A title row: short, starts with an upper-case letter or digit, ends in a letter/digit/')'.
_TITLE = re.compile(r"^[A-Z0-9].*[A-Za-z0-9)]$")
_MAX_TITLE_WORDS = 10
# Rows after this many consecutive non-title rows are no longer attached to the last title
# (excerpts in the file have <= 10 sentences; the untitled tail is much longer).
_MAX_EXCERPT = 15


def read_conll2010_pattern(data_dir: Path) -> list[tuple[int, str, str]]:
    """Return ``(row, label, sentence)`` with label ``"certain"`` / ``"uncertain"``."""
    path = require(data_dir, CSV)
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row, rec in enumerate(csv.reader(fh)):
            if not rec:
                continue
            if len(rec) != 2 or rec[0].strip() not in {"1", "-1"}:
                raise InputError(
                    f'{path}: row {row + 1} is not \'"1|-1","sentence"\'; is this the Pattern file?'
                )
            out.append((row, "certain" if rec[0].strip() == "1" else "uncertain", html.unescape(rec[1])))
    return out


def is_title(text: str) -> bool:
    t = " ".join(text.split())
    return bool(_TITLE.match(t)) and len(t.split()) <= _MAX_TITLE_WORDS


def load_conll2010_wiki(data_dir: Path) -> pd.DataFrame:
    rows = read_conll2010_pattern(data_dir)
    ids, texts, labels, groups = [], [], [], []
    title, since = None, 0
    for row, label, text in rows:
        rid = f"conll2010:{row}"
        if is_title(text):
            title, since = " ".join(text.split()), 0
        else:
            since += 1
            if since > _MAX_EXCERPT:
                title = None
        ids.append(rid)
        texts.append(text)
        labels.append(label)
        groups.append(f"conll2010:title:{title}" if title is not None else rid)
    return finalise("conll2010-wiki", ids, texts, labels, groups)


TASKS = (
    Task(
        name="conll2010-wiki",
        dataset=FOLDER,
        description=(
            "CoNLL-2010 Task 1 Wikipedia: uncertain (>= 1 weasel/hedge cue, incl. vague attribution such as "
            "'some people say') vs certain. Pattern's balanced sample (1,500/1,500); about 340 rows are "
            "article titles (certain)."
        ),
        construct="hedging",
        kind="binary",
        positive_label="uncertain",
        labels=("uncertain", "certain"),
        split_note=our_split_note(
            "heuristic article excerpt (rows grouped under the preceding title row; untitled tail rows "
            "are their own group)",
            "The Pattern sample has no official split and it is unknown whether it was drawn from the "
            "official train or eval set.",
        ),
        published=(
            Published(
                metric="F1 (uncertain class)",
                value=0.602,
                split="official CoNLL-2010 Task 1 Wikipedia evaluation set (NOT available here)",
                citation="Farkas et al. 2010, CoNLL-2010 shared task overview (W10-3001); best system "
                "Georgescul 2010",
                note="taken from a third-party verification note quoting the paper, not re-read; measured on "
                "the official (unbalanced) eval set, which we do not have, so NOT comparable with our "
                "balanced-sample split",
            ),
            Published(
                metric="F1 (certain class), lower bound",
                value=0.68,
                split="all 3,000 rows of this Pattern sample",
                citation="clips/pattern regression test of its rule-based modality() scorer (threshold 0.5)",
                note="the test asserts A > 0.69, P > 0.72, R > 0.63, F > 0.68 for the CERTAIN class; a "
                "rule-based baseline, not a published paper result",
            ),
        ),
        loader=load_conll2010_wiki,
        files=(CSV,),
    ),
)
