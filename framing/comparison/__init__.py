"""Compare outlets (or any groups of articles): length-fair signal estimates with intervals and distinguishing cues.

:func:`compare` is the one call: from a ``framing.analyze`` table with a
grouping column (outlet) and optionally an event column (story), it returns a
:class:`Comparison` holding

- ``articles``: one row per article with every length-fair measure (:mod:`.measures`);
- ``estimates``: each group's mean with a 95% interval resampling its articles;
- ``differences``: every pair of groups, with the interval of the difference, a
  bootstrap p-value and a Benjamini-Hochberg q-value over the whole table;
- ``event_contrasts``: the same pairs compared within events both covered;
- ``cues`` and ``words``: log-odds ratios with an informative Dirichlet prior
  of each group against the rest (:mod:`.logodds`).

``Comparison.tidy()`` stacks the estimates, differences and contrasts into
one long table. Figures: :mod:`framing.figures.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from framing.comparison.groups import event_contrasts, group_estimates, pairwise_differences
from framing.comparison.logodds import cue_counts, log_odds, word_counts
from framing.comparison.measures import article_measures
from framing.errors import InputError


@dataclass
class Comparison:
    """Everything :func:`compare` measured; every table is tidy (one row per measure and group or pair)."""

    by: str
    event_col: str | None
    articles: pd.DataFrame
    measures: pd.DataFrame
    estimates: pd.DataFrame
    differences: pd.DataFrame
    event_contrasts: pd.DataFrame | None
    cues: pd.DataFrame
    words: pd.DataFrame

    def tidy(self) -> pd.DataFrame:
        """Estimates, differences and within-event contrasts in one long table for pandas."""
        parts = [
            self.estimates.assign(kind="estimate", group_b="").rename(columns={"estimate": "value"}),
            self.differences.assign(kind="difference").rename(columns={"difference": "value"}),
        ]
        if self.event_contrasts is not None:
            parts.append(
                self.event_contrasts.assign(kind="within_event").rename(columns={"difference": "value"})
            )
        columns = [
            "kind",
            "measure",
            "group",
            "group_b",
            "value",
            "ci_low",
            "ci_high",
            "n_articles",
            "n_events",
        ]
        return pd.concat(parts, ignore_index=True).reindex(columns=columns)


def compare(
    table: pd.DataFrame,
    by: str,
    *,
    event_col: str | None = None,
    n_boot: int = 2000,
    random_state: int = 0,
    prior_size: float | None = None,
    min_word_count: int = 5,
) -> Comparison:
    """Compare the groups of ``by`` (a column constant within each article) on every signal.

    ``table`` is a ``framing.analyze`` table with ``by`` (and ``event_col``)
    joined on; see :func:`framing.comparison.inputs.load_signals` to get one from
    files. Intervals are percentile 95% intervals of ``n_boot`` cluster-bootstrap
    replicates seeded by ``random_state``.
    """
    if n_boot < 1:
        raise InputError("n_boot must be at least 1")
    group_cols = [by] + ([event_col] if event_col else [])
    articles, catalogue = article_measures(table, group_cols)
    measures = catalogue["measure"].tolist()
    rng = np.random.default_rng(random_state)
    estimates, draws = group_estimates(articles, measures, by, n_boot=n_boot, rng=rng)
    differences = pairwise_differences(estimates, draws, measures)
    contrasts = (
        event_contrasts(articles, measures, by, event_col, n_boot=n_boot, rng=rng) if event_col else None
    )
    group_of = articles.set_index("article_id")[by].astype(str)
    return Comparison(
        by=by,
        event_col=event_col,
        articles=articles,
        measures=catalogue,
        estimates=estimates,
        differences=differences,
        event_contrasts=contrasts,
        cues=log_odds(cue_counts(table, group_of), prior_size=prior_size),
        words=log_odds(word_counts(table, group_of, min_count=min_word_count), prior_size=prior_size),
    )


__all__ = ["Comparison", "compare", "log_odds"]
