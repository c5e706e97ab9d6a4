"""One million sentences end to end: read, segment, every signal family, write Parquet.

    python benchmarks/corpus_1m.py [--sentences 1000000] [--engines local1,local2,dask]
                                   [--small 250000] [--data-dir ../shared/data/external] [--keep DIR]

Builds a JSONL corpus of at least ``--sentences`` segments (output rows) by cycling real news
articles -- the BBC News articles in ``<data-dir>/bbc_news/*/*.txt`` when present, otherwise the
seed article -- each copy with its own id, in a temporary folder. Then runs, each in a fresh
process as a user would:

* ``local1``: ``python -m framing analyze corpus.jsonl --out out.parquet --n-jobs 1 --quiet``
* ``local2``: the same with ``--n-jobs 2``
* ``dask``:   the Dask engine with a local cluster of 2 single-threaded worker processes
  (``framing analyze --engine dask`` when the CLI has it, else ``framing.distributed.analyze_dask``)

and reports wall time, sentences per second, CPU time of the process tree (user + system of every
child process once it has been waited for; on a shared machine it is the figure that does not
depend on the other load) and peak memory. Peak memory is measured by polling
(every 50 ms, with psutil) every process of the tree -- the CLI process, its pool workers, the
Dask scheduler and workers -- and summing over it: RSS (resident set size; pages shared between
forked processes are counted once per process, so this is an upper bound) and PSS (shared pages
divided among the processes that share them: the tree's real footprint). The largest single
process's RSS is reported beside them. Without psutil only the largest single process is known
(``getrusage(RUSAGE_CHILDREN).ru_maxrss``).

The ``framing`` sources are copied to the work folder first and every run imports that copy, so
edits to the working tree during a long benchmark cannot make two engines run different code.
The 1-minute load average before and after each run is printed: on a shared machine it explains
noisy timings.

Every engine also runs on a ``--small`` corpus (default 250,000 sentences) so the two peaks show
whether memory grows with corpus size. The local outputs of ``--n-jobs 1`` and ``--n-jobs 2``
must be byte-identical (sha256); the Dask parts are read back and compared as tables with
the ``--n-jobs 1`` file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "external"
ENGINES = ("local1", "local2", "dask")

try:
    import psutil
except ImportError:  # pragma: no cover - psutil is optional
    psutil = None


# --------------------------------------------------------------------------- corpus


def source_articles(data_dir: Path) -> tuple[list[str], str]:
    files = sorted((data_dir / "bbc_news").glob("*/*.txt")) if data_dir.is_dir() else []
    texts = []
    for f in files:
        raw = f.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(raw.decode("latin-1"))
    texts = [t for t in texts if t.strip()]
    if texts:
        return texts, f"BBC News, {len(texts)} articles"
    return [SEED.read_text(encoding="utf-8")], "the seed article"


def build_corpus(path: Path, articles: list[str], sentences: int) -> tuple[int, int]:
    """Write articles cycled to at least ``sentences`` segments; returns (documents, segments)."""
    from framing.text.segment import segment

    counts = [sum(1 for _ in segment(text)) for text in articles]
    documents = segments = 0
    with path.open("w", encoding="utf-8") as f:
        for text, n in cycle(zip(articles, counts, strict=True)):
            if segments >= sentences:
                break
            f.write(json.dumps({"id": f"a{documents:07d}", "text": text}, ensure_ascii=False) + "\n")
            documents += 1
            segments += n
    return documents, segments


# --------------------------------------------------------------------------- measuring


class TreeMemory:
    """Peak RSS of a process and all its descendants, polled in a thread."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.peak_tree = self.peak_single = self.peak_pss = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self):
        if psutil is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if psutil is not None:
            self._thread.join()

    def _poll(self):
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            total = pss = 0
            for p in processes:
                try:
                    full = p.memory_full_info()  # reads /proc/PID/smaps_rollup: cheap
                except psutil.Error:
                    continue
                total += full.rss
                pss += getattr(full, "pss", 0)
                self.peak_single = max(self.peak_single, full.rss)
            self.peak_tree = max(self.peak_tree, total)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_processes = max(self.peak_processes, len(processes))
            self._stop.wait(self.interval)


