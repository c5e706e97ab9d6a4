"""Cue diagnostics: which cues fire on negatives and which words the missed positives share.

Meant for lexicon work, which must look at the train split only.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.validity.report import _diagnostics_markdown
from framing.validity.tasks import _check_split, _family_of, _resolve_tasks, _scored, _signals_for

#: A small English stopword list (ours), used only to rank words in missed positives. Quantifiers and degree
#: words ("some", "many", "most", "very") are deliberately NOT stopwords: they are candidate weasel/intensifier cues.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "a about above after again against all also am an and any are as at back be because been before being "
        "below between both but by can could did do does doing don down during each even first for from "
        "further get go going got had has have having he her here hers herself him himself his how i if in "
        "into is it its itself just last like made make may me might mr mrs ms my myself new no nor not now "
        "of off on once one only or other our ours ourselves out over own per s said same say says she should "
        "since so still such t than that the their theirs them themselves then there these they this those "
        "three through to told too two u.s under until up us was way we well were what when where which while "
        "who whom why will with would year years you your yours yourself yourselves"
    ).split()
)
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


@dataclass
class CueDiagnostics:
    """Where a family's rule "score > 0" goes wrong on one split, per task.

    - ``false_alarms``: per task and cue term, how many negative sentences it fires on
      (``n_negatives``, ``share_of_negatives``), how many positives, and the cue's
      precision (positives among the sentences it fires on; compare ``positive_rate``).
    - ``misses``: per task, positives whose score is not above 0 (``n_missed``,
      ``miss_rate``) and how many of them have no counted cue at all (``n_no_cue``).
    - ``missed_words``: per task, the most frequent words of missed positives
      (sentence counts, stopwords removed) with their share among missed positives and
      among negatives (``ratio`` > 1: over-represented in misses).
    """

    false_alarms: pd.DataFrame
    misses: pd.DataFrame
    missed_words: pd.DataFrame
    split: str

    def to_markdown(self, top: int = 10) -> str:
        return _diagnostics_markdown(self, top)


def cue_diagnostics(
    data_dir: str | os.PathLike | None = None,
    *,
    tasks: str | Sequence[str] | None = None,
    split: str = "train",
    top_cues: int = 10,
    lexicons: dict[str, str | os.PathLike] | None = None,
) -> CueDiagnostics:
    """False-alarm cues and missed positives of each task's primary family (default: the train split).

    Meant for lexicon work, which must look at train only; see `CueDiagnostics`.
    """
    split = _check_split(split)
    root, names, _ = _resolve_tasks(data_dir, tasks)
    frames, texts, extractions = _scored(root, names, split, lexicons)
    return _diagnostics(names, frames, texts, extractions, split, top_cues)


def _counted_cues(family: str, extraction) -> pd.DataFrame:
    """Cue rows that raise the family's score: (sentence, category, term)."""
    cues = extraction.cues
    if family == "hedging":
        keep = (cues["category"] != "booster") | cues["negated"]
        category = np.where(cues["category"] == "booster", "negated_booster", cues["category"])
        out = cues.assign(category=category)[keep]
    elif family == "alarm":
        out = cues[~cues["negated"]]
    else:
        from framing.signals.partisan import RULE_ONLY

        out = cues[~cues["category"].isin(RULE_ONLY)]
    out = out[["sentence", "category", "term"]]
    if family == "hedging":  # anonymous sources are spans, not lexicon terms: one row label
        out = out.assign(
            term=np.where(out["category"] == "anonymous_source", "<anonymous official>", out["term"])
        )
    return out.drop_duplicates()


def _tokens(text: str) -> set[str]:
    from framing.signals.matcher import fold

    return {w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}


def _word_counts(rows: np.ndarray, texts: list[str], cache: dict[int, set[str]]) -> Counter:
    """In how many of the sentences ``rows`` each word occurs (tokens cached per text)."""
    counts: Counter = Counter()
    for r in rows.tolist():
        if r not in cache:
            cache[r] = _tokens(texts[r])
        counts.update(cache[r])
    return counts


