"""Measure candidate sentence splitters on the seed gold and the hard news cases.

Run from the repo root: ``python benchmarks/splitters.py``. Every candidate goes
through the same paragraph split and kind labelling (``segment_with``), so the
table compares only the sentence splitter. A seed segment counts as correct when
its exact span and kind are produced. Speed is one process pinned to one core:
the seed article is segmented over and over for at least one second of CPU time
(best of 3; CPU time, so waiting for a core on a shared machine is not counted).

The probe cases at the end are realistic news sentences that are *not* in the
test fixture because the chosen splitter fails some of them; they are printed
so its known failure modes stay visible next to the alternatives'.

When the BBC News articles are in ``../shared/data/external/bbc_news`` (``--data-dir``), the
script also compares both backends paragraph by paragraph with the segmentation ``framing``
used before blingfire (syntok + title merge, reproduced below as the reference), and sorts
the cuts on which they differ by the text before the cut.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nupunkt
import pysbd
from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

from framing.text.segment import _PARAGRAPH, _pieces, segment_with
from framing.text.splitters import TITLES, available_splitters, blingfire_raw, repair, syntok_raw

SEED = (ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt").read_text(encoding="utf-8")
FIXTURES = ROOT / "tests" / "fixtures"

Starts = Callable[[str], Iterable[int]]

PROBES: list[tuple[str, list[str]]] = [
    (
        "He moved to the U.S. He later became a citizen.",
        ["He moved to the U.S.", "He later became a citizen."],
    ),
    (
        "He was born in Queens, N.Y. His father was a developer.",
        ["He was born in Queens, N.Y.", "His father was a developer."],
    ),
    (
        "Martin Luther King Jr. Day is a federal holiday.",
        ["Martin Luther King Jr. Day is a federal holiday."],
    ),
    (
        "The money went to the bank. Officials declined to comment.",
        ["The money went to the bank.", "Officials declined to comment."],
    ),
    (
        "The summit was held in Andorra. Leaders left early.",
        ["The summit was held in Andorra.", "Leaders left early."],
    ),
    ("He cited Smith et al. The study was small.", ["He cited Smith et al.", "The study was small."]),
]


def repaired(starts: Starts) -> Starts:
    """A raw splitter followed by our repairs (break repair, quote rule, title and semicolon merge)."""
    return lambda paragraph: repair(paragraph, starts(paragraph))


def nupunkt_starts(paragraph: str) -> list[int]:
    return [a for a, _ in nupunkt.sent_spans(paragraph)]


_PYSBD = pysbd.Segmenter(language="en", clean=False)


def pysbd_starts(paragraph: str) -> list[int]:
    """pysbd returns strings; find each one in order to recover its offset."""
    starts, cursor = [], 0
    for sentence in _PYSBD.segment(paragraph):
        found = paragraph.find(sentence.strip(), cursor)
        if found >= 0:
            starts.append(found)
            cursor = found + len(sentence.strip())
    return starts


def punkt_starts(tokenizer: PunktSentenceTokenizer) -> Starts:
    return lambda paragraph: [a for a, _ in tokenizer.span_tokenize(paragraph)]


def trained_punkt() -> PunktSentenceTokenizer:
    trainer = PunktTrainer()
    trainer.train(SEED, finalize=True)
    return PunktSentenceTokenizer(trainer.get_params())


CANDIDATES: dict[str, Starts] = {
    "blingfire + repairs (default)": repaired(blingfire_raw),
    "blingfire": blingfire_raw,
    "syntok + repairs (fallback)": repaired(syntok_raw),
    "syntok": syntok_raw,
    "nupunkt + repairs": repaired(nupunkt_starts),
    "nupunkt": nupunkt_starts,
    "pysbd": pysbd_starts,
    "NLTK Punkt untrained": punkt_starts(PunktSentenceTokenizer()),
    "NLTK Punkt trained on seed": punkt_starts(trained_punkt()),
}
if "blingfire" not in available_splitters():
    CANDIDATES = {name: starts for name, starts in CANDIDATES.items() if not name.startswith("blingfire")}
CHOSEN = next(iter(CANDIDATES))


def seed_gold() -> set[tuple[int, int, str]]:
    """Gold (start, end, kind) of each fixture row, located in order in the seed."""
    gold, cursor = set(), 0
    for line in (FIXTURES / "seed_segments.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        _, kind, text = line.split("\t")
        start = SEED.index(text, cursor)
        cursor = start + len(text)
        gold.add((start, cursor, kind))
    return gold


def hard_cases() -> list[tuple[str, str, list[str]]]:
    rows = (FIXTURES / "hard_sentences.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [(cid, text, expected.split(" ||| ")) for cid, text, expected in (r.split("\t") for r in rows)]


def texts(text: str, starts: Starts) -> list[str]:
    return [text[s.start : s.end] for s in segment_with(text, starts)]


def sentences_per_second(starts: Starts) -> float:
    """Best of three runs of at least one second of CPU time each, to damp noise from other load."""
    best = 0.0
    for _ in range(3):
        n, began = 0, time.process_time()
        while (elapsed := time.process_time() - began) < 1.0:
            for _ in range(10):
                n += len(segment_with(SEED, starts))
        best = max(best, n / elapsed)
    return best


_TITLE_END = re.compile(r"(?<![\w.])(?:" + "|".join(TITLES) + r")\.\s*\Z")


def before_issue_10(paragraph: str) -> list[int]:
    """framing's segmentation before blingfire: syntok, minus cuts after a title (quadratic; reference only)."""
    kept, previous = [], 0
    for cut in sorted(c for c in syntok_raw(paragraph) if 0 < c < len(paragraph)):
        if not _TITLE_END.search(paragraph, previous, cut):
            kept.append(cut)
            previous = cut
    return kept


