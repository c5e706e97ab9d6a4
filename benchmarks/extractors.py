"""Throughput and peak memory of the signal extractors beside VADER, on the same sentences, one core.

    python benchmarks/extractors.py [--sentences 200000] [--data-dir ../shared/data/external]

Sentences come from the BBC News articles in the shared data folder when it is
there (real, varied news prose), otherwise from the seed article and our test
fixtures; either way they are cycled to the requested count. Each extractor is
timed on the whole batch (best of ``--repeat`` runs); peak memory is measured in
a separate run under ``tracemalloc`` so tracing does not slow the timed run.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import tracemalloc
from collections.abc import Callable
from itertools import cycle, islice
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, also for numpy's BLAS

from framing.signals import AlarmSignals, HedgingSignals, PartisanSignals, SourceAttribution
from framing.signals.base import shared_scanner
from framing.signals.matcher import Batch
from framing.text.segment import segment

ROOT = Path(__file__).resolve().parents[1]


def corpus_sentences(data_dir: Path | None) -> tuple[list[str], str]:
    texts: list[str] = []
    source = "seed article + tests/fixtures"
    bbc = data_dir / "bbc_news" if data_dir else None
    if bbc and bbc.is_dir():
        files = sorted(bbc.glob("*/*.txt"))
        texts = [f.read_text(encoding="latin-1") for f in files]
        source = f"BBC News ({len(files)} articles)"
    else:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    sentences = [text[s.start : s.end] for text in texts for s in segment(text) if s.kind == "body"]
    return sentences, source


def measure(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs, and peak traced memory (MiB) of one more run."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "external")
    parser.add_argument("--no-vader", action="store_true", help="skip the VADER comparison")
    args = parser.parse_args()

    pool, source = corpus_sentences(args.data_dir if args.data_dir.is_dir() else None)
    sentences = list(islice(cycle(pool), args.sentences))
    families = {
        "hedging": HedgingSignals().fit(sentences[:10]),
        "alarm": AlarmSignals().fit(sentences[:10]),
        "partisan": PartisanSignals().fit(sentences[:10]),
        "source attribution": SourceAttribution().fit(sentences[:10]),
    }
    for family in families.values():  # build each automaton before timing
        family.extract(sentences[:10])

    three = [families[name] for name in ("hedging", "alarm", "partisan")]
    four = list(families.values())

    def shared(members: list) -> Callable[[], None]:
        scanner = shared_scanner(members)

        def run() -> None:
            batch = Batch.of(sentences)
            for family in members:
                family.extract_batch(batch, scanner)

        return run

    runs: list[tuple[str, Callable[[], object], int]] = [
        (f"framing {name} (features + cue spans)", lambda f=family: f.extract(sentences), args.repeat)
        for name, family in families.items()
    ]
    runs += [
        ("framing hedging+alarm+partisan, shared batch", shared(three), args.repeat),
        ("framing all four families, shared batch", shared(four), args.repeat),
    ]
    if not args.no_vader:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()
        runs.append(
            ("vaderSentiment polarity_scores", lambda: [vader.polarity_scores(s) for s in sentences], 1)
        )

    print(
        f"{len(sentences):,} sentences from {source}; {len(pool):,} distinct; "
        f"Python {platform.python_version()} on {platform.machine()}, one process\n"
    )
    print(f"{'extractor':48s} {'seconds':>8s} {'sentences/s':>12s} {'peak MiB':>9s}")
    rates = {}
    for name, run, repeat in runs:
        seconds, peak = measure(run, repeat)
        rates[name] = len(sentences) / seconds
        print(f"{name:48s} {seconds:8.2f} {rates[name]:12,.0f} {peak:9.1f}")
    if not args.no_vader:
        vader_rate = rates["vaderSentiment polarity_scores"]
        three = rates["framing hedging+alarm+partisan, shared batch"]
        print(f"\nhedging+alarm+partisan vs VADER: {three / vader_rate:.1f}x")


if __name__ == "__main__":
    main()
