"""One-paragraph notes on an article figure, written from the numbers the figure plots.

Notebook 01 pairs each article figure with prose. Prose written for the seed
article would be wrong under another article's figures, so the notebook shows
a note generated from the figure's own CSV (:func:`figure_note`) for any
article, and the seed's hand-written commentary only when the article is the
seed. Each note states counts and the sentences behind them ("#12"), never an
interpretation the numbers cannot carry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

SIGNAL_NAMES = {"hedging_score": "hedging", "alarm_score": "alarm", "partisan_score": "partisan framing"}
SOURCE_NAMES = {
    "anonymous_official": "anonymous officials",
    "named_person": "named people",
    "organisation": "organisations",
    "none": "no attributed source",
}


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _quote(snippet) -> str:
    return f"“{snippet}”" if isinstance(snippet, str) and snippet else ""


def timeline_note(data: pd.DataFrame) -> str:
    body = data[data["kind"] == "body"] if "kind" in data else data
    parts = []
    for column, name in SIGNAL_NAMES.items():
        if column not in body:
            continue
        fired = body[body[column] != 0]
        if fired.empty:
            parts.append(f"no sentence has any {name}")
            continue
        by = column.replace("_score", "_rate") if column.replace("_score", "_rate") in body else column
        top = body.loc[body[by].idxmax()]
        unit = " per 100 tokens" if by.endswith("_rate") else ""
        parts.append(
            f"{name} in {len(fired)} (highest: #{int(top['sentence'])}, {top[by]:.3g}{unit}, "
            f"{_quote(top.get('snippet'))})"
        )
    return f"Of {len(body)} body sentences: " + "; ".join(parts) + "."


def sources_note(data: pd.DataFrame) -> str:
    """Per source kind, its sentences and, as the figure's bars, total score per 100 of its tokens."""
    per_token = "n_tokens" in data
    sums = data.groupby("source_kind").agg(
        sentences=("sentence", "size"),
        tokens=("n_tokens" if per_token else "sentence", "sum" if per_token else "size"),
        hedging=("hedging_score", "sum"),
        alarm=("alarm_score", "sum"),
    )
    sums = sums.sort_values("sentences", ascending=False, kind="mergesort")
    scale, unit = (100, " per 100 tokens") if per_token else (1, " per sentence")
    cells = [
        f"{SOURCE_NAMES.get(kind, kind)}: {_n(int(row.sentences), 'sentence')}, hedging "
        f"{scale * row.hedging / row.tokens:.2f} and alarm {scale * row.alarm / row.tokens:.2f}{unit}"
        for kind, row in sums.iterrows()
    ]
    return "By source: " + "; ".join(cells) + "."


def cues_note(data: pd.DataFrame) -> str:
    if data.empty:
        return "No cue fired in this article."
    cells = []
    for family, rows in data.groupby("family", sort=True):
        counts = rows.groupby("term").size().sort_values(ascending=False, kind="mergesort")
        top = ", ".join(f"“{term}” ×{n}" for term, n in counts.head(3).items())
        cells.append(f"{family}: {_n(len(rows), 'cue')}, most often {top}")
    return "; ".join(cells) + "."


def blame_note(data: pd.DataFrame) -> str:
    if data.empty:
        return "No blame or rebuttal cue fired in this article."
    resolved = data[data["blamer"].notna()]  # read with empty cells as missing
    pairs = resolved.groupby("pair")["sentence"].agg(lambda s: ", ".join(f"#{int(i)}" for i in sorted(s)))
    unresolved = len(data) - len(resolved)
    text = (
        "Resolved pairs: " + "; ".join(f"{pair} ({where})" for pair, where in pairs.items())
        if len(pairs)
        else "No blamer → target pair was resolved"
    )
    return f"{text}. {_n(unresolved, 'blame or rebuttal sentence')} without a resolved pair."


def actors_note(data: pd.DataFrame) -> str:
    if data.empty:
        return "No actor is named in two or more body sentences."
    actors = data.groupby("actor").agg(sentences=("sentence", "nunique"), alarm=("alarm_score", "sum"))
    actors = actors.sort_values(["alarm", "sentences"], ascending=False, kind="mergesort").head(4)
    cells = [
        f"{actor} (summed alarm {row.alarm:g} over {_n(int(row.sentences), 'sentence')})"
        for actor, row in actors.iterrows()
    ]
    return "Most alarm surrounds " + ", ".join(cells) + "."


NOTES: dict[str, Callable[[pd.DataFrame], str]] = {
    "timeline": timeline_note,
    "sources": sources_note,
    "cues": cues_note,
    "blame": blame_note,
    "actors": actors_note,
}


def figure_note(figure: str, csv_path) -> str:
    """The note for one article figure (``timeline``, ``sources``, ``cues``, ``blame``, ``actors``) from its CSV."""
    data = pd.read_csv(Path(csv_path), keep_default_na=False, na_values=[""])
    return NOTES[figure](data)
