"""Where sentences start inside one paragraph: two interchangeable backends and the repairs they share.

* ``blingfire`` (used when installed): Microsoft's finite-state sentence breaker, in C. We call its
  ``TextToSentencesWithOffsets`` directly, because the package's own offsets helper loops over every
  byte in Python and is several times slower than the split itself.
* ``syntok`` (pure-Python fallback): rule-based; blingfire ships native libraries for x86-64 only.

Both run through the same repairs, so they agree on every fixture and on ~99% of BBC paragraphs
(``docs/splitting.md``). Every step is linear in the length of the paragraph: hostile input such
as ``"Gov. Smith said " * 12000`` must not take quadratic time.

Choose with ``segment(text, splitter=...)`` or the ``FRAMING_SPLITTER`` environment variable;
otherwise blingfire when it loads, else syntok.
"""

from __future__ import annotations

import ctypes
import os
import re
import threading
from collections.abc import Callable, Iterable
from functools import cache

from framing.errors import FramingError

SentenceStarts = Callable[[str], Iterable[int]]
"""Maps one paragraph to the offsets (within it) where its sentences start."""

SPLITTERS = ("blingfire", "syntok")
SPLITTER_ENV = "FRAMING_SPLITTER"

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
# A piece never ends with a title, nor with a semicolon: by the convention of the seed gold (and of
# Punkt, spaCy and blingfire) a semicolon joins clauses of one sentence. syntok alone cuts there.
_NO_SENTENCE_END = re.compile(r"(?:(?<![\w.])(?:" + "|".join(TITLES) + r")\.|;)\Z")
_TITLE_END = re.compile(r"(?<![\w.])(?:" + "|".join(TITLES) + r")\.\Z")
_LONGEST_NO_END = max(map(len, TITLES)) + 1


def _title_stop_pattern() -> re.Pattern:
    """The stop after any title: ``re`` jumps from one "." to the next and looks behind it for a
    title (one look-behind per title length, as ``re`` needs a fixed width), so a paragraph without
    one is cleared in one quick scan."""
    by_length: dict[int, list[str]] = {}
    for title in TITLES:
        by_length.setdefault(len(title), []).append(title)
    behind = "|".join(rf"(?<=(?<![\w.])(?:{'|'.join(titles)})\.)" for titles in by_length.values())
    return re.compile(rf"\.(?:{behind})")


_TITLE_STOP = _title_stop_pattern()

# Break repair: a lower-case word, a stop, space and a capital or a digit start a sentence, unless
# the word is a lower-case abbreviation. Restores cuts blingfire misses ("could lead. Increased").
# Found from the stop, then the word before it is checked: one scan for the stops is far cheaper
# than trying a word pattern at every character.
_STOP_THEN_CAPITAL = re.compile(r"[.!?][”’\"')]*\s+(?=[“‘\"'(]?[A-Z0-9])")
_LOWER_WORD_END = re.compile(r"(?<!\w)[a-z]{2,}\Z")
_LONGEST_LOWER_WORD = 64  # longer lower-case "words" are not words; bounds the look back
_LOWER_ABBREVIATIONS = frozenset({"approx", "etc", "vs", "al", "esp", "incl", "ca", "cf", "viz"})
# No cut between a closing quote and a lower-case word: '"Why?" he asked' is one sentence.
_QUOTE_THEN_LOWER = re.compile(r"[.!?,][”’\"']\s+(?=[a-z])")


def repair(paragraph: str, starts: Iterable[int]) -> list[int]:
    """The repairs every backend shares: add missed breaks, drop cuts inside a sentence; sorted."""
    length = len(paragraph)
    cuts = {c for c in starts if 0 < c < length}
    stops = {stop.end(): stop.start() for stop in _STOP_THEN_CAPITAL.finditer(paragraph)}
    for end in stops.keys() - cuts:  # the breaks the splitter did not find itself
        word = _LOWER_WORD_END.search(paragraph, max(0, stops[end] - _LONGEST_LOWER_WORD), stops[end])
        if word and word.group() not in _LOWER_ABBREVIATIONS:
            cuts.add(end)
    # The quote rule removes only cuts before a lower-case letter, which splitters seldom make.
    if any("a" <= paragraph[c] <= "z" for c in cuts):
        cuts.difference_update(m.end() for m in _QUOTE_THEN_LOWER.finditer(paragraph))
    return drop_cuts_inside_sentences(paragraph, cuts)


def drop_cuts_inside_sentences(
    paragraph: str, starts: Iterable[int], *, semicolons: bool = True
) -> list[int]:
    """Remove cuts that leave a piece ending in a title ("Gov.", "Lt.") or a semicolon.

    A title always precedes a name, so a sentence never ends with one; syntok
    splits "Gov. | Kathy Hochul" because its abbreviation list lacks the title.
    Linear: each character is looked at a bounded number of times, however many
    cuts are dropped in a row. ``semicolons=False`` keeps cuts after a semicolon.
    """
    length = len(paragraph)
    cuts = sorted({c for c in starts if 0 < c < length})
    if (not semicolons or ";" not in paragraph) and not _TITLE_STOP.search(paragraph):
        return cuts  # no piece can end with a title or a semicolon: most paragraphs
    no_end = _NO_SENTENCE_END if semicolons else _TITLE_END
    kept: list[int] = []
    previous = 0  # the last kept cut: start of the current piece
    last = last_end = 0  # the last cut seen, and the end of the text before it without whitespace
    for cut in cuts:
        end = cut
        while end > last and paragraph[end - 1].isspace():
            end -= 1
        if end == last:  # only whitespace since the last cut
            end = last_end
        last, last_end = cut, end
        if (
            end <= previous
            or paragraph[end - 1] not in ".;"
            or not no_end.search(paragraph, max(previous, end - _LONGEST_NO_END), end)
        ):
            kept.append(cut)
            previous = cut
    return kept


