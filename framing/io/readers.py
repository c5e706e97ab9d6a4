"""Read the documents a user points `framing` at, refusing bad input with a clear one-line message.

Accepted inputs (each path may be given alone or in a list):

* a ``.txt`` or ``.md`` file: one document, id = the file stem;
* a directory: its top-level ``*.txt`` files, sorted by name (hidden files are skipped);
* a table: ``.jsonl``/``.ndjson`` (one JSON object per line), ``.csv``, ``.tsv`` or ``.parquet``,
  one document per row, read in chunks of ``chunk_rows`` so memory stays flat for huge corpora.

The text is returned exactly as decoded (only a byte-order mark is removed): line endings are
kept, because segment offsets must point into the untouched text. Input files are only opened
for reading.

Everything that can be checked cheaply (paths exist, extensions, empty or binary files,
table columns) is checked for *all* inputs when :func:`iter_documents` is called, before any
document is produced, so a run fails in seconds rather than after hours. Whether a table's
bytes decode is checked before its first row is yielded; problems inside individual rows
(empty text, a malformed JSON line) are reported when that row is reached.
"""

from __future__ import annotations

import codecs
import difflib
import json
import logging
import math
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")
SUPPORTED = (
    "a .txt or .md file, a directory of .txt files, or a .jsonl, .ndjson, .csv, .tsv or .parquet table"
)

_SNIFF_BYTES = 8192
_BLOCK_BYTES = 1 << 20
_MAX_SHOWN_COLUMNS = 20

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
# (mark, codec that decodes the bytes after the mark, codec that consumes the mark itself)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

# Files that are obviously not text, whatever their name says: (magic, what it is, what to do).
_MAGIC = (
    (b"%PDF", "a PDF document", "extract its text first (for example with pdftotext)"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or .docx/.xlsx)",
        "unzip it, or save the text as .txt or the sheet as .csv",
    ),
    (b"\x1f\x8b", "gzip-compressed", "decompress it first (gunzip)"),
    (b"BZh", "bzip2-compressed", "decompress it first (bunzip2)"),
    (b"\xfd7zXZ\x00", "xz-compressed", "decompress it first (unxz)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed", "decompress it first (unzstd)"),
    (b"PAR1", "a Parquet file", "give it a .parquet extension"),
    (b"SQLite format 3\x00", "an SQLite database", "export the table to .csv or .jsonl"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file (.doc/.xls)", "save it as .txt or .csv"),
    (b"\x89PNG", "a PNG image", "pass a text file"),
    (b"\xff\xd8\xff", "a JPEG image", "pass a text file"),
)

