"""Load a labelled table and refuse, with one actionable line, anything that would make its scores lie.

Cross-validated scores are only as honest as the data behind them: an empty
text, a typo in a label, a class too small to appear in every fold, or the same
sentence on both sides of a split all inflate or break them silently. Every
check here runs before any model is fitted, so a bad file fails in seconds.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.io.readers import _columns_text, _did_you_mean, _show
from framing.io.readers.tables import jsonl_records
from framing.models.rationales import parse_rationale

TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}
_SHOWN = 5  # examples named in an error message


@dataclass(frozen=True)
class LabelledData:
    """Validated texts and labels, ready for cross-validation.

    ``labels`` are the sorted class names (the order of every score and
    probability column); ``sha256`` identifies the file the model was trained on.
    """

    texts: list[str]
    y: np.ndarray
    labels: tuple[str, ...]
    groups: np.ndarray | None = None
    targets: list[str] | None = None
    pairs: list[str] | None = None
    path: Path | None = None
    sha256: str | None = None
    text_col: str = "text"
    label_col: str = "label"
    group_col: str | None = None
    target_col: str | None = None
    pair_col: str | None = None
    dropped_duplicates: int = 0
    #: Each text's words annotators marked as the reason for its label (framing.models.rationales), if given.
    rationales: list[tuple[str, ...]] | None = None
    rationale_col: str | None = None

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def X(self):
        """Model input: the texts, a ``text``/``target`` frame for target-aware (stance) models, or a
        ``text``/``pair`` frame for paired texts (an article body and its headline)."""
        if self.pairs is not None:
            return pd.DataFrame({"text": self.texts, "pair": self.pairs})
        if self.targets is None:
            return self.texts
        return pd.DataFrame({"text": self.texts, "target": self.targets})

    @property
    def fit_X(self):
        """What a model of these data is fitted on: :attr:`X`, or :attr:`X_rationales` when rationales are given."""
        return self.X if self.rationales is None else self.X_rationales

    @property
    def X_rationales(self) -> pd.DataFrame:
        """Input of a model that learns from rationales: ``text``, ``rationale`` and (if grouped) ``group``,
        so its cross-fitted rates keep an article's sentences on one side."""
        if self.rationales is None:
            raise ValueError("these labelled data have no rationales")
        frame = pd.DataFrame({"text": self.texts, "rationale": pd.Series(self.rationales, dtype=object)})
        if self.groups is not None:
            frame["group"] = self.groups
        return frame


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(path, *, sep: str | None = None) -> pd.DataFrame:
    """A CSV, TSV, JSONL or Parquet table with every cell as read (CSV cells as strings, never guessed).

    ``sep`` overrides the delimiter of a CSV/TSV file; without it a ``.csv``
    whose header only splits on another delimiter is refused with a message
    naming that delimiter, rather than read as one column.
    """
    path = Path(path)
    if not path.is_file():
        where = "is a directory" if path.is_dir() else "does not exist"
        raise InputError(f"input table {_show(path)} {where}; pass a .csv, .tsv, .jsonl or .parquet file")
    kind = TABLE_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot read {_show(path)}: unsupported extension {_show(path.suffix or '(none)')}; "
            "save the table as .csv, .tsv, .jsonl or .parquet"
        )
    try:
        if kind in ("csv", "tsv"):
            # dtype=str keeps labels such as "01" or "1" exactly as written; missing cells stay NaN.
            if sep is None:
                sep = "\t" if kind == "tsv" else ","
                _check_delimiter(path, sep)
            return pd.read_csv(path, sep=sep, dtype=str, encoding="utf-8")
        if kind == "jsonl":
            return pd.DataFrame(jsonl_records(path))  # the corpus reader's parser: same surrogate policy
        return pd.read_parquet(path)
    except UnicodeDecodeError as err:
        raise InputError(
            f"cannot read {_show(path)}: not UTF-8 (byte {err.start}); save it as UTF-8"
        ) from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{_show(path)} is empty; it needs a header row and labelled rows") from None
    except (ValueError, OSError, pd.errors.ParserError) as err:
        message = " ".join(str(err).split())[:200]
        raise InputError(f"cannot read {_show(path)} as {kind}: {message}; check the file's format") from None


_DELIMITERS = ",;\t|"


