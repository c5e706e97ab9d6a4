"""Analyse a corpus on a Dask cluster: the same table as :func:`framing.corpus.analyze_corpus`, in parts.

``analyze_dask(paths, out_dir)`` runs the extraction of ``framing analyze`` on the workers of a
Dask cluster and writes partitioned Parquet: ``out_dir/part-00000.parquet``, ``part-00001.parquet``,
... Read back in name order and concatenated, the parts hold exactly the rows, values, column
order and dtypes of the single file the local engine writes for the same input::

    pandas.concat([pandas.read_parquet(p) for p in sorted(out_dir.glob("part-*.parquet"))],
                  ignore_index=True)

(``pandas.read_parquet(out_dir)`` and ``dask.dataframe.read_parquet(out_dir)`` read them in
that order too.)

Running on a real cluster
-------------------------
On every machine: ``pip install "framing[dask]"`` (the same framing version everywhere: each
worker checks that its lexicons match the others' before any work starts). Then::

    # machine A: the scheduler (port 8786; the dashboard needs ``pip install bokeh``)
    dask scheduler

    # machines B, C, ...: workers; analysis is pure Python, so use one thread per process
    # and as many processes as cores
    dask worker tcp://A:8786 --nworkers auto --nthreads 1

    # anywhere that can reach A and sees the same files
    framing analyze corpus/ --engine dask --scheduler tcp://A:8786 --out out_dir/

**Shared filesystem.** Workers write the parts straight into ``out_dir`` (first into a hidden
temporary sibling, renamed to ``out_dir`` at the end), and read Parquet inputs themselves, so
inputs and ``out_dir`` must be on a filesystem mounted at the *same path* on the client and on
every worker (NFS, Lustre, GPFS, a cloud file share, ...). Paths are made absolute before they
are sent. This is checked before any work starts: a worker that cannot see the output folder
stops the run with a clear error instead of writing parts where the client cannot find them.

How the input is distributed
----------------------------
* **Parquet** files (and directories of them, e.g. written by Dask or Spark: top-level
  ``*.parquet`` plus ``key=value`` sub-directories, in natural name order, ``_*``/``.*`` files
  skipped) are *not* read by the client. It reads only each file's footer and plans slices of
  ``partition_documents`` rows; each worker reads its own slice from the shared filesystem.
  (We do not use ``dask.dataframe.read_parquet``: it cannot split a row group, so a file with
  one big row group -- pandas' default -- would become one task on one worker, and it does not
  tell a partition its file and first row, which the ``<stem>:<row>`` ids and the row numbers
  in error messages need. Slices keep both exact and the client's memory at one footer.)
  Reading a slice that starts inside a row group decodes and drops the rows before it, so
  Parquet corpora should be written with row groups of at most ~100,000 rows.
* **Text, JSONL, CSV and TSV** inputs are read by the client with the local engine's own
  reader (:func:`framing.io.readers.iter_documents`: same validation, same ids, same error
  messages), cut into partitions of ``partition_documents`` documents and scattered to the
  workers. Only about two partitions per worker thread are in flight at any time (the next
  one is read only when one finishes), so the client holds a bounded number of documents
  whatever the corpus size, and results never travel back: each worker writes its own part
  and returns only its counts. (``dask.bag.read_text`` would let workers read JSONL by byte
  blocks, but it cannot split CSV safely -- quoted fields span lines -- and its ids, row
  numbers and validation would differ from the local engine's; reading is a small fraction
  of the analysis cost, so one reader keeps up with many workers.)

Each worker compiles the lexicons once (when it first runs a framing task, or in the check
before the run) and reuses them for every partition it analyses. Within a partition,
documents are analysed in chunks of ``framing.corpus.DEFAULT_CHUNK_DOCUMENTS`` as the local
engine does, each chunk appended to the part as one row group.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from framing.corpus import DEFAULT_CHUNK_DOCUMENTS, chunked
from framing.errors import FramingError, InputError

# The local engine's reader internals, reused so both engines validate rows and form ids identically.
from framing.io.readers import (
    Document,
    UniqueIds,
    _expand,
    _is_table,
    _plan_table,
    _Rows,
    _show,
    _Table,
    iter_documents,
)
from framing.io.readers.tables import _id_text
from framing.io.readers.text_files import _text_ids

DEFAULT_PARTITION_DOCUMENTS = 1000
PART_PREFIX = "part-"
PART_WIDTH = 5
_WAIT_FOR_WORKERS_SECONDS = 60

# --------------------------------------------------------------------------- worker side

_FAMILIES = None
_FAMILIES_LOCK = threading.Lock()
_COMPILATIONS = 0  # how often this process compiled the lexicons (tests check it is 1)


def worker_families():
    """The fitted signal families of this worker process, compiled on first use only."""
    global _FAMILIES, _COMPILATIONS
    if _FAMILIES is None:
        with _FAMILIES_LOCK:
            if _FAMILIES is None:
                from framing.analyze import signal_families

                _FAMILIES = signal_families()
                _COMPILATIONS += 1
    return _FAMILIES


def _worker_check(tmp_dir: str) -> dict:
    """Run on every worker before the run: compile the lexicons, check the shared output folder."""
    import framing

    families = worker_families()
    return {
        "version": framing.__version__,
        "lexicons": sorted((f.family, tuple(sorted(f.lexicon_sha256_.items()))) for f in families),
        "sees_output": os.path.isdir(tmp_dir),
        "pid": os.getpid(),
    }


def _worker_compilations() -> int:
    return _COMPILATIONS


@dataclass(frozen=True)
class _DocumentPartition:
    """Documents read by the client and scattered to a worker."""

    docs: tuple[Document, ...]

    def documents(self) -> Iterator[Document]:
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)


@dataclass(frozen=True)
class _ParquetSlice:
    """Rows ``start:stop`` (0-based) of one Parquet file, read by the worker itself."""

    table: _Table
    text_col: str
    id_col: str
    skip_empty: bool
    start: int
    stop: int
    # (row group index, its first row) of each row group that overlaps the slice
    row_groups: tuple[tuple[int, int], ...]

    def documents(self) -> Iterator[Document]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.table.path
        rows = _Rows(self.table, self.text_col, self.id_col, self.skip_empty)
        rows.row = self.start  # numbered from 1 in messages, as the local reader does
        columns = [self.text_col] + (
            [self.id_col] if self.table.has_id and self.id_col != self.text_col else []
        )
        position = self.row_groups[0][1]
        try:
            pf = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
        except (pa.ArrowException, OSError) as err:
            raise InputError(
                f"cannot read {_show(path)} as Parquet on a dask worker: {' '.join(str(err).split())}; check "
                "that the file is complete and on a filesystem every worker mounts at the same path"
            ) from None
        with pf:
            batches = pf.iter_batches(
                batch_size=DEFAULT_CHUNK_DOCUMENTS,
                row_groups=[g for g, _ in self.row_groups],
                columns=columns,
            )
            for batch in batches:
                lo, hi = max(self.start - position, 0), min(self.stop - position, batch.num_rows)
                position += batch.num_rows
                if hi <= lo:
                    if position >= self.stop:
                        break
                    continue
                texts = batch.column(self.text_col).slice(lo, hi - lo).to_pylist()
                ids = batch.column(self.id_col).slice(lo, hi - lo).to_pylist() if self.table.has_id else None
                yield from rows.documents(texts, ids)
                if position >= self.stop:
                    break

    def __len__(self) -> int:
        return self.stop - self.start


def _analyze_partition(source, index: int, tmp_dir: str, chunk_size: int) -> dict:
    """Worker task: analyse one partition and write it as ``part-<index>.parquet`` in ``tmp_dir``."""
    from framing.analyze import analyze
    from framing.io.writers import TableWriter

    families = worker_families()
    documents = sentences = 0
    # TableWriter writes a hidden temporary file and renames it: a retried task never leaves half a part.
    with TableWriter(Path(tmp_dir) / part_name(index), "parquet") as writer:
        for chunk in chunked(source.documents(), chunk_size):
            table = analyze(chunk, families=families)
            writer.write(table)
            documents += len(chunk)
            sentences += len(table)
    return {"index": index, "documents": documents, "sentences": sentences}


def part_name(index: int, width: int = PART_WIDTH) -> str:
    return f"{PART_PREFIX}{index:0{width}d}.parquet"


# --------------------------------------------------------------------------- client side: inputs


def _natural_key(path: Path) -> list:
    return [int(s) if s.isdigit() else s for s in re.split(r"(\d+)", path.as_posix())]


def _parquet_dataset_files(directory: Path) -> list[Path]:
    """Parquet files of a dataset directory: top-level ``*.parquet`` and hive ``key=value`` sub-folders."""
    found: list[Path] = []

    def visit(folder: Path) -> None:
        for entry in folder.iterdir():
            if entry.name.startswith((".", "_")):
                continue
            if entry.is_dir() and "=" in entry.name:
                visit(entry)
            elif entry.is_file() and entry.suffix.lower() == ".parquet":
                found.append(entry)

    visit(directory)
    return sorted(found, key=lambda p: _natural_key(p.relative_to(directory)))


def _expand_inputs(paths) -> list[Path]:
    """Every input file in order; a directory without ``.txt`` files but with Parquet parts is a dataset."""
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files: list[Path] = []
    for item in items:
        path = Path(os.fsdecode(item)) if isinstance(item, str | bytes | os.PathLike) else None
        try:
            dataset = (
                path is not None
                and path.is_dir()
                and not any(
                    p.suffix.lower() == ".txt" and not p.name.startswith(".") and p.is_file()
                    for p in path.iterdir()
                )
            )
            parts = _parquet_dataset_files(path) if dataset else []
        except OSError:
            parts = []
        if parts:
            files.extend(parts)
        else:
            files.append(item)  # anything else: the local reader expands it or explains what is wrong
    return files


def _parquet_slices(
    table: _Table, text_col: str, id_col: str, skip_empty: bool, size: int
) -> Iterator[_ParquetSlice]:
    import pyarrow.parquet as pq

    with pq.ParquetFile(table.path) as pf:
        meta = pf.metadata
        groups, first = [], 0
        for g in range(meta.num_row_groups):
            n = meta.row_group(g).num_rows
            groups.append((g, first, n))
            first += n
    if first == 0:
        raise InputError(f"{_show(table.path)} has no rows; remove it from the input or fill it in")
    for start in range(0, first, size):
        stop = min(start + size, first)
        overlapping = tuple((g, f) for g, f, n in groups if n and f < stop and f + n > start)
        yield _ParquetSlice(table, text_col, id_col, skip_empty, start, stop, overlapping)


def _partitions(files: list, *, text_col: str, id_col: str, encoding: str, skip_empty: bool, size: int):
    """Partitions in input order: lists of client-read documents, or slices of Parquet files."""
    expanded: list[tuple[Path, bool]] = []  # (file, is parquet)
    for item in files:
        for path in _expand(Path(os.fsdecode(item))):
            expanded.append((path, path.suffix.lower() == ".parquet"))
    text_files = [p for p, parquet in expanded if not parquet and not _is_table(p)]
    seen = UniqueIds()  # one id check across every input, as in the local engine
    # One reader over all .txt files, so ids of files that share a stem are formed as the local engine forms them.
    text_ids = _text_ids(text_files)
    texts = (
        iter_documents(text_files, encoding=encoding, skip_empty=skip_empty, unique_ids=seen)
        if text_files
        else None
    )
    pending: list[Document] = []

    def text_document(path: Path) -> Iterator[Document]:
        """The document of one .txt file (none if it was skipped as empty)."""
        if not pending:
            pending.extend(islice(texts, 1))
        if pending and pending[0].id == text_ids[path]:
            yield pending.pop()

    def client_documents(paths: list[Path]) -> Iterator[Document]:
        for path in paths:
            if _is_table(path):
                yield from iter_documents(
                    [path],
                    text_col=text_col,
                    id_col=id_col,
                    encoding=encoding,
                    skip_empty=skip_empty,
                    unique_ids=seen,
                )
            else:
                yield from text_document(path)

    run: list[Path] = []
    for path, parquet in [*expanded, (None, True)]:
        if not parquet:
            run.append(path)
            continue
        if run:
            for docs in chunked(client_documents(run), size):
                yield _DocumentPartition(tuple(docs))
            run = []
        if path is not None:
            table = _plan_table(path, text_col, id_col, False, encoding)
            _check_parquet_ids(table, id_col, seen)
            yield from _parquet_slices(table, text_col, id_col, skip_empty, size)


def _check_parquet_ids(table: _Table, id_col: str, seen: UniqueIds) -> None:
    """Add a Parquet file's ids to ``seen``, reading only the id column (workers read the text).

    With ``skip_empty`` the id of a row that the worker will skip is counted too (the client
    does not read the text), so such an id cannot be reused by a later document.
    """
    import pyarrow.parquet as pq

    with pq.ParquetFile(table.path) as pf:
        if not table.has_id:
            for row in range(1, pf.metadata.num_rows + 1):
                seen.add(f"{table.path.stem}:{row}", f"row {row} of {_show(table.path)}")
            return
        row = 0
        for batch in pf.iter_batches(batch_size=DEFAULT_CHUNK_DOCUMENTS * 50, columns=[id_col]):
            for raw_id in batch.column(0).to_pylist():
                row += 1
                doc_id = _id_text(raw_id)
                if doc_id is not None:  # a missing id is reported by the worker that reads the row
                    seen.add(doc_id, f"row {row} of {_show(table.path)}")


def _check_out_dir(out_dir: Path, inputs: list) -> None:
    for item in inputs:
        given = Path(os.fsdecode(item))
        if os.path.realpath(given) == os.path.realpath(out_dir):
            raise InputError(
                f"refusing to write output to {_show(out_dir)}: it is the input {_show(given)}; choose a "
                "different output folder"
            )
    if out_dir.exists():
        if not out_dir.is_dir():
            raise InputError(
                f"output {_show(out_dir)} exists and is not a directory; the dask engine writes a folder of "
                "Parquet parts: give a new folder name"
            )
        if any(out_dir.iterdir()):
            raise InputError(
                f"output folder {_show(out_dir)} is not empty; give a new or empty folder (nothing in it was changed)"
            )
    parent = out_dir.parent
    if not parent.is_dir():
        raise InputError(
            f"cannot write {_show(out_dir)}: its parent folder {_show(parent)} does not exist; create it first "
            "or choose another output folder"
        )


# --------------------------------------------------------------------------- client side: the run


def _connect(scheduler, n_workers: int | None):
    """(client, cluster or None, whether we own the client)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise FramingError(
            'the dask engine needs Dask: pip install "framing[dask]" (on the client and every worker)'
        ) from None
    if scheduler is not None and not isinstance(scheduler, str):
        return scheduler, None, False  # an existing distributed.Client
    if scheduler is None:
        workers = n_workers or os.cpu_count() or 1
        # One single-threaded process per core (the analysis holds the GIL); any free port for the
        # scheduler's HTTP server, which runs even without a dashboard and would otherwise want 8787.
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        try:
            return Client(cluster, set_as_default=False), cluster, True
        except BaseException:
            cluster.close()
            raise
    try:
        client = Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise FramingError(
            f"cannot connect to the dask scheduler at {_show(scheduler)}: {' '.join(str(err).split())}; start "
            "one with 'dask scheduler' and pass its address, such as tcp://host:8786"
        ) from None
    return client, None, True


