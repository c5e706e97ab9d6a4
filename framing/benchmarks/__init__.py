"""Benchmarks: our classifiers on the public datasets' held-out splits, next to the published numbers.

For each task in :data:`framing.datasets.TASKS` :func:`run_benchmark` does, in this order:

1. **Train rows only.** Rows with ``split == "train"`` (the official training split where one exists,
   else the documented seeded group split, see ``Task.split_note``). ``max_train`` takes a seeded,
   label-stratified sample of them; ``max_text_chars`` cuts long texts (FNC-1 article bodies) at a
   word boundary, in train and test alike. The test rows are not looked at until step 4.
2. **Model selection by cross-validation on train.** Stratified, grouped folds
   (:func:`framing.models.selection.splits`: ``StratifiedGroupKFold`` over articles/documents;
   for text pairs :func:`framing.models.pairs.pair_folds`, which hold out both texts' stories).
   Candidates are model x C x (signals on/off when ``use_signals="cv"``). The criterion is the
   task's *primary metric* (the one the published numbers use: F1 of the positive class, macro-F1,
   accuracy or the FNC-1 score), averaged over folds; ties keep the earlier candidate.
   For binary tasks each candidate also gets the positive-class probability threshold that
   maximises that metric on its out-of-fold predictions (``tune_threshold``): the toolkit's
   calibrated SVM predicts its most probable class, which undoes the balanced class weights.
3. **Refit** the chosen candidate (:func:`framing.models.build_pipeline`, so exactly the model the
   toolkit ships) on all training rows, and apply its threshold to the test probabilities.
4. **Score once on test**, with cluster-bootstrap 95 % intervals (whole articles/documents are
   resampled). On the *same* resamples: a majority baseline, a lexicon-only baseline (logistic
   regression on our 35 signal features), for hedging/alarm/partisan/bias tasks the rule
   "construct signal > 0", the chosen model refitted with the signals toggled (the value of the
   signals), and paired differences. None of these is used to choose anything.

The cross-validation fits the word/character TF-IDF of each fold once and reuses it for every
candidate; the signal features are rule-based and stateless, so they are extracted once for all
training rows and only their scaler is fitted per fold. The matrices are identical to those
``build_pipeline(...)`` fits (a test checks this), at a fraction of the cost.

One module per part: :mod:`~framing.benchmarks.fnc` (FNC-1 score), :mod:`~framing.benchmarks.metrics`
(task metrics, paired cluster bootstrap), :mod:`~framing.benchmarks.selection` (candidates, cached
fold features, thresholds, :func:`cross_validate`), :mod:`~framing.benchmarks.published` (how the
published numbers compare), :mod:`~framing.benchmarks.run` (:func:`run_benchmark`,
:func:`run_benchmarks`, documented settings, JSON), :mod:`~framing.benchmarks.report` (markdown
page) and :mod:`~framing.benchmarks.challenger` (a new candidate against the kept model in CV on train,
the test split scored only if it wins). The figure is drawn by :func:`framing.figures.evaluation.plot_benchmarks`: figures read the
numbers, benchmarks never import figures.

>>> from framing.benchmarks import run_benchmarks, write_benchmarks_markdown   # doctest: +SKIP
>>> results = run_benchmarks("all", "../shared/data/external", n_jobs=2)        # doctest: +SKIP
>>> write_benchmarks_markdown(results, "docs/benchmarks.md")                   # doctest: +SKIP
"""

from framing.benchmarks.fnc import FNC_RELATED, fnc_score, fnc_score_from_confusion
from framing.benchmarks.metrics import metric_label, task_metrics
from framing.benchmarks.metrics import metric_values as metric_values
from framing.benchmarks.published import CONTEXT_ONLY
from framing.benchmarks.report import (
    NOTES,
    benchmarks_markdown,
    write_benchmarks_markdown,
    write_benchmarks_page,
)
from framing.benchmarks.run import (
    DOCUMENTED_SETTINGS,
    load_benchmarks_json,
    run_benchmark,
    run_benchmarks,
    write_benchmarks_json,
)
from framing.benchmarks.run import FORMAT as FORMAT
from framing.benchmarks.run import RULE_SIGNAL as RULE_SIGNAL
from framing.benchmarks.run import _as_list as _as_list
from framing.benchmarks.selection import DEFAULT_C_GRID, cross_validate
from framing.benchmarks.selection import Candidate as Candidate

# Re-exported beyond __all__ because other code imports them from here (framing.figures.evaluation:
# RULE_SIGNAL, _as_list) or they were attributes of the former single module.
__all__ = [
    "CONTEXT_ONLY",
    "DEFAULT_C_GRID",
    "DOCUMENTED_SETTINGS",
    "FNC_RELATED",
    "NOTES",
    "benchmarks_markdown",
    "cross_validate",
    "fnc_score",
    "fnc_score_from_confusion",
    "load_benchmarks_json",
    "metric_label",
    "run_benchmark",
    "run_benchmarks",
    "task_metrics",
    "write_benchmarks_json",
    "write_benchmarks_markdown",
    "write_benchmarks_page",
]