def _check_delimiter(path: Path, sep: str) -> None:
    """Refuse a table whose header is one column under ``sep`` but several under another common delimiter."""
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        header = handle.readline()
    if sep in header:
        return
    try:
        sniffed = csv.Sniffer().sniff(header, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return
    if sniffed != sep:
        advice = "rename it to .tsv or pass --sep $'\\t'" if sniffed == "\t" else f"pass --sep '{sniffed}'"
        raise InputError(
            f"{_show(path)}: its header has no {_delimiter_name(sep)} but splits on {_delimiter_name(sniffed)} "
            f"({_show(header.strip()[:60])}); {advice}"
        )


def _delimiter_name(sep: str) -> str:
    return "tab" if sep == "\t" else repr(sep)


_FLAGS = {
    "text": "--text-col",
    "label": "--label",
    "group": "--group-col",
    "target": "--target-col",
    "pair": "--pair-col",
    "rationale": "--rationale-col",
}


def require_columns(df: pd.DataFrame, path: Path, columns: dict[str, str | None]) -> None:
    """Each named column (keyed by role: text, label, group, target) must exist; the message lists what the file has."""
    have = [str(c) for c in df.columns]
    for role, name in columns.items():
        if name is not None and name not in df.columns:
            raise InputError(
                f"{_show(path)} has no {role} column {_show(name)}{_did_you_mean(name, have)}; "
                f"its columns are {_columns_text(have)}; name the right one with {_FLAGS[role]}"
            )


def _rows(positions: Iterable[int]) -> str:
    """Data-row numbers counted from 1 (the header is not a row), the first few only."""
    positions = list(positions)
    shown = ", ".join(str(p + 1) for p in positions[:_SHOWN])
    return shown + (f" ... ({len(positions)} rows)" if len(positions) > _SHOWN else "")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def clean_texts(column: pd.Series, path: Path, name: str) -> list[str]:
    """The column as ``str``; a missing, non-text or blank cell is an error naming its rows."""
    values = column.tolist()
    bad = [i for i, v in enumerate(values) if not isinstance(v, str) or not v.strip()]
    if bad:
        raise InputError(
            f"{_show(path)}: column {_show(name)} is empty or missing in data rows {_rows(bad)} "
            "(counted from 1 after the header); fill in or drop those rows"
        )
    return values


def clean_rationales(column: pd.Series, path: Path, name: str) -> list[tuple[str, ...]]:
    """Each row's marked words (:func:`framing.models.rationales.parse_rationale`; blank is none); a cell that
    is not a list of words is an error naming its row, and so is a column with no marked word at all."""
    out = []
    for i, value in enumerate(column.tolist()):
        try:
            out.append(parse_rationale(value))
        except InputError as error:
            raise InputError(f"{_show(path)}: column {_show(name)}, data row {i + 1}: {error}") from None
    if not any(out):
        raise InputError(
            f"{_show(path)}: column {_show(name)} marks no word in any row; rationales are the words that "
            "made annotators choose a label, e.g. ['slammed', 'radical'] or slammed; radical"
        )
    return out


def _label_text(value: object) -> str | None:
    """A label as text: 1, 1.0 and "1" are the same class; missing and blank cells are None."""
    if _missing(value):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def clean_labels(column: pd.Series, path: Path, name: str) -> np.ndarray:
    labels = [_label_text(v) for v in column.tolist()]
    missing = [i for i, v in enumerate(labels) if v is None]
    if missing:
        raise InputError(
            f"{_show(path)}: label column {_show(name)} is missing in data rows {_rows(missing)}; "
            "label those rows or drop them"
        )
    return np.asarray(labels, dtype=object)


def clean_groups(column: pd.Series, path: Path, name: str) -> np.ndarray:
    """Group ids as text; a missing one is an error naming its rows (a sentence must belong to an article)."""
    groups = np.asarray([_label_text(v) for v in column.tolist()], dtype=object)
    missing = [i for i, g in enumerate(groups) if g is None]
    if missing:
        raise InputError(
            f"{_show(path)}: group column {_show(name)} is missing in data rows {_rows(missing)}; "
            "give every row its article or source id"
        )
    return groups


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _leaking_duplicates(keys: Sequence[str], groups: np.ndarray | None) -> list[list[int]]:
    """Row sets sharing one normalised text that could fall into different folds.

    Copies inside one group always share a fold, so only copies across groups leak.
    """
    rows: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        rows.setdefault(key, []).append(i)
    sets = [r for r in rows.values() if len(r) > 1]
    if groups is not None:
        sets = [r for r in sets if len({groups[i] for i in r}) > 1]
    return sorted(sets)


def load_labelled(
    path,
    *,
    text_col: str = "text",
    label_col: str,
    group_col: str | None = None,
    target_col: str | None = None,
    pair_col: str | None = None,
    rationale_col: str | None = None,
    labels: Sequence[str] | None = None,
    n_splits: int | None = 5,
    dedupe: bool = False,
    sep: str | None = None,
) -> LabelledData:
    """Read and validate a labelled table for training (``n_splits`` folds) or for scoring (``n_splits=None``).

    Duplicates are sentences equal after collapsing whitespace and case (with the
    target, for stance data) whose copies could land in different folds; they are
    an error unless ``dedupe`` keeps the first copy. Class-size and duplicate
    checks only apply to training data.
    """
    path = Path(path)
    return labelled_from_frame(
        read_table(path, sep=sep),
        path,
        text_col=text_col,
        label_col=label_col,
        group_col=group_col,
        target_col=target_col,
        pair_col=pair_col,
        rationale_col=rationale_col,
        labels=labels,
        n_splits=n_splits,
        dedupe=dedupe,
    )


def labelled_from_frame(
    df: pd.DataFrame,
    path: Path,
    *,
    text_col: str = "text",
    label_col: str,
    group_col: str | None = None,
    target_col: str | None = None,
    pair_col: str | None = None,
    rationale_col: str | None = None,
    labels: Sequence[str] | None = None,
    n_splits: int | None = 5,
    dedupe: bool = False,
) -> LabelledData:
    """:func:`load_labelled` for a table already read from ``path`` (named in messages and checksummed)."""
    if target_col is not None and pair_col is not None:
        raise InputError("give a stance target column or a paired-text column, not both")
    if rationale_col is not None and (target_col is not None or pair_col is not None):
        raise InputError(
            "rationales (--rationale-col) go with plain texts, not a stance target or paired texts"
        )
    require_columns(
        df,
        path,
        {
            "text": text_col,
            "label": label_col,
            "group": group_col,
            "target": target_col,
            "pair": pair_col,
            "rationale": rationale_col,
        },
    )
    if len(df) == 0:
        raise InputError(f"{_show(path)} has a header but no rows; it needs labelled rows")

    texts = clean_texts(df[text_col], path, text_col)
    y = clean_labels(df[label_col], path, label_col)
    groups = None if group_col is None else clean_groups(df[group_col], path, group_col)
    targets = None
    if target_col is not None:
        targets = clean_texts(df[target_col], path, target_col)
    pairs = None
    if pair_col is not None:
        pairs = clean_texts(df[pair_col], path, pair_col)
    rationales = None if rationale_col is None else clean_rationales(df[rationale_col], path, rationale_col)

    if labels is not None:
        allowed = {str(label) for label in labels}
        unknown = sorted(set(y) - allowed)
        if unknown:
            counts = Counter(y)
            named = ", ".join(f"{_show(u)} ({counts[u]} rows)" for u in unknown[:_SHOWN])
            raise InputError(
                f"{_show(path)}: label column {_show(label_col)} has label(s) outside the allowed set "
                f"{sorted(allowed)}: {named}; fix the typos or allow them with --labels"
            )

    dropped = 0
    if n_splits is not None:
        second = targets if pairs is None else pairs
        keys = (
            [_key(t) for t in texts]
            if second is None
            else [json.dumps([_key(a), _key(t)]) for a, t in zip(second, texts)]
        )
        leaks = _leaking_duplicates(keys, groups)
        if leaks and not dedupe:
            examples = "; ".join(
                f"rows {', '.join(str(i + 1) for i in r[:3])}: {_show(texts[r[0]][:60])}" for r in leaks[:3]
            )
            raise InputError(
                f"{_show(path)}: {len(leaks)} text(s) occur more than once (ignoring case and spacing), which "
                f"would put the same sentence in training and test folds, e.g. {examples}; remove them or pass "
                "--dedupe to keep the first copy of each"
            )
        drop = sorted(i for r in leaks for i in r[1:])
        if drop:
            keep = np.setdiff1d(np.arange(len(texts)), drop)
            texts = [texts[i] for i in keep]
            y = y[keep]
            groups = None if groups is None else groups[keep]
            targets = None if targets is None else [targets[i] for i in keep]
            pairs = None if pairs is None else [pairs[i] for i in keep]
            rationales = None if rationales is None else [rationales[i] for i in keep]
            dropped = len(drop)
        check_classes(y, groups, path, label_col, n_splits)

    return LabelledData(
        texts=texts,
        y=y,
        labels=tuple(sorted(set(y))),
        groups=groups,
        targets=targets,
        pairs=pairs,
        path=path,
        sha256=file_sha256(path),
        text_col=text_col,
        label_col=label_col,
        group_col=group_col,
        target_col=target_col,
        pair_col=pair_col,
        dropped_duplicates=dropped,
        rationales=rationales,
        rationale_col=rationale_col,
    )


def check_classes(
    y: np.ndarray, groups: np.ndarray | None, path: Path, label_col: str, n_splits: int
) -> None:
    """Every class must be learnable and appear in every fold."""
    if not isinstance(n_splits, int) or n_splits < 2:
        raise InputError(f"--folds must be an integer of at least 2, not {n_splits!r}")
    counts = Counter(y)
    if len(counts) < 2:
        (only,) = counts
        raise InputError(
            f"{_show(path)}: label column {_show(label_col)} has a single class {_show(only)}; a classifier needs "
            "at least two, so check --label names the right column"
        )
    smallest = min(counts.values())
    if smallest < n_splits:
        small = sorted((count, name) for name, count in counts.items() if count < n_splits)
        named = ", ".join(f"{_show(name)} has {count}" for count, name in small[:_SHOWN])
        advice = (
            f"use --folds {smallest} or fewer, or"
            if smallest >= 2
            else "the smallest cannot be split at all;"
        )
        raise InputError(
            f"{_show(path)}: class(es) in {_show(label_col)} with fewer examples than the {n_splits} folds: "
            f"{named}; {advice} merge or drop the small class(es)"
        )
    if groups is not None:
        n_groups = len(set(groups))
        if n_groups < n_splits:
            raise InputError(
                f"{_show(path)}: only {n_groups} distinct groups for {n_splits} folds; use --folds {n_groups} "
                "or fewer, or a finer --group-col"
            )