def _wait_for_workers(client, n_workers: int | None, address) -> None:
    wanted = n_workers or 1
    try:
        client.wait_for_workers(wanted, timeout=_WAIT_FOR_WORKERS_SECONDS)
    except TimeoutError:
        have = len(client.scheduler_info().get("workers", {}))
        raise FramingError(
            f"only {have} dask worker(s) joined the scheduler {_show(address)} within "
            f"{_WAIT_FOR_WORKERS_SECONDS} s, {wanted} needed; start workers with "
            "'dask worker tcp://HOST:8786 --nworkers auto --nthreads 1'"
        ) from None


def _preflight(client, tmp_dir: Path) -> int:
    """Check every worker before any work: same framing lexicons, output folder visible. Returns threads."""
    reports = client.run(_worker_check, str(tmp_dir))
    if not reports:
        raise FramingError("the dask cluster has no workers")
    blind = sorted(w for w, r in reports.items() if not r["sees_output"])
    if blind:
        raise FramingError(
            f"dask worker(s) {', '.join(blind)} cannot see the output folder {_show(tmp_dir.parent)}; inputs and "
            "output must be on a filesystem every worker mounts at the same path"
        )
    kinds = {(r["version"], tuple(r["lexicons"])) for r in reports.values()}
    if len(kinds) > 1:
        raise FramingError(
            "the dask workers run different framing versions or lexicons; install the same framing version "
            "on every worker"
        )
    return sum(client.nthreads().values()) or len(reports)


