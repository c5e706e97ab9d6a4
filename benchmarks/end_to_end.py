"""Articles in, per-sentence scores out: ``framing.analyze`` end to end beside VADER, one core, one process.

    python benchmarks/end_to_end.py [--rounds 3] [--data-dir ../shared/data/external] [--skip pysbd]

Every contestant gets the same articles (the 2,225 BBC News articles in ``<data-dir>/bbc_news``
when present, else the seed article) and does all of its own work: splitting into
sentences and scoring every sentence.

* ``framing.analyze``: split + all four signal families + cue JSON, in chunks of 200 articles as
  ``framing analyze`` does; once with each sentence splitter that loads here, and (default splitter)
  with only some families (``SUBSETS``, as ``framing analyze --families`` runs them).
* ``framing.text.segment.segment`` alone: paragraphs and sentences with their kinds, no signal; the floor
  that every ``framing.analyze`` run pays before any family scores a sentence.
* ``framing analyze`` CLI: the command's own entry point, called in this process (no interpreter
  start-up): read a JSONL corpus, analyse, write Parquet.
* VADER ``polarity_scores`` on sentences split by a regular expression (``[.!?]`` then space), and
  on sentences split by nupunkt and by pysbd (the ``bench`` extra).

The contestants take turns within each round (so load from other processes hits all of them alike)
and the fastest of ``--rounds`` rounds is kept. Time is this process's CPU time
(``time.process_time``): on a shared machine, waiting for a core is not counted. The process is
pinned to one core. Peak memory is measured in one more, untimed run per contestant under ``tracemalloc`` (Python allocations, which
include pandas' and numpy's buffers). Speed is reported per article (the same input for all) and
per sentence (each contestant's own sentences; the splitters disagree slightly on the count).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import platform
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, also for numpy's BLAS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_1m import source_articles  # the same articles, read the same way

from framing.analyze import analyze, signal_families
from framing.cli import main as framing_cli
from framing.corpus import DEFAULT_CHUNK_DOCUMENTS, chunked
from framing.io.readers import Document
from framing.text.segment import segment
from framing.text.splitters import available_splitters, resolve_splitter

REGEX_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# Families a corpus user may choose with ``--families``: all but partisan (the costly one), and hedging + alarm.
SUBSETS = (("hedging", "alarm", "topic", "source"), ("hedging", "alarm"))

Contestant = Callable[[list[str]], int]  # scores every sentence of the articles, returns how many


def framing_analyze(splitter: str, names: tuple[str, ...] | None = None) -> Contestant:
    families = signal_families(names=names)

    def run(texts: list[str]) -> int:
        documents = (Document(str(i), text) for i, text in enumerate(texts))
        return sum(
            len(analyze(chunk, families=families, splitter=splitter))
            for chunk in chunked(documents, DEFAULT_CHUNK_DOCUMENTS)
        )

    return run


def framing_command(work: Path) -> Contestant:
    """The CLI on a JSONL file of the articles (written once per article list, outside the timing)."""
    import pyarrow.parquet as pq

    corpora: dict[int, Path] = {}

    def run(texts: list[str]) -> int:
        if len(texts) not in corpora:
            corpora[len(texts)] = corpus = work / f"corpus-{len(texts)}.jsonl"
            with corpus.open("w", encoding="utf-8") as f:
                f.writelines(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
        out = work / "out.parquet"
        with contextlib.redirect_stdout(io.StringIO()):
            status = framing_cli(["analyze", str(corpora[len(texts)]), "--out", str(out), "--quiet"])
        if status != 0:
            raise SystemExit("framing analyze failed")
        return pq.ParquetFile(out).metadata.num_rows

    return run


def framing_segment(splitter: str) -> Contestant:
    def run(texts: list[str]) -> int:
        return sum(len(segment(text, splitter)) for text in texts)

    return run


def vader(split: Callable[[str], list[str]]) -> Contestant:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def run(texts: list[str]) -> int:
        n = 0
        for text in texts:
            for sentence in split(text):
                analyzer.polarity_scores(sentence)
                n += 1
        return n

    return run


def regex_split(text: str) -> list[str]:
    return [s for line in text.splitlines() for s in REGEX_SENTENCE_END.split(line) if s.strip()]


def nupunkt_split(text: str) -> list[str]:
    import nupunkt

    return [s for line in text.splitlines() if line.strip() for s in nupunkt.sent_tokenize(line)]


def pysbd_split() -> Callable[[str], list[str]]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    return lambda text: [s for line in text.splitlines() if line.strip() for s in segmenter.segment(line)]


def contestants(work: Path, skip: set[str]) -> dict[str, Contestant]:
    runs: dict[str, Contestant] = {}
    for splitter in available_splitters():
        runs[f"framing.analyze ({splitter} splitter)"] = framing_analyze(splitter)
    # What a corpus user who needs only some signals pays (``--families``), with the default splitter.
    for names in SUBSETS:
        runs[f"framing.analyze, {' + '.join(names)} only"] = framing_analyze(resolve_splitter(), names)
    runs["framing.text.segment alone (blingfire), no signal"] = framing_segment(resolve_splitter())
    runs["framing analyze CLI, JSONL -> Parquet"] = framing_command(work)
    runs["VADER on regex-split sentences"] = vader(regex_split)
    if "nupunkt" not in skip:
        runs["VADER on nupunkt-split sentences"] = vader(nupunkt_split)
    if "pysbd" not in skip:
        runs["VADER on pysbd-split sentences"] = vader(pysbd_split())
    return runs


def peak_mib(run: Contestant, texts: list[str]) -> float:
    gc.collect()
    tracemalloc.start()
    run(texts)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "external")
    parser.add_argument("--skip", nargs="*", default=[], choices=("nupunkt", "pysbd"), help="leave out these")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts, source = source_articles(args.data_dir)
    with tempfile.TemporaryDirectory() as work:
        runs = contestants(Path(work), set(args.skip))
        for run in runs.values():  # warm up: lexicons compiled, corpus file written, imports done
            run(texts[:20])
        best = dict.fromkeys(runs, float("inf"))
        sentences = {}
        for _ in range(args.rounds):
            for name, run in runs.items():
                gc.collect()
                start = time.process_time()
                sentences[name] = run(texts)
                best[name] = min(best[name], time.process_time() - start)
        peaks = {name: peak_mib(run, texts) for name, run in runs.items()}

    baseline = "VADER on regex-split sentences"
    print(
        f"{source}; Python {platform.python_version()} on {platform.machine()}; one core; "
        f"best of {args.rounds} alternating rounds; load average before the last round: {os.getloadavg()[0]:.1f}\n"
    )
    print(
        "| articles -> per-sentence scores | seconds | articles/s | sentences | sentences/s "
        "| vs VADER (articles/s) | peak MiB (traced) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in runs:
        per_article = len(texts) / best[name]
        print(
            f"| {name} | {best[name]:.2f} | {per_article:,.0f} | {sentences[name]:,} "
            f"| {sentences[name] / best[name]:,.0f} | {per_article / (len(texts) / best[baseline]):.2f}x "
            f"| {peaks[name]:.0f} |"
        )


if __name__ == "__main__":
    main()