_WRONG_SUFFIX_HINTS = {
    ".json": "if it holds one JSON object per line rename it to .jsonl, otherwise convert it to JSON Lines",
    ".xlsx": "save the sheet as .csv",
    ".xls": "save the sheet as .csv",
    ".gz": "decompress it first",
    ".zip": "unzip it first",
    ".pdf": "extract its text to .txt first",
    ".docx": "save it as .txt first",
    ".html": "extract the article text to .txt first",
    ".htm": "extract the article text to .txt first",
}


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: a unique string id and its full text."""

    id: str
    text: str


# --------------------------------------------------------------------------- helpers


def _show(value: object) -> str:
    """Quote a user-supplied name for a one-line message (control characters escaped)."""
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(value))
    return f"'{text}'"


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _size_text(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def _codec_name(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _is_wide(encoding: str) -> bool:
    name = _codec_name(encoding)
    return name.startswith(("utf-16", "utf-32"))


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except (LookupError, TypeError):
        raise InputError(
            f"unknown text encoding {_show(encoding)}; use a Python codec name such as utf-8, "
            "cp1252, latin-1 or utf-16"
        ) from None


def _bom(head: bytes) -> tuple[int, str, str] | None:
    """(mark length, codec for the bytes after it, codec that strips it), or None without a mark."""
    for mark, bare, stripping in _BOMS:
        if head.startswith(mark):
            return len(mark), bare, stripping
    return None


def _is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def is_table_path(path: str | os.PathLike) -> bool:
    """True for the table formats read row by row: .jsonl, .ndjson, .csv, .tsv, .parquet."""
    return _is_table(Path(path))


def _stat_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as err:
        raise InputError(
            f"cannot read {_show(path)}: {err.strerror or err}; check the path and its permissions"
        ) from None


def _open_error(path: Path, err: OSError) -> InputError:
    return InputError(f"cannot read {_show(path)}: {err.strerror or err}; check the file and its permissions")


def _read_head(path: Path, n: int = _SNIFF_BYTES) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError as err:
        raise _open_error(path, err) from None


def _sniff_binary(path: Path, head: bytes, encoding: str) -> None:
    """Refuse files that are plainly not text (known magic numbers, NUL bytes)."""
    for magic, what, advice in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"{_show(path)} is a binary file ({what}), not text; {advice}")
    if _is_wide(encoding) or b"\x00" not in head:
        return
    odd_nuls = head[1::2].count(0)
    if len(head) >= 4 and odd_nuls >= 0.8 * (len(head) // 2):
        raise InputError(
            f"{_show(path)} contains NUL bytes: it looks like UTF-16 text without a byte-order mark; "
            "pass --encoding utf-16-le"
        )
    if len(head) >= 4 and head[0::2].count(0) >= 0.8 * (len(head) // 2):
        raise InputError(
            f"{_show(path)} contains NUL bytes: it looks like UTF-16 text without a byte-order mark; "
            "pass --encoding utf-16-be"
        )
    raise InputError(
        f"{_show(path)} looks like a binary file (it contains NUL bytes in its first "
        f"{_SNIFF_BYTES // 1024} KiB), not text; pass a plain-text file or a supported table"
    )


def _encoding_advice(encoding: str, data: bytes | None) -> str:
    """Suggest an encoding that may fit ``data`` (a sample of the file, or None if unknown)."""
    name = _codec_name(encoding)
    if name != "utf-8":
        if data is not None:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return "it looks like UTF-8: try --encoding utf-8"
        return "try --encoding utf-8, or --encoding latin-1 (which accepts any bytes)"
    if data is not None:
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return "it may be Latin-1: try --encoding latin-1"
    return "if it was saved by Windows or an older tool, try --encoding cp1252 or --encoding latin-1"


def _decode_error(
    path: Path, encoding: str, offset: int, bad: bytes, line: int | None, sample: bytes | None
) -> InputError:
    where = f"byte offset {offset}" + (f", line {line}" if line is not None else "")
    shown = f"0x{bad[0]:02X}" if bad else "an incomplete character"
    return InputError(
        f"{_show(path)} is not valid {encoding} text: cannot decode {shown} at {where}; "
        f"{_encoding_advice(encoding, sample)}"
    )


def _scan_decode(path: Path, encoding: str) -> None:
    """Decode the whole file block by block (memory stays flat); raise with the exact byte offset."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed by the with below; open errors get their own message
    except OSError as err:
        raise _open_error(path, err) from None
    with f:
        head = f.read(_SNIFF_BYTES)
        mark = _bom(head)
        codec, skip = (mark[1], mark[0]) if mark else (encoding, 0)
        f.seek(skip)
        decoder = codecs.getincrementaldecoder(codec)("strict")
        count_lines = not _is_wide(codec)
        offset, lines = skip, 1  # offset of the next unread byte; lines seen so far
        while True:
            block = f.read(_BLOCK_BYTES)
            pending = decoder.getstate()[0]
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as err:
                at = offset - len(pending) + err.start
                in_block = max(0, err.start - len(pending))
                line = lines + block[:in_block].count(b"\n") if count_lines else None
                raise _decode_error(path, codec, at, err.object[err.start : err.end], line, head) from None
            if not block:
                return
            offset += len(block)
            if count_lines:
                lines += block.count(b"\n")


def _columns_text(columns: list[str]) -> str:
    shown = ", ".join(_show(c) for c in columns[:_MAX_SHOWN_COLUMNS])
    if len(columns) > _MAX_SHOWN_COLUMNS:
        shown += f", ... ({len(columns)} in all)"
    return shown or "(none)"


def _did_you_mean(name: str, columns: list[str]) -> str:
    lower = {c.lower(): c for c in columns}
    if name.lower() in lower:
        return f" (did you mean {_show(lower[name.lower()])}?)"
    close = difflib.get_close_matches(name, columns, n=1)
    return f" (did you mean {_show(close[0])}?)" if close else ""


# --------------------------------------------------------------------------- planning