def analyze_dask(
    paths,
    out_dir: str | Path,
    *,
    scheduler=None,
    text_col: str = "text",
    id_col: str = "id",
    encoding: str = "utf-8",
    skip_empty: bool = False,
    partition_documents: int = DEFAULT_PARTITION_DOCUMENTS,
    n_workers: int | None = None,
    progress: bool | None = None,
) -> dict:
    """Analyse every document under ``paths`` on a Dask cluster into Parquet parts in ``out_dir``.

    ``scheduler``: the address of a running scheduler (``"tcp://10.0.0.5:8786"``), an existing
    ``distributed.Client``, or None to start a local cluster of ``n_workers`` processes (default:
    one per core) and close it at the end. With an address, ``n_workers`` is how many workers to
    wait for (default 1, for up to a minute) before starting.

    ``out_dir`` must not exist or be empty. The parts are written into a temporary sibling folder
    that is renamed to ``out_dir`` only when every part is complete: on any error (a bad input,
    a failing worker, Ctrl-C) nothing is left behind. Inputs are checked before a cluster is
    started, so a bad path fails at once with :class:`~framing.errors.InputError`.

    Returns ``{"documents", "sentences", "partitions", "seconds", "workers", "out_dir"}``.
    """
    started = time.perf_counter()
    if (
        not isinstance(partition_documents, int)
        or isinstance(partition_documents, bool)
        or partition_documents < 1
    ):
        raise ValueError(f"partition_documents must be a positive integer, not {partition_documents!r}")
    if n_workers is not None and (not isinstance(n_workers, int) or n_workers < 1):
        raise ValueError(f"n_workers must be a positive integer or None, not {n_workers!r}")

    inputs = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    files = _expand_inputs(inputs)
    # All the local engine's up-front checks (paths, types, empty/binary files, columns, duplicates).
    iter_documents(files, text_col=text_col, id_col=id_col, encoding=encoding, skip_empty=skip_empty)
    files = [Path(os.path.abspath(os.fsdecode(f))) for f in files]  # workers may run elsewhere
    out_dir = Path(os.path.abspath(os.fsdecode(out_dir)))
    _check_out_dir(out_dir, [*inputs, *files])

    try:
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    except OSError as err:
        raise InputError(
            f"cannot write to folder {_show(out_dir.parent)}: {err.strerror or err}; choose another output folder"
        ) from None
    os.chmod(tmp_dir, 0o777 & ~_umask())  # mkdtemp makes it 0700; workers may run as another user
    client = cluster = None
    own_client = False
    try:
        client, cluster, own_client = _connect(scheduler, n_workers)
        if isinstance(scheduler, str):
            _wait_for_workers(client, n_workers, scheduler)
        threads = _preflight(client, tmp_dir)
        counts = _run(
            client,
            _partitions(
                files,
                text_col=text_col,
                id_col=id_col,
                encoding=encoding,
                skip_empty=skip_empty,
                size=partition_documents,
            ),
            tmp_dir,
            in_flight=max(2, 2 * threads),
            progress=sys.stderr.isatty() if progress is None else progress,
        )
        _finish(tmp_dir, out_dir, counts["partitions"])
    except BaseException:
        _remove_tree(tmp_dir)
        raise
    finally:
        if own_client and client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    return {
        **counts,
        "seconds": time.perf_counter() - started,
        "workers": threads,
        "out_dir": str(out_dir),
    }


