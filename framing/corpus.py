"""Analyse a corpus of any size: stream documents in chunks, optionally on several cores.

Memory stays flat in corpus size: documents are read in chunks, at most a few
chunks are in flight, and each analysed chunk is appended to the output and
dropped. Chunks are written in input order, so the output of ``n_jobs=4`` is
byte-identical to ``n_jobs=1``.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path

from tqdm import tqdm

from framing.analyze import Analysis, _analysis, family_names, signal_families
from framing.errors import InputError
from framing.io.readers import Document, iter_documents
from framing.io.writers import TableWriter
from framing.stance import stance_table
from framing.summary import Summary

DEFAULT_CHUNK_DOCUMENTS = 200
# At most this much text per chunk (plus one document): ~0.1-0.3 GB of analysis memory per worker.
CHUNK_CHARACTERS = 2_000_000

log = logging.getLogger(__name__)

_families: dict = {}  # per (locale, actor list): the fitted families of this process


def _analyze_chunk(
    documents: list[Document], locale: str = "all", actors=None, cue_table: bool = True, names=None
) -> Analysis:
    """Worker entry point: families are compiled once per process and actor choice, not per chunk."""
    return _analysis(documents, None, _fitted_families(locale, actors, names), None, cue_table=cue_table)


def _fitted_families(locale: str, actors, names=None) -> list:
    """The fitted families of this process for ``locale``, ``actors`` and ``names``, fitted on first use.

    An actor list is known by its path, size and modification time, so an edited file is read
    (and checked) again.
    """
    key = (
        locale,
        None if actors is None else (str(actors), _file_state(actors)),
        family_names(names),
    )
    if key not in _families:
        _families[key] = signal_families(locale, actors, names)
    return _families[key]


def _file_state(path) -> tuple[int, int] | None:
    try:
        state = os.stat(path)
    except (OSError, TypeError, ValueError):  # signal_families says what is wrong with it
        return None
    return state.st_size, state.st_mtime_ns


def chunked(
    documents: Iterable[Document], size: int, max_chars: int = CHUNK_CHARACTERS
) -> Iterator[list[Document]]:
    """Lists of at most ``size`` documents, closed early once they hold ``max_chars`` characters.

    Memory grows with the text in a chunk, not the number of documents, so a chunk of long
    documents is cut short; rows are written in input order, so the output does not change.
    """
    chunk: list[Document] = []
    chars = 0
    for document in documents:
        chunk.append(document)
        chars += len(document.text)
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity, which containers and batch systems set)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_jobs(n_jobs: int) -> int:
    """scikit-learn's convention (-1 means every core, -2 all but one), capped at the available cores.

    More processes than cores cannot finish sooner, but each holds its own copy of the
    lexicons and a chunk in flight, so memory grows with every extra one.
    """
    cores = available_cores()
    if n_jobs == 0:
        raise ValueError("n_jobs must not be 0")
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    if n_jobs > cores:
        log.warning(
            "note: using %d processes, not %d: only %d cores are available, and more processes would only "
            "use more memory",
            cores,
            n_jobs,
            cores,
        )
        return cores
    return n_jobs


def analyze_chunks(
    documents: Iterable[Document],
    *,
    chunk_size: int = DEFAULT_CHUNK_DOCUMENTS,
    n_jobs: int = 1,
    locale: str = "all",
    actors=None,
    cue_table: bool = True,
    families=None,
) -> Iterator[Analysis]:
    """Sentence and cue tables, one pair per chunk of documents, in input order.

    ``cue_table=False``: the cue tables are not built (each ``Analysis.cues`` is None).
    ``families``: names of ``framing.analyze.FAMILY_NAMES`` to run (default: all).
    """
    jobs = resolve_jobs(n_jobs)
    # A bad locale, actor list or family name fails here, before any work; in one process the chunks
    # reuse these.
    _fitted_families(locale, actors, families)
    chunks = chunked(documents, chunk_size)
    if jobs == 1:
        yield from (_analyze_chunk(chunk, locale, actors, cue_table, families) for chunk in chunks)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        try:
            yield from _ordered(pool, chunks, 2 * jobs, locale, actors, cue_table, families)
        except BaseException:
            _stop(pool)
            raise


def _die_with_parent(parent: int) -> None:
    """Worker initializer: the kernel kills this worker when its parent dies, even by SIGKILL (Linux).

    Without it a killed ``framing analyze --n-jobs 2`` leaves its workers running under PID 1.
    SIGTERM gets its default action back (a forked worker would inherit the CLI's handler).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the chunks not started and kill the workers (``shutdown`` alone waits for running chunks)."""
    workers = list(
        (getattr(pool, "_processes", None) or {}).values()
    )  # private; PDEATHSIG covers its absence
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.kill()


def _ordered(
    pool: Executor, chunks: Iterator[list[Document]], in_flight: int, *options
) -> Iterator[Analysis]:
    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.submit(_analyze_chunk, chunk, *options))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def analyze_corpus(
    paths,
    out: str | Path,
    *,
    fmt: str | None = None,
    text_col: str = "text",
    id_col: str | None = None,
    encoding: str = "utf-8",
    skip_empty: bool = False,
    n_jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_DOCUMENTS,
    progress: bool | None = None,
    top: int = 3,
    csv_safe: bool = False,
    cues_out: str | Path | None = None,
    locale: str = "all",
    actors=None,
    stance_out: str | Path | None = None,
    summarize: bool = True,
    families=None,
) -> Summary:
    """Analyse every document under ``paths`` into one table at ``out``; return the summary.

    The output is written atomically: on any error no file is left behind and
    an existing file at ``out`` is untouched. Inputs are never overwritten.
    ``id_col=None`` uses an ``id`` column when a table has one, else row numbers;
    a named ``id_col`` must exist. ``csv_safe`` defuses spreadsheet formulas in CSV
    text cells (see :func:`framing.io.writers.spreadsheet_safe`). ``cues_out``
    also writes every cue as one row (``framing.analyze.CUE_TABLE_COLUMNS``;
    format from its extension), so a corpus user need not parse the ``cues``
    JSON of each sentence. ``summarize=False`` only counts articles and sentences
    (``Summary.count``): ranking the top sentences costs ~10% of a run that prints nothing.
    ``locale`` and ``actors`` choose the actor lists; ``stance_out`` also writes
    :func:`framing.stance_table` (CSV, Parquet or JSONL by its suffix), atomically like ``out``.
    ``families`` names the signal families to run (``framing.analyze.FAMILY_NAMES``; default: all);
    the stance table needs ``partisan``.
    """
    inputs = [paths] if isinstance(paths, str | Path) else list(paths)
    if cues_out is not None and Path(cues_out).resolve() == Path(out).resolve():
        raise InputError(f"the cue and sentence tables would both be written to {cues_out}; give two paths")
    documents = iter_documents(
        inputs,
        text_col=text_col,
        id_col=id_col or "id",
        id_col_required=id_col is not None,
        encoding=encoding,
        skip_empty=skip_empty,
    )
    show = sys.stderr.isatty() if progress is None else progress
    summary = Summary(top=top, locale=locale)
    if stance_out is not None and Path(stance_out).resolve() == Path(out).resolve():
        raise InputError("--stance-out must differ from --out")
    if stance_out is not None and "partisan" not in family_names(families):
        raise InputError("--stance-out needs the partisan family (it holds the actors and blame)")
    with ExitStack() as stack:
        writer = stack.enter_context(TableWriter(out, fmt, protected=inputs, csv_safe=csv_safe))
        cue_writer = (
            None
            if cues_out is None
            else stack.enter_context(TableWriter(cues_out, protected=inputs, csv_safe=csv_safe))
        )
        stance_writer = (
            None
            if stance_out is None
            else stack.enter_context(TableWriter(stance_out, protected=[*inputs, out], csv_safe=csv_safe))
        )
        bar = stack.enter_context(
            tqdm(desc="analysing", unit=" sentences", disable=not show, file=sys.stderr)
        )
        chunks = analyze_chunks(
            documents,
            chunk_size=chunk_size,
            n_jobs=n_jobs,
            locale=locale,
            actors=actors,
            cue_table=cue_writer is not None,
            families=families,
        )
        for table, cues in chunks:
            writer.write(table)
            if cue_writer is not None:
                cue_writer.write(cues)
            if stance_writer is not None:
                stance_writer.write(stance_table(table))
            if summarize:
                summary.update(table)
            else:
                summary.count(table)
            bar.update(len(table))
    return summary
