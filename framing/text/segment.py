"""Split news text into paragraphs and sentences with exact character offsets.

Every signal in `framing` is reported per sentence and must point back into the
original article, so segments are offsets into the untouched input, never
cleaned copies. Paragraphs are cut at line breaks *before* a sentence splitter
sees the text: splitters given a whole article glue a heading ("A Growing
Alliance") onto the first sentence after it (docs/splitting.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from syntok.segmenter import segment as _syntok_segment
from syntok.tokenizer import Tokenizer


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence, heading or boilerplate line; ``text[start:end]`` is its text."""

    paragraph: int  # 0-based index of the paragraph (non-blank line) in the text
    index: int  # 0-based index of the segment within the whole text
    start: int  # character offset in the original text (inclusive)
    end: int  # character offset (exclusive)
    kind: str  # "body" | "heading" | "boilerplate"


SentenceStarts = Callable[[str], Iterable[int]]
"""Maps one paragraph to the offsets (within it) where its sentences start."""

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

# Titles written before a name in English news (AP style); a sentence cannot
# end with one of them.
TITLES: tuple[str, ...] = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Rev",
    "Msgr",
    "Hon",
    "Pres",
    "Gov",
    "Govs",
    "Rep",
    "Reps",
    "Sen",
    "Sens",
    "Atty",
    "Supt",
    "Gen",
    "Lt",
    "Col",
    "Maj",
    "Capt",
    "Cmdr",
    "Adm",
    "Sgt",
    "Cpl",
    "Pvt",
)
_TITLE_END = re.compile(r"(?<![\w.])(?:" + "|".join(TITLES) + r")\.\s*\Z")

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


def segment(text: str) -> list[Segment]:
    """Split ``text`` into paragraph-bounded sentences, headings and boilerplate lines."""
    return segment_with(text, _sentence_starts)


def segment_with(text: str, sentence_starts: SentenceStarts) -> list[Segment]:
    """Like :func:`segment` but with any splitter; used to compare splitters.

    The splitter only proposes cut points inside a paragraph; cut points out of
    range are ignored and each piece is trimmed of whitespace here, so the
    offset invariants hold whatever the splitter returns.
    """
    segments: list[Segment] = []
    paragraph = 0
    for match in _PARAGRAPH.finditer(text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + len(line) - len(line.lstrip())
        spans = _pieces(stripped, sentence_starts(stripped))
        kind = _paragraph_kind(stripped, len(spans))
        if kind != "body":
            spans = [(0, len(stripped))]
        for a, b in spans:
            segments.append(Segment(paragraph, len(segments), start + a, start + b, kind))
        paragraph += 1
    return segments


def _pieces(paragraph: str, starts: Iterable[int]) -> list[tuple[int, int]]:
    """Cut ``paragraph`` at ``starts`` and trim each piece, dropping blank ones."""
    cuts = sorted({c for c in starts if 0 < c < len(paragraph)} | {0, len(paragraph)})
    spans = []
    for a, b in pairwise(cuts):
        piece = paragraph[a:b]
        if piece.strip():
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            spans.append((a, b))
    return spans


_TOKENIZER = Tokenizer(replace_not_contraction=False)


def _sentence_starts(paragraph: str) -> list[int]:
    """syntok, minus its cuts after a title: chosen by measurement (docs/splitting.md)."""
    return _drop_title_cuts(paragraph, _syntok_starts(paragraph))


def _syntok_starts(paragraph: str) -> list[int]:
    """Sentence starts from syntok's rule-based segmenter (token offsets are exact)."""
    return [sentence[0].offset for sentence in _syntok_segment(_TOKENIZER.tokenize(paragraph))]


def _drop_title_cuts(paragraph: str, starts: Iterable[int]) -> list[int]:
    """Remove cuts that leave a piece ending in a title such as "Gov." or "Lt.".

    syntok splits "Gov. Kathy Hochul" and "Lt. Gen. James Smith" because those
    titles are missing from its abbreviation list. A title always precedes a
    name, so a sentence never ends with one and the cut can simply be dropped.
    """
    kept: list[int] = []
    previous = 0
    for cut in sorted(c for c in starts if 0 < c < len(paragraph)):
        if not _TITLE_END.search(paragraph, previous, cut):
            kept.append(cut)
            previous = cut
    return kept


def _paragraph_kind(paragraph: str, n_sentences: int) -> str:
    """Label a whole stripped paragraph "boilerplate", "heading" or "body"."""
    if _is_boilerplate(paragraph):
        return "boilerplate"
    if n_sentences == 1 and _is_heading(paragraph):
        return "heading"
    return "body"


def _is_boilerplate(paragraph: str) -> bool:
    """Exact furniture lines, or short lines opening with a furniture phrase."""
    norm = " ".join(paragraph.lower().split()).strip(" .:!|>»›•·-–—→")
    if norm in BOILERPLATE_LINES:
        return True
    if len(norm.split()) > _FURNITURE_MAX_WORDS:
        return False
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
    words = paragraph.split()
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