def _as_paths(paths: object) -> list[Path]:
    if isinstance(paths, (str, bytes, os.PathLike)):
        items = [paths]
    else:
        try:
            items = list(paths)  # type: ignore[call-overload]
        except TypeError:
            raise TypeError(f"paths must be a path or a list of paths, not {type(paths).__name__}") from None
    if not items:
        raise InputError(f"no input paths were given; pass {SUPPORTED}")
    out = []
    for item in items:
        if not isinstance(item, (str, bytes, os.PathLike)):
            raise TypeError(f"each path must be a str or os.PathLike, not {type(item).__name__}")
        text = os.fsdecode(item)
        if not text.strip():
            raise InputError(f"an input path is empty ({_show(text)}); pass {SUPPORTED}")
        out.append(Path(text))
    return out


def _missing(path: Path) -> InputError:
    if path.is_symlink():
        return InputError(
            f"input {_show(path)} is a broken symbolic link; point it at an existing file or pass the file itself"
        )
    hint = ""
    parent = path.parent
    try:
        if parent.is_dir():
            close = difflib.get_close_matches(path.name, os.listdir(parent), n=1)
            if close:
                hint = f" (did you mean {_show(parent / close[0])}?)"
        else:
            hint = f" (directory {_show(parent)} does not exist either)"
    except OSError:
        pass
    return InputError(f"input {_show(path)} does not exist{hint}; check the path")


def _expand(path: Path) -> list[Path]:
    """The files one user-given path stands for, after checking that it can be read at all."""
    if not path.exists():
        raise _missing(path)
    if path.is_dir():
        try:
            entries = list(path.iterdir())
        except OSError as err:
            raise InputError(
                f"cannot list directory {_show(path)}: {err.strerror or err}; check its permissions"
            ) from None
        files = sorted(
            (p for p in entries if p.suffix.lower() == ".txt" and not p.name.startswith(".") and p.is_file()),
            key=lambda p: p.name,
        )
        if not files:
            others = Counter(
                p.suffix.lower()
                for p in entries
                if p.is_file() and p.suffix.lower() in TABLE_SUFFIXES + (".md",)
            )
            if others:
                found = ", ".join(f"{n} {s}" for s, n in sorted(others.items()))
                hint = f"it has {found} file(s), which are not read from a directory: pass them by name"
            else:
                hint = "put the documents there as .txt files (one per document) or pass the files directly"
            raise InputError(
                f"directory {_show(path)} contains no .txt files (only its top-level *.txt are read); {hint}"
            )
        return files
    if not path.is_file():
        raise InputError(f"input {_show(path)} is not a regular file or directory; pass {SUPPORTED}")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + TABLE_SUFFIXES:
        hint = _WRONG_SUFFIX_HINTS.get(suffix)
        kind = f"type {_show(suffix)}" if suffix else "type (no extension)"
        raise InputError(
            f"cannot read {_show(path)}: unsupported file {kind}; supported inputs are {SUPPORTED}"
            + (f"; {hint}" if hint else "")
        )
    return [path]


def _text_ids(files: list[Path]) -> dict[Path, str]:
    """Id per text file: its stem, or for stems shared by several files the path relative to their common parent."""
    by_stem: dict[str, list[Path]] = {}
    for p in files:
        by_stem.setdefault(p.stem, []).append(p)
    ids: dict[Path, str] = {}
    for stem, group in by_stem.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        absolute = [Path(os.path.abspath(p)) for p in group]
        try:
            common = os.path.commonpath([str(a.parent) for a in absolute])
        except ValueError:  # different drives (Windows)
            common = None
        for p, a in zip(group, absolute):
            ids[p] = Path(os.path.relpath(a, common)).as_posix() if common is not None else a.as_posix()
    # Pathological leftovers ("x.txt" as a stem colliding with a relative path): fall back to absolute paths.
    counts = Counter(ids.values())
    for p, i in list(ids.items()):
        if counts[i] > 1:
            ids[p] = Path(os.path.abspath(p)).as_posix()
    return ids


@dataclass(slots=True)
class _Table:
    path: Path
    kind: str  # "csv" | "tsv" | "jsonl" | "parquet"
    encoding: str  # codec to open the file with (strips a byte-order mark); unused for parquet
    has_id: bool
    columns: list[str]


