"""Which tasks the validity table scores, and each sentence's signal score on them.

A task is scored when it is binary and its construct is one a signal family
claims to measure (`CONSTRUCT_SIGNALS`); the media-bias datasets also get the
alarm score as a secondary comparison (`SECONDARY_SIGNALS`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError
from framing.signals.length import count_tokens, rate, rate_column

#: Construct of a task -> signals compared with its label; the first is the primary one.
CONSTRUCT_SIGNALS: dict[str, tuple[str, ...]] = {
    "hedging": ("hedging_score", "hedging_total"),
    "alarm": ("alarm_score",),
    "partisan": ("partisan_score",),
    "bias": ("partisan_score",),
}
#: Extra signals reported for the media-bias datasets: biased word choice (BABE, BASIL lexical
#: bias) overlaps the loaded-language part of the alarm construct; informational bias should not.
SECONDARY_SIGNALS: dict[str, tuple[str, ...]] = {"babe": ("alarm_score",), "basil": ("alarm_score",)}

SPLIT_CHOICES = ("train", "dev", "test", "all")
_CONSTRUCT_ORDER = {c: i for i, c in enumerate(CONSTRUCT_SIGNALS)}
_FAMILY_ORDER = ("hedging", "alarm", "partisan")
#: The length-only baseline every task reports: the sentence's whitespace token count.
LENGTH_SIGNAL = "n_tokens"
SCORE_COLUMNS = ("task", "construct", "signal", "role", "form", "id", "group", "y", "score")


def _family_of(signal: str) -> str:
    return signal.split("_", 1)[0]


def _signals_for(task) -> list[tuple[str, str]]:
    """(signal, role) pairs compared with ``task``'s label, primary first."""
    if task.kind != "binary" or task.construct not in CONSTRUCT_SIGNALS:
        return []
    pairs = [
        (s, "primary" if i == 0 else "secondary") for i, s in enumerate(CONSTRUCT_SIGNALS[task.construct])
    ]
    for signal in SECONDARY_SIGNALS.get(task.dataset, ()):
        if signal not in {s for s, _ in pairs}:
            pairs.append((signal, "secondary"))
    return pairs


def validity_tasks() -> list[str]:
    """Names of the tasks `validate` can score: binary, with a construct one of our families measures."""
    from framing.datasets import TASKS

    return [name for name, task in TASKS.items() if _signals_for(task)]


def _resolve_tasks(data_dir, tasks) -> tuple[Path, list[str], list[str]]:
    """(data dir, tasks to run, tasks skipped because their files are absent)."""
    from framing.datasets import TASKS, _data_dir, available_tasks

    root = _data_dir(data_dir)
    eligible = validity_tasks()
    if tasks is None:
        present = set(available_tasks(root))
        chosen = [t for t in eligible if t in present]
        skipped = [t for t in eligible if t not in present]
        if not chosen:
            raise InputError(
                f"none of the validity tasks' files were found under {str(root)!r}; --data-dir must point to the "
                "folder that contains szeged_uncertainty/, babe/, ptc_semeval2020_task11/ ..."
            )
        return root, chosen, skipped
    if isinstance(tasks, str):
        tasks = [t for t in re.split(r"[,\s]+", tasks) if t]
    chosen = []
    for name in tasks:
        if name not in TASKS:
            raise InputError(f"unknown task {name!r}; validity tasks: {', '.join(eligible)}")
        if name not in eligible:
            task = TASKS[name]
            raise InputError(
                f"task {name!r} is {task.kind} with construct {task.construct!r}, which no signal family "
                f"measures; validity tasks: {', '.join(eligible)}"
            )
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise InputError(f"no tasks given; validity tasks: {', '.join(eligible)}")
    return root, chosen, []


def _check_split(split: str) -> str:
    if split not in SPLIT_CHOICES:
        raise InputError(f"split must be one of {', '.join(SPLIT_CHOICES)}, not {split!r}")
    return split


def _load_rows(
    root: Path, names: Sequence[str], split: str, training: dict | None = None
) -> dict[str, pd.DataFrame]:
    """Each task's rows of ``split``; ``training``, when given, gets each task's train rows for a dev or test split."""
    from framing.datasets import load_task

    frames = {}
    for name in names:
        df = load_task(name, root)
        if training is not None and split in ("dev", "test"):
            training[name] = df[df["split"] == "train"].reset_index(drop=True)
        if split != "all":
            df = df[df["split"] == split]
        frames[name] = df.reset_index(drop=True)
    return frames


def _extract(texts: list[str], families: Iterable[str], lexicons: dict | None = None) -> dict:
    """family -> Extraction over ``texts`` (each family fitted and run once)."""
    from framing.signals import AlarmSignals, HedgingSignals, PartisanSignals

    classes = {"hedging": HedgingSignals, "alarm": AlarmSignals, "partisan": PartisanSignals}
    out = {}
    for family in families:
        params = {"lexicon": lexicons[family]} if lexicons and family in lexicons else {}
        estimator = classes[family](**params)
        out[family] = estimator.fit(texts).extract(texts) if texts else None
    return out