# --------------------------------------------------------------------------- syntok


@cache
def _syntok():
    from syntok.segmenter import segment
    from syntok.tokenizer import Tokenizer

    return segment, Tokenizer(replace_not_contraction=False)


def syntok_raw(paragraph: str) -> list[int]:
    """Sentence starts from syntok's rule-based segmenter (token offsets are exact)."""
    segment, tokenizer = _syntok()
    return [sentence[0].offset for sentence in segment(tokenizer.tokenize(paragraph))]


def syntok_starts(paragraph: str) -> list[int]:
    return repair(paragraph, syntok_raw(paragraph))


def syntok_2026_11_starts(paragraph: str) -> list[int]:
    """framing's segmentation before blingfire (syntok + title merge, no other repair).

    Not for analysis: kept so that samples drawn with it (the blame gold set)
    can be drawn again exactly.
    """
    return drop_cuts_inside_sentences(paragraph, syntok_raw(paragraph), semicolons=False)


# --------------------------------------------------------------------------- blingfire


@cache
def _blingfire() -> Callable | None:
    """blingfire's C function, or None when the package or its native library does not load."""
    try:
        import blingfire
    except (ImportError, OSError):
        return None
    function = ctypes.CDLL(blingfire.blingfire._name).TextToSentencesWithOffsets
    function.restype = ctypes.c_int
    function.argtypes = (
        [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p] + [ctypes.c_void_p] * 2 + [ctypes.c_int]
    )
    return function


_BUFFERS = threading.local()  # per thread: the C call writes into them, and it releases the GIL


def _buffers(size: int):
    """Output buffers of at least ``size`` bytes and ints, reused while big enough."""
    held = getattr(_BUFFERS, "held", None)
    if held is None or held[0] < size:
        size = max(size, 4096)
        held = (size, ctypes.create_string_buffer(size), (ctypes.c_int32 * size)(), (ctypes.c_int32 * size)())
        _BUFFERS.held = held
    return held[1:]


_SURROGATE = re.compile("[\ud800-\udfff]")


def blingfire_raw(paragraph: str) -> list[int]:
    """Sentence starts from blingfire's C call, converted from UTF-8 byte to character offsets."""
    function = _blingfire()
    if function is None:
        raise FramingError(_unavailable("blingfire"))
    try:
        data = paragraph.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: one replacement character keeps every offset
        data = _SURROGATE.sub("\ufffd", paragraph).encode("utf-8")
    size = 2 * len(data) + 16  # blingfire's own wrapper allocates twice the input
    text_out, starts, ends = _buffers(size)
    written = function(data, len(data), text_out, starts, ends, size)
    if written <= 0 or written > size:
        return [0]
    count = ctypes.string_at(text_out, written).count(b"\n") + 1  # the output holds one sentence per line
    byte_starts = starts[:count]
    if len(data) == len(paragraph):  # ASCII: bytes are characters
        return byte_starts
    return _characters_before(data, byte_starts)


_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))  # every byte of a UTF-8 character but its first


def _characters_before(data: bytes, byte_offsets: list[int]) -> list[int]:
    """For each offset into UTF-8 ``data``, how many characters start before it.

    Counts the first bytes of characters from one offset to the next in ascending order, the
    others deleted by ``bytes.translate`` in C: linear in the length of the text, and for a
    paragraph a few microseconds cheaper than a numpy cumulative count over all its bytes.
    """
    characters, previous, before = 0, 0, {}
    for offset in sorted(set(byte_offsets)):
        characters += len(data[previous:offset].translate(None, _CONTINUATION_BYTES))
        before[offset], previous = characters, offset
    return [before[offset] for offset in byte_offsets]


def blingfire_starts(paragraph: str) -> list[int]:
    return repair(paragraph, blingfire_raw(paragraph))


# --------------------------------------------------------------------------- choice

_STARTS: dict[str, SentenceStarts] = {"blingfire": blingfire_starts, "syntok": syntok_starts}
# Earlier segmentations, by name, so that samples drawn with them can be redrawn; never chosen by default.
FROZEN_SPLITTERS: dict[str, SentenceStarts] = {"syntok-2026-11": syntok_2026_11_starts}


def available_splitters() -> tuple[str, ...]:
    return tuple(name for name in SPLITTERS if name != "blingfire" or _blingfire() is not None)


def resolve_splitter(name: str | None = None) -> str:
    """``name``, else ``$FRAMING_SPLITTER``, else the fastest splitter that loads here."""
    name = name or os.environ.get(SPLITTER_ENV) or None
    if name is None:
        return available_splitters()[0]
    if name in FROZEN_SPLITTERS:
        return name
    if name not in SPLITTERS:
        raise FramingError(f"unknown sentence splitter {name!r}; choose one of {', '.join(SPLITTERS)}")
    if name not in available_splitters():
        raise FramingError(_unavailable(name))
    return name


def splitter_version(name: str) -> str:
    from framing.provenance import library_versions

    return library_versions(name)[name]


def sentence_starts(name: str | None = None) -> SentenceStarts:
    name = resolve_splitter(name)
    return FROZEN_SPLITTERS.get(name) or _STARTS[name]


def _unavailable(name: str) -> str:
    return (
        f"the {name} sentence splitter does not load on this machine (blingfire ships x86-64 libraries only); "
        f"unset {SPLITTER_ENV} or set it to syntok"
    )
