"""Shared pieces of the dataset loaders: the `Task`/`Published` records, text
normalisation, de-duplication and the seeded group-aware split.

Every loader ends in :func:`finalise`, so all tasks obey one contract:

* columns exactly ``id, text, label, group, split, target`` (object dtype holding
  Python ``str``; repeated strings such as FNC-1 bodies share one object, which
  keeps the 75k-pair FNC-1 frame at a few MB instead of ~170 MB of Arrow strings);
* ``text`` whitespace-normalised and non-empty (empty rows are dropped and counted);
* duplicates of ``(target, text)`` dropped, keeping the first occurrence, except that
  a row in an official ``test`` (then ``dev``) split wins over a ``train`` row so an
  official test set is never shrunk by a training duplicate;
* ``df.attrs``: ``task``, ``n_source_rows`` (rows after the task's documented
  filter, before empty/duplicate removal), ``source_label_counts``,
  ``dropped_empty``, ``dropped_duplicates``, ``conflicting_duplicates`` (dropped
  duplicates whose label differed from the kept row).
"""

from __future__ import annotations

import csv
import os
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd

from framing.errors import InputError

COLUMNS = ("id", "text", "label", "group", "split", "target")
SPLITS = ("train", "dev", "test")
CONSTRUCTS = ("hedging", "alarm", "partisan", "stance", "frame", "bias")
KINDS = ("binary", "multiclass")

#: Seed and test fraction of every split marked "OUR split".
SPLIT_SEED = 13
TEST_FRACTION = 0.2

#: Folders a data directory is expected to contain (used in error messages).
EXPECTED_FOLDERS = "babe/, szeged_uncertainty/, ptc_semeval2020_task11/ ..."


@dataclass(frozen=True)
class Published:
    """A published reference result, copied with its caveat from the dataset's SOURCE.md.

    ``value`` is on a 0-1 scale (60.2 % F1 is stored as 0.602).
    """

    metric: str
    value: float
    split: str
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Task:
    """One benchmark or validity task built from one external dataset folder."""

    name: str
    dataset: str
    description: str
    construct: str
    kind: str
    positive_label: str | None
    labels: tuple[str, ...]
    split_note: str
    published: tuple[Published, ...]
    loader: Callable[[Path], pd.DataFrame] = field(repr=False, compare=False)
    #: Paths (relative to data_dir) the loader needs; used by ``available_tasks``.
    files: tuple[str, ...] = ()
    #: Words annotators marked as the reason for each row's label, by row id (``framing.models.rationales``),
    #: where the dataset has them; a model may learn from them on training rows, never read them on test rows.
    rationales: Callable[[Path], dict[str, tuple[str, ...]]] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.construct not in CONSTRUCTS:
            raise ValueError(f"{self.name}: construct {self.construct!r} not in {CONSTRUCTS}")
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind {self.kind!r} not in {KINDS}")
        if self.kind == "binary":
            if len(self.labels) != 2 or self.positive_label not in self.labels:
                raise ValueError(f"{self.name}: binary task needs 2 labels incl. positive_label")
        elif self.positive_label is not None:
            raise ValueError(f"{self.name}: multiclass task must have positive_label=None")

    def load(self, data_dir: str | os.PathLike) -> pd.DataFrame:
        try:
            return self.loader(Path(data_dir))
        except (
            UnicodeDecodeError,
            pd.errors.ParserError,
            csv.Error,
            ElementTree.ParseError,
            zipfile.BadZipFile,
        ) as err:
            # A damaged or replaced download: one line naming the dataset, not a parser traceback.
            raise InputError(
                f"a file of dataset {self.dataset!r} under {str(data_dir)!r} cannot be read as text "
                f"({type(err).__name__}: {' '.join(str(err).split())[:120]}); it may be binary or damaged: "
                "replace it with the original download (see its SOURCE.md)"
            ) from None


def named_loader(task: str, load: Callable[[Path], pd.DataFrame]) -> Callable[[Path], pd.DataFrame]:
    """``load`` named ``load_<task>`` (dashes as underscores), so the loaders one factory makes for
    several tasks are told apart in reprs and tracebacks."""
    load.__name__ = f"load_{task.replace('-', '_')}"
    return load