def _check_not_blank(path: Path, encoding: str) -> None:
    """Raise if a text-based table is empty or only whitespace (read until the first real byte)."""
    if _stat_size(path) == 0:
        raise InputError(f"{_show(path)} is empty (0 bytes); remove it from the input or fill it in")
    strip = b" \t\r\n\x0b\x0c" + (b"\x00" if _is_wide(encoding) else b"")
    try:
        with open(path, "rb") as f:
            block = f.read(_BLOCK_BYTES)
            mark = _bom(block)
            if mark:
                block = block[mark[0] :]
            while block:
                if block.strip(strip):
                    return
                block = f.read(_BLOCK_BYTES)
    except OSError as err:
        raise _open_error(path, err) from None
    raise InputError(f"{_show(path)} contains only whitespace; remove it from the input or fill it in")


def _plan_table(path: Path, text_col: str, id_col: str, id_col_required: bool, encoding: str) -> _Table:
    suffix = path.suffix.lower()
    kind = {".ndjson": "jsonl"}.get(suffix, suffix[1:])
    if kind == "parquet":
        return _plan_parquet(path, text_col, id_col, id_col_required)

    head = _read_head(path)
    mark = _bom(head)
    effective = mark[2] if mark else encoding
    _sniff_binary(path, head, effective)
    _check_not_blank(path, effective)

    if kind == "jsonl":
        columns, line_no = _first_json_keys(path, effective, encoding)
        what = f"its first record (line {line_no}) has keys"
    else:
        columns = _csv_header(path, kind, effective, encoding)
        what = "its columns are"

    if text_col not in columns:
        delim = ""
        if kind != "jsonl" and len(columns) == 1:
            for char, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes"), (",", "commas")):
                if char in columns[0]:
                    delim = f"; the file seems to be separated by {name}: save it comma-separated as .csv or tab-separated as .tsv"
                    break
        raise InputError(
            f"{_show(path)} has no text column {_show(text_col)}{_did_you_mean(text_col, columns)}; "
            f"{what}: {_columns_text(columns)}; pass the right one with --text-col{delim}"
        )
    has_id = id_col in columns
    if not has_id and id_col_required:
        raise InputError(_no_id_message(path, id_col, columns, what))
    return _Table(path, kind, effective, has_id, columns)


def _no_id_message(path: Path, id_col: str, columns: list[str], what: str) -> str:
    return (
        f"{_show(path)} has no id column {_show(id_col)}{_did_you_mean(id_col, columns)}; "
        f"{what}: {_columns_text(columns)}; pass the right one with --id-col, or leave --id-col out "
        "to number rows as '<file stem>:<row>'"
    )


def _csv_header(path: Path, kind: str, effective: str, encoding: str) -> list[str]:
    import pandas as pd

    try:
        header = pd.read_csv(path, sep="\t" if kind == "tsv" else ",", nrows=0, encoding=effective)
    except UnicodeDecodeError:
        _scan_decode(path, encoding)  # raises with the exact offset
        raise  # pragma: no cover - the scan always finds what pandas found
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        raise InputError(
            f"cannot parse {_show(path)} as {kind.upper()}: {_one_line(err)}; check that it is "
            f"{'tab' if kind == 'tsv' else 'comma'}-separated with a header row and that fields holding "
            "separators, quotes or line breaks are in double quotes"
        ) from None
    except OSError as err:
        raise _open_error(path, err) from None
    return [str(c) for c in header.columns]


def _first_json_keys(path: Path, effective: str, encoding: str) -> tuple[list[str], int]:
    try:
        with open(path, encoding=effective) as f:
            for line_no, line in enumerate(f, start=1):
                if line.strip():
                    record = _parse_json_line(path, line, line_no)
                    return [str(k) for k in record], line_no
    except UnicodeDecodeError:
        _scan_decode(path, encoding)  # raises with the exact offset
        raise  # pragma: no cover
    except OSError as err:
        raise _open_error(path, err) from None
    raise InputError(
        f"{_show(path)} contains only whitespace; remove it from the input or fill it in"
    )  # pragma: no cover


