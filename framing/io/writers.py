"""Write result tables atomically: a complete file at the destination, or nothing at all.

Rows go into a hidden temporary file in the destination's own directory (so the final
``os.replace`` is an atomic rename on the same filesystem). Only a successful ``close()``
renames it into place; any exception, KeyboardInterrupt included, deletes it and leaves a
pre-existing destination untouched. An input file is never overwritten (``protected``).

All three formats carry the same values: lists, tuples, sets, arrays and dicts in a cell are
stored as JSON strings (``ensure_ascii=False``, sorted keys) in every format. Floats keep full
precision (shortest repr that round-trips). CSV and JSONL bytes depend only on the data.
Missing values: empty field in CSV, ``null`` in JSONL and Parquet; JSON has no infinity, so
±inf is written as ``null`` in JSONL (CSV and Parquet keep it).
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import math
import os
import shutil
import stat
import tempfile
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import numpy as np
import pandas as pd

from framing.errors import InputError, OutputError
from framing.io.readers import _show

FORMATS = ("csv", "parquet", "jsonl")
_SUFFIX_FORMATS = {
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_FORMAT_ALIASES = {"pq": "parquet", "ndjson": "jsonl"}
_NESTED = (list, tuple, dict, set, frozenset, np.ndarray)
_TEXT = {"encoding": "utf-8", "newline": ""}
# Object columns of these inferred types hold no list or dict (a check in C; mapping every cell is 4x slower).
_FLAT = frozenset({"string", "empty"})


def infer_format(path, fmt: str | None = None) -> str:
    """The output format: ``fmt`` (``--format``) if given, else from the file suffix."""
    if fmt is not None:
        name = str(fmt).strip().lower().lstrip(".")
        name = _FORMAT_ALIASES.get(name, name)
        if name not in FORMATS:
            raise InputError(f"unknown output format {_show(fmt)}; use --format csv, parquet or jsonl")
        return name
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIX_FORMATS:
        return _SUFFIX_FORMATS[suffix]
    hint = "; for JSON Lines use .jsonl" if suffix == ".json" else ""
    raise InputError(
        f"cannot tell the output format of {_show(path)} from its extension "
        f"({_show(suffix) if suffix else 'none'}); name it .csv, .parquet or .jsonl, or pass --format "
        f"csv, parquet or jsonl{hint}"
    )


# --------------------------------------------------------------------------- values


def _plain(value):
    """A JSON-ready copy of ``value``: NaN/inf -> None, numpy -> Python, containers recursed."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, dict):
        return {(k if isinstance(k, str) else str(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        items = [_plain(v) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, pd.Timedelta):
        return value.isoformat()
    raise TypeError(f"cannot write a value of type {type(value).__name__} to a table: {value!r:.80}")


def _nested_json(value) -> str | None:
    if not isinstance(value, _NESTED):
        return value
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True, allow_nan=False)


def _prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Replace list/dict cells by JSON strings (a shallow copy when needed; ``df`` is not changed)."""
    out = None
    # Only object columns can hold lists or dicts: their dtypes first, so the ~57 numeric and
    # string columns of an analysis table are not each made a Series (half of this function's time).
    for i, dtype in enumerate(df.dtypes.tolist()):
        if dtype != object:
            continue
        column = df.iloc[:, i]
        if pd.api.types.infer_dtype(column, skipna=True) in _FLAT:
            continue
        if column.map(lambda v: isinstance(v, _NESTED)).any():
            if out is None:
                out = df.copy(deep=False)
            out.isetitem(i, column.map(_nested_json).astype(object))
    return df if out is None else out


# OWASP "CSV injection": a spreadsheet runs a cell starting with these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula, prefixed with ``'`` (``--csv-safe``).

    Off by default: the prefix changes the text, so ``text`` would no longer equal the
    article's characters ``start:end``. Use it only for files meant to be opened in Excel,
    LibreOffice or Google Sheets; numbers (including negative ones) are left alone.
    """
    out = df.copy(deep=False)
    for i, column in enumerate(df.columns):
        if df[column].dtype == object:
            out.isetitem(
                i,
                df[column].map(
                    lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
                ),
            )
    return out


def _json_line(columns: list[str], row: tuple) -> str:
    record = {name: _plain(value) for name, value in zip(columns, row)}
    return json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- destination


def _same_file(a: Path, b: Path) -> bool:
    try:
        if os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b)):
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


STDOUT = "-"


@dataclass(frozen=True)
class Destination:
    """Where an output's bytes go.

    ``path`` is the regular file to replace atomically (a symbolic link resolved to its
    target, so the link survives), or the special file to write in place when ``stream``:
    a FIFO, a terminal or other character device, or ``-`` for standard output. Those
    cannot be renamed over without destroying them, so they receive the bytes as they
    come and an interrupted run leaves a partial stream, as any pipe does.
    """

    path: Path
    stream: bool = False

    def describe(self) -> str:
        return "standard output" if str(self.path) == STDOUT else str(self.path)


