"""Measure candidate sentence splitters on the seed gold and the hard news cases.

Run from the repo root: ``python benchmarks/splitters.py``. Every candidate goes
through the same paragraph split and kind labelling (``segment_with``), so the
table compares only the sentence splitter. A seed segment counts as correct when
its exact span and kind are produced. Speed is one process pinned to one core:
the seed article is segmented over and over for at least one second (best of 3).

The probe cases at the end are realistic news sentences that are *not* in the
test fixture because the chosen splitter fails some of them; they are printed
so its known failure modes stay visible next to the alternatives'.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nupunkt
import pysbd
from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

from framing.text.segment import segment_with
from framing.text.splitters import available_splitters, blingfire_raw, repair, syntok_raw

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
    """Best of three runs of at least one second each, to damp noise from other load."""
    best = 0.0
    for _ in range(3):
        n, began = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - began) < 1.0:
            for _ in range(10):
                n += len(segment_with(SEED, starts))
        best = max(best, n / elapsed)
    return best


def main() -> None:
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
    for text, expected in PROBES:
        if (got_texts := texts(text, chosen)) != expected:
            print(f"  {got_texts}")


if __name__ == "__main__":
    main()
