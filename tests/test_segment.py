"""Tests for framing.text.segment: offset invariants, seed gold, hard cases, kinds."""

from __future__ import annotations

import re
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.errors import FramingError
from framing.text import segment as segment_module
from framing.text import splitters
from framing.text.segment import Segment, segment, segment_with
from framing.text.splitters import SPLITTER_ENV, SPLITTERS, available_splitters, resolve_splitter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = (ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt").read_text(encoding="utf-8")
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
KINDS = {"body", "heading", "boilerplate"}


def read_tsv(name: str) -> list[list[str]]:
    return [line.split("\t") for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()[1:]]


HARD_CASES = read_tsv("hard_sentences.tsv")


@pytest.fixture(autouse=True, params=SPLITTERS)
def splitter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test in this module runs once per sentence splitter backend, chosen as users do."""
    if request.param not in available_splitters():
        pytest.skip(f"{request.param} does not load on this machine")
    monkeypatch.setenv(SPLITTER_ENV, request.param)
    return request.param


# The splitter fixture sets one environment variable for the whole test, which is what we want.
ONE_SPLITTER_PER_TEST = {"suppress_health_check": [HealthCheck.function_scoped_fixture], "deadline": None}


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]


def rebuild(text: str, segments: list[Segment]) -> str:
    """Rebuild ``text`` from segment offsets plus the gaps, checking each gap is whitespace."""
    parts, cursor = [], 0
    for s in segments:
        gap = text[cursor : s.start]
        assert gap == "" or gap.isspace(), f"non-whitespace gap {gap!r} before {s}"
        parts += [gap, text[s.start : s.end]]
        cursor = s.end
    tail = text[cursor:]
    assert tail == "" or tail.isspace(), f"non-whitespace tail {tail!r}"
    return "".join(parts) + tail


def check_invariants(text: str, segments: list[Segment]) -> None:
    previous_end, previous_paragraph = 0, -1
    for i, s in enumerate(segments):
        piece = text[s.start : s.end]
        assert s.index == i
        assert previous_end <= s.start < s.end <= len(text)
        assert piece == piece.strip(), f"untrimmed {piece!r}"
        assert not any(c in LINE_BREAKS for c in piece), f"line break inside {piece!r}"
        assert s.kind in KINDS
        # A new paragraph starts exactly when a line break separates two segments.
        crossed = any(c in LINE_BREAKS for c in text[previous_end : s.start])
        assert s.paragraph == previous_paragraph + (1 if crossed or i == 0 else 0)
        previous_end, previous_paragraph = s.end, s.paragraph
    assert rebuild(text, segments) == text
    covered = sum(1 for s in segments for c in text[s.start : s.end] if not c.isspace())
    assert covered == sum(1 for c in text if not c.isspace())


def test_rebuild_catches_a_lost_character() -> None:
    text = "One. Two."
    with pytest.raises(AssertionError):
        rebuild(text, [Segment(0, 0, 0, 4, "body"), Segment(0, 1, 6, 9, "body")])
    assert rebuild(text, segment(text)) == text


NEWSY = st.sampled_from(
    list("aAbZ .?!,;:'\"“”‘’«»()[]-—…\t\n\r\x0b\x0c\x85\u2028\u2029\u00a0\u3000İı\u0301é😀5.")
    + ["U.S.", "Mr.", "Gov.", "Dr.", "No. 3", "3.5", "p.m.", "\r\n", " The ", " he ", "Comments", "Related"]
)


@settings(max_examples=300, **ONE_SPLITTER_PER_TEST)
@given(st.one_of(st.text(), st.lists(NEWSY, max_size=60).map("".join)))
def test_invariants_hold_for_any_text(text: str) -> None:
    check_invariants(text, segment(text))


@settings(max_examples=200, **ONE_SPLITTER_PER_TEST)
@given(st.lists(NEWSY, max_size=40).map("".join), st.lists(st.integers(-3, 60), max_size=8))
def test_invariants_hold_whatever_the_splitter_returns(text: str, cuts: list[int]) -> None:
    check_invariants(text, segment_with(text, lambda paragraph: cuts))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(NEWSY, max_size=40).map("".join), st.lists(st.integers(-3, 60), max_size=8), st.integers(0, 9)
)
def test_pieces_are_the_stripped_stretches_between_cuts(paragraph: str, cuts: list[int], offset: int) -> None:
    """``_pieces`` (trimming in place, offsets shifted) equals cutting, then ``str.strip`` on each piece."""
    bounds = sorted({c for c in cuts if 0 < c < len(paragraph)} | {0, len(paragraph)})
    expected = [
        (offset + a + len(piece) - len(piece.lstrip()), offset + a + len(piece.rstrip()))
        for a, b in pairwise(bounds)
        if (piece := paragraph[a:b]).strip()
    ]
    assert segment_module._pieces(paragraph, cuts, offset) == expected


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\r\n", " \t\u2028\u3000\x85\x0c ", "\x1f\x1c"])
def test_blank_input_gives_no_segments(text: str) -> None:
    assert segment(text) == []


def test_seed_matches_gold() -> None:
    gold = read_tsv("seed_segments.tsv")
    got = segment(SEED)
    check_invariants(SEED, got)
    assert [(str(s.index), s.kind, SEED[s.start : s.end]) for s in got] == [tuple(row) for row in gold]
    kinds = [s.kind for s in got]
    assert (kinds.count("body"), kinds.count("heading"), kinds.count("boilerplate")) == (41, 2, 2)
    assert got[-1].paragraph == len([line for line in SEED.splitlines() if line.strip()]) - 1


def test_seed_with_windows_line_endings_and_indent_keeps_texts() -> None:
    text = "\r\n\r\n".join("  " + line for line in SEED.splitlines()) + "\r\n"
    got = segment(text)
    check_invariants(text, got)
    assert [text[s.start : s.end] for s in got] == [row[2] for row in read_tsv("seed_segments.tsv")]


@pytest.mark.parametrize(("case_id", "text", "expected"), HARD_CASES, ids=[row[0] for row in HARD_CASES])
def test_hard_case(case_id: str, text: str, expected: str) -> None:
    assert texts(text) == expected.split(" ||| ")


def test_hard_cases_fixture_is_large_enough() -> None:
    assert len(HARD_CASES) >= 12
    assert len({row[0] for row in HARD_CASES}) == len(HARD_CASES)


HEADINGS = [
    "Fears of a Wider War",
    "What Happens Next?",
    "An 'October Surprise'?",
    "U.S. Officials Warn of Escalation",
    "Key Takeaways:",
    "Analysis",
]
BOILERPLATE = [
    "Comments",
    "Post a Comment",
    "Advertisement",
    "Share this article",
    "Sign up for our newsletter",
    "Read more",
    "Related",
    "Copyright 2024 NBCUniversal Media, LLC",
    "© 2024 Example News. All rights reserved.",
    "All rights reserved.",
    "Follow us on Facebook and X",
    "Click here to subscribe.",
    "Read more: Biden signs the bill",
    "SHARE THIS ARTICLE",
    "Advertisement »",
]


@pytest.mark.parametrize(
    ("line", "kind"),
    [(line, "heading") for line in HEADINGS] + [(line, "boilerplate") for line in BOILERPLATE],
)
def test_heading_and_boilerplate_lines_are_one_segment_of_their_kind(line: str, kind: str) -> None:
    text = f"The talks collapsed on Friday.\n{line}\nOfficials said little."
    assert [(s.kind, text[s.start : s.end]) for s in segment(text)] == [
        ("body", "The talks collapsed on Friday."),
        (kind, line),
        ("body", "Officials said little."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Nobody replied.",
        "It did not respond.",
        "Nobody replied",
        "Why?",
        "Biden says he will not run",
        "Comments were closed.",
        "Related charges were dropped.",
        "Copyright law is changing.",
        "Read more books, the mayor said.",
        "“It’s going to be a bit of a roller coaster.”",
        "The Growing Alliance Between Russia and North Korea Worries Officials in Washington Today",
    ],
)
def test_short_or_tricky_body_lines_stay_body(line: str) -> None:
    assert [s.kind for s in segment(line)] == ["body"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Enter Vladimir Putin.", ["Enter Vladimir Putin."]),
        ("Thank You, Mr. President.", ["Thank You, Mr. President."]),
        ("Biden Wins. Trump Concedes", ["Biden Wins.", "Trump Concedes"]),
    ],
)
def test_title_cased_sentences_stay_body(line: str, expected: list[str]) -> None:
    """A full stop, or more than one sentence, means body even when every word is capitalised."""
    assert [(s.kind, line[s.start : s.end]) for s in segment(line)] == [("body", e) for e in expected]


def test_multi_sentence_boilerplate_paragraph_is_one_segment() -> None:
    text = "Copyright 2024 Example News. All rights reserved."
    assert [(s.kind, s.start, s.end) for s in segment(text)] == [("boilerplate", 0, len(text))]


def test_paragraphs_split_on_every_line_break_kind() -> None:
    text = "One here.\r\nTwo here.\u2028Three here.\x0cFour here.\x85Five here.\n\n\nSix here."
    got = segment(text)
    check_invariants(text, got)
    assert [(s.paragraph, text[s.start : s.end]) for s in got] == [
        (i, f"{word} here.") for i, word in enumerate(["One", "Two", "Three", "Four", "Five", "Six"])
    ]


def test_odd_unicode_offsets() -> None:
    text = "İstanbul’da kar yağdı. Cafe\u0301 au lait 😀 costs 3.5 euros! \u00a0Ok\u0301 then\u3000"
    assert texts(text) == [
        "İstanbul’da kar yağdı.",
        "Cafe\u0301 au lait 😀 costs 3.5 euros!",
        "Ok\u0301 then",
    ]


def test_segments_are_frozen() -> None:
    s = segment("Nobody replied.")[0]
    assert s == Segment(paragraph=0, index=0, start=0, end=15, kind="body")
    with pytest.raises(AttributeError):
        s.start = 3  # type: ignore[misc]


def test_lone_surrogate_keeps_offsets() -> None:
    text = "A bad \ud800 byte. The war went on."
    got = segment(text)
    check_invariants(text, got)
    assert [text[s.start : s.end] for s in got] == ["A bad \ud800 byte.", "The war went on."]


def test_a_semicolon_does_not_end_a_sentence() -> None:
    """The seed gold's convention (and Punkt's, spaCy's, blingfire's); syntok alone cut there."""
    assert texts("Wales: G Thomas (capt); H Luscombe, T Shanklin; S Jones. Italy won.") == [
        "Wales: G Thomas (capt); H Luscombe, T Shanklin; S Jones.",
        "Italy won.",
    ]


def test_unknown_or_missing_splitter_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SPLITTER_ENV, "spacy")
    with pytest.raises(FramingError, match="unknown sentence splitter 'spacy'"):
        segment("One. Two.")
    monkeypatch.setattr(splitters, "_blingfire", lambda: None)  # as on a machine without its library
    assert available_splitters() == ("syntok",)
    with pytest.raises(FramingError, match="does not load on this machine"):
        segment("One. Two.", splitter="blingfire")
    monkeypatch.delenv(SPLITTER_ENV)
    assert resolve_splitter() == "syntok"


class _CountingPattern:
    """A compiled regex that adds the number of characters each call may scan to ``work``."""

    def __init__(self, pattern: re.Pattern, work: list[int]):
        self._pattern, self._work = pattern, work

    def _scan(self, method: str, string: str, pos: int = 0, endpos: int = sys.maxsize):
        self._work[0] += max(0, min(endpos, len(string)) - pos)
        return getattr(self._pattern, method)(string, pos, endpos)

    def search(self, *args):
        return self._scan("search", *args)

    def match(self, *args):
        return self._scan("match", *args)

    def finditer(self, *args):
        return self._scan("finditer", *args)


def segmentation_work(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Work done by ``segment(text)``, independent of the clock and of machine load.

    Python-level and C-level calls are counted with a profile hook, and every
    regular expression of the segmentation modules counts the characters it may
    scan, so a regex run over a growing window (the old title merge) shows up.
    """
    work = [0]
    with monkeypatch.context() as patch:
        for module in (segment_module, splitters):
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    patch.setattr(module, name, _CountingPattern(value, work))

        def count(frame, event, arg) -> None:
            work[0] += 1

        sys.setprofile(count)
        try:
            segment(text)
        finally:
            sys.setprofile(None)
    return work[0]


