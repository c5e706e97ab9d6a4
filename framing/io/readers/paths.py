"""From the paths a user gives to the files they stand for, refusing unusable ones before any reading."""

from __future__ import annotations

import difflib
import errno
import os
from collections import Counter
from pathlib import Path

from framing.errors import InputError
from framing.io.readers.common import _show

TEXT_SUFFIXES = (".txt", ".md")
TABLE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".parquet")
SUPPORTED = (
    "a .txt or .md file, a directory of .txt files, or a .jsonl, .ndjson, .csv, .tsv or .parquet table"
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


def _is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def is_table_path(path: str | os.PathLike) -> bool:
    """True for the table formats read row by row: .jsonl, .ndjson, .csv, .tsv, .parquet."""
    return _is_table(Path(path))


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
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return InputError(
                f"input {_show(path)} is a symbolic link loop (it points back at itself); pass the file itself"
            )
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