def snapshot_sources(work: Path) -> Path:
    """Copy the framing package into ``work/src`` so every run imports the very same code."""
    src = work / "src"
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(ROOT / "framing", src / "framing", ignore=shutil.ignore_patterns("__pycache__"))
    return src


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def cli_has_engine(env: dict) -> bool:
    help_text = subprocess.run(
        [sys.executable, "-m", "framing", "analyze", "--help"],
        check=False,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return "--engine" in help_text


def command(engine: str, corpus: Path, out: Path, env: dict) -> list[str]:
    python = [sys.executable]
    analyze = [*python, "-m", "framing", "analyze", str(corpus), "--out", str(out)]
    if engine.startswith("local"):
        return [*analyze, "--n-jobs", engine.removeprefix("local"), "--quiet"]
    if cli_has_engine(env):
        return [*analyze, "--engine", "dask", "--quiet"]
    code = (
        "import sys; from framing.distributed import analyze_dask; "
        "r = analyze_dask(sys.argv[1], sys.argv[2], n_workers=2, progress=False); "
        "print('wrote', r['sentences'], 'rows in', r['partitions'], 'parts')"
    )
    return [*python, "-c", code, str(corpus), str(out)]


def run(engine: str, corpus: Path, out: Path, env: dict) -> dict:
    argv = command(engine, corpus, out, env)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu_before = _children_cpu()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(process.pid) as memory:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{engine} failed ({process.returncode}):\n{stderr[-3000:]}")
    cpu = _children_cpu() - cpu_before
    children_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    rows = output_rows(out)
    return {
        "engine": engine,
        "rows": rows,
        "seconds": seconds,
        "rate": rows / seconds,
        "cpu": cpu,
        "peak_tree": memory.peak_tree,
        "peak_pss": memory.peak_pss,
        "load": (load_before, os.getloadavg()[0]),
        "peak_single": memory.peak_single or (children_max if children_max > before * 1024 else 0),
        "processes": memory.peak_processes,
        "sha256": sha256(out) if out.is_file() else "(parts)",
        "stdout": stdout.strip().splitlines()[-1:] if stdout.strip() else [],
    }


def _children_cpu() -> float:
    """User + system CPU seconds of every finished child process (and the children they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def output_rows(out: Path) -> int:
    import pyarrow.parquet as pq

    files = [out] if out.is_file() else sorted(out.glob("part-*.parquet"))
    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def same_table(single: Path, parts: Path) -> bool:
    import pandas as pd

    a = pd.read_parquet(single)
    b = pd.concat([pd.read_parquet(p) for p in sorted(parts.glob("part-*.parquet"))], ignore_index=True)
    try:
        pd.testing.assert_frame_equal(a, b)
    except AssertionError as err:
        print(f"  dask output differs from local1: {str(err)[:300]}")
        return False
    return True


# --------------------------------------------------------------------------- main


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f}" if n else "n/a"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000, help="sentences (rows) in the big corpus")
    parser.add_argument("--small", type=int, default=250_000, help="sentences in the small corpus (0: skip)")
    parser.add_argument("--engines", default="local1,local2,dask", help="comma-separated: local1,local2,dask")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="folder holding bbc_news/")
    parser.add_argument("--keep", type=Path, help="write corpora and outputs here and keep them")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown:
        parser.error(f"unknown engine(s) {unknown}; choose from {','.join(ENGINES)}")

    work = args.keep or Path(tempfile.mkdtemp(prefix="framing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    src = snapshot_sources(work)
    sys.path.insert(0, str(src))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(src), os.environ.get("PYTHONPATH")])))
    env.setdefault("OMP_NUM_THREADS", "1")
    articles, source = source_articles(args.data_dir)
    sizes = sorted({s for s in (args.small, args.sentences) if s > 0})
    print(
        f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}; source: {source}"
    )
    print(
        f"memory: {'psutil, RSS and PSS summed over the process tree every 50 ms' if psutil else 'ru_maxrss only'}"
    )
    print(f"code: snapshot of {ROOT / 'framing'} in {src}")
    results = []
    failed = False
    try:
        for size in sizes:
            corpus = work / f"corpus-{size}.jsonl"
            t = time.perf_counter()
            documents, segments = build_corpus(corpus, articles, size)
            print(
                f"\ncorpus {corpus.name}: {documents:,} documents, {segments:,} sentences, "
                f"{corpus.stat().st_size / 2**20:,.0f} MiB (built in {time.perf_counter() - t:.0f} s)"
            )
            for engine in engines:
                out = work / (f"out-{size}-{engine}" + ("" if engine == "dask" else ".parquet"))
                if out.is_dir():
                    shutil.rmtree(out)
                elif out.exists():
                    out.unlink()
                result = run(engine, corpus, out, env)
                result.update(size=size, documents=documents, out=out)
                results.append(result)
                print(
                    f"  {engine:7s} {result['rows']:>9,} rows  {result['seconds']:7.1f} s  "
                    f"(CPU {result['cpu']:7.1f} s)  "
                    f"{result['rate']:8,.0f} sentences/s  peak tree RSS {mib(result['peak_tree'])} MiB, "
                    f"PSS {mib(result['peak_pss'])} MiB (largest process {mib(result['peak_single'])} MiB, "
                    f"{result['processes']} processes; load {result['load'][0]:.1f} -> {result['load'][1]:.1f})",
                    flush=True,
                )
                assert result["rows"] == segments, (result["rows"], segments)
            by = {r["engine"]: r for r in results if r["size"] == size}
            if "local1" in by and "local2" in by:
                same = by["local1"]["sha256"] == by["local2"]["sha256"]
                failed |= not same
                verdict = "identical" if same else "DIFFERENT"
                print(f"  n_jobs=1 vs n_jobs=2 output sha256: {verdict} ({by['local1']['sha256'][:16]}...)")
            if "local1" in by and "dask" in by:
                ok = same_table(by["local1"]["out"], by["dask"]["out"])
                failed |= not ok
                print(f"  dask parts vs n_jobs=1 file: {'identical table' if ok else 'DIFFERENT'}")
    finally:
        if failed:
            print(f"\noutputs kept for inspection in {work}")
        elif args.keep is None:
            shutil.rmtree(work, ignore_errors=True)

    print(
        "\n| engine | sentences | documents | wall s | sentences/s | CPU s (tree) | sentences per CPU s "
        "| peak RSS, tree (MiB) | peak PSS, tree (MiB) | largest process RSS (MiB) | load avg before/after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r['engine']} | {r['rows']:,} | {r['documents']:,} | {r['seconds']:.1f} | {r['rate']:,.0f} | "
            f"{r['cpu']:.1f} | {r['rows'] / r['cpu']:,.0f} | "
            f"{mib(r['peak_tree'])} | {mib(r['peak_pss'])} | {mib(r['peak_single'])} | "
            f"{r['load'][0]:.1f} / {r['load'][1]:.1f} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
