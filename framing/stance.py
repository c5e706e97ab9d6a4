"""Stance toward named actors and who blames whom, as tidy long tables built from ``analyze`` output.

``analyze`` keeps one row per sentence; its ``blame`` column (JSON) lists the
blame, rebuttal and defence instances of :mod:`framing.signals.blame` and its
``actors`` column the listed actors the sentence names. These functions unfold
them into one row per instance, per sentence and actor, or per blamer -> target
pair, with article-level character offsets so every row points back at the text.
"""

from __future__ import annotations

import json
import re

import pandas as pd

from framing.actors import CATEGORIES as LOCALE_CATEGORIES
from framing.errors import InputError
from framing.signals.blame import Mention, modifies
from framing.signals.mentions import BY_OFFICE, TITLE_HEADS

INSTANCE_COLUMNS = (
    "article_id",
    "sentence",
    "kind",
    "polarity",
    "blamer",
    "target",
    "cue",
    "cue_start",
    "cue_end",
    "blamer_start",
    "blamer_end",
    "target_start",
    "target_end",
    "frame",
    "blamer_via",
    "target_via",
)
STANCE_COLUMNS = ("article_id", "sentence", "actor", "role", "stance", "cue", "start", "end")
NETWORK_COLUMNS = ("article_id", "blamer", "target", "kind", "sentences", "n")
STANCE_OF_KIND = {"blame": "criticised", "rebuttal": "defended", "defence": "defended"}
# A preposition right before a country makes it a place.
_PLACE = re.compile(
    r"\b(?:in|to|from|into|across|within|throughout|of|at|for|on|over|via)\s+(?:the\s+)?$", re.IGNORECASE
)
_INSIDE = re.compile(r"\b(?:in|at|inside|outside)\s+(?:the\s+)?$", re.IGNORECASE)
# A party word that is part of a title ("Tory leader", "Labour's shadow health secretary").
_TITLE_AFTER = re.compile(
    rf"(?:'s|\u2019s)?\s+(?:(?:shadow|deputy|former|ex-|co-|[A-Z][a-z]+)\s*){{0,3}}"
    rf"(?:{'|'.join(sorted(TITLE_HEADS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
# An outlet named as where something was said: "on BBC Radio 4", "BBC News", "BBC political editor".
_BROADCAST_AFTER = re.compile(
    r"(?:'s|\u2019s)?\s+(?:Radio|News|One|Two|Three|Four|TV|Television|World|Online|political editor|"
    r"correspondent|reporter|programme|interview)\b|'s\s+(?:[A-Z]\w+\s+){1,3}(?:Hour|programme|show)\b"
)
_VENUE_BEFORE = re.compile(r"\b(?:told|telling|to|on|with|of)\s+(?:the\s+)?$", re.IGNORECASE)
# The row an article gets when it names no actor of the active locale, instead of silently having none.
NO_ACTOR = "no_actor_matched"


def _require(table: pd.DataFrame, columns) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(
            f"table lacks column(s) {', '.join(missing)}; pass the table framing.analyze returns"
        )


def blame_instances(table: pd.DataFrame) -> pd.DataFrame:
    """One row per blame, rebuttal or defence instance; offsets are article-level, -1 when outside the sentence."""
    _require(table, ("article_id", "sentence", "start", "blame"))
    rows = []
    for article, sentence, base, found in zip(
        table["article_id"], table["sentence"], table["start"], table["blame"], strict=True
    ):
        for b in json.loads(found):
            shift = {
                k: (int(base) + b[k] if b[k] >= 0 else -1)
                for k in ("cue_start", "cue_end", "blamer_start", "blamer_end", "target_start", "target_end")
            }
            polarity = "blame" if b["kind"] == "blame" else "defend"
            rows.append(
                {**b, **shift, "article_id": article, "sentence": int(sentence), "polarity": polarity}
            )
    return pd.DataFrame(rows, columns=list(INSTANCE_COLUMNS)).astype(
        {"sentence": "int64", "cue_start": "int64", "cue_end": "int64"}
    )


def stance_table(table: pd.DataFrame) -> pd.DataFrame:
    """Per sentence and actor: ``role`` blamer | target | mention and ``stance`` criticised | defended | neutral.

    A target of blame or of a rebuttal is criticised, a target of a defence is
    defended; blamers (named in the sentence) and plain mentions are neutral, and
    a party that only qualifies a person ("Tory leader Michael Howard") is not a
    mention of its own. ``cue`` is the cue that
    assigned the role (empty for mentions); ``start``/``end`` is the actor's
    span in the article (-1 when the actor was resolved from the previous
    sentence, as in "officials strongly dispute that claim"). An article that
    names no actor of the active locale's lists (countries and foreign leaders do
    not count) gets one more row with ``role``
    "none" and ``stance`` "no_actor_matched", so a zero is never silent (its
    blame instances, e.g. against "Russia", are still listed).
    """
    _require(table, ("article_id", "sentence", "start", "text", "blame", "actors"))
    rows = []
    named_articles = set()
    for article, sentence, base, found, actors, text in zip(
        table["article_id"],
        table["sentence"],
        table["start"],
        table["blame"],
        table["actors"],
        table["text"],
        strict=True,
    ):
        base = int(base)
        taken = set()
        for b in json.loads(found):
            for role, name, start, end, stance in (
                ("blamer", b["blamer"], b["blamer_start"], b["blamer_end"], "neutral"),
                ("target", b["target"], b["target_start"], b["target_end"], STANCE_OF_KIND[b["kind"]]),
            ):
                if not name or (name, role) in taken or (role == "blamer" and start < 0):
                    continue  # a blamer named only in a neighbouring sentence gets no row here
                taken.add((name, role))
                rows.append(
                    (
                        article,
                        int(sentence),
                        name,
                        role,
                        stance,
                        b["cue"],
                        base + start if start >= 0 else -1,
                        base + end if end >= 0 else -1,
                    )
                )
        roled = {name for name, _ in taken}
        listed = json.loads(actors)
        if any(category in LOCALE_CATEGORIES for *_, category in listed):
            named_articles.add(article)
        for name, start, end, _ in _heads(listed, text):
            if name in roled:
                continue
            roled.add(name)
            rows.append((article, int(sentence), name, "mention", "neutral", "", base + start, base + end))
    for article in dict.fromkeys(table["article_id"]):
        if article not in named_articles:
            rows.append((article, -1, "", "none", NO_ACTOR, "", -1, -1))
    return pd.DataFrame(rows, columns=list(STANCE_COLUMNS)).astype(
        {"sentence": "int64", "start": "int64", "end": "int64"}
    )


def _heads(mentions: list, text: str) -> list:
    """Drop a mention that only modifies the next one: "Tory leader Michael Howard", "Labour's Mr Livingstone"."""
    kept = []
    for k, here in enumerate(mentions):
        following = mentions[k + 1] if k + 1 < len(mentions) else None
        if following is not None and modifies(text, Mention(*here[:3]), Mention(*following[:3])):
            continue
        if here[3] == BY_OFFICE:
            continue  # "the chancellor": a reference, not a naming; a row only when it is a target (codebook §8.5)
        if here[3] == "country" and _PLACE.search(text[: here[1]]):
            continue  # "in Iraq", "the people of Britain": a place, not an actor (codebook §8.5)
        if (
            here[3] == "government"
            and _INSIDE.search(text[max(0, here[1] - 12) : here[1]])
            and "government" not in text[here[1] : here[2]].lower()  # "figures in the government": members
        ):
            continue  # "chaotic scenes in the Commons", "a seat in the House of Lords": the institution as a place
        if here[3] == "party" and _TITLE_AFTER.match(text[here[2] :]):
            continue  # "the Tory spokesman", "Tory ex-minister Douglas Hogg": part of a person's title
        if _BROADCAST_AFTER.match(text[here[2] :]) or (
            text[here[1] : here[2]].isupper() and _VENUE_BEFORE.search(text[: here[1]])
        ):
            continue  # "told BBC Radio 4's Today programme", "told the BBC": the venue of a statement
        kept.append(here)
    return kept


def blame_network(table: pd.DataFrame) -> pd.DataFrame:
    """Who blames whom per article: one row per (blamer, target, kind) with the sentences that say so.

    Instances whose blamer is unknown keep the blamer "?", so the edge is shown
    rather than dropped. Sorted, so the CSV a figure plots is deterministic.
    """
    instances = blame_instances(table)
    if instances.empty:
        return pd.DataFrame(columns=list(NETWORK_COLUMNS))
    instances = instances.assign(blamer=instances["blamer"].replace("", "?"))
    grouped = instances.groupby(["article_id", "blamer", "target", "kind"], sort=True)["sentence"]
    edges = grouped.agg(lambda s: " ".join(str(i) for i in sorted(set(s)))).rename("sentences").reset_index()
    edges["n"] = grouped.size().to_numpy()
    return (
        edges[list(NETWORK_COLUMNS)]
        .sort_values(
            ["article_id", "n", "blamer", "target", "kind"],
            ascending=[True, False, True, True, True],
            kind="stable",
        )
        .reset_index(drop=True)
    )
