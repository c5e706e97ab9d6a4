"""Construct validity: how well each signal score ranks human-labelled public sentences.

For every binary task in `framing.datasets.TASKS` whose construct one of our
signal families claims to measure, the family's score is compared with the
human label on one split:

========================  ====================================================
construct of the task     signal(s) compared (role)
========================  ====================================================
``hedging``               ``hedging_score`` (primary), ``hedging_total``
``alarm``                 ``alarm_score`` (primary)
``partisan``              ``partisan_score`` (primary)
``bias``                  ``partisan_score`` (primary)
BABE / BASIL bias tasks   ``alarm_score`` (secondary: loaded words overlap)
========================  ====================================================

Each comparison reports ROC-AUC and PR-AUC (average precision, sklearn's
step-wise definition) with seeded percentile bootstrap 95 % intervals, the
positive rate (the PR-AUC of a random scorer), ``n``, and precision, recall
and F1 of the rule "score > 0". When a task has groups of more than one
sentence (articles, documents, event triplets) whole groups are resampled
(cluster bootstrap), because sentences of one article are not independent.
The resampling is vectorised: scores are binned on their distinct values, a
group × value count table is built once, and each bootstrap replicate is a
multinomial draw of group counts times that table.

>>> from framing.validity import validate, cue_diagnostics
>>> table = validate("../shared/data/external", split="test")          # doctest: +SKIP
>>> diag = cue_diagnostics("../shared/data/external", split="train")   # doctest: +SKIP

``docs/validity.md`` reports the numbers and what each comparison can and
cannot show.
"""

from __future__ import annotations

import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import InputError

__all__ = [
    "CONSTRUCT_SIGNALS",
    "SECONDARY_SIGNALS",
    "STOPWORDS",
    "TABLE_COLUMNS",
    "CueDiagnostics",
    "binary_metrics",
    "cue_diagnostics",
    "plot_roc_curves",
    "task_scores",
    "validate",
    "validity_markdown",
    "validity_tasks",
    "write_validity_markdown",
]

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

TABLE_COLUMNS = (
    "task",
    "dataset",
    "construct",
    "signal",
    "role",
    "split",
    "n",
    "n_positive",
    "positive_rate",
    "n_groups",
    "resampled",
    "roc_auc",
    "roc_auc_low",
    "roc_auc_high",
    "pr_auc",
    "pr_auc_low",
    "pr_auc_high",
    "flagged_rate",
    "precision_at_0",
    "recall_at_0",
    "f1_at_0",
    "n_boot",
    "note",
)

#: A small English stopword list (ours), used only to rank words in missed positives. Quantifiers and degree
#: words ("some", "many", "most", "very") are deliberately NOT stopwords: they are candidate weasel/intensifier cues.
STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "a about above after again against all also am an and any are as at back be because been before being "
        "below between both but by can could did do does doing don down during each even first for from "
        "further get go going got had has have having he her here hers herself him himself his how i if in "
        "into is it its itself just last like made make may me might mr mrs ms my myself new no nor not now "
        "of off on once one only or other our ours ourselves out over own per s said same say says she should "
        "since so still such t than that the their theirs them themselves then there these they this those "
        "three through to told too two u.s under until up us was way we well were what when where which while "
        "who whom why will with would year years you your yours yourself yourselves"
    ).split()
)
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


# --------------------------------------------------------------------------- tasks and scores


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


def _load_rows(root: Path, names: Sequence[str], split: str) -> dict[str, pd.DataFrame]:
    from framing.datasets import load_task

    frames = {}
    for name in names:
        df = load_task(name, root)
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


def _scored(root: Path, names: Sequence[str], split: str, lexicons: dict | None = None):
    """Load the tasks, run the families they need once over the distinct texts.

    Returns ``(frames, texts, index, extractions)``: each frame gets a ``row``
    column indexing ``texts``; ``extractions[family]`` covers ``texts``.
    """
    from framing.datasets import TASKS

    frames = _load_rows(root, names, split)
    index: dict[str, int] = {}
    for df in frames.values():
        for text in df["text"]:
            index.setdefault(text, len(index))
    texts = list(index)
    for df in frames.values():
        df["row"] = np.fromiter((index[t] for t in df["text"]), dtype=np.int64, count=len(df))
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
    """Long table of every (task, signal, sentence): ``task, construct, signal, role, id, group, y, score``.

    ``y`` is 1 for the task's positive label. ``lexicons`` maps a family
    (``"hedging"``, ``"alarm"``, ``"partisan"``) to a lexicon name or TSV path
    to compare lexicon versions.
    """
    root, names, _ = _resolve_tasks(data_dir, tasks)
    return _scores_frame(names, *_scored(root, names, _check_split(split), lexicons))


