"""The validity report in markdown: a generated block between markers inside hand-written prose."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from framing.errors import InputError

if TYPE_CHECKING:
    from framing.validity.diagnostics import CueDiagnostics


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
    """The validity table as a GitHub markdown table (one row per task, signal and form).

    Each task opens with its baselines (length ``n_tokens``, VADER, the n-gram model); every other row
    gives its AUC minus length's, its out-of-fold gain over a length model and
    its AUC within length quintiles, and is flagged (⚑) unless it beats length
    (`framing.validity.table.length_flag`). PR-AUC intervals are in the CSV.
    """
    lines = [
        (
            "| task | construct | signal (form) | n | positive rate | ROC-AUC [95% CI] | ROC-AUC − length [95% CI] | "
            "gain over length, out of fold [95% CI] | ROC-AUC within length quintiles [95% CI] | PR-AUC | "
            "F1 of score>0 | beats length? |"
        ),
        "|---|---|---|---:|---:|---|---|---|---|---:|---:|---|",
    ]
    for _, row in table.iterrows():
        length = row["form"] == "length"
        baseline = row["role"] == "baseline"
        signal = f"{row['signal']} ({row['form']}{' baseline' if baseline else ''})"
        if row["role"] == "secondary":
            signal += ", secondary"
        verdict = "" if length else (f"⚑ {row['length_flag']}" if row["length_flag"] else "yes")
        lines.append(
            f"| {row['task']} | {row['construct']} | {signal} | {row['n']} | {_fmt(row['positive_rate'])} | "
            f"{_ci(row, 'roc_auc')} | {_ci(row, 'auc_minus_length')} | {_ci(row, 'gain_over_length')} | "
            f"{_ci(row, 'stratified_roc_auc')} | {_fmt(row['pr_auc'])} | "
            f"{'–' if baseline else _fmt(row['f1_at_0'])} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def baseline_markdown(table: pd.DataFrame) -> str:
    """Each signal against VADER and the n-gram model (`framing.validity.baselines`), one row per signal and form.

    The VADER column is the construct's designated form (`VADER_FORM`); a signal is flagged (⚑)
    unless its AUC is above both baselines' and it adds to a length + VADER model, each with a
    paired interval above 0 (`framing.validity.baselines.baseline_flag`).
    """
    from framing.validity.baselines import NGRAM_SIGNAL, VADER_FORM

    if "auc_minus_vader" not in table.columns:
        return ""
    auc = {(r.task, r.signal): r.roc_auc for r in table.itertuples(index=False) if r.role == "baseline"}
    lines = [
        (
            "| task | signal (form) | ROC-AUC | VADER form: ROC-AUC | ROC-AUC − VADER [95% CI] | "
            "gain over length + VADER, out of fold [95% CI] | n-gram model ROC-AUC | ROC-AUC − n-grams [95% CI] | "
            "passes all? |"
        ),
        "|---|---|---:|---|---|---|---:|---|---|",
    ]
    for _, row in table[table["role"] != "baseline"].iterrows():
        vader = VADER_FORM.get(row["construct"], "")
        vader_auc = auc.get((row["task"], vader), float("nan"))
        verdict = f"⚑ {row['baseline_flag']}" if row["baseline_flag"] else "yes"
        if not (np.isfinite(row["auc_minus_vader"]) or np.isfinite(row["auc_minus_ngram"])):
            verdict = "–"
        lines.append(
            f"| {row['task']} | {row['signal']} ({row['form']}) | {_fmt(row['roc_auc'])} | "
            f"{vader or '–'}: {_fmt(vader_auc)} | {_ci(row, 'auc_minus_vader')} | {_ci(row, 'gain_over_vader')} | "
            f"{_fmt(auc.get((row['task'], NGRAM_SIGNAL), float('nan')))} | {_ci(row, 'auc_minus_ngram')} | {verdict} |"
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
            "groups of more than one sentence; every row of a task on the same resamples); F1 is for the positive "
            "class with the rule score > 0. Count = the family's score; rate = per 100 tokens "
            "(`framing.signals.length`); length baseline = whitespace token count, longer ranked as more positive."
        ),
        "",
        validity_markdown(table),
    ]
    against = baseline_markdown(table)
    if against:
        lines += [
            (
                "Against the two other baselines (`framing.validity.baselines`): VADER's sentiment in the form fixed "
                "for the construct (`vader_negative`, its share of negative words, for alarm; `vader_sentiment`, its "
                "share of words with any sentiment, for the others), and a plain n-gram model (TF-IDF of word "
                "1-2-grams, logistic regression, no tuning) fitted on the task's train split (out of fold when the "
                "split scored is train). The n-gram model is supervised; the signals are not. The gain over length + "
                "VADER is the out-of-fold ROC-AUC of a logistic model on log length, VADER and the signal minus that "
                "without the signal: above 0, the signal carries information VADER does not."
            ),
            "",
            against,
        ]
    skipped_baselines = table.attrs.get("skipped_baselines")
    if skipped_baselines:
        lines.append(f"Baselines left out (library not installed): {', '.join(skipped_baselines)}\n")
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


def _write_bytes(path, data: bytes) -> Path:
    from framing.io.writers import atomic_output

    with atomic_output(path) as handle:
        handle.write(data)
    return Path(path)
