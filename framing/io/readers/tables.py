"""Table corpora (JSONL, CSV/TSV, Parquet): one document per row, read in chunks so memory stays flat."""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError
from framing.io.readers.common import (
    _BLOCK_BYTES,
    MAX_DOCUMENT_BYTES,
    Document,
    _bom,
    _columns_text,
    _did_you_mean,
    _is_wide,
    _one_line,
    _open_error,
    _read_head,
    _scan_decode,
    _show,
    _sniff_binary,
    _stat_size,
    _too_big,
    replace_surrogates,
)
from framing.io.readers.ids import UniqueIds

log = logging.getLogger(__name__)


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
        what = err.msg.removesuffix(" at")  # "Invalid control character at" would read "at at column"
        raise InputError(
            f"line {line_no} of {_show(path)} is not valid JSON ({what} at column {err.colno}); "
            "each line must hold one complete JSON object: fix or remove that line"
        ) from None
    except ValueError as err:  # a number of more than 4300 digits (Python's int conversion limit)
        raise InputError(
            f"line {line_no} of {_show(path)} cannot be read: {_one_line(err).split(';')[0]}; write such ids "
            "as JSON strings (in quotes)"
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


_JSON_ESCAPE_GROWTH = 6  # a character written as a \uXXXX escape takes six in the line

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _clean_record(record: dict, line: str) -> int:
    """Replace lone surrogates in the string values of a parsed JSON line; return how many."""
    if not _SURROGATE_ESCAPE.search(line):  # the only way a lone surrogate gets into decoded text
        return 0
    replaced = 0
    for key, value in record.items():
        if isinstance(value, str):
            record[key], n = replace_surrogates(value)
            replaced += n
    return replaced


def _report_surrogates(count: int, path: Path) -> None:
    if count:
        log.warning(
            "replaced %d lone surrogate(s) (invalid in UTF-8, common in scraped JSON) with U+FFFD in %s; "
            "offsets are unchanged",
            count,
            path,
        )


def jsonl_records(path: Path, encoding: str = "utf-8") -> list[dict]:
    """Every object of a JSON Lines file, parsed and cleaned exactly as :func:`iter_documents` does.

    For the model commands, which need whole tables (pandas' reader silently drops lone surrogates).
    """
    _scan_decode(path, encoding)
    records, replaced = [], 0
    try:
        with open(path, encoding=encoding) as f:
            for line_no, line in enumerate(f, start=1):
                if line.strip():
                    record = _parse_json_line(path, line, line_no)
                    replaced += _clean_record(record, line)
                    records.append(record)
    except OSError as err:
        raise _open_error(path, err) from None
    _report_surrogates(replaced, path)
    return records


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

    def __init__(
        self,
        table: _Table,
        text_col: str,
        id_col: str,
        skip_empty: bool,
        ids: UniqueIds | None = None,
        max_bytes: int = MAX_DOCUMENT_BYTES,
    ):
        self.table = table
        self.ids = ids
        self.max_bytes = max_bytes
        self.text_col = text_col
        self.id_col = id_col
        self.skip_empty = skip_empty
        self.stem = table.path.stem
        self.shown = _show(table.path)  # once per table, not per row (~1/7 of reading a JSONL corpus)
        self.row = 0
        self.skipped = 0
        self.surrogates = 0  # lone surrogates replaced by U+FFFD (JSON escapes only can carry them)

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
        if len(text) > self.max_bytes // 4:  # under a quarter of the limit in characters cannot exceed it
            size = len(text.encode("utf-8"))
            if size > self.max_bytes:
                raise _too_big(f"{where} of {_show(path)}", size, self.max_bytes)
        if self.table.has_id:
            doc_id = _id_text(raw_id)
            if doc_id is None:
                raise InputError(
                    f"{where} of {_show(path)} has no id in column {_show(self.id_col)}; fill it in, or pass "
                    "another column with --id-col"
                )
        else:
            doc_id = f"{self.stem}:{self.row}"
        if self.ids is not None:
            self.ids.add(doc_id, f"{where} of {self.shown}")
        return Document(doc_id, text)

    def finish(self) -> None:
        if self.row == 0:
            raise InputError(f"{_show(self.table.path)} has no rows; remove it from the input or fill it in")
        if self.skipped:
            log.warning("skipped %d row(s) with no text in %s", self.skipped, self.table.path)
        _report_surrogates(self.surrogates, self.table.path)


def _iter_csv(
    table: _Table,
    text_col: str,
    id_col: str,
    chunk_rows: int,
    skip_empty: bool,
    encoding: str,
    ids: UniqueIds,
    max_bytes: int,
):
    import pandas as pd

    _scan_decode(table.path, encoding)
    rows = _Rows(table, text_col, id_col, skip_empty, ids, max_bytes)
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
            yield from rows.documents(
                chunk[text_col].tolist(), chunk[id_col].tolist() if table.has_id else None
            )
    rows.finish()


def _iter_jsonl(
    table: _Table, text_col: str, id_col: str, skip_empty: bool, encoding: str, ids: UniqueIds, max_bytes: int
):
    _scan_decode(table.path, encoding)
    rows = _Rows(table, text_col, id_col, skip_empty, ids, max_bytes)
    try:
        f = open(table.path, encoding=table.encoding)  # noqa: SIM115 - closed by the with below
    except OSError as err:
        raise _open_error(table.path, err) from None
    first_line = None
    with f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            if (
                len(line) > _JSON_ESCAPE_GROWTH * max_bytes
            ):  # refused before parsing: json.loads would copy it
                raise _too_big(f"line {line_no} of {_show(table.path)}", len(line.encode("utf-8")), max_bytes)
            record = _parse_json_line(table.path, line, line_no)
            rows.surrogates += _clean_record(record, line)
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


def _iter_parquet(
    table: _Table,
    text_col: str,
    id_col: str,
    chunk_rows: int,
    skip_empty: bool,
    ids: UniqueIds,
    max_bytes: int,
):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = _Rows(table, text_col, id_col, skip_empty, ids, max_bytes)
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