def normalise(text: object) -> str:
    """Collapse every run of Unicode whitespace to one space and strip the ends."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return " ".join(str(text).split())


def require(data_dir: Path, relpath: str) -> Path:
    """Return ``data_dir / relpath`` or raise a one-line actionable `InputError`."""
    path = Path(data_dir) / relpath
    if not path.exists():
        folder = relpath.split("/", 1)[0]
        raise InputError(
            f"missing dataset file {relpath!r} under {str(data_dir)!r}: data_dir (--data-dir) must point to "
            f"the folder that contains {folder}/ (e.g. ../shared/data/external with {EXPECTED_FOLDERS})"
        )
    return path


def missing_columns(path: Path, have: Iterable[str], need: Iterable[str]) -> None:
    lacking = [c for c in need if c not in set(have)]
    if lacking:
        raise InputError(f"{path}: expected column(s) {lacking} not found; is this the original file?")


def group_split(
    groups: Sequence[str], seed: int = SPLIT_SEED, test_fraction: float = TEST_FRACTION
) -> list[str]:
    """Seeded group-aware train/test assignment ("OUR split").

    The sorted unique groups are permuted with ``numpy.random.default_rng(seed)``;
    the first ``round(test_fraction * n_groups)`` (at least 1 when there are >= 2
    groups) are test.  Deterministic for a given set of groups.
    """
    uniq = sorted(set(groups))
    n = len(uniq)
    n_test = max(1, round(test_fraction * n)) if n >= 2 else 0
    perm = np.random.default_rng(seed).permutation(n)
    test = {uniq[i] for i in perm[:n_test]}
    return ["test" if g in test else "train" for g in groups]


def our_split_note(unit: str, extra: str = "") -> str:
    note = (
        f"OUR split (no official test split): {round((1 - TEST_FRACTION) * 100)}/{round(TEST_FRACTION * 100)} "
        f"train/test by {unit}, numpy default_rng seed {SPLIT_SEED} over sorted unique groups "
        f"(framing.datasets._common.group_split); no dev split."
    )
    return f"{note} {extra}".strip()


_SPLIT_PRIORITY = {"test": 0, "dev": 1, "train": 2}


def finalise(
    task: str,
    ids: Sequence[str],
    texts: Sequence[object],
    labels: Sequence[str],
    groups: Sequence[str],
    *,
    splits: Sequence[str] | None = None,
    targets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Build the standard 6-column frame (see module docstring).

    ``splits=None`` means no official split: the seeded group split is applied
    after empty/duplicate removal.
    """
    n = len(ids)
    if not (len(texts) == len(labels) == len(groups) == n):
        raise AssertionError("finalise: column lengths differ")
    label_counts = dict(Counter(labels))
    cache: dict[object, str] = {}

    def norm(value: object) -> str:
        # Repeated raw strings (FNC-1 bodies/headlines, GWSD target) are normalised once
        # and share one str object.
        try:
            out = cache.get(value)
        except TypeError:
            return normalise(value)
        if out is None:
            out = cache[value] = normalise(value)
        return out

    text_n = [norm(t) for t in texts]
    target_n = [norm(t) for t in targets] if targets is not None else [""] * n
    split_v = list(splits) if splits is not None else [""] * n

    keep = [i for i in range(n) if text_n[i]]
    dropped_empty = n - len(keep)
    # De-duplicate on (target, text); official test/dev rows win over train rows.
    order = sorted(keep, key=lambda i: (_SPLIT_PRIORITY.get(split_v[i], 3), i))
    seen: dict[tuple[str, str], int] = {}
    kept: list[int] = []
    conflicting = 0
    for i in order:
        key = (target_n[i], text_n[i])
        first = seen.get(key)
        if first is None:
            seen[key] = i
            kept.append(i)
        elif labels[first] != labels[i]:
            conflicting += 1
    kept.sort()
    dropped_dup = len(keep) - len(kept)

    grp = [str(groups[i]) for i in kept]
    if splits is None:
        split_out = group_split(grp)
    else:
        split_out = [split_v[i] for i in kept]
        bad = set(split_out) - set(SPLITS)
        if bad:
            raise AssertionError(f"{task}: bad split values {bad}")

    def col(values: list[str]) -> pd.Series:
        return pd.Series(values, dtype=object)

    df = pd.DataFrame(
        {
            "id": col([str(ids[i]) for i in kept]),
            "text": col([text_n[i] for i in kept]),
            "label": col([str(labels[i]) for i in kept]),
            "group": col(grp),
            "split": col(split_out),
            "target": col([target_n[i] for i in kept]),
        }
    )
    if df["id"].duplicated().any():
        raise AssertionError(f"{task}: ids are not unique")
    df.attrs.update(
        task=task,
        n_source_rows=n,
        source_label_counts=label_counts,
        dropped_empty=dropped_empty,
        dropped_duplicates=dropped_dup,
        conflicting_duplicates=conflicting,
    )
    return df
