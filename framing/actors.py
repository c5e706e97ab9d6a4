"""Named political actors per locale: one gazetteer of parties, politicians and institutions.

Each locale is a packaged lexicon (``actors_us.tsv``, ``actors_uk.tsv``) in the
format of every lexicon plus two columns: ``actor``, the canonical name every
alias resolves to ("mr blair", "tony blair" and "blair" are all "Tony Blair"),
and ``party``. A user's own list in the same format is appended last and
replaces a packaged row with the same term, which is how a study corrects an
entry without editing package data.

The default locale is every packaged one. The lists were checked not to share a
term (``tests/test_lexicons.py``), so combining them creates no ambiguity, and a
news corpus of one country names the other's leaders often enough ("Mr Blair"
in U.S. news, "President Bush" in the BBC) that a silent miss costs more than a
rare foreign mention, which weighs little in the partisan score.

``actors_world.tsv`` (countries and their capitals as metonyms, foreign leaders,
international bodies) is added whatever the locale: such actors are blamed
("accused Russia of interfering") and have a stance, but they are not partisan
actors, so they never count as partisan features.
"""

from __future__ import annotations

import os
from pathlib import Path

from framing.errors import InputError
from framing.lexicons import Lexicon, load_lexicon, parse_lexicon

LOCALES = ("us", "uk")
ALL = "all"
COLUMNS = ("term", "category", "actor", "party", "scope", "source", "note")
# Rows whose referent depends on the country: "the government" is the UK Government only in UK news.
SINGLE_LOCALE = "single-locale"
CATEGORIES = ("government", "party", "politician")
# Actors that are named and blamed but are not partisan actors of a locale: always active, never features.
WORLD = ("country", "foreign_leader", "international")


def locales(locale: str | None) -> tuple[str, ...]:
    """``"us"``, ``"uk"``, ``"us,uk"`` or ``"all"`` as a tuple of packaged locales."""
    if locale is None or locale == ALL:
        return LOCALES
    names = tuple(dict.fromkeys(part.strip().lower() for part in str(locale).split(",") if part.strip()))
    unknown = [n for n in names if n not in LOCALES]
    if unknown or not names:
        raise InputError(
            f"unknown locale {locale!r}; use one or more of {', '.join(LOCALES)} (comma-separated) or 'all'"
        )
    return names


def actor_lexicon(locale: str | None = ALL, actors: str | os.PathLike | None = None) -> Lexicon:
    """The actor rows of ``locale`` plus a user's list, as one lexicon named after them.

    The result's text is a valid TSV, so a fitted estimator carries the exact
    combination it used and its SHA-256 identifies it. Rows with ``scope``
    "single-locale" ("the government", "ministers") are used only when one
    locale is chosen: in ``--locale uk`` they are the UK Government, in "all"
    they are nobody in particular.
    """
    chosen = locales(locale)
    rows: dict[str, dict[str, str]] = {}
    for name in chosen:
        for row in load_lexicon(f"actors_{name}").rows:
            if row.get("scope") == SINGLE_LOCALE and len(chosen) > 1:
                continue  # "the government" means no one government when several locales are active
            rows[row["term"]] = row
    for row in load_lexicon("actors_world").rows:
        rows[row["term"]] = row
    label = "+".join(chosen)
    if actors is not None:
        own = load_lexicon(Path(actors))
        missing = [c for c in ("actor", "party") if c not in own.columns]  # "scope" is optional
        if missing:
            raise InputError(
                f"actor list {str(actors)!r} lacks column(s) {', '.join(missing)}; use {chr(9).join(COLUMNS)}"
            )
        bad = sorted({r["category"] for r in own.rows} - set(CATEGORIES) - set(WORLD))
        if bad:
            raise InputError(
                f"actor list {str(actors)!r} has categories {bad}; actors are one of "
                f"{', '.join((*CATEGORIES, *WORLD))}"
            )
        for row in own.rows:
            rows[row["term"]] = row
        label += f"+{own.name}"
    lines = ["\t".join(COLUMNS)]
    for row in sorted(rows.values(), key=lambda r: (r["category"], r["term"])):
        lines.append("\t".join(row.get(c, "") for c in COLUMNS))
    text = "\n".join(lines) + "\n"
    return parse_lexicon(text.encode("utf-8"), f"actors[{label}]")


def canonical_names(rows, categories=(*CATEGORIES, *WORLD)) -> dict[str, str]:
    """Term -> canonical actor: "biden's" is matched as "biden", which is "Joe Biden"."""
    return {r["term"]: r.get("actor") or _title(r["term"]) for r in rows if r["category"] in categories}


def _title(term: str) -> str:
    """A readable name for a row without ``actor``: "house republicans" -> "House Republicans"."""
    return " ".join(w if w.isupper() else w.capitalize() for w in term.split())
