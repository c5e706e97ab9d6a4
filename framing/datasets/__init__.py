"""Loaders and benchmark/validity task definitions for the public labelled datasets.

The data are NOT part of the repository: every loader reads the original files from a
user-given directory (``--data-dir``) that contains the dataset folders (``babe/``,
``szeged_uncertainty/``, ``ptc_semeval2020_task11/`` ...), by default
``<repo root>/../shared/data/external`` when it exists.

>>> from framing.datasets import TASKS, load_task, default_data_dir
>>> df = load_task("szeged-news", default_data_dir())          # doctest: +SKIP
>>> df.columns.tolist()                                          # doctest: +SKIP
['id', 'text', 'label', 'group', 'split', 'target']

Every frame has exactly those columns (object dtype holding ``str``): ``id`` stable and
unique; ``text`` whitespace-normalised, non-empty; ``label`` one of ``TASKS[name].labels``;
``group`` the article/document (or event) id for grouped CV, the id itself when no grouping
exists; ``split`` in train/dev/test (official where one exists, else OUR seeded 80/20 group
split, see ``Task.split_note``); ``target`` the stance target (claim/headline) or ``""``.
Duplicate ``(target, text)`` rows are dropped (first kept; an official test row wins over a
train row); ``df.attrs`` records ``dropped_duplicates``, ``conflicting_duplicates``,
``dropped_empty``, ``n_source_rows`` and ``source_label_counts``.

``Task.construct`` links a task to our signal families: ``hedging``, ``alarm`` and
``partisan`` are the signal families themselves; ``stance``, ``frame`` and ``bias``
(informational/any media bias) have no single signal family.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from framing.errors import InputError

from . import babe, basil, conll2010, fnc1, goodnewseveryone, gvfc, gwsd, ptc, szeged
from ._common import COLUMNS, CONSTRUCTS, SPLITS, Published, Task
from .hedge_lexicons import load_hedge_cue_lists

__all__ = [
    "COLUMNS",
    "CONSTRUCTS",
    "DATA_DIR_ENV",
    "SPLITS",
    "TASKS",
    "Published",
    "Task",
    "available_tasks",
    "default_data_dir",
    "load_hedge_cue_lists",
    "load_task",
]

_MODULES = (conll2010, szeged, babe, basil, ptc, goodnewseveryone, gvfc, gwsd, fnc1)

#: Task name -> Task, in a stable order (hedging, bias/partisan, alarm, frame, stance).
TASKS: dict[str, Task] = {t.name: t for m in _MODULES for t in m.TASKS}


DATA_DIR_ENV = "FRAMING_DATA_DIR"


def default_data_dir() -> Path | None:
    """Where the public datasets are when no ``--data-dir``/``data_dir`` is given, or ``None``.

    In order: the ``FRAMING_DATA_DIR`` environment variable (the one setting that works for
    every command and notebook, editable install or not); then ``shared/data/external`` in a
    folder that contains the source tree of this package (editable install) or the current
    folder (run from the repository, its ``notebooks/`` or any folder below), i.e.
    ``../shared/data/external`` next to the checkout.
    """
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_dir():
            raise InputError(
                f"{DATA_DIR_ENV}={configured!r} is not a directory; point it at the folder that contains babe/, "
                "szeged_uncertainty/, ... or unset it"
            )
        return path.resolve()
    here, cwd = Path(__file__).resolve(), Path.cwd().resolve()
    for folder in [*here.parents, cwd, *cwd.parents]:
        candidate = folder / "shared" / "data" / "external"
        if candidate.is_dir():
            return candidate
    return None


def _data_dir(data_dir: str | os.PathLike | None) -> Path:
    if data_dir is None:
        found = default_data_dir()
        if found is None:
            raise InputError(
                "no data directory given and ../shared/data/external (next to the repo) does not exist; pass "
                f"--data-dir (or set {DATA_DIR_ENV}) pointing to the folder that contains babe/, "
                "szeged_uncertainty/, ..."
            )
        return found
    path = Path(data_dir).expanduser()
    if not path.is_dir():
        raise InputError(
            f"data directory {str(path)!r} does not exist or is not a directory; --data-dir must point to the "
            "folder that contains babe/, szeged_uncertainty/, ..."
        )
    return path


def load_task(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load task ``name`` from ``data_dir`` (default: `default_data_dir()`)."""
    task = TASKS.get(name)
    if task is None:
        raise InputError(f"unknown task {name!r}; known tasks: {', '.join(TASKS)}")
    return task.load(_data_dir(data_dir))


def available_tasks(data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the tasks whose files are all present under ``data_dir`` (no parsing)."""
    if data_dir is None:
        found = default_data_dir()
        if found is None:
            return []
        root = found
    else:
        root = Path(data_dir).expanduser()
    if not root.is_dir():
        return []
    return [t.name for t in TASKS.values() if all((root / f).exists() for f in t.files)]