def _scored(
    root: Path, names: Sequence[str], split: str, lexicons: dict | None = None, training: dict | None = None
):
    """Load the tasks, run the families they need once over the distinct texts.

    Returns ``(frames, texts, extractions)``: each frame gets a ``row``
    column indexing ``texts`` and its ``n_tokens``; ``extractions[family]`` covers ``texts``.
    ``training``, when given, is filled with each task's train rows (see `_load_rows`).
    """
    from framing.datasets import TASKS

    frames = _load_rows(root, names, split, training)
    index: dict[str, int] = {}
    for df in frames.values():
        for text in df["text"]:
            index.setdefault(text, len(index))
    texts = list(index)
    tokens = count_tokens(texts)
    for df in frames.values():
        df["row"] = np.fromiter((index[t] for t in df["text"]), dtype=np.int64, count=len(df))
        df["n_tokens"] = tokens[df["row"].to_numpy()]
    families = sorted(
        {_family_of(s) for n in names for s, _ in _signals_for(TASKS[n])}, key=_FAMILY_ORDER.index
    )
    return frames, texts, _extract(texts, families, lexicons)


def task_scores(
    data_dir: str | os.PathLike | None = None,
    *,
    tasks: str | Sequence[str] | None = None,
    split: str = "test",
    lexicons: dict[str, str | os.PathLike] | None = None,
) -> pd.DataFrame:
    """Long table of every (task, signal, sentence): ``task, construct, signal, role, form, id, group, y, score``.

    Each signal comes in two forms, its ``count`` (the family's score) and its
    length-fair ``rate`` (per 100 tokens, `framing.signals.length`; signal
    ``alarm_rate`` beside ``alarm_score``), and every task has the length
    baseline (signal ``n_tokens``, role ``baseline``, form ``length``) and the
    baselines of `framing.validity.baselines` (role ``baseline``): VADER's
    ``vader_sentiment`` and ``vader_negative`` (form ``sentiment``, when
    vaderSentiment is installed) and the n-gram model ``ngram_lr`` (form
    ``supervised``; fitted on the train split, out of fold when ``split`` is
    train or all). ``y`` is 1 for the task's positive label. ``lexicons`` maps a family
    (``"hedging"``, ``"alarm"``, ``"partisan"``) to a lexicon name or TSV path
    to compare lexicon versions.
    """
    root, names, _ = _resolve_tasks(data_dir, tasks)
    training: dict[str, pd.DataFrame] = {}
    frames, texts, extractions = _scored(root, names, _check_split(split), lexicons, training)
    return _scores_frame(names, frames, texts, extractions, _baselines(names, frames, texts, training))


def _baselines(names, frames, texts, training, random_state: int = 0) -> dict[str, dict[str, np.ndarray]]:
    """Task -> baseline signal -> score per row (`framing.validity.baselines`); VADER runs once over all texts."""
    from framing.datasets import TASKS
    from framing.validity.baselines import task_baselines, vader_scores

    vader = vader_scores(texts)
    return {
        name: task_baselines(
            frames[name], texts, vader, TASKS[name].positive_label, training.get(name), random_state
        )
        for name in names
        if len(frames[name])
    }


def _scores_frame(names, frames, texts, extractions, baselines: dict | None = None) -> pd.DataFrame:
    from framing.datasets import TASKS
    from framing.validity.baselines import NGRAM_FORM_NAME, NGRAM_SIGNAL, VADER_FORM_NAME

    parts = []
    for name in names:
        task, df = TASKS[name], frames[name]
        columns = {
            "task": name,
            "construct": task.construct,
            "id": df["id"].to_numpy(dtype=object),
            "group": df["group"].to_numpy(dtype=object),
            "y": (df["label"] == task.positive_label).to_numpy(dtype=np.int64),
        }
        n_tokens = df["n_tokens"].to_numpy(dtype=float)
        forms = [(LENGTH_SIGNAL, "baseline", "length", n_tokens)]
        for signal, score in (baselines or {}).get(name, {}).items():
            forms.append(
                (signal, "baseline", NGRAM_FORM_NAME if signal == NGRAM_SIGNAL else VADER_FORM_NAME, score)
            )
        for signal, role in _signals_for(task):
            extraction = extractions[_family_of(signal)]
            if extraction is None or not len(df):
                count = np.zeros(len(df))
            else:
                column = extraction.feature_names.index(signal)
                count = extraction.features[df["row"].to_numpy(), column].astype(float)
            forms += [
                (signal, role, "count", count),
                (rate_column(signal), role, "rate", rate(count, n_tokens)),
            ]
        for signal, role, form, score in forms:
            parts.append(
                pd.DataFrame({**columns, "signal": signal, "role": role, "form": form, "score": score})
            )
    if not parts:
        return pd.DataFrame(columns=list(SCORE_COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(SCORE_COLUMNS)]