def _scores_frame(names, frames, texts, extractions) -> pd.DataFrame:
    from framing.datasets import TASKS

    parts = []
    for name in names:
        task, df = TASKS[name], frames[name]
        y = (df["label"] == task.positive_label).to_numpy(dtype=np.int64)
        for signal, role in _signals_for(task):
            extraction = extractions[_family_of(signal)]
            if extraction is None or not len(df):
                score = np.zeros(len(df))
            else:
                column = extraction.feature_names.index(signal)
                score = extraction.features[df["row"].to_numpy(), column].astype(float)
            parts.append(
                pd.DataFrame(
                    {
                        "task": name,
                        "construct": task.construct,
                        "signal": signal,
                        "role": role,
                        "id": df["id"].to_numpy(dtype=object),
                        "group": df["group"].to_numpy(dtype=object),
                        "y": y,
                        "score": score,
                    }
                )
            )
    columns = ["task", "construct", "signal", "role", "id", "group", "y", "score"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


# --------------------------------------------------------------------------- metrics


def _metrics_from_counts(pos: np.ndarray, neg: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """ROC-AUC, average precision and rule "score > 0" metrics from (weighted) counts per score value.

    ``pos`` and ``neg`` have shape ``(..., U)``: how many positives/negatives
    have each of the ``U`` distinct score ``values`` (ascending). Ties count
    one half in the AUC (Mann-Whitney); average precision steps over distinct
    thresholds as in `sklearn.metrics.average_precision_score`.
    """
    pos = np.asarray(pos, dtype=float)
    neg = np.asarray(neg, dtype=float)
    n_pos = pos.sum(axis=-1)
    n_neg = neg.sum(axis=-1)
    both = (n_pos > 0) & (n_neg > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        below = np.cumsum(neg, axis=-1) - neg
        auc = (pos * (below + 0.5 * neg)).sum(axis=-1) / (n_pos * n_neg)
        tp = np.cumsum(pos[..., ::-1], axis=-1)
        fp = np.cumsum(neg[..., ::-1], axis=-1)
        precision = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1.0), 0.0)
        recall_step = pos[..., ::-1] / n_pos[..., None]
        ap = (recall_step * precision).sum(axis=-1)
        flag = values > 0
        tp0 = pos[..., flag].sum(axis=-1)
        fp0 = neg[..., flag].sum(axis=-1)
        precision0 = np.where(tp0 + fp0 > 0, tp0 / np.where(tp0 + fp0 > 0, tp0 + fp0, 1.0), 0.0)
        recall0 = tp0 / n_pos
        f1 = np.where(tp0 > 0, 2 * tp0 / (2 * tp0 + fp0 + (n_pos - tp0)), 0.0)
        flagged = (tp0 + fp0) / (n_pos + n_neg)
    nan = np.nan
    return {
        "roc_auc": np.where(both, auc, nan),
        "pr_auc": np.where(n_pos > 0, ap, nan),
        "precision_at_0": np.where(n_pos + n_neg > 0, precision0, nan),
        "recall_at_0": np.where(n_pos > 0, recall0, nan),
        "f1_at_0": np.where(n_pos > 0, f1, nan),
        "flagged_rate": np.where(n_pos + n_neg > 0, flagged, nan),
        "positive_rate": np.where(
            n_pos + n_neg > 0, n_pos / np.where(n_pos + n_neg > 0, n_pos + n_neg, 1), nan
        ),
    }


def _bootstrap_seed(random_state: int, task: str) -> list[int]:
    """One seed per task, so a task's intervals do not depend on which other tasks were run,
    and every signal of a task sees the same resamples (paired comparison)."""
    return [int(random_state), zlib.crc32(task.encode("utf-8"))]


def binary_metrics(
    y,
    score,
    groups=None,
    *,
    n_boot: int = 1000,
    random_state: int | Sequence[int] = 0,
    confidence: float = 0.95,
    chunk: int = 250,
) -> dict:
    """Point estimates and percentile bootstrap intervals for one score against binary labels.

    ``groups`` switches to the cluster bootstrap when some group has more
    than one row. Returns a dict with ``n``, ``n_positive``, ``n_groups``,
    ``resampled`` (``"group"``/``"row"``) and, for ``roc_auc`` and
    ``pr_auc``, the value with ``_low``/``_high`` bounds, plus the
    "score > 0" rule's precision, recall, F1 and flagged rate. Undefined
    values (one class only) are NaN.
    """
    y = np.asarray(y)
    score = np.asarray(score, dtype=float)
    if y.ndim != 1 or score.shape != y.shape:
        raise ValueError(f"y and score must be 1-D and of equal length ({y.shape} vs {score.shape})")
    if not set(np.unique(y).tolist()) <= {0, 1}:
        raise ValueError("y must be 0/1 (or boolean)")
    if not np.isfinite(score).all():
        raise ValueError("score contains NaN or infinite values")
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot must be a non-negative integer, not {n_boot!r}")
    y = y.astype(bool)
    n = len(y)
    if groups is None:
        unit = np.arange(n)
    else:
        groups = np.asarray(groups, dtype=object)
        if groups.shape != y.shape:
            raise ValueError(f"groups has {len(groups)} entries for {n} labels")
        _, unit = np.unique(groups.astype(str), return_inverse=True)
    n_units = int(unit.max()) + 1 if n else 0
    clustered = n_units < n
    if not clustered:
        unit = np.arange(n)
        n_units = n
    values, code = np.unique(score, return_inverse=True)
    u = len(values)
    point = _metrics_from_counts(
        np.bincount(code[y], minlength=u), np.bincount(code[~y], minlength=u), values
    )
    out: dict = {
        "n": n,
        "n_positive": int(y.sum()),
        "n_groups": n_units,
        "resampled": "group" if clustered else "row",
    }
    for key, value in point.items():
        out[key] = float(value)
    metrics = ("roc_auc", "pr_auc")
    if n_boot and n:
        table_pos = np.zeros((n_units, u))
        table_neg = np.zeros((n_units, u))
        np.add.at(table_pos, (unit[y], code[y]), 1.0)
        np.add.at(table_neg, (unit[~y], code[~y]), 1.0)
        rng = np.random.default_rng(random_state)
        uniform = np.full(n_units, 1.0 / n_units)
        boots = {m: np.empty(n_boot) for m in metrics}
        for start in range(0, n_boot, chunk):
            size = min(chunk, n_boot - start)
            draws = rng.multinomial(n_units, uniform, size=size).astype(float)
            reps = _metrics_from_counts(draws @ table_pos, draws @ table_neg, values)
            for m in metrics:
                boots[m][start : start + size] = reps[m]
        alpha = 1 - confidence
        for m in metrics:
            sample = boots[m][np.isfinite(boots[m])]
            if np.isfinite(out[m]) and len(sample):
                low, high = np.percentile(sample, [100 * alpha / 2, 100 * (1 - alpha / 2)])
                out[f"{m}_low"], out[f"{m}_high"] = float(low), float(high)
            else:
                out[f"{m}_low"] = out[f"{m}_high"] = float("nan")
    else:
        for m in metrics:
            out[f"{m}_low"] = out[f"{m}_high"] = float("nan")
    return out


def _table(scores: pd.DataFrame, split: str, n_boot: int, random_state: int) -> pd.DataFrame:
    from framing.datasets import TASKS

    rows = []
    for (name, signal), part in scores.groupby(["task", "signal"], sort=False):
        task = TASKS[name]
        result = binary_metrics(
            part["y"].to_numpy(),
            part["score"].to_numpy(),
            part["group"].to_numpy(),
            n_boot=n_boot,
            random_state=_bootstrap_seed(random_state, name),
        )
        notes = []
        if result["n"] == 0:
            notes.append(f"no rows in split {split!r}")
        elif result["n_positive"] in (0, result["n"]):
            notes.append("one class only: AUC undefined")
        rows.append(
            {
                "task": name,
                "dataset": task.dataset,
                "construct": task.construct,
                "signal": signal,
                "role": part["role"].iloc[0],
                "split": split,
                **result,
                "n_boot": int(n_boot),
                "note": "; ".join(notes),
            }
        )
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    return _sort(table)


def _sort(table: pd.DataFrame) -> pd.DataFrame:
    if table.empty:
        return table.reset_index(drop=True)
    key = pd.DataFrame(
        {
            "c": table["construct"].map(_CONSTRUCT_ORDER),
            "t": table["task"],
            "r": table["role"].map({"primary": 0, "secondary": 1}),
            "s": table["signal"],
        }
    )
    order = key.sort_values(["c", "t", "r", "s"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def _roc_points(scores: pd.DataFrame) -> dict[tuple[str, str], dict[str, list[float]]]:
    """(task, signal) -> ROC curve points (fpr, tpr) over the distinct thresholds, small enough for attrs."""
    curves = {}
    for (name, signal), part in scores.groupby(["task", "signal"], sort=False):
        y = part["y"].to_numpy().astype(bool)
        if y.all() or not y.any():
            continue
        values, code = np.unique(part["score"].to_numpy(), return_inverse=True)
        pos = np.bincount(code[y], minlength=len(values))[::-1]
        neg = np.bincount(code[~y], minlength=len(values))[::-1]
        tpr = np.concatenate([[0.0], np.cumsum(pos) / pos.sum()])
        fpr = np.concatenate([[0.0], np.cumsum(neg) / neg.sum()])
        curves[(name, signal)] = {"fpr": fpr.round(6).tolist(), "tpr": tpr.round(6).tolist()}
    return curves


def validate(
    data_dir: str | os.PathLike | None = None,
    *,
    tasks: str | Sequence[str] | None = None,
    split: str = "test",
    n_boot: int = 1000,
    random_state: int = 0,
    top_cues: int = 10,
    lexicons: dict[str, str | os.PathLike] | None = None,
    out: str | os.PathLike | None = None,
    markdown: str | os.PathLike | None = None,
    figure: str | os.PathLike | None = None,
    diagnostics_split: str | None = "train",
) -> pd.DataFrame:
    """The validity table: every (task, signal) comparison on ``split``, sorted (see `TABLE_COLUMNS`).

    Parameters
    ----------
    data_dir : folder with the dataset folders (default `framing.datasets.default_data_dir`).
    tasks : task names (list or comma-separated string); default every validity task whose files exist.
    split : ``"train"``, ``"dev"``, ``"test"`` or ``"all"``.
    n_boot : bootstrap replicates (0 for none); ``random_state`` seeds them, per task.
    top_cues : false-alarm cues and missed-positive words per task in the markdown report.
    lexicons : family -> lexicon name or path, to evaluate another lexicon version.
    out : write the table as CSV here.
    markdown : write the report here; in an existing file only the block between the
        ``<!-- framing:validity ... -->`` markers for this split is replaced.
    figure : write `plot_roc_curves` here.
    diagnostics_split : split whose `cue_diagnostics` go into the markdown report (default
        ``"train"``, so lexicon work never reads test errors); ``None`` leaves them out.

    ``table.attrs`` holds ``split``, ``n_boot``, ``random_state``, ``data_dir``,
    ``skipped`` (tasks whose files are absent), ``lexicon_sha256`` and
    ``roc_curves`` ((task, signal) -> fpr/tpr lists) for `plot_roc_curves`.
    """
    split = _check_split(split)
    if not isinstance(n_boot, int) or isinstance(n_boot, bool) or n_boot < 0:
        raise InputError(f"n_boot must be a non-negative integer, not {n_boot!r}")
    root, names, skipped = _resolve_tasks(data_dir, tasks)
    frames, texts, extractions = _scored(root, names, split, lexicons)
    scores = _scores_frame(names, frames, texts, extractions)
    table = _table(scores, split, n_boot, random_state)
    table.attrs.update(
        split=split,
        n_boot=n_boot,
        random_state=random_state,
        data_dir=str(root),
        skipped=skipped,
        lexicon_sha256=_lexicon_digests(lexicons),
        roc_curves=_roc_points(scores),
    )
    if out is not None:
        _write_bytes(out, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    if figure is not None:
        plot_roc_curves(table, figure)
    if markdown is not None:
        diagnostics = None
        if diagnostics_split == split:
            diagnostics = _diagnostics(names, frames, texts, extractions, split, top_cues)
        elif diagnostics_split is not None:
            diag_split = _check_split(diagnostics_split)
            diagnostics = _diagnostics(
                names, *_scored(root, names, diag_split, lexicons), diag_split, top_cues
            )
        write_validity_markdown(markdown, table, diagnostics, top=top_cues)
    return table


def _lexicon_digests(lexicons) -> dict[str, str]:
    from framing.lexicons import load_lexicon

    names = {
        "hedging": "hedging",
        "alarm": "alarm",
        "partisan": "partisan",
        "negation": "negation",
        "attribution": "attribution",
    }
    names.update({k: v for k, v in (lexicons or {}).items()})
    return {family: load_lexicon(name).sha256 for family, name in names.items()}


def _write_bytes(path, data: bytes) -> Path:
    from framing.io.writers import atomic_output

    with atomic_output(path) as handle:
        handle.write(data)
    return Path(path)


# --------------------------------------------------------------------------- cue diagnostics


@dataclass
class CueDiagnostics:
    """Where a family's rule "score > 0" goes wrong on one split, per task.

    - ``false_alarms``: per task and cue term, how many negative sentences it fires on
      (``n_negatives``, ``share_of_negatives``), how many positives, and the cue's
      precision (positives among the sentences it fires on; compare ``positive_rate``).
    - ``misses``: per task, positives whose score is not above 0 (``n_missed``,
      ``miss_rate``) and how many of them have no counted cue at all (``n_no_cue``).
    - ``missed_words``: per task, the most frequent words of missed positives
      (sentence counts, stopwords removed) with their share among missed positives and
      among negatives (``ratio`` > 1: over-represented in misses).
    """

    false_alarms: pd.DataFrame
    misses: pd.DataFrame
    missed_words: pd.DataFrame
    split: str

    def to_markdown(self, top: int = 10) -> str:
        return _diagnostics_markdown(self, top)


def cue_diagnostics(
    data_dir: str | os.PathLike | None = None,
    *,
    tasks: str | Sequence[str] | None = None,
    split: str = "train",
    top_cues: int = 10,
    lexicons: dict[str, str | os.PathLike] | None = None,
) -> CueDiagnostics:
    """False-alarm cues and missed positives of each task's primary family (default: the train split).

    Meant for lexicon work, which must look at train only; see `CueDiagnostics`.
    """
    split = _check_split(split)
    root, names, _ = _resolve_tasks(data_dir, tasks)
    frames, texts, extractions = _scored(root, names, split, lexicons)
    return _diagnostics(names, frames, texts, extractions, split, top_cues)


def _counted_cues(family: str, extraction) -> pd.DataFrame:
    """Cue rows that raise the family's score: (sentence, category, term)."""
    cues = extraction.cues
    if family == "hedging":
        keep = (cues["category"] != "booster") | cues["negated"]
        category = np.where(cues["category"] == "booster", "negated_booster", cues["category"])
        out = cues.assign(category=category)[keep]
    elif family == "alarm":
        out = cues[~cues["negated"]]
    else:
        from framing.signals.partisan import RULE_ONLY

        out = cues[~cues["category"].isin(RULE_ONLY)]
    out = out[["sentence", "category", "term"]]
    if family == "hedging":  # anonymous sources are spans, not lexicon terms: one row label
        out = out.assign(
            term=np.where(out["category"] == "anonymous_source", "<anonymous official>", out["term"])
        )
    return out.drop_duplicates()


def _tokens(text: str) -> set[str]:
    from framing.signals.matcher import fold

    return {w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}


def _word_counts(rows: np.ndarray, texts: list[str], cache: dict[int, set[str]]) -> Counter:
    """In how many of the sentences ``rows`` each word occurs (tokens cached per text)."""
    counts: Counter = Counter()
    for r in rows.tolist():
        if r not in cache:
            cache[r] = _tokens(texts[r])
        counts.update(cache[r])
    return counts


def _diagnostics(names, frames, texts, extractions, split, top) -> CueDiagnostics:
    from framing.datasets import TASKS

    alarms, misses, words = [], [], []
    counted = {f: _counted_cues(f, e) for f, e in extractions.items() if e is not None}
    token_cache: dict[int, set[str]] = {}
    for name in names:
        task, df = TASKS[name], frames[name]
        signal = _signals_for(task)[0][0]
        family = _family_of(signal)
        y = (df["label"] == task.positive_label).to_numpy()
        n_pos, n_neg = int(y.sum()), int((~y).sum())
        if not len(df) or family not in counted:
            continue
        extraction = extractions[family]
        rows = df["row"].to_numpy()
        score = extraction.features[rows, extraction.feature_names.index(signal)]
        cues = counted[family]
        # text row -> this task's label (-1: not in the task); a text occurs once per task
        label_of = np.full(len(texts), -1, dtype=np.int64)
        label_of[rows] = y
        hit = cues[label_of[cues["sentence"].to_numpy()] >= 0]
        hit = hit.assign(y=label_of[hit["sentence"].to_numpy()])
        by_term = hit.groupby(["category", "term"])["y"].agg(n_positives="sum", n_fired="size").reset_index()
        by_term["n_negatives"] = by_term["n_fired"] - by_term["n_positives"]
        by_term = by_term.sort_values(["n_negatives", "term"], ascending=[False, True], kind="stable").head(
            top
        )
        for r in by_term.itertuples(index=False):
            alarms.append(
                {
                    "task": name,
                    "family": family,
                    "category": r.category,
                    "term": r.term,
                    "n_negatives": int(r.n_negatives),
                    "share_of_negatives": r.n_negatives / n_neg if n_neg else np.nan,
                    "n_positives": int(r.n_positives),
                    "share_of_positives": r.n_positives / n_pos if n_pos else np.nan,
                    "precision": r.n_positives / r.n_fired,
                    "positive_rate": n_pos / len(df),
                }
            )
        missed = y & (score <= 0)
        with_cue = np.zeros(len(texts), dtype=bool)
        with_cue[cues["sentence"].to_numpy()] = True
        misses.append(
            {
                "task": name,
                "family": family,
                "signal": signal,
                "n_positive": n_pos,
                "n_missed": int(missed.sum()),
                "miss_rate": missed.sum() / n_pos if n_pos else np.nan,
                "n_no_cue": int((y & ~with_cue[rows]).sum()),
                "n_negative": n_neg,
                "n_false_alarms": int((~y & (score > 0)).sum()),
                "false_alarm_rate": (~y & (score > 0)).sum() / n_neg if n_neg else np.nan,
            }
        )

        in_missed = _word_counts(rows[missed], texts, token_cache)
        in_neg = _word_counts(rows[~y], texts, token_cache)
        n_missed = int(missed.sum())
        ranked = sorted(in_missed.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        for rank, (word, k) in enumerate(ranked, start=1):
            share_m = k / n_missed
            share_n = in_neg.get(word, 0) / n_neg if n_neg else np.nan
            words.append(
                {
                    "task": name,
                    "family": family,
                    "rank": rank,
                    "word": word,
                    "n_missed": k,
                    "share_of_missed": share_m,
                    "share_of_negatives": share_n,
                    "ratio": share_m / share_n if share_n else np.inf,
                }
            )
    return CueDiagnostics(
        false_alarms=pd.DataFrame(
            alarms,
            columns=[
                "task",
                "family",
                "category",
                "term",
                "n_negatives",
                "share_of_negatives",
                "n_positives",
                "share_of_positives",
                "precision",
                "positive_rate",
            ],
        ),
        misses=pd.DataFrame(
            misses,
            columns=[
                "task",
                "family",
                "signal",
                "n_positive",
                "n_missed",
                "miss_rate",
                "n_no_cue",
                "n_negative",
                "n_false_alarms",
                "false_alarm_rate",
            ],
        ),
        missed_words=pd.DataFrame(
            words,
            columns=[
                "task",
                "family",
                "rank",
                "word",
                "n_missed",
                "share_of_missed",
                "share_of_negatives",
                "ratio",
            ],
        ),
        split=split,
    )


# --------------------------------------------------------------------------- markdown


def _fmt(x, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and not np.isfinite(x)):
        return "–"
    return f"{x:.{digits}f}"


def _ci(row, metric: str) -> str:
    value = row[metric]
    if not np.isfinite(value):
        return "–"
    low, high = row[f"{metric}_low"], row[f"{metric}_high"]
    if not (np.isfinite(low) and np.isfinite(high)):
        return _fmt(value)
    return f"{_fmt(value)} [{_fmt(low)}, {_fmt(high)}]"


def validity_markdown(table: pd.DataFrame) -> str:
    """The validity table as a GitHub markdown table (one row per task and signal)."""
    lines = [
        "| task | construct | signal | n | positive rate | ROC-AUC [95% CI] | PR-AUC [95% CI] | F1 of score>0 |",
        "|---|---|---|---:|---:|---|---|---:|",
    ]
    for _, row in table.iterrows():
        signal = row["signal"] if row["role"] == "primary" else f"{row['signal']} ({row['role']})"
        lines.append(
            f"| {row['task']} | {row['construct']} | {signal} | {row['n']} | {_fmt(row['positive_rate'])} | "
            f"{_ci(row, 'roc_auc')} | {_ci(row, 'pr_auc')} | {_fmt(row['f1_at_0'])} |"
        )
    return "\n".join(lines) + "\n"


def _diagnostics_markdown(diag: CueDiagnostics, top: int = 10) -> str:
    parts = []
    for m in diag.misses.itertuples(index=False):
        fa = diag.false_alarms[diag.false_alarms["task"] == m.task].head(top)
        mw = diag.missed_words[diag.missed_words["task"] == m.task].head(top)
        cues = ", ".join(
            f"{r.term} ({r.n_negatives}; {100 * r.share_of_negatives:.1f}%; prec {r.precision:.2f})"
            for r in fa.itertuples(index=False)
        )
        words = ", ".join(
            f"{r.word} ({r.n_missed}; ×{r.ratio:.1f})"
            if np.isfinite(r.ratio)
            else f"{r.word} ({r.n_missed}; ×∞)"
            for r in mw.itertuples(index=False)
        )
        parts.append(
            f"**{m.task}** ({m.signal} > 0 on {diag.split}): false alarms on {m.n_false_alarms} of {m.n_negative} "
            f"negatives ({_pct(m.false_alarm_rate)}); missed {m.n_missed} of {m.n_positive} positives "
            f"({_pct(m.miss_rate)}), {m.n_no_cue} with no counted cue.\n\n"
            f"- top false-alarm cues (negatives fired on; share of negatives; cue precision): {cues or '–'}\n"
            f"- frequent words in missed positives (sentences; ratio of share in misses to share in negatives): "
            f"{words or '–'}\n"
        )
    return "\n".join(parts)


def _pct(x) -> str:
    return "–" if not np.isfinite(x) else f"{100 * x:.1f}%"


def _markers(split: str) -> tuple[str, str]:
    return f"<!-- framing:validity split={split} begin -->", f"<!-- framing:validity split={split} end -->"


def _block(table: pd.DataFrame, diagnostics: CueDiagnostics | None, top: int) -> str:
    split = table.attrs.get("split", table["split"].iloc[0] if len(table) else "?")
    n_boot = table.attrs.get("n_boot", int(table["n_boot"].iloc[0]) if len(table) else 0)
    seed = table.attrs.get("random_state", "?")
    lines = [
        (
            f"Split: `{split}`; {n_boot} bootstrap replicates (seed {seed}; whole groups resampled where a task has "
            "groups of more than one sentence); F1 is for the positive class with the rule score > 0."
        ),
        "",
        validity_markdown(table),
    ]
    digests = table.attrs.get("lexicon_sha256")
    if digests:
        lines.append(
            "Lexicons (SHA-256, first 12 hex digits): "
            + ", ".join(f"{k} `{v[:12]}`" for k, v in sorted(digests.items()))
            + "\n"
        )
    skipped = table.attrs.get("skipped")
    if skipped:
        lines.append(f"Skipped (files absent): {', '.join(skipped)}\n")
    if diagnostics is not None:
        lines += [
            f"#### Cue diagnostics ({diagnostics.split} split)",
            "",
            _diagnostics_markdown(diagnostics, top),
        ]
    return "\n".join(lines).rstrip() + "\n"


def write_validity_markdown(
    path: str | os.PathLike, table: pd.DataFrame, diagnostics: CueDiagnostics | None = None, *, top: int = 10
) -> Path:
    """Write the validity report to ``path``.

    If ``path`` exists and contains this split's markers
    (``<!-- framing:validity split=test begin -->`` ... ``end -->``), only the
    text between them is replaced, so hand-written interpretation around the
    numbers survives a re-run; otherwise a standalone report is written
    (an existing file without markers is not overwritten: an `InputError` is raised).
    """
    path = Path(path)
    split = table.attrs.get("split", table["split"].iloc[0] if len(table) else "test")
    begin, end = _markers(split)
    block = f"{begin}\n{_block(table, diagnostics, top)}{end}"
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if begin in old and end in old and old.index(begin) < old.index(end):
            head, rest = old.split(begin, 1)
            _, tail = rest.split(end, 1)
            return _write_bytes(path, (head + block + tail).encode("utf-8"))
        raise InputError(
            f"{str(path)!r} exists and has no '{begin}' ... '{end}' markers; refusing to overwrite it. "
            "Add the markers where the table should go, or choose a new file"
        )
    text = f"# Validity of `framing` signals against public human labels\n\n{block}\n"
    return _write_bytes(path, text.encode("utf-8"))


# --------------------------------------------------------------------------- figure

FIG_DPI = 150
_PANEL_SIZE = (4.6, 4.4)


def plot_roc_curves(
    results_or_scores: pd.DataFrame, path: str | os.PathLike, *, title: str | None = None
) -> Path:
    """One ROC panel per signal family, one curve per task, AUC in the legend, chance diagonal.

    ``results_or_scores`` is either the table from `validate` (its
    ``attrs["roc_curves"]`` hold the curve points) or the long frame from
    `task_scores` (columns ``task, signal, y, score``). Only each task's
    primary signal plus secondary alarm curves are drawn, grouped by the
    signal's family. Deterministic PNG: Agg canvas, default style, fixed
    size and dpi, no software metadata.
    """
    from matplotlib import style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    frame = results_or_scores
    if not isinstance(frame, pd.DataFrame):
        raise InputError("plot_roc_curves needs the table from validate() or the frame from task_scores()")
    if {"y", "score", "task", "signal"} <= set(frame.columns):
        curves = _roc_points(frame)
        split = None
    elif "roc_curves" in frame.attrs:
        curves = frame.attrs["roc_curves"]
        split = frame.attrs.get("split")
    else:
        raise InputError(
            "plot_roc_curves: the table has no ROC curve points (attrs['roc_curves'] is lost when a table is "
            "saved to CSV); pass validate()'s table as returned, or task_scores()'s frame"
        )
    from framing.datasets import TASKS

    primary = {name: _signals_for(task)[0][0] for name, task in TASKS.items() if _signals_for(task)}
    # Draw the signal compared with each task, except hedging_total (same family, near-duplicate of the score);
    # primary comparisons first (solid), then secondary ones (dotted, e.g. alarm_score against media bias).
    keys = sorted(
        (k for k in curves if k[1] != "hedging_total"), key=lambda k: (primary.get(k[0]) != k[1], k[1], k[0])
    )
    families = [f for f in _FAMILY_ORDER if any(_family_of(s) == f for _, s in keys)]
    if not families:
        raise InputError("plot_roc_curves: nothing to plot (no task has both classes)")
    with style.context("default"):
        fig = Figure(figsize=(_PANEL_SIZE[0] * len(families), _PANEL_SIZE[1]), dpi=FIG_DPI)
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, len(families), squeeze=False)[0]
        for ax, family in zip(axes, families):
            ax.plot([0, 1], [0, 1], linestyle="--", color="0.6", linewidth=1, label="chance (0.50)")
            for task, signal in [k for k in keys if _family_of(k[1]) == family]:
                pts = curves[(task, signal)]
                fpr, tpr = np.asarray(pts["fpr"]), np.asarray(pts["tpr"])
                auc = float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
                secondary = primary.get(task) != signal
                ax.plot(
                    fpr,
                    tpr,
                    linewidth=1.4,
                    linestyle=":" if secondary else "-",
                    label=f"{task}{' (secondary)' if secondary else ''} ({auc:.2f})",
                )
            ax.set_xlim(0, 1)
            ax.set_ylim(0, 1)
            ax.set_aspect("equal")
            ax.set_xlabel("false positive rate")
            ax.set_ylabel("true positive rate")
            ax.set_title(f"{family}_score")
            ax.legend(loc="lower right", fontsize=6.5, title="task (ROC-AUC)", title_fontsize=7)
        heading = title or "Signal scores vs human labels" + (f" ({split} split)" if split else "")
        fig.suptitle(heading)
        fig.tight_layout()
        path = Path(path)
        from framing.io.writers import atomic_output

        with atomic_output(path) as handle:
            fig.savefig(handle, format="png", dpi=FIG_DPI, metadata={"Software": None})
    return path
