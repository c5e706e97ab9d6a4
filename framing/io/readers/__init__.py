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

import os
from collections.abc import Iterator
from pathlib import Path

from framing.errors import InputError
from framing.io.readers.common import (
    MAX_DOCUMENT_BYTES,
    Document,
    _bom,
    _check_encoding,
    _columns_text,
    _did_you_mean,
    _read_head,
    _show,
    _sniff_binary,
    _stat_size,
    _too_big,
    check_text_file,
)
from framing.io.readers.ids import UniqueIds
from framing.io.readers.paths import (
    SUPPORTED,
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    _as_paths,
    _expand,
    _is_table,
    is_table_path,
)
from framing.io.readers.tables import _iter_csv, _iter_jsonl, _iter_parquet, _plan_table, _Rows, _Table
from framing.io.readers.text_files import _read_text_file, _text_ids

# Re-exported: the Dask engine and the model readers reuse these internals so both engines agree.
__all__ = [
    "MAX_DOCUMENT_BYTES",
    "SUPPORTED",
    "TABLE_SUFFIXES",
    "TEXT_SUFFIXES",
    "Document",
    "UniqueIds",
    "_Rows",
    "_Table",
    "_columns_text",
    "_did_you_mean",
    "_expand",
    "_is_table",
    "_plan_table",
    "_show",
    "check_text_file",
    "is_table_path",
    "iter_documents",
    "read_documents",
]


def iter_documents(
    paths,
    *,
    text_col: str = "text",
    id_col: str = "id",
    encoding: str = "utf-8",
    chunk_rows: int = 10_000,
    max_text_bytes: int = MAX_DOCUMENT_BYTES,
    id_col_required: bool = False,
    skip_empty: bool = False,
    unique_ids: UniqueIds | None = None,
) -> Iterator[Document]:
    """Yield every document in ``paths`` (a path or a list of them), in the order given.

    All inputs are checked before this returns (missing paths, empty directories, unsupported
    extensions, empty or binary files, missing table columns) and :class:`InputError` is raised
    at once; the returned iterator then reads lazily, tables in chunks of ``chunk_rows`` rows.

    ``id_col`` missing from a table: error if ``id_col_required`` (the user named the column),
    otherwise ids are ``"<file stem>:<row>"`` with rows counted from 1. A row with missing or
    blank text is an error unless ``skip_empty`` (then it is skipped and a warning logged);
    ``skip_empty`` also skips empty ``.txt`` files.

    Article ids must be unique across all of ``paths`` (see :mod:`framing.io.readers.ids`);
    pass one ``unique_ids`` to several calls to extend the check across them.
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
                raise _too_big(_show(p), size, max_text_bytes)
            if size == 0:
                if not skip_empty:
                    raise InputError(
                        f"{_show(p)} is empty (0 bytes); remove it from the input or add its text"
                    )
                continue
            head = _read_head(p)
            mark = _bom(head)
            _sniff_binary(p, head, mark[1] if mark else encoding)

    seen = UniqueIds() if unique_ids is None else unique_ids

    def generate() -> Iterator[Document]:
        for p in files:
            table = tables.get(p)
            if table is None:
                doc = _read_text_file(p, ids[p], encoding, max_text_bytes, skip_empty)
                if doc is not None:
                    seen.add(doc.id, f"file {_show(p)}")
                    yield doc
            elif table.kind in ("csv", "tsv"):
                yield from _iter_csv(
                    table, text_col, id_col, chunk_rows, skip_empty, encoding, seen, max_text_bytes
                )
            elif table.kind == "jsonl":
                yield from _iter_jsonl(table, text_col, id_col, skip_empty, encoding, seen, max_text_bytes)
            else:
                yield from _iter_parquet(
                    table, text_col, id_col, chunk_rows, skip_empty, seen, max_text_bytes
                )

    return generate()


def read_documents(paths, **kw) -> list[Document]:
    """All documents of :func:`iter_documents` as a list (for small inputs and tests)."""
    return list(iter_documents(paths, **kw))