def _remove_tree(path: Path, patience: float = 10.0) -> None:
    """Remove ``path`` although cancelled tasks that are still running may add files to it meanwhile.

    Once the folder is gone no task can create anything in it (their writes fail), so removing
    until it stays gone is enough; a file created between ``rmtree``'s listing and its final
    ``rmdir`` only makes that round fail.
    """
    deadline = time.monotonic() + patience
    while True:
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists() or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _run(client, partitions, tmp_dir: Path, *, in_flight: int, progress: bool) -> dict:
    """Submit partitions with at most ``in_flight`` pending; returns the counts."""
    from distributed import as_completed
    from tqdm import tqdm

    run = uuid.uuid4().hex[:8]
    pending: dict = {}  # result future -> its scattered data (kept alive until the task is done)
    totals = {"documents": 0, "sentences": 0, "partitions": 0}

    def collect(futures) -> None:
        for future in futures:
            pending.pop(future)
            result = future.result()  # re-raises a worker's exception (InputError from a bad row, ...)
            totals["documents"] += result["documents"]
            totals["sentences"] += result["sentences"]
            bar.update(result["sentences"])

    finished = as_completed(loop=client.loop)  # not distributed.wait: that needs a default client
    with tqdm(desc="analysing", unit=" sentences", disable=not progress, file=sys.stderr) as bar:
        try:
            for index, partition in enumerate(partitions):
                data = (
                    client.scatter(partition, hash=False)
                    if isinstance(partition, _DocumentPartition)
                    else partition
                )
                future = client.submit(
                    _analyze_partition,
                    data,
                    index,
                    str(tmp_dir),
                    DEFAULT_CHUNK_DOCUMENTS,
                    key=f"framing-part-{index:05d}-{run}",
                )
                pending[future] = data
                finished.add(future)
                totals["partitions"] = index + 1
                del partition, data
                while len(pending) >= in_flight:
                    collect([next(finished)])
            for future in finished:
                collect([future])
        except BaseException:
            futures = list(pending)
            futures += [d for d in pending.values() if not isinstance(d, _ParquetSlice)]
            if futures:
                client.cancel(futures)
            raise
    return totals


def _finish(tmp_dir: Path, out_dir: Path, partitions: int) -> None:
    """Check every part arrived, drop leftovers of killed tasks, and move the folder into place."""
    expected = {part_name(i) for i in range(partitions)}
    present = {p.name for p in tmp_dir.iterdir()}
    missing = sorted(expected - present)
    if missing:
        raise FramingError(
            f"{len(missing)} part(s) written by the dask workers are not visible here (first: {missing[0]}); "
            "inputs and output must be on a filesystem every worker mounts at the same path"
        )
    for stray in present - expected:  # hidden temporary files of tasks that were killed and retried
        (tmp_dir / stray).unlink(missing_ok=True)
    if partitions > 10**PART_WIDTH:  # keep name order equal to partition order
        width = len(str(partitions - 1))
        for i in range(partitions):
            os.rename(tmp_dir / part_name(i), tmp_dir / part_name(i, width))
    if out_dir.is_dir():
        try:
            out_dir.rmdir()  # it was empty when we checked; if something appeared since, keep it and fail
        except OSError:
            raise InputError(
                f"output folder {_show(out_dir)} is no longer empty; nothing was written to it"
            ) from None
    os.rename(tmp_dir, out_dir)
