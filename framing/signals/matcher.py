"""Find every lexicon cue in a whole batch of sentences in one pass.

Matching one regular expression per sentence costs a Python call per sentence
and backtracks over hundreds of alternatives at every character. Instead the
batch is joined into one string and scanned once by an Aho-Corasick automaton
(``pyahocorasick``, in C) holding the terms of every lexicon in use; Python
only touches the matches, and the word-boundary test runs in numpy.

Each signal family then keeps the leftmost-longest, non-overlapping matches
among its own lexicons, so "no doubt" wins over "doubt" and a cue is counted
once, and a family's output does not depend on which other families shared
the scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import ahocorasick
import numpy as np

# Sentences are joined with NUL, which no term contains, so no match crosses two sentences.
SEPARATOR = "\x00"

# Typographic variants folded to the ASCII form terms are stored in; each replaces one
# character by one character, so offsets in the folded text equal offsets in the original.
_FOLD = (
    ("\u2019", "'"),
    ("\u2018", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2010", "-"),
    ("\u2011", "-"),
    ("\u00a0", " "),
    ("\n", " "),
    ("\t", " "),
    ("\r", " "),
)


def fold(text: str) -> str:
    """Lower-case and fold typography without changing the length of the text."""
    low = text.lower()
    if len(low) != len(text):  # e.g. "İ" lowers to two characters: keep such characters as they are
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    for old, new in _FOLD:  # str.replace runs at memory speed; str.translate with a dict does not
        if old in low:
            low = low.replace(old, new)
    return low


@dataclass(frozen=True, eq=False)
class Batch:
    """A batch of texts joined and folded once, shared by every family that scans it."""

    texts: Sequence[str]
    joined: str
    folded: str
    offsets: np.ndarray  # start of each text in ``joined``
    # Article of each text (analyze's sentences), so context never crosses articles; None: texts are unrelated.
    documents: np.ndarray | None = None
    cache: dict = field(default_factory=dict, repr=False)  # scan results, keyed by scanner

    @classmethod
    def of(cls, texts: Sequence[str], documents: Sequence[int] | None = None) -> Batch:
        joined = SEPARATOR.join(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1
        offsets = np.zeros(len(texts), dtype=np.int64)
        if len(texts) > 1:
            np.cumsum(lengths[:-1], out=offsets[1:])
        if documents is not None:
            documents = np.asarray(documents, dtype=np.int64)
        return cls(texts=texts, joined=joined, folded=fold(joined), offsets=offsets, documents=documents)


@dataclass(frozen=True, eq=False)
class Matches:
    """Cue matches in joined-string coordinates, sorted by start.

    Hashed by identity (the batch cache holds each once), so work derived from them can be cached too.
    """

    start: np.ndarray
    end: np.ndarray
    entry: np.ndarray  # index into the automaton's terms

    def __len__(self) -> int:
        return len(self.start)

    def where(self, mask: np.ndarray) -> Matches:
        return Matches(self.start[mask], self.end[mask], self.entry[mask])


_EMPTY = Matches(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))


def _word_char_table() -> np.ndarray:
    table = np.zeros(128, dtype=bool)
    for code in range(128):
        table[code] = chr(code).isalnum()
    return table


_ASCII_WORD = _word_char_table()


def _is_word_char(codes: np.ndarray) -> np.ndarray:
    """``str.isalnum`` for an array of code points: a table for ASCII, Python for the rare rest."""
    result = np.zeros(len(codes), dtype=bool)
    ascii_ = codes < 128
    result[ascii_] = _ASCII_WORD[codes[ascii_]]
    if not ascii_.all():
        other = ~ascii_
        unique, inverse = np.unique(codes[other], return_inverse=True)
        result[other] = np.array([chr(c).isalnum() for c in unique.tolist()], dtype=bool)[inverse]
    return result


# Characters that can stand right before a word: in the text the automaton reads they become
# spaces, and every term is stored with a leading space, so a term can only start a word
# (no "war" inside "software") and the automaton reports far fewer false starts.
# A hyphen is kept: "de-escalate" must not match "escalate".
_WORD_OPENERS = ("\x00", '"', "(", "[", "{", "/", ",", ";", ":", "!", "?", "*", "\u2013", "\u2014", "\u2026")


def _anchored(folded: str) -> str:
    text = " " + folded
    for ch in _WORD_OPENERS:
        if ch in text:
            text = text.replace(ch, " ")
    return text.replace(" '", "  ")  # an opening single quote, not an apostrophe inside a word


class CueMatcher:
    """Whole-phrase matching of a fixed list of terms; overlaps are resolved later, per family."""

    def __init__(self, terms: Sequence[str]):
        self.terms = tuple(terms)
        self.lengths = np.array([len(t) for t in self.terms], dtype=np.int64)
        automaton = ahocorasick.Automaton()
        for index, term in enumerate(self.terms):
            automaton.add_word(" " + term, index)
        automaton.make_automaton()
        self._automaton = automaton

    def find_all(self, batch: Batch) -> Matches:
        """Every whole-word occurrence of every term, overlapping ones included, sorted by start."""
        text = _anchored(batch.folded)
        found = list(self._automaton.iter(text))
        if not found:
            return _EMPTY
        flat = np.fromiter(chain.from_iterable(found), dtype=np.int64, count=2 * len(found))
        entry = flat[1::2]
        end = flat[0::2]  # in folded coordinates: the anchored text is one character longer
        start = end - self.lengths[entry]
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        follows = end + 1  # the character after the term, in the anchored text
        inside = follows < len(codes)
        after = np.zeros(len(follows), dtype=codes.dtype)  # the end of the text is a boundary
        after[inside] = codes[follows[inside]]
        # A term must end a word too ("may" not in "mayor"), and stay inside one sentence.
        offsets = batch.offsets
        same_text = np.searchsorted(offsets, start, side="right") == np.searchsorted(
            offsets, end - 1, side="right"
        )
        ok = ~_is_word_char(after) & same_text
        start, end, entry = start[ok], end[ok], entry[ok]
        order = np.lexsort((start - end, start))  # by start, longest first
        return Matches(start[order], end[order], entry[order])


def leftmost_longest(matches: Matches) -> Matches:
    """Keep non-overlapping matches, preferring the earliest start, then the longest."""
    if not len(matches):
        return matches
    starts = matches.start.tolist()
    ends = matches.end.tolist()
    keep = np.zeros(len(starts), dtype=bool)
    reach = -1
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if start >= reach:
            keep[i] = True
            reach = end
    return matches.where(keep)


@lru_cache(maxsize=32)
def compiled(terms: tuple[str, ...]) -> CueMatcher:
    """One automaton per distinct term list, built once per process and never persisted.

    Keeping the automaton out of the estimator's fitted state keeps models saved
    with skops down to plain Python types.
    """
    return CueMatcher(terms)