def _parse_json_line(path: Path, line: str, line_no: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            f"line {line_no} of {_show(path)} is not valid JSON ({err.msg} at column {err.colno}); "
            "each line must hold one complete JSON object: fix or remove that line"
        ) from None
    except RecursionError:
        raise InputError(
            f"line {line_no} of {_show(path)} is nested too deeply to read; fix or remove that line"
        ) from None
    if not isinstance(record, dict):
        raise InputError(
            f"line {line_no} of {_show(path)} is a JSON {type(record).__name__}, not an object; each line "
            'must be one object such as {"id": "a1", "text": "..."}'
        )
    return record


def _plan_parquet(path: Path, text_col: str, id_col: str, id_col_required: bool) -> _Table:
    import pyarrow as pa

    if _stat_size(path) == 0:
        raise InputError(f"{_show(path)} is empty (0 bytes); remove it from the input or fill it in")
    head = _read_head(path, 4)
    if head != b"PAR1":
        raise InputError(
            f"{_show(path)} is not a Parquet file (it does not start with the Parquet marker); check the file "
            "or give it the extension that matches its format"
        )
    schema = _parquet_schema(path)
    columns = list(schema.names)
    what = "its columns are"
    if text_col not in columns:
        raise InputError(
            f"{_show(path)} has no text column {_show(text_col)}{_did_you_mean(text_col, columns)}; "
            f"{what}: {_columns_text(columns)}; pass the right one with --text-col"
        )
    text_type = schema.field(text_col).type
    is_text = pa.types.is_string(text_type) or pa.types.is_large_string(text_type)
    is_text = is_text or (hasattr(pa.types, "is_string_view") and pa.types.is_string_view(text_type))
    if pa.types.is_dictionary(text_type):
        value_type = text_type.value_type
        is_text = pa.types.is_string(value_type) or pa.types.is_large_string(value_type)
    if not is_text:
        raise InputError(
            f"column {_show(text_col)} of {_show(path)} holds {text_type}, not text; pass the column that holds "
            "the documents with --text-col"
        )
    has_id = id_col in columns
    if not has_id and id_col_required:
        raise InputError(_no_id_message(path, id_col, columns, what))
    return _Table(path, "parquet", "", has_id, columns)


