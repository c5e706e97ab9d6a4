"""Plain-text documents: one ``.txt``/``.md`` file is one document, its id the file stem."""

from __future__ import annotations

import logging
import os
from collections import Counter
from pathlib import Path

from framing.errors import InputError
from framing.io.readers.common import (
    _SNIFF_BYTES,
    Document,
    _bom,
    _decode_error,
    _is_wide,
    _nul_error,
    _open_error,
    _show,
    _sniff_binary,
    _stat_size,
    _too_big,
)

log = logging.getLogger(__name__)


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
        raise _too_big(_show(path), size, max_text_bytes)
    try:
        with open(path, "rb") as f:
            data = f.read(max_text_bytes + 1)
    except OSError as err:
        raise _open_error(path, err) from None
    if len(data) > max_text_bytes:  # grew since stat
        raise _too_big(_show(path), len(data), max_text_bytes)

    mark = _bom(data)
    codec, skip = (mark[1], mark[0]) if mark else (encoding, 0)
    _sniff_binary(path, data[:_SNIFF_BYTES], codec)
    if not _is_wide(codec) and (nul := data.find(b"\x00", _SNIFF_BYTES)) >= 0:
        raise _nul_error(path, nul, data[:nul].count(b"\n") + 1)
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
