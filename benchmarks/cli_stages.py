"""Where ``framing analyze`` spends CPU time beyond ``framing.analyze``: the command's stages, one core.

    python benchmarks/cli_stages.py [--rounds 5] [--data-dir ../shared/data/external]

The articles of ``benchmarks/end_to_end.py`` (the 2,225 BBC News articles, else the seed) are written
once to a JSONL file; then, in one process pinned to one core, ``framing.analyze`` over chunks of 200
articles and the command ``framing analyze corpus.jsonl --out x.parquet --quiet`` (its own entry point,
called in this process) take turns. CPU-time accumulators wrapped around the command's stages (reading the
documents, the analysis of each chunk, checking the locale, writing the table) split its time; "the rest"
is what they leave (the parser, counting articles, the temporary file). Best of ``--rounds`` for each figure.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_1m import source_articles  # the same articles, read the same way
from end_to_end import framing_analyze

from framing import corpus
from framing.cli import main as framing_cli
from framing.io import writers

spent: dict[str, float] = {}


def timed(owner, name: str, label: str) -> None:
    """Replace ``owner.name`` by a wrapper adding its CPU time to ``spent[label]``."""
    inner = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start

    setattr(owner, name, wrapper)


def timed_documents(read):
    """``iter_documents`` whose iterator adds the CPU time of each document it yields to ``spent``."""

    def wrapper(*args, **kwargs):
        start = time.process_time()
        documents = read(*args, **kwargs)
        spent["reading the documents"] = spent.get("reading the documents", 0.0) + time.process_time() - start
        while True:
            start = time.process_time()
            document = next(documents, None)
            spent["reading the documents"] += time.process_time() - start
            if document is None:
                return
            yield document

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "external")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    texts, source = source_articles(args.data_dir)
    timed(corpus, "_analyze_chunk", "the analysis of each chunk")
    timed(corpus, "signal_families", "fitting signal families")
    timed(writers.TableWriter, "write", "writing the table")
    timed(writers.TableWriter, "close", "closing the file (fsync, rename)")
    corpus.iter_documents = timed_documents(corpus.iter_documents)
    analyze = framing_analyze("blingfire" if "blingfire" in _splitters() else "syntok")
    with tempfile.TemporaryDirectory() as work:
        jsonl, out = Path(work) / "corpus.jsonl", Path(work) / "out.parquet"
        with jsonl.open("w", encoding="utf-8") as f:
            f.writelines(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))

        def command() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                if framing_cli(["analyze", str(jsonl), "--out", str(out), "--quiet"]) != 0:
                    raise SystemExit("framing analyze failed")

        command()  # warm up: imports, lexicons
        analyze(texts[:20])
        best: dict[str, float] = {}
        for _ in range(args.rounds):
            gc.collect()
            start = time.process_time()
            analyze(texts)
            library = time.process_time() - start
            spent.clear()
            gc.collect()
            start = time.process_time()
            command()
            total = time.process_time() - start
            rows = {"`framing.analyze` (for comparison)": library, **spent}
            rows["the rest"] = total - sum(spent.values())
            rows["**the command in all**"] = total
            for name, value in rows.items():
                best[name] = min(best.get(name, float("inf")), value)
    print(
        f"{source}; one core; best of {args.rounds} rounds, the command and framing.analyze alternating; "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print("| stage of `framing analyze corpus.jsonl --out x.parquet --quiet` | CPU s |\n|---|---:|")
    for name, value in best.items():
        print(f"| {name} | {value:.3f} |")


def _splitters() -> list[str]:
    from framing.text.splitters import available_splitters

    return available_splitters()


if __name__ == "__main__":
    main()