def _check_destination(path: Path, protected) -> Destination:
    """Refuse an output path that would destroy an input or a non-regular file; say where bytes go."""
    if isinstance(protected, (str, os.PathLike)):
        protected = [protected]
    for p in protected:
        p = Path(p)
        if _same_file(path, p):
            raise InputError(
                f"refusing to write output to {_show(path)}: it is the input file {_show(p)} and would be "
                "overwritten; choose a different output path"
            )
        # A directory input stands for its top-level .txt files (see readers.iter_documents).
        if (
            path.suffix.lower() == ".txt"
            and not path.name.startswith(".")
            and p.is_dir()
            and _same_file(path.parent, p)
        ):
            raise InputError(
                f"refusing to write output to {_show(path)}: it is one of the input files in directory "
                f"{_show(p)} and would be overwritten; choose a different output path"
            )
    if str(path) == STDOUT:
        return Destination(path, stream=True)
    try:
        mode = os.stat(path).st_mode  # follows symbolic links
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(
                f"output {_show(path)} is a broken symbolic link (to {_show(os.readlink(path))}); point it at "
                "an existing folder or choose another output path"
            ) from None
        mode = None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(
                f"output {_show(path)} is a symbolic link loop; remove the link or choose another output path"
            ) from None
        raise InputError(
            f"cannot write {_show(path)}: {err.strerror or err}; choose another output path"
        ) from None
    if mode is not None:
        if stat.S_ISDIR(mode):
            raise InputError(
                f"output {_show(path)} is a directory; give a file name, such as {_show(path / 'scores.csv')}"
            )
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            return Destination(path, stream=True)
        if not stat.S_ISREG(mode):
            kind = (
                "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "special"
            )
            raise InputError(
                f"output {_show(path)} is {kind}, not a regular file; framing writes only files, FIFOs and "
                "terminals: choose another output path"
            )
        path = Path(os.path.realpath(path))  # write through a symbolic link: the link stays
    parent = path.parent
    if not parent.exists():
        raise InputError(
            f"cannot write {_show(path)}: its directory {_show(parent)} does not exist; create it first "
            "or choose another output path"
        )
    if not parent.is_dir():
        raise InputError(
            f"cannot write {_show(path)}: {_show(parent)} is not a directory; choose another output path"
        )
    return Destination(path)


def is_stdout(path) -> bool:
    """True when ``path`` is ``-`` or names the file standard output already is (``/dev/stdout``, ...).

    Commands then print their messages to standard error so the table stays clean.
    """
    if str(path) == STDOUT:
        return True
    try:
        a, b = os.stat(path), os.fstat(1)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def check_output(path, *, protected=()) -> Destination:
    """:func:`_check_destination` plus proof that its folder takes new files (before hours of work)."""
    destination = _check_destination(Path(path), protected)
    if not destination.stream:
        fd, probe = _temporary_beside(destination.path)
        os.close(fd)
        _remove(probe)
    return destination


def _temporary_beside(target: Path) -> tuple[int, str]:
    """A new ``.<name>.*.tmp`` file beside ``target``, so that renaming it over ``target`` is atomic."""
    try:
        return tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        raise _write_error(target, err) from None


def _write_error(path: Path, err: OSError) -> OutputError:
    """One line for a failed write (full disk, read-only filesystem, permissions, ...)."""
    advice = {
        errno.ENOSPC: "free some space or choose another output path",
        errno.EDQUOT: "free some space or choose another output path",
        errno.EROFS: "the filesystem is read-only: choose another output path",
    }.get(err.errno, "check the folder and its permissions, or choose another output path")
    return OutputError(f"cannot write {_show(path)}: {err.strerror or err}; nothing was written; {advice}")


def _default_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)  # keep the mode of the file being replaced
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(path: str | None) -> None:
    if path is None:
        return
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _discard(path: str | None, handles: list) -> None:
    """Close what is still open and delete the temporary file (abort, and the GC/exit safety net)."""
    try:
        for handle in handles:
            try:
                handle.close()
            except Exception:  # noqa: BLE001, S110 - already failing; removing the file is what matters
                pass
    finally:
        handles.clear()
        _remove(path)