def bbc_paragraphs(data_dir: Path) -> list[str]:
    paragraphs = []
    for f in sorted((data_dir / "bbc_news").glob("*/*.txt")):
        raw = f.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        paragraphs += [m.group().strip() for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    return paragraphs


def cut_kind(paragraph: str, cut: int) -> str:
    """What precedes a cut on which two splitters disagree, in the categories docs/splitting.md explains."""
    before = paragraph[:cut].rstrip()
    if before.endswith(";"):
        return "after a semicolon"
    if not paragraph[cut - 1].isspace():
        return "after a stop with no space"
    if re.search(r"\d[\w%]*[.!?][\"')”’]*\Z", before):
        return "after a number or amount ($1.30., £4.3bn., 7.09secs.)"
    if re.search(r"\betc\.+\Z", before):
        return "after etc."
    if re.search(r"[\"”’']\Z", before):
        return "after a closing quote"
    if re.search(r"\b[A-Z][\w&-]*\.\Z", before):
        return "after a capitalised word or abbreviation"
    if re.search(r"[!?]\Z", before) and paragraph[cut] in "-–(":
        return "before a dash or bracket"
    if paragraph[cut] == "(":
        return "before a bracket"
    return "other"


def agreement(paragraphs: list[str]) -> None:
    """Share of paragraphs segmented identically, and where the cuts differ."""
    splitters = {"before (syntok + title merge)": before_issue_10}
    splitters |= {name: starts for name, starts in CANDIDATES.items() if name.endswith(")")}
    pieces = {name: [_pieces(p, starts(p)) for p in paragraphs] for name, starts in splitters.items()}
    names = list(splitters)
    print(f"\nBBC News paragraphs ({len(paragraphs):,}) segmented identically:")
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            differ = [k for k, (x, y) in enumerate(zip(pieces[a], pieces[b], strict=True)) if x != y]
            print(f"  {a} vs {b}: {1 - len(differ) / len(paragraphs):.2%} ({len(differ)} paragraphs differ)")
            kinds: Counter = Counter()
            for k in differ:
                cuts_a = {s for s, _ in pieces[a][k]}
                cuts_b = {s for s, _ in pieces[b][k]}
                kinds.update(
                    f"only {a.split(' (')[0]}: {cut_kind(paragraphs[k], c)}" for c in cuts_a - cuts_b
                )
                kinds.update(
                    f"only {b.split(' (')[0]}: {cut_kind(paragraphs[k], c)}" for c in cuts_b - cuts_a
                )
            for kind, n in sorted(kinds.items(), key=lambda item: -item[1]):
                print(f"    {n:4d} cuts {kind}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "external")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    gold, cases = seed_gold(), hard_cases()
    print(
        f"| {'splitter':36} | {'seed':>5} | {'hard':>5} | {'probes':>6} | {'sent/s':>7} | hard cases failed"
    )
    print(f"|{'-' * 38}|{'-' * 6}:|{'-' * 6}:|{'-' * 7}:|{'-' * 8}:|{'-' * 18}")
    for name, starts in CANDIDATES.items():
        got = {(s.start, s.end, s.kind) for s in segment_with(SEED, starts)}
        failed = [cid for cid, text, expected in cases if texts(text, starts) != expected]
        probes = sum(texts(text, starts) == expected for text, expected in PROBES)
        rate = sentences_per_second(starts)
        print(
            f"| {name:36} | {len(got & gold):>2}/{len(gold)} | {len(cases) - len(failed):>2}/{len(cases)}"
            f" | {probes:>3}/{len(PROBES)} | {rate:>7,.0f} | {', '.join(failed) or '-'}"
        )
    chosen = CANDIDATES[CHOSEN]
    print(f"\nProbes {CHOSEN} gets wrong:")
    wrong = [got for text, expected in PROBES if (got := texts(text, chosen)) != expected]
    print("\n".join(f"  {got}" for got in wrong) or "  none")
    if (args.data_dir / "bbc_news").is_dir():
        agreement(bbc_paragraphs(args.data_dir))


if __name__ == "__main__":
    main()
