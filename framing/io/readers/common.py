"""What every reader shares: the document type, byte sniffing, decoding with exact offsets, messages."""

from __future__ import annotations

import codecs
import difflib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from framing.errors import InputError

log = logging.getLogger("framing.io.readers")

# One size limit for every document, whatever the input kind (a .txt file's size, a table row's
# text in UTF-8). Analysis needs about 45 bytes of memory per byte of ordinary news text and up
# to ~135 for text dense with cues (measured: 1 MB -> +135 MiB peak RSS), so 5 MB bounds one
# document at ~0.7 GB per worker; news articles are under 0.1 MB, so only mistakes get near it.
MAX_DOCUMENT_BYTES = 5 << 20

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

# Lone surrogates (U+D800-U+DFFF outside a pair) are valid in JSON escapes and common in scraped
# text, but cannot be encoded as UTF-8, so no output format could hold them. Policy, everywhere:
# replace each with U+FFFD (one code point for one, so every offset stays exact) and say how many.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were."""
    if text.isascii():
        return text, 0
    try:  # UTF-8 refuses exactly the surrogates, in C: ~5x faster than the pattern on text without any
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.subn(REPLACEMENT, text)
    return text, 0


@dataclass(frozen=True, slots=True)
class Document:
    """One input document: a unique string id and its full text.

    Lone surrogates in either are replaced by U+FFFD with a warning (see ``replace_surrogates``),
    so ``framing.analyze`` applies the same policy as the readers, which count per file.
    """

    id: str
    text: str

    def __post_init__(self) -> None:
        for field in ("id", "text"):
            value = getattr(self, field)
            if isinstance(value, str):
                clean, replaced = replace_surrogates(value)
                if replaced:
                    object.__setattr__(self, field, clean)
                    log.warning(
                        "document %r: replaced %d lone surrogate(s) in its %s with U+FFFD",
                        clean[:40],
                        replaced,
                        field,
                    )


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
            if count_lines and (nul := block.find(b"\x00")) >= 0:
                raise _nul_error(path, offset + nul, lines + block[:nul].count(b"\n"))
            offset += len(block)
            if count_lines:
                lines += block.count(b"\n")


def _nul_error(path: Path, offset: int, line: int) -> InputError:
    """A NUL byte past the sniffed head: text editors never write one, so the file is binary or damaged."""
    return InputError(
        f"{_show(path)} contains a NUL byte at byte offset {offset}, line {line}: it is binary or damaged, not "
        "text; remove that byte or pass the original text file"
    )


def check_text_file(path: Path, encoding: str = "utf-8") -> None:
    """Refuse a file that is not text in ``encoding`` (magic numbers, NUL bytes, undecodable bytes), in one line."""
    head = _read_head(path)
    mark = _bom(head)
    _sniff_binary(path, head, mark[1] if mark else encoding)
    _scan_decode(path, encoding)


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


def _too_big(where: str, size: int, limit: int) -> InputError:
    """``where``: "'a.txt'" or "line 7 of 'c.jsonl'"."""
    return InputError(
        f"{where} is {_size_text(size)}, over the {_size_text(limit)} limit for one document (memory grows "
        "with document size); split it into one document per article"
    )
