"""Versioned cue lexicons shipped as plain TSV package data.

Each lexicon is a tab-separated file in ``framing/lexicons/data/`` with a card
(``<name>.md``) that defines its categories and cites the literature, and a
recorded SHA-256 in ``SHA256SUMS`` so a study can state exactly which lists it
used. A researcher may pass the path of their own TSV in the same format
(for instance a licensed lexicon we may not redistribute) wherever a packaged
name is accepted.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from framing.errors import InputError

REQUIRED_COLUMNS = ("term", "category", "source")
PACKAGED = (
    "actors_uk",
    "actors_us",
    "actors_world",
    "alarm",
    "attribution",
    "blame",
    "hedging",
    "negation",
    "partisan",
    "topic",
)

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Lexicon:
    """One cue list: rows of ``term``, ``category``, ``source`` and optional extra columns."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    sha256: str
    text: str  # the file as decoded, so a fitted estimator can carry its lexicon as one string

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(row["term"] for row in self.rows)

    @property
    def categories(self) -> tuple[str, ...]:
        """Categories in sorted order, so feature columns never depend on file order."""
        return tuple(sorted({row["category"] for row in self.rows}))

    def by_category(self, category: str) -> tuple[str, ...]:
        return tuple(row["term"] for row in self.rows if row["category"] == category)


def normalise_term(term: str) -> str:
    """The form terms are stored and matched in: lower case, straight quotes, single spaces."""
    term = term.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACE.sub(" ", term.strip().lower())


def data_path(name: str) -> Path:
    """Path of a packaged lexicon file (for cards, checksums and documentation)."""
    return Path(str(resources.files("framing.lexicons") / "data" / f"{name}.tsv"))


def recorded_checksums() -> dict[str, str]:
    text = (resources.files("framing.lexicons") / "data" / "SHA256SUMS").read_text(encoding="utf-8")
    sums = {}
    for line in text.splitlines():
        if line.strip():
            digest, filename = line.split(maxsplit=1)
            sums[filename.strip()] = digest
    return sums


def load_lexicon(name_or_path: str | Path | Lexicon) -> Lexicon:
    """Load a packaged lexicon by name (``"hedging"``) or a user TSV by path; a ``Lexicon`` is returned as is.

    Duplicate terms are an error rather than "last one wins" (the VADER trap),
    and terms must already be in normalised form so the file is what is matched.
    """
    if isinstance(name_or_path, Lexicon):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in PACKAGED:
        raw = (resources.files("framing.lexicons") / "data" / f"{name_or_path}.tsv").read_bytes()
        name = name_or_path
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise InputError(
                f"lexicon {str(name_or_path)!r} is neither a packaged lexicon ({', '.join(PACKAGED)}) "
                "nor an existing TSV file"
            )
        raw = path.read_bytes()
        name = path.stem
    return parse_lexicon(raw, name)


def parse_lexicon(raw: bytes, name: str) -> Lexicon:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"lexicon {name!r} is not UTF-8 (byte {err.start}); save it as UTF-8") from err
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    columns = tuple(reader.fieldnames or ())
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"lexicon {name!r} lacks column(s) {', '.join(missing)}; its header is {columns}")
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for line_no, row in enumerate(reader, start=2):
        row = {key: (value or "").strip() for key, value in row.items() if key is not None}
        term = row["term"]
        if not term or not row["category"]:
            raise InputError(f"lexicon {name!r} line {line_no}: empty term or category")
        if term != normalise_term(term):
            raise InputError(
                f"lexicon {name!r} line {line_no}: term {term!r} is not normalised "
                f"(expected {normalise_term(term)!r})"
            )
        if term in seen:
            raise InputError(
                f"lexicon {name!r} line {line_no}: duplicate term {term!r} (first on line {seen[term]})"
            )
        seen[term] = line_no
        rows.append(row)
    if not rows:
        raise InputError(f"lexicon {name!r} has no entries")
    return Lexicon(
        name=name, columns=columns, rows=tuple(rows), sha256=hashlib.sha256(raw).hexdigest(), text=text
    )
