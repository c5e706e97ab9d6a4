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

Each signal is compared in two forms, its count and its rate per 100 tokens
(`framing.signals.length`), and every task has a length-only baseline
(``n_tokens``) that each signal is measured against (`framing.validity.length`:
AUC minus length's, out-of-fold gain over a length model, AUC within length
quintiles; ``length_flag`` says when a signal does not beat length), and
two more baselines it is compared with (`framing.validity.baselines`: VADER's
sentiment and a plain n-gram model fitted on the train split; ``baseline_flag``).

Each comparison reports ROC-AUC and PR-AUC (average precision, sklearn's
step-wise definition) with seeded percentile bootstrap 95 % intervals, the
positive rate (the PR-AUC of a random scorer), ``n``, and precision, recall
and F1 of the rule "score > 0". When a task has groups of more than one
sentence (articles, documents, event triplets) whole groups are resampled
(cluster bootstrap), because sentences of one article are not independent.
The resampling is vectorised: each replicate is a multinomial draw of group
counts, made once per task and shared by all its signals (paired comparisons),
and rows are summed per distinct score value.

>>> from framing.validity import validate, cue_diagnostics
>>> table = validate("../shared/data/external", split="test")          # doctest: +SKIP
>>> diag = cue_diagnostics("../shared/data/external", split="train")   # doctest: +SKIP

``docs/validity.md`` reports the numbers and what each comparison can and
cannot show.

One module per part: :mod:`~framing.validity.tasks` (which tasks, each sentence's score),
:mod:`~framing.validity.metrics` (ROC/PR-AUC and the vectorised cluster bootstrap),
:mod:`~framing.validity.length` (the length baseline comparisons),
:mod:`~framing.validity.baselines` (the VADER and n-gram baselines),
:mod:`~framing.validity.table` (:func:`validate`), :mod:`~framing.validity.diagnostics`
(:func:`cue_diagnostics`), :mod:`~framing.validity.report` (markdown) and
:mod:`~framing.validity.figure` (:func:`plot_roc_curves`); :mod:`~framing.validity.blame`
(:func:`~framing.validity.blame.score_blame`) scores blame instances and actor stance against
the hand-labelled blame set (``framing.datasets.blame_gold``).
"""

from framing.validity.diagnostics import STOPWORDS, CueDiagnostics, cue_diagnostics
from framing.validity.figure import plot_roc_curves
from framing.validity.metrics import binary_metrics
from framing.validity.report import baseline_markdown, validity_markdown, write_validity_markdown
from framing.validity.table import TABLE_COLUMNS, validate
from framing.validity.tasks import CONSTRUCT_SIGNALS, SECONDARY_SIGNALS, task_scores, validity_tasks

__all__ = [
    "CONSTRUCT_SIGNALS",
    "SECONDARY_SIGNALS",
    "STOPWORDS",
    "TABLE_COLUMNS",
    "CueDiagnostics",
    "baseline_markdown",
    "binary_metrics",
    "cue_diagnostics",
    "plot_roc_curves",
    "task_scores",
    "validate",
    "validity_markdown",
    "validity_tasks",
    "write_validity_markdown",
]