def _fsync_path(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- writer


class TableWriter:
    """Write a table in one or more chunks; the file appears at ``path`` only on a successful close.

    Use as a context manager::

        with TableWriter("out.parquet", protected=inputs) as w:
            for chunk in chunks:
                w.write(chunk)

    Every chunk must have the same columns in the same order as the first. If ``write`` fails,
    the writer aborts at once (the temporary file is removed) and cannot be used again.
    A FIFO, a terminal or ``-`` (standard output) is written in place instead (see
    :class:`Destination`); a symbolic link is written through to its target.
    """

    def __init__(self, path, fmt: str | None = None, *, protected=(), csv_safe: bool = False):
        self.path = Path(path)
        self.format = infer_format(self.path, fmt)
        if csv_safe and self.format != "csv":
            raise InputError(
                f"--csv-safe applies to CSV output only, not {self.format}; drop it or write .csv"
            )
        self.csv_safe = csv_safe
        self.destination = _check_destination(self.path, protected)
        self._tmp: str | None = None
        # Safety net for writers that are dropped without close()/abort() (also runs at exit).
        self._handles: list = []  # open file / ParquetWriter, closed by _discard
        self._columns: list | None = None
        self._file = None
        self._parquet = None
        self._schema = None
        self._state = "open"
        binary = self.format == "parquet"
        if self.destination.stream:
            self._sink = _open_stream(self.destination, binary, self._handles)
            self._file = None if binary else self._sink
            self._finalizer = weakref.finalize(self, _discard, None, self._handles)
            return
        target = self.destination.path
        mode = _default_mode(target)
        fd, tmp = _temporary_beside(target)
        self._tmp = self._sink = tmp
        self._finalizer = weakref.finalize(self, _discard, tmp, self._handles)
        try:
            os.chmod(tmp, mode)
            if binary:
                os.close(fd)
            else:
                self._file = os.fdopen(fd, "w", encoding="utf-8", newline="")
                self._handles.append(self._file)
        except BaseException:
            self.abort()
            raise

    # context manager ---------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is None:
            self.close()
        else:
            self.abort()
        return False

    # writing -----------------------------------------------------------------
    @contextmanager
    def _aborting_on_failure(self) -> Iterator[None]:
        """On any failure remove the partial file; an OSError (disk full) becomes a one-line OutputError."""
        try:
            yield
        except OSError as err:
            self.abort()
            raise _write_error(self.destination.path, err) from None
        except BaseException:
            self.abort()
            raise

    def write(self, df: pd.DataFrame) -> None:
        """Append the rows of ``df`` (index not written)."""
        if self._state != "open":
            raise ValueError(f"cannot write to {self.path}: the writer is already {self._state}")
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"TableWriter.write needs a pandas DataFrame, not {type(df).__name__}")
        columns = list(df.columns)
        if self._columns is None:
            if len(set(map(str, columns))) != len(columns):
                raise ValueError(f"cannot write {self.path}: duplicate column names in {columns}")
        elif columns != self._columns:
            self.abort()
            raise ValueError(
                f"cannot write {self.path}: chunk columns {columns} differ from the first chunk's {self._columns}"
            )
        with self._aborting_on_failure():
            self._write(_prepare(df), first=self._columns is None)
        self._columns = columns

    def _write(self, df: pd.DataFrame, first: bool) -> None:
        if self.format == "csv":
            df = spreadsheet_safe(df) if self.csv_safe else df
            df.to_csv(self._file, index=False, header=first, lineterminator="\n")
        elif self.format == "jsonl":
            names = [str(c) for c in df.columns]
            self._file.writelines(_json_line(names, row) for row in df.itertuples(index=False, name=None))
        else:
            self._write_parquet(df, first)

    def _write_parquet(self, df: pd.DataFrame, first: bool) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        df = df.rename(columns=str) if any(not isinstance(c, str) for c in df.columns) else df
        if first:
            table = pa.Table.from_pandas(df, preserve_index=False)
            # An all-missing first chunk gives a "null" column; store it as text so later chunks fit.
            fields = [
                pa.field(f.name, pa.large_string()) if pa.types.is_null(f.type) else f for f in table.schema
            ]
            self._schema = pa.schema(fields, metadata=table.schema.metadata)
            table = table.cast(self._schema)
            self._parquet = pq.ParquetWriter(
                self._sink, self._schema, use_dictionary=_repeating_columns(table)
            )
            self._handles.insert(0, self._parquet)  # closed before the stream it writes to
        else:
            try:
                table = pa.Table.from_pandas(df, schema=self._schema, preserve_index=False)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as err:
                raise ValueError(
                    f"cannot write {self.path}: a chunk does not fit the column types of the first chunk "
                    f"({self._schema.remove_metadata()}): {err}"
                ) from err
        self._parquet.write_table(table)

    # finishing ---------------------------------------------------------------
    def close(self) -> Path:
        """Finish the file and move it into place; returns the destination path."""
        if self._state == "closed":
            return self.path
        if self._state != "open":
            raise ValueError(f"cannot close {self.path}: the writer is already {self._state}")
        with self._aborting_on_failure():
            self._finish()
        self._state = "closed"
        self._finalizer.detach()
        if self._tmp is not None:
            try:  # make the rename itself durable; not possible everywhere
                _fsync_path(str(self.destination.path.parent))
            except OSError:
                pass
        return self.path

    def _finish(self) -> None:
        if self.format == "parquet":
            if self._parquet is None:  # nothing written: an empty table with no columns
                import pyarrow as pa
                import pyarrow.parquet as pq

                pq.write_table(pa.table({}), self._sink)
            else:
                self._parquet.close()
        if self._tmp is None:  # a stream: no temporary file, no rename
            _close_all(self._handles)
            return
        if self.format == "parquet":
            _fsync_path(self._tmp)
        else:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        os.replace(self._tmp, self.destination.path)

    def abort(self) -> None:
        """Discard everything written; a pre-existing destination is left as it was."""
        if self._state == "closed":
            return
        self._state = "aborted"
        try:
            _discard(self._tmp, self._handles)
        finally:
            self._file = self._parquet = None
            self._finalizer.detach()