@pytest.mark.parametrize(
    "unit",
    ["Gov. Smith said ", "It fell. ", "He said; ", "Rep.  \t ", "a.b. c; Dr. Lee? “Yes,” he said. "],
)
def test_segmentation_work_grows_linearly(unit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: ``"Gov. Smith said " * 12000`` took 35 s, quadratic in the length (title merge).

    Four times the text must cost about four times the work; quadratic growth gives ~16.
    """
    small = segmentation_work(unit * 400, monkeypatch)
    large = segmentation_work(unit * 1600, monkeypatch)
    assert large / small < 5, (small, large)


def test_the_segmentation_before_blingfire_can_still_be_chosen_by_name() -> None:
    """Samples drawn with it (the blame gold set) must stay reproducible: it still cuts after a semicolon."""
    text = "Wales: G Thomas (capt); H Luscombe. Gov. Smith left."
    assert [text[s.start : s.end] for s in segment(text, splitter="syntok-2026-11")] == [
        "Wales: G Thomas (capt);",
        "H Luscombe.",
        "Gov. Smith left.",
    ]


def _is_boilerplate_lowering_first(paragraph: str) -> bool:
    """`_is_boilerplate` as written before it counted words ahead of lower-casing: the reference."""
    words = paragraph.lower().strip(segment_module._FURNITURE_EDGES).split(maxsplit=15)
    if len(words) > 15:
        return False
    norm = " ".join(words)
    return (
        norm in segment_module.BOILERPLATE_LINES
        or norm.startswith(segment_module.BOILERPLATE_PREFIXES)
        or segment_module._COPYRIGHT_YEAR.match(norm) is not None
        or norm.endswith("all rights reserved")
    )


FURNITURE_WORDS = st.sampled_from(
    [
        "Share",
        "this",
        "ARTICLE",
        "©",
        "Copyright",
        "2024",
        "-",
        "—",
        "»",
        "•",
        "...",
        "|",
        " ",
        "\u3000",
        "İ",
        "Σ",
        "x",
    ]
)


@settings(max_examples=300, **ONE_SPLITTER_PER_TEST)
@given(st.lists(st.one_of(FURNITURE_WORDS, NEWSY), max_size=40).map(" ".join))
def test_boilerplate_counts_words_before_lower_casing_exactly(paragraph: str) -> None:
    assert segment_module._is_boilerplate(paragraph) == _is_boilerplate_lowering_first(paragraph)


def test_lower_casing_keeps_word_counts_and_furniture_edges() -> None:
    """Why `_is_boilerplate` may count words before lower-casing: for every character, lower() keeps
    an edge (and a space) as it is, and turns any other character into text holding a character
    that is neither an edge nor a space, so stripping the edges and splitting give as many words."""
    edges = segment_module._FURNITURE_EDGES
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        low = char.lower()
        if char in edges or char.isspace():
            assert low == char, hex(code)
        else:
            assert any(c not in edges for c in low) and not any(c.isspace() for c in low), hex(code)


def _repair_scanning_every_stop(paragraph: str, starts: list[int]) -> list[int]:
    """`splitters.repair` as written before it skipped the quote rule's scan: the reference."""
    cuts = {c for c in starts if 0 < c < len(paragraph)}
    for stop in splitters._STOP_THEN_CAPITAL.finditer(paragraph):
        if stop.end() in cuts:
            continue
        word = splitters._LOWER_WORD_END.search(paragraph, max(0, stop.start() - 64), stop.start())
        if word and word.group() not in splitters._LOWER_ABBREVIATIONS:
            cuts.add(stop.end())
    cuts.difference_update(m.end() for m in splitters._QUOTE_THEN_LOWER.finditer(paragraph))
    return splitters.drop_cuts_inside_sentences(paragraph, cuts)


QUOTED = st.sampled_from(
    ['"', "”", "’", "'", ". ", "? ", ", ", " he said", " a", "a", " the", "etc. The", "Gov. ", "; "]
)


@settings(max_examples=400, **ONE_SPLITTER_PER_TEST)
@given(
    st.lists(st.one_of(NEWSY, QUOTED), max_size=40).map("".join),
    st.lists(st.integers(-3, 80), max_size=10),
    st.booleans(),
)
def test_repair_equals_scanning_every_stop(paragraph: str, cuts: list[int], after_every_space: bool) -> None:
    """Random cuts, or (as a splitter would) a cut after every space."""
    if after_every_space:
        cuts = [i + 1 for i, c in enumerate(paragraph) if c.isspace()]
    assert splitters.repair(paragraph, cuts) == _repair_scanning_every_stop(paragraph, cuts)


@settings(max_examples=300, **ONE_SPLITTER_PER_TEST)
@given(
    st.lists(st.one_of(NEWSY, st.just("\ud800")), max_size=30).map("".join),
    st.lists(st.integers(0, 200), max_size=8),
)
def test_byte_offsets_become_character_offsets(text: str, offsets: list[int]) -> None:
    """blingfire reports UTF-8 byte offsets: each maps to the number of characters starting before it,
    in any order, at or inside a character (a lone surrogate is one character)."""
    data = text.encode("utf-8", "surrogatepass")
    offsets = [min(o, len(data)) for o in offsets]
    expected = [sum(1 for byte in data[:o] if byte & 0xC0 != 0x80) for o in offsets]
    assert splitters._characters_before(data, offsets) == expected


TITLED = st.sampled_from(
    [*(f"{t}." for t in splitters.TITLES), "xMr.", ".Gov.", "Govs", "; ", " ", "\t", "A", "a.", "Jr."]
)


@settings(max_examples=400, **ONE_SPLITTER_PER_TEST)
@given(st.lists(st.one_of(NEWSY, TITLED), max_size=40).map("".join))
def test_title_stop_finds_the_stop_of_every_title(paragraph: str) -> None:
    """The quick scan (from each "." look behind for a title) finds exactly the title stops."""
    titles = re.compile(r"(?<![\w.])(?:" + "|".join(splitters.TITLES) + r")\.")
    assert [m.end() for m in splitters._TITLE_STOP.finditer(paragraph)] == [
        m.end() for m in titles.finditer(paragraph)
    ]


@settings(max_examples=400, **ONE_SPLITTER_PER_TEST)
@given(
    st.lists(st.one_of(NEWSY, st.sampled_from(["; ", " x; y", "Gov. ", "Lt.", "xMr."])), max_size=40).map(
        "".join
    ),
    st.lists(st.integers(-3, 80), max_size=10),
    st.booleans(),
    st.booleans(),
)
def test_dropping_cuts_skips_paragraphs_without_titles_or_semicolons_exactly(
    paragraph: str, cuts: list[int], after_every_space: bool, semicolons: bool
) -> None:
    """The same cuts as looking at every cut, which the scan forced to find a title everywhere does."""
    if after_every_space:
        cuts = [i + 1 for i, c in enumerate(paragraph) if c.isspace()]
    quick = splitters.drop_cuts_inside_sentences(paragraph, cuts, semicolons=semicolons)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(splitters, "_TITLE_STOP", re.compile(""))  # matches every paragraph
        assert quick == splitters.drop_cuts_inside_sentences(paragraph, cuts, semicolons=semicolons)