def _parquet_schema(path: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as pf:
            return pf.schema_arrow
    except (pa.ArrowException, OSError) as err:
        raise InputError(
            f"cannot read {_show(path)} as Parquet: {_one_line(err)}; check that the file is complete"
        ) from None


# --------------------------------------------------------------------------- reading


def _read_text_file(
    path: Path, doc_id: str, encoding: str, max_text_bytes: int, skip_empty: bool
) -> Document | None:
    size = _stat_size(path)
    if size == 0:
        if skip_empty:
            log.warning("skipped empty file %s", path)
            return None
        raise InputError(f"{_show(path)} is empty (0 bytes); remove it from the input or add its text")
    if size > max_text_bytes:
        raise _too_big(path, size, max_text_bytes)
    try:
        with open(path, "rb") as f:
            data = f.read(max_text_bytes + 1)
    except OSError as err:
        raise _open_error(path, err) from None
    if len(data) > max_text_bytes:  # grew since stat
        raise _too_big(path, len(data), max_text_bytes)

    mark = _bom(data)
    codec, skip = (mark[1], mark[0]) if mark else (encoding, 0)
    _sniff_binary(path, data[:_SNIFF_BYTES], codec)
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as err:
        at = skip + err.start
        line = None if _is_wide(codec) else data[:at].count(b"\n") + 1
        raise _decode_error(path, codec, at, data[at : skip + err.end], line, data) from None
    if not text.strip():
        if skip_empty:
            log.warning("skipped whitespace-only file %s", path)
            return None
        raise InputError(f"{_show(path)} contains only whitespace; remove it from the input or add its text")
    return Document(doc_id, text)


def _too_big(path: Path, size: int, limit: int) -> InputError:
    return InputError(
        f"{_show(path)} is {_size_text(size)}, over the {_size_text(limit)} limit for one .txt document; "
        "split it into one file per article, or put one document per line in a JSONL corpus"
    )


def _id_text(value: object) -> str | None:
    """A row's id as a string, or None when it is missing."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    return text if text.strip() else None


class _Rows:
    """Shared per-row checks for tables."""

    def __init__(self, table: _Table, text_col: str, id_col: str, skip_empty: bool):
        self.table = table
        self.text_col = text_col
        self.id_col = id_col
        self.skip_empty = skip_empty
        self.stem = table.path.stem
        self.row = 0
        self.skipped = 0

    def documents(self, texts: list, ids: list | None) -> Iterator[Document]:
        """The documents of one chunk of a column-oriented table (CSV chunk, Parquet batch)."""
        for text, raw_id in zip(texts, ids or [None] * len(texts), strict=True):
            self.row += 1
            doc = self.document(text, raw_id, f"row {self.row}")
            if doc is not None:
                yield doc

    def document(self, text: object, raw_id: object, where: str) -> Document | None:
        """``where`` names the row for messages ("row 5", "line 7")."""
        path = self.table.path
        if (
            text is None
            or (isinstance(text, float) and math.isnan(text))
            or (isinstance(text, str) and not text.strip())
        ):
            if self.skip_empty:
                self.skipped += 1
                return None
            raise InputError(
                f"{where} of {_show(path)} has no text in column {_show(self.text_col)}; fill it in or remove "
                "the row, or skip such rows with --skip-empty"
            )
        if not isinstance(text, str):
            raise InputError(
                f"{where} of {_show(path)} has a {type(text).__name__} in column {_show(self.text_col)}, not "
                "text; make it a string or pass the right column with --text-col"
            )
        if self.table.has_id:
            doc_id = _id_text(raw_id)
            if doc_id is None:
                raise InputError(
                    f"{where} of {_show(path)} has no id in column {_show(self.id_col)}; fill it in, or pass "
                    "another column with --id-col"
                )
        else:
            doc_id = f"{self.stem}:{self.row}"
        return Document(doc_id, text)

    def finish(self) -> None:
        if self.row == 0:
            raise InputError(f"{_show(self.table.path)} has no rows; remove it from the input or fill it in")
        if self.skipped:
            log.warning("skipped %d row(s) with no text in %s", self.skipped, self.table.path)


def _iter_csv(table: _Table, text_col: str, id_col: str, chunk_rows: int, skip_empty: bool, encoding: str):
    import pandas as pd

    _scan_decode(table.path, encoding)
    rows = _Rows(table, text_col, id_col, skip_empty)
    usecols = [text_col] + ([id_col] if table.has_id and id_col != text_col else [])
    try:
        reader = pd.read_csv(
            table.path,
            sep="\t" if table.kind == "tsv" else ",",
            usecols=usecols,
            dtype=str,
            keep_default_na=False,  # "NA", "null" are text, an empty field is ""
            na_filter=False,
            chunksize=chunk_rows,
            encoding=table.encoding,
        )
    except OSError as err:
        raise _open_error(table.path, err) from None
    with reader:
        chunks = iter(reader)
        while True:
            try:
                chunk = next(chunks)
            except StopIteration:
                break
            except (pd.errors.ParserError, ValueError) as err:
                raise InputError(
                    f"cannot parse {_show(table.path)} after row {rows.row}: {_one_line(err)}; check its quoting "
                    "(a field with commas, quotes or line breaks must be in double quotes) or convert it to JSONL"
                ) from None
            yield from rows.documents(chunk[text_col].tolist(), chunk[id_col].tolist() if table.has_id else None)
    rows.finish()


def _iter_jsonl(table: _Table, text_col: str, id_col: str, skip_empty: bool, encoding: str):
    _scan_decode(table.path, encoding)
    rows = _Rows(table, text_col, id_col, skip_empty)
    try:
        f = open(table.path, encoding=table.encoding)  # noqa: SIM115 - closed by the with below
    except OSError as err:
        raise _open_error(table.path, err) from None
    first_line = None
    with f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            record = _parse_json_line(table.path, line, line_no)
            rows.row += 1
            if first_line is None:
                first_line = line_no
            if (id_col in record) != table.has_id:
                if table.has_id:
                    raise InputError(
                        f"line {line_no} of {_show(table.path)} has no {_show(id_col)} key although earlier lines "
                        "do; give every record an id, or pass another column with --id-col"
                    )
                raise InputError(
                    f"line {line_no} of {_show(table.path)} has an {_show(id_col)} key but line {first_line} "
                    "does not; give every record an id or none"
                )
            doc = rows.document(record.get(text_col), record.get(id_col), f"line {line_no}")
            if doc is not None:
                yield doc
    rows.finish()


def _iter_parquet(table: _Table, text_col: str, id_col: str, chunk_rows: int, skip_empty: bool):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _Rows(table, text_col, id_col, skip_empty)
    columns = [text_col] + ([id_col] if table.has_id and id_col != text_col else [])
    try:
        pf = pq.ParquetFile(table.path)
    except (pa.ArrowException, OSError) as err:
        raise InputError(
            f"cannot read {_show(table.path)} as Parquet: {_one_line(err)}; check that the file is complete"
        ) from None
    with pf:
        batches = pf.iter_batches(batch_size=chunk_rows, columns=columns)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except (pa.ArrowException, OSError) as err:
                raise InputError(
                    f"cannot read {_show(table.path)} as Parquet after row {rows.row}: {_one_line(err)}; check "
                    "that the file is complete"
                ) from None
            ids = batch.column(id_col).to_pylist() if table.has_id else None
            yield from rows.documents(batch.column(text_col).to_pylist(), ids)
    rows.finish()


def iter_documents(
    paths,
    *,
    text_col: str = "text",
    id_col: str = "id",
    encoding: str = "utf-8",
    chunk_rows: int = 10_000,
    max_text_bytes: int = 50_000_000,
    id_col_required: bool = False,
    skip_empty: bool = False,
) -> Iterator[Document]:
    """Yield every document in ``paths`` (a path or a list of them), in the order given.

    All inputs are checked before this returns (missing paths, empty directories, unsupported
    extensions, empty or binary files, missing table columns) and :class:`InputError` is raised
    at once; the returned iterator then reads lazily, tables in chunks of ``chunk_rows`` rows.

    ``id_col`` missing from a table: error if ``id_col_required`` (the user named the column),
    otherwise ids are ``"<file stem>:<row>"`` with rows counted from 1. A row with missing or
    blank text is an error unless ``skip_empty`` (then it is skipped and a warning logged);
    ``skip_empty`` also skips empty ``.txt`` files.
    """
    if not isinstance(chunk_rows, int) or isinstance(chunk_rows, bool) or chunk_rows < 1:
        raise ValueError(f"chunk_rows must be a positive integer, not {chunk_rows!r}")
    if not isinstance(max_text_bytes, int) or max_text_bytes < 1:
        raise ValueError(f"max_text_bytes must be a positive integer, not {max_text_bytes!r}")
    _check_encoding(encoding)

    files: list[Path] = []
    for given in _as_paths(paths):
        files.extend(_expand(given))

    seen: dict[str, Path] = {}
    for p in files:
        key = os.path.normcase(os.path.realpath(p))
        if key in seen:
            raise InputError(
                f"input file {_show(p)} is given more than once (directly or through its directory); "
                "pass each file once"
            )
        seen[key] = p

    text_files = [p for p in files if not _is_table(p)]
    ids = _text_ids(text_files)
    tables: dict[Path, _Table] = {}
    for p in files:
        if _is_table(p):
            tables[p] = _plan_table(p, text_col, id_col, id_col_required, encoding)
        else:  # cheap checks now, so a bad file among thousands fails before any work is done
            size = _stat_size(p)
            if size > max_text_bytes:
                raise _too_big(p, size, max_text_bytes)
            if size == 0:
                if not skip_empty:
                    raise InputError(
                        f"{_show(p)} is empty (0 bytes); remove it from the input or add its text"
                    )
                continue
            head = _read_head(p)
            mark = _bom(head)
            _sniff_binary(p, head, mark[1] if mark else encoding)

    def generate() -> Iterator[Document]:
        for p in files:
            table = tables.get(p)
            if table is None:
                doc = _read_text_file(p, ids[p], encoding, max_text_bytes, skip_empty)
                if doc is not None:
                    yield doc
            elif table.kind in ("csv", "tsv"):
                yield from _iter_csv(table, text_col, id_col, chunk_rows, skip_empty, encoding)
            elif table.kind == "jsonl":
                yield from _iter_jsonl(table, text_col, id_col, skip_empty, encoding)
            else:
                yield from _iter_parquet(table, text_col, id_col, chunk_rows, skip_empty)

    return generate()


def read_documents(paths, **kw) -> list[Document]:
    """All documents of :func:`iter_documents` as a list (for small inputs and tests)."""
    return list(iter_documents(paths, **kw))