def _repeating_columns(table) -> list[str]:
    """Columns worth dictionary-encoding: all but text columns whose values seldom repeat (``text``, ``cues``).

    Trying a dictionary on such a column and falling back costs ~10% of writing a chunk and saves nothing.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def unique_text(column) -> bool:
        kind = column.type
        if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)) or len(column) < 2:
            return False
        return pc.count_distinct(column).as_py() > len(column) // 2

    return [
        name
        for name, column in zip(table.column_names, table.columns, strict=True)
        if not unique_text(column)
    ]


def _open_stream(destination: Destination, binary: bool, handles: list):
    """The special file (or standard output) to write in place; closed by ``_close_all``/``_discard``."""
    import sys

    if str(destination.path) == STDOUT:
        return _Unclosed(sys.stdout.buffer if binary else sys.stdout)
    try:
        handle = open(destination.path, "wb" if binary else "w", **({} if binary else _TEXT))  # noqa: SIM115
    except OSError as err:
        raise _write_error(destination.path, err) from None
    handles.append(handle)
    return handle


class _Unclosed:
    """Standard output as a sink that framing flushes but never closes (the process still needs it)."""

    def __init__(self, stream):
        self._stream = stream

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def close(self) -> None:
        self._stream.flush()

    @property
    def closed(self) -> bool:
        return False


def _close_all(handles: list) -> None:
    for handle in handles:
        handle.close()
    handles.clear()


def write_table(
    df: pd.DataFrame, path, fmt: str | None = None, *, protected=(), csv_safe: bool = False
) -> Path:
    """Write ``df`` to ``path`` atomically in one go; returns the destination path."""
    with TableWriter(path, fmt, protected=protected, csv_safe=csv_safe) as writer:
        writer.write(df)
    return writer.path


@contextmanager
def atomic_output(path, *, protected=(), text: bool = False) -> Iterator:
    """A handle on a temporary file beside ``path``, renamed over it only if the block succeeds.

    Every output of framing that is not a table (models, reports, figures,
    manifests) goes through here: an interrupted run never leaves a half-written
    file that a later step could mistake for a good one, and ``protected``
    inputs are never overwritten. ``text=True`` gives a UTF-8 text handle with
    untranslated newlines. A FIFO, terminal or ``-`` is written in place (see
    :class:`Destination`); a write error (full disk, read-only filesystem) is an
    :class:`~framing.errors.OutputError` with nothing left behind.
    """
    destination = _check_destination(Path(path), protected)
    options = _TEXT if text else {}
    if destination.stream:
        handles: list = []
        handle = _open_stream(destination, not text, handles)
        try:
            yield handle
            handle.flush()
        except OSError as err:
            raise _write_error(destination.path, err) from None
        finally:
            _discard(None, handles)
        return
    target = destination.path
    mode = _default_mode(target)  # mkstemp's 0600 would hide a shared file from collaborators
    fd, tmp = _temporary_beside(target)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w" if text else "wb", **options) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        _remove(tmp)
        raise _write_error(target, err) from None
    except BaseException:
        _remove(tmp)
        raise


@contextmanager
def all_or_none(paths: Sequence[Path]):
    """Outputs that only make sense together (a model and its report): if one fails, remove those written.

    Each file is still written atomically; this only stops a failure half-way (a full disk
    at the report) from leaving a model that looks finished beside no report.
    """
    paths = [Path(os.path.realpath(path)) for path in paths]  # a symbolic link stays; its target goes
    before = {path: _identity(path) for path in paths}
    try:
        yield
    except BaseException:
        for path in paths:
            now = _identity(path)
            if now is not None and now != before[path] and path.is_file():
                path.unlink()
        raise


def _identity(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


@contextmanager
def staged_folder(out) -> Iterator[Path]:
    """Write into a temporary folder beside ``out`` and move the files in only when all succeeded."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; give a folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield stage
        out.mkdir(exist_ok=True)
        for path in sorted(stage.iterdir()):
            path.replace(out / path.name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