def _diagnostics(names, frames, texts, extractions, split, top) -> CueDiagnostics:
    from framing.datasets import TASKS

    alarms, misses, words = [], [], []
    counted = {f: _counted_cues(f, e) for f, e in extractions.items() if e is not None}
    token_cache: dict[int, set[str]] = {}
    for name in names:
        task, df = TASKS[name], frames[name]
        signal = _signals_for(task)[0][0]
        family = _family_of(signal)
        y = (df["label"] == task.positive_label).to_numpy()
        n_pos, n_neg = int(y.sum()), int((~y).sum())
        if not len(df) or family not in counted:
            continue
        extraction = extractions[family]
        rows = df["row"].to_numpy()
        score = extraction.features[rows, extraction.feature_names.index(signal)]
        cues = counted[family]
        # text row -> this task's label (-1: not in the task); a text occurs once per task
        label_of = np.full(len(texts), -1, dtype=np.int64)
        label_of[rows] = y
        hit = cues[label_of[cues["sentence"].to_numpy()] >= 0]
        hit = hit.assign(y=label_of[hit["sentence"].to_numpy()])
        by_term = hit.groupby(["category", "term"])["y"].agg(n_positives="sum", n_fired="size").reset_index()
        by_term["n_negatives"] = by_term["n_fired"] - by_term["n_positives"]
        by_term = by_term.sort_values(["n_negatives", "term"], ascending=[False, True], kind="stable").head(
            top
        )
        for r in by_term.itertuples(index=False):
            alarms.append(
                {
                    "task": name,
                    "family": family,
                    "category": r.category,
                    "term": r.term,
                    "n_negatives": int(r.n_negatives),
                    "share_of_negatives": r.n_negatives / n_neg if n_neg else np.nan,
                    "n_positives": int(r.n_positives),
                    "share_of_positives": r.n_positives / n_pos if n_pos else np.nan,
                    "precision": r.n_positives / r.n_fired,
                    "positive_rate": n_pos / len(df),
                }
            )
        missed = y & (score <= 0)
        with_cue = np.zeros(len(texts), dtype=bool)
        with_cue[cues["sentence"].to_numpy()] = True
        misses.append(
            {
                "task": name,
                "family": family,
                "signal": signal,
                "n_positive": n_pos,
                "n_missed": int(missed.sum()),
                "miss_rate": missed.sum() / n_pos if n_pos else np.nan,
                "n_no_cue": int((y & ~with_cue[rows]).sum()),
                "n_negative": n_neg,
                "n_false_alarms": int((~y & (score > 0)).sum()),
                "false_alarm_rate": (~y & (score > 0)).sum() / n_neg if n_neg else np.nan,
            }
        )

        in_missed = _word_counts(rows[missed], texts, token_cache)
        in_neg = _word_counts(rows[~y], texts, token_cache)
        n_missed = int(missed.sum())
        ranked = sorted(in_missed.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        for rank, (word, k) in enumerate(ranked, start=1):
            share_m = k / n_missed
            share_n = in_neg.get(word, 0) / n_neg if n_neg else np.nan
            words.append(
                {
                    "task": name,
                    "family": family,
                    "rank": rank,
                    "word": word,
                    "n_missed": k,
                    "share_of_missed": share_m,
                    "share_of_negatives": share_n,
                    "ratio": share_m / share_n if share_n else np.inf,
                }
            )
    return CueDiagnostics(
        false_alarms=pd.DataFrame(
            alarms,
            columns=[
                "task",
                "family",
                "category",
                "term",
                "n_negatives",
                "share_of_negatives",
                "n_positives",
                "share_of_positives",
                "precision",
                "positive_rate",
            ],
        ),
        misses=pd.DataFrame(
            misses,
            columns=[
                "task",
                "family",
                "signal",
                "n_positive",
                "n_missed",
                "miss_rate",
                "n_no_cue",
                "n_negative",
                "n_false_alarms",
                "false_alarm_rate",
            ],
        ),
        missed_words=pd.DataFrame(
            words,
            columns=[
                "task",
                "family",
                "rank",
                "word",
                "n_missed",
                "share_of_missed",
                "share_of_negatives",
                "ratio",
            ],
        ),
        split=split,
    )
