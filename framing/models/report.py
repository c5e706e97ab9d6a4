"""What a reader of a training or evaluation report must not miss, said in words and in a Markdown file.

Scores in nested JSON are easy to misread: a 30-vs-304 class split, a class
of 3 examples, a bootstrap over 11 outlets or a "held-out" score on the very
file the model was trained on all look like any other number there. These
conditions become ``warnings`` (in the JSON and printed by the CLI), and the
report is also rendered as Markdown: per-class table with intervals, confusion
matrix, and a learning curve that answers "would more labels help?".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from framing.io.writers import atomic_output

#: Largest-to-smallest class ratio above which macro-F1 and accuracy tell very different stories.
IMBALANCE_RATIO = 10
#: Classes with fewer examples than this have per-class intervals too wide to read.
TINY_CLASS = 10
#: A percentile cluster bootstrap over fewer groups than this understates uncertainty (Cameron & Miller 2015).
FEW_CLUSTERS = 30
FRACTIONS = (0.2, 0.4, 0.6, 0.8, 1.0)


def warnings_for(
    counts: dict[str, int], bootstrap: dict, *, evaluated_on_training: bool = False, kind: str = "class"
) -> list[str]:
    """Plain-language warnings about class sizes, the bootstrap and the evaluation file (``kind``: class or label)."""
    out = []
    if evaluated_on_training:
        out.append(
            "evaluated on the training file itself (same SHA-256): these are training scores, not held-out ones, "
            "and say nothing about new text"
        )
    sizes = {name: count for name, count in counts.items() if count > 0}
    if sizes and max(sizes.values()) > IMBALANCE_RATIO * min(sizes.values()):
        big, small = max(sizes, key=sizes.get), min(sizes, key=sizes.get)
        out.append(
            f"{kind} imbalance: {big!r} has {sizes[big]} examples, {small!r} {sizes[small]} (ratio "
            f"{sizes[big] / sizes[small]:.1f} > {IMBALANCE_RATIO}); accuracy is dominated by {big!r}, read macro-F1 "
            "and the per-class rows"
        )
    tiny = sorted((count, name) for name, count in counts.items() if count < TINY_CLASS)
    if tiny:
        named = ", ".join(f"{name!r} ({count})" for count, name in tiny[:5])
        out.append(
            f"{kind}{'es' if kind == 'class' else 's'} with fewer than {TINY_CLASS} examples: {named}; their scores rest on a handful of "
            "sentences and their intervals are wide"
        )
    if bootstrap.get("unit") == "group" and bootstrap.get("n_units", FEW_CLUSTERS) < FEW_CLUSTERS:
        out.append(
            f"the bootstrap resamples only {bootstrap['n_units']} groups (< {FEW_CLUSTERS}); with so few clusters "
            "the 95% intervals are too narrow, treat them as rough"
        )
    return out


def learning_curve(
    fit_score: Callable[[np.ndarray, np.ndarray], float],
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    groups: np.ndarray | None,
    *,
    fractions: Sequence[float] = FRACTIONS,
    random_state: int = 0,
    full_scores: Sequence[float] | None = None,
) -> dict:
    """Mean and SD over the CV folds of ``fit_score(train_rows, test_rows)`` trained on growing shares of each training part.

    Test folds stay whole; each training part is cut to ``fraction`` of its
    groups (or rows, without groups), drawn with one seeded generator, so a
    curve still rising at 100% says more labels of the same kind would help.
    A share too small to fit (a class vanished) is skipped and counted.
    ``full_scores`` (one per fold, from the cross-validation that chose the
    model) stand in for refitting at 100%.
    """
    rng = np.random.default_rng(random_state)
    rows = []
    for fraction in fractions:
        scores, sizes, skipped = [], [], 0
        for f, (train_idx, test_idx) in enumerate(folds):
            part = _subsample(train_idx, groups, fraction, rng)
            if fraction >= 1 and full_scores is not None:
                scores.append(float(full_scores[f]))
                sizes.append(len(part))
                continue
            try:
                scores.append(float(fit_score(part, test_idx)))
                sizes.append(len(part))
            except ValueError:
                skipped += 1
        rows.append(
            {
                "fraction": float(fraction),
                "train_rows_mean": float(np.mean(sizes)) if sizes else None,
                "macro_f1_mean": float(np.mean(scores)) if scores else None,
                "macro_f1_sd": float(np.std(scores, ddof=1)) if len(scores) > 1 else None,
                "folds_scored": len(scores),
                "folds_skipped": skipped,
            }
        )
    return {"points": rows, "random_state": random_state, "verdict": _verdict(rows)}


def _subsample(train_idx: np.ndarray, groups: np.ndarray | None, fraction: float, rng) -> np.ndarray:
    if fraction >= 1:
        return train_idx
    if groups is None:
        keep = rng.permutation(len(train_idx))[: max(2, round(fraction * len(train_idx)))]
        return np.sort(train_idx[keep])
    units = np.unique(groups[train_idx].astype(str))
    chosen = set(rng.permutation(units)[: max(2, round(fraction * len(units)))].tolist())
    return train_idx[np.isin(groups[train_idx].astype(str), list(chosen))]


def _verdict(rows: list[dict]) -> str:
    scored = [r for r in rows if r["macro_f1_mean"] is not None]
    if len(scored) < 2:
        return "too few points to read a trend"
    last, before = scored[-1], scored[-2]
    gain = last["macro_f1_mean"] - before["macro_f1_mean"]
    noise = last["macro_f1_sd"] or 0.0
    if gain > max(0.01, noise / 2):
        return (
            f"still rising (+{gain:.3f} macro-F1 from {before['fraction']:.0%} to {last['fraction']:.0%} of the "
            "training data): more labels of the same kind are likely to help"
        )
    return (
        f"flat at the end ({gain:+.3f} macro-F1 from {before['fraction']:.0%} to {last['fraction']:.0%}): more labels "
        "of the same kind are unlikely to help much; better features or cleaner labels may"
    )


def _ci(score: dict) -> str:
    return f"{score['value']:.3f} [{score['ci_low']:.3f}, {score['ci_high']:.3f}]"


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _scores_section(title: str, scores: dict, thresholds: dict | None) -> list[str]:
    lines = [f"## {title}", ""]
    boot = scores["bootstrap"]
    if "per_label" in scores:
        lines.append(
            f"micro-F1 {_ci(scores['micro_f1'])}, macro-F1 {_ci(scores['macro_f1'])}, exact match "
            f"{_ci(scores['exact_match'])}; n = {scores['n']}"
        )
        per, what = scores["per_label"], "label"
    else:
        lines.append(
            f"macro-F1 {_ci(scores['macro_f1'])}, accuracy {_ci(scores['accuracy'])}; n = {scores['n']}"
        )
        per, what = scores["per_class"], "class"
    lines += [
        "",
        (
            f"Intervals: {boot['confidence']:.0%} percentile bootstrap, {boot['n_boot']} resamples of "
            f"{boot['n_units']} {boot['unit']}s (seed {boot['random_state']})."
        ),
        "",
    ]
    header = [what, "support", "precision", "recall", "F1"] + (["threshold"] if thresholds else [])
    rows = [
        [name, row["support"], _ci(row["precision"]), _ci(row["recall"]), _ci(row["f1"])]
        + ([f"{thresholds[name]:.2f}"] if thresholds else [])
        for name, row in per.items()
    ]
    lines += _table(header, rows) + [""]
    if "confusion_matrix" in scores:
        labels = scores["labels"]
        lines += ["Confusion matrix (rows: true class, columns: predicted):", ""]
        lines += _table(
            ["true \\ predicted", *labels], [[t, *r] for t, r in zip(labels, scores["confusion_matrix"])]
        )
        lines.append("")
    return lines


def markdown(report: dict) -> str:
    """The report as Markdown: warnings first, then scores with intervals, confusion matrix and learning curve."""
    command = report["command"]
    data = report["data"]
    lines = [f"# framing {command}: {data.get('label_col') or ', '.join(data.get('label_cols', []))}", ""]
    lines.append(f"Data: `{data['path']}` ({data['rows']} rows, sha256 `{data['sha256'][:12]}`).")
    model = report.get("model", {})
    if "chosen" in model:
        lines.append(f"Model: {model['chosen']} (seed {model.get('random_state')}).")
    lines.append("")
    if report.get("warnings"):
        lines += ["## Warnings", ""] + [f"- **{w}**" for w in report["warnings"]] + [""]
    thresholds = report.get("thresholds")  # multi-label: per-label thresholds behind the scores shown
    if command == "train":
        folds = report["cv"]["folds"]
        lines += _scores_section(f"Out-of-fold scores ({folds}-fold CV)", report["out_of_fold"], thresholds)
        if "out_of_fold_at_0.5" in report:
            at_half = report["out_of_fold_at_0.5"]
            line = f"At a fixed threshold of 0.5 instead: micro-F1 {_ci(at_half['micro_f1'])}, macro-F1 "
            lines += [line + f"{_ci(at_half['macro_f1'])}.", ""]
        weights = report.get("decision", {}).get("class_weights")
        if weights:
            shown = ", ".join(f"{label} {w:.2f}" for label, w in sorted(weights.items()))
            lines += [f"Decision: argmax of probabilities x class weights tuned out of fold ({shown}).", ""]
        candidates = report["cv"]["candidates"]
        lines += ["## Candidates (CV macro-F1, mean ± SD over folds)", ""]
        lines += _table(
            ["candidate", "macro-F1"],
            [
                [n, f"{c['macro_f1_mean']:.3f} ± {c['macro_f1_sd']:.3f}"]
                for n, c in sorted(candidates.items())
            ],
        )
        lines.append("")
    else:
        lines += _scores_section("Held-out scores", report["scores"], thresholds)
    curve = report.get("learning_curve")
    if curve:
        lines += ["## Learning curve: would more labels help?", ""]
        lines += _table(
            [
                "share of training data",
                "training rows (mean)",
                "macro-F1 (mean ± SD over folds)",
                "folds skipped",
            ],
            [
                [
                    f"{p['fraction']:.0%}",
                    "-" if p["train_rows_mean"] is None else f"{p['train_rows_mean']:.0f}",
                    "-"
                    if p["macro_f1_mean"] is None
                    else f"{p['macro_f1_mean']:.3f} ± {p['macro_f1_sd'] or 0:.3f}",
                    p["folds_skipped"],
                ]
                for p in curve["points"]
            ],
        )
        lines += ["", f"Reading: {curve['verdict']}.", ""]
    if report.get("notes"):
        lines += ["## Notes", ""] + [f"- {n}" for n in report["notes"]] + [""]
    return "\n".join(lines)


def write_markdown(report: dict, path, protected) -> None:
    with atomic_output(path, protected=protected) as handle:
        handle.write(markdown(report).encode("utf-8"))
