"""Split news text into paragraphs and sentences with exact character offsets.

Every signal in `framing` is reported per sentence and must point back into the
original article, so segments are offsets into the untouched input, never
cleaned copies. Paragraphs are cut at line breaks *before* a sentence splitter
sees the text: splitters given a whole article glue a heading ("A Growing
Alliance") onto the first sentence after it (docs/splitting.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from framing.text.splitters import SentenceStarts, sentence_starts


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence, heading or boilerplate line; ``text[start:end]`` is its text."""

    paragraph: int  # 0-based index of the paragraph (non-blank line) in the text
    index: int  # 0-based index of the segment within the whole text
    start: int  # character offset in the original text (inclusive)
    end: int  # character offset (exclusive)
    kind: str  # "body" | "heading" | "boilerplate"


# The characters str.splitlines() breaks on, so "\r\n", "\u2028" or a form feed
# all end a paragraph; a run of them is one break.
_PARAGRAPH = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")

# Our own list, written from common news page furniture (comment widgets, share
# bars, ad slots, newsletter boxes, footers); not copied from any external list.
# Matched against a whole line, lower-cased, with surrounding punctuation removed.
BOILERPLATE_LINES: tuple[str, ...] = (
    "comments",
    "comment",
    "post a comment",
    "leave a comment",
    "add a comment",
    "view comments",
    "show comments",
    "join the conversation",
    "advertisement",
    "advertising",
    "sponsored",
    "sponsored content",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share via email",
    "tweet",
    "email",
    "print",
    "read more",
    "related",
    "related articles",
    "related stories",
    "related coverage",
    "recommended",
    "trending",
    "most popular",
    "sign up for our newsletter",
    "subscribe",
    "subscribe now",
    "all rights reserved",
    "skip to content",
    "skip advertisement",
    "back to top",
    "loading",
    "watch",
    "listen",
    "video",
    "photo",
)
# Same source: furniture that starts with a fixed phrase and goes on with a
# site-specific tail ("Follow us on X", "Click here to subscribe").
BOILERPLATE_PREFIXES: tuple[str, ...] = (
    "copyright ©",
    "copyright (c)",
    "©",
    "follow us on",
    "click here",
    "sign up for our",
    "sign up for the",
    "subscribe to our",
    "read more:",
    "read more at",
    "related:",
    "see also:",
    "this article originally appeared",
)
_COPYRIGHT_YEAR = re.compile(r"copyright\s+\d{4}\b")
_FURNITURE_MAX_WORDS = 15
# Stripped from both ends of a line before matching; with every character str.split() treats as
# whitespace, so the result equals stripping the punctuation after normalising the whitespace.
_UNICODE_WHITESPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_FURNITURE_EDGES = ".:!|>»›•·-–—→" + _UNICODE_WHITESPACE

_HEADING_MAX_WORDS = 10
# Words a title-cased heading may leave in lower case ("Fears of a Wider War").
_TITLE_SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "off",
        "on",
        "or",
        "over",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    }
)
_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"


def segment(text: str, splitter: str | None = None) -> list[Segment]:
    """Split ``text`` into paragraph-bounded sentences, headings and boilerplate lines.

    ``splitter`` names the sentence splitter (``framing.text.splitters``); by
    default blingfire where it loads, else syntok.
    """
    return segment_with(text, sentence_starts(splitter))


def segment_with(text: str, sentence_starts: SentenceStarts) -> list[Segment]:
    """Like :func:`segment` but with any splitter; used to compare splitters.

    The splitter only proposes cut points inside a paragraph; cut points out of
    range are ignored and each piece is trimmed of whitespace here, so the
    offset invariants hold whatever the splitter returns.
    """
    segments: list[Segment] = []
    for paragraph, (kind, spans) in enumerate(paragraph_spans(text, sentence_starts)):
        first = len(segments)
        segments += [Segment(paragraph, first + i, a, b, kind) for i, (a, b) in enumerate(spans)]
    return segments


def paragraph_spans(
    text: str, sentence_starts: SentenceStarts
) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Per non-blank paragraph: its kind and the (start, end) of its segments in ``text``.

    What :func:`segment_with` returns, without one object per sentence: the
    per-sentence table of :func:`framing.analyze` is built from these directly.
    """
    for match in _PARAGRAPH.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + len(line) - len(line.lstrip())
        spans = _pieces(stripped, sentence_starts(stripped), start)
        kind = _paragraph_kind(stripped, len(spans))
        yield kind, spans if kind == "body" else [(start, start + len(stripped))]


def _pieces(paragraph: str, starts: Iterable[int], offset: int = 0) -> list[tuple[int, int]]:
    """Cut ``paragraph`` at ``starts`` and trim each piece, dropping blank ones; spans shifted by ``offset``."""
    length = len(paragraph)
    cuts = sorted({c for c in starts if 0 < c < length})
    cuts.append(length)
    spans = []
    a = 0
    for b in cuts:
        end = b
        while a < end and paragraph[a].isspace():  # splitters cut at a sentence start: rarely a space
            a += 1
        while end > a and paragraph[end - 1].isspace():  # usually the one space before the next sentence
            end -= 1
        if a < end:
            spans.append((offset + a, offset + end))
        a = b
    return spans


def _paragraph_kind(paragraph: str, n_sentences: int) -> str:
    """Label a whole stripped paragraph "boilerplate", "heading" or "body"."""
    if _is_boilerplate(paragraph):
        return "boilerplate"
    if n_sentences == 1 and _is_heading(paragraph):
        return "heading"
    return "body"


def _is_boilerplate(paragraph: str) -> bool:
    """Exact furniture lines, or short lines opening with a furniture phrase."""
    words = paragraph.split(maxsplit=_FURNITURE_MAX_WORDS)
    if (
        len(words) > _FURNITURE_MAX_WORDS
        and words[0].strip(_FURNITURE_EDGES)
        and words[-1].strip(_FURNITURE_EDGES)
    ):
        # Longer than any furniture line even once the edges are stripped (the first and last pieces keep
        # a character): most paragraphs stop here, before lower-casing the whole of them.
        return False
    words = paragraph.lower().strip(_FURNITURE_EDGES).split(maxsplit=_FURNITURE_MAX_WORDS)
    if len(words) > _FURNITURE_MAX_WORDS:
        return False
    norm = " ".join(words)
    if norm in BOILERPLATE_LINES:
        return True
    return (
        norm.startswith(BOILERPLATE_PREFIXES)
        or _COPYRIGHT_YEAR.match(norm) is not None
        or norm.endswith("all rights reserved")
    )


def _is_heading(paragraph: str) -> bool:
    """A few title-cased words without a sentence-final stop, e.g. "An 'October Surprise'?".

    Conservative on purpose: a body sentence misread as a heading would be
    dropped from the analysis, a missed heading only adds a short sentence.
    """
    words = paragraph.split(maxsplit=_HEADING_MAX_WORDS)
    if len(words) > _HEADING_MAX_WORDS:
        return False
    last = paragraph.rstrip(_CLOSERS)[-1:]
    if last in {".", "…", ",", ";"} or (last in {"?", "!"} and len(words) == 1):
        return False
    cores = [w.strip(_OPENERS + _CLOSERS + "?!") for w in words]
    if not any(c[:1].isalpha() for c in cores):
        return False
    return all(
        not c or not c[0].isalpha() or c[0].isupper() or (i > 0 and c in _TITLE_SMALL_WORDS)
        for i, c in enumerate(cores)
    )
