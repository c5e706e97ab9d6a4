"""Hedging: how far a sentence distances itself from certainty about its claim.

Categories follow Hyland (2005) for hedges and boosters, Biber & Finegan (1989)
and Chafe (1986) for evidentials, and the CoNLL-2010 / Szeged notion of
uncertainty cues; the lexicon card (``framing/lexicons/data/hedging.md``)
defines each one. Two rules sit on top of the word lists:

- a booster under negation ("not certain", "not clear") hedges instead of boosting;
  fixed phrases such as "no doubt" are boosters in the lexicon itself, and
  leftmost-longest matching lets them win over the hedge "doubt";
- a claim attributed to an anonymous official is hedged by its sourcing, once: a hedge cue
  inside the sourcing span ("according to six senior U.S. officials") is not counted again.

Two uses of hedge words are not uncertainty and are skipped: the duration "for some time"
and the negated counterfactual ("would not have happened if he were in office"), which
asserts a cause rather than doubting a claim (the card gives the measurements).
"""

from __future__ import annotations

import re

import numpy as np

from framing.signals.attribution import SourceWords, attribute
from framing.signals.base import CueFamily, Extraction, Scanner, cue_rows
from framing.signals.matcher import Batch

BOOSTER = "booster"


class HedgingSignals(CueFamily):
    """Counts of hedge cues per category, boosters, and a hedging score (hedges minus boosters).

    Parameters
    ----------
    lexicon : str or path, default="hedging"
    negation_lexicon : str or path, default="negation"
    attribution_lexicon : str or path, default="attribution"
        Used to find anonymous sourcing ("a U.S. intelligence official said").
    negation_window : int, default=3
        Words between a negator and a booster for the booster to count as negated
        (VADER's window of three tokens).
    """

    family = "hedging"

    def __init__(
        self,
        lexicon="hedging",
        negation_lexicon="negation",
        attribution_lexicon="attribution",
        negation_window=3,
    ):
        self.lexicon = lexicon
        self.negation_lexicon = negation_lexicon
        self.attribution_lexicon = attribution_lexicon
        self.negation_window = negation_window

    def _lexicon_params(self):
        return {
            "hedging": self.lexicon,
            "negation": self.negation_lexicon,
            "attribution": self.attribution_lexicon,
        }

    def fit(self, X, y=None):
        if not isinstance(self.negation_window, int) or self.negation_window < 0:
            raise ValueError(f"negation_window must be a non-negative int, got {self.negation_window!r}")
        super().fit(X, y)
        self.hedge_categories_ = tuple(
            c for c in sorted({r["category"] for r in self.rows("hedging")}) if c != BOOSTER
        )
        return self

    def _feature_names(self, rows):
        hedges = [c for c in sorted({r["category"] for r in rows["hedging"]}) if c != BOOSTER]
        return (
            *(f"hedging_{c}" for c in hedges),
            "hedging_negated_booster",
            "hedging_anonymous_source",
            "hedging_booster",
            "hedging_total",
            "hedging_score",
        )

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        categories = (*self.hedge_categories_, BOOSTER)
        hits = self._hits(batch, scanner, "hedging", categories)
        words = SourceWords.from_rows(self.rows("attribution"))
        matches = self._matches(batch, scanner)
        sources = attribute(
            batch, matches, scanner, words, self.lexicon_sha256_["attribution"], anonymous_only=True
        )
        anonymous = [(i, a) for i, a in enumerate(sources) if a and a.kind == "anonymous_official"]
        sourcing = [(int(batch.offsets[i]) + a.start, int(batch.offsets[i]) + a.end) for i, a in anonymous]
        hits = hits.where(
            ~_month_may(batch, hits, scanner)
            & ~_inside(hits, sourcing)
            & ~_duration(batch, hits, scanner)
            & ~_counterfactual(batch, hits, scanner)
        )

        n_hedge = len(self.hedge_categories_)
        booster = hits.code == n_hedge
        negated = np.zeros(len(hits), dtype=bool)
        negated[booster] = self._negated(batch, scanner, hits.start[booster])

        n = len(batch.texts)
        features = np.zeros((n, len(self.feature_names_out_)))
        # Columns: hedge categories, negated booster, anonymous source, booster, total, score.
        column = np.where(booster, np.where(negated, n_hedge, n_hedge + 2), hits.code)
        np.add.at(features, (hits.sentence, column), 1.0)
        for i, _ in anonymous:
            features[i, n_hedge + 1] = 1.0
        features[:, n_hedge + 3] = features[:, : n_hedge + 2].sum(axis=1)
        features[:, n_hedge + 4] = features[:, n_hedge + 3] - features[:, n_hedge + 2]

        names = np.array(categories, dtype=object)
        base = batch.offsets
        cues = cue_rows(
            batch,
            self.family,
            [*hits.start.tolist(), *(int(base[i]) + a.start for i, a in anonymous)],
            [*hits.end.tolist(), *(int(base[i]) + a.end for i, a in anonymous)],
            [*names[hits.code].tolist(), *(["anonymous_source"] * len(anonymous))],
            [*(scanner.terms[e] for e in hits.entry.tolist()), *(a.source.lower() for _, a in anonymous)],
            [*negated.tolist(), *([False] * len(anonymous))],
            by_start=True,  # the anonymous sources, appended, take their place among the hits
        )
        return Extraction(features, self.feature_names_out_, cues)


def _month_may(batch: Batch, hits, scanner: Scanner) -> np.ndarray:
    """'May' written with a capital inside a sentence is the month, not the modal."""
    mask = np.zeros(len(hits), dtype=bool)
    for k in np.nonzero(hits.entry == scanner.entry_of("may"))[0].tolist():
        start = int(hits.start[k])
        if batch.joined[start] == "M":
            sentence_start = int(batch.offsets[hits.sentence[k]])
            mask[k] = bool(batch.joined[sentence_start:start].strip(" \"'\u201c\u2018("))
    return mask


def _duration(batch: Batch, hits, scanner: Scanner) -> np.ndarray:
    """'for some time' measures a duration; 'some time' alone may approximate ("some time next year")."""
    mask = np.zeros(len(hits), dtype=bool)
    for k in np.nonzero(hits.entry == scanner.entry_of("some time"))[0].tolist():
        mask[k] = batch.folded[max(0, int(hits.start[k]) - 4) : int(hits.start[k])] == "for "
    return mask


# A negated counterfactual, in either order: "would not have happened if he were in office",
# "if it were not for X, Y would not have survived".
_COUNTERFACTUAL = re.compile(
    r"\bwould(?: not|n't) have\b[^.;]*?\bif\s+(?:[\w.']+\s+){0,2}?(?:were|had)\b"
    r"|\bif\s+(?:[\w.']+\s+){0,2}?(?:were|had)\b[^.;]*?\bwould(?: not|n't) have\b"
)


def _counterfactual(batch: Batch, hits, scanner: Scanner) -> np.ndarray:
    """The "would" and "if" of a negated counterfactual, which asserts a cause rather than doubting it.

    Only sentences with an "if" cue are searched, so the regex never runs over the whole batch
    ("wouldn't have" is not a "would" cue, so the "if" is what every such sentence has).
    """
    would, if_ = scanner.entry_of("would"), scanner.entry_of("if")
    spans = []
    for i in np.unique(hits.sentence[hits.entry == if_]).tolist():
        first = int(batch.offsets[i])
        last = first + len(batch.texts[i])
        spans += [
            m.span() for m in _COUNTERFACTUAL.finditer(batch.folded, first, last)
        ]  # offsets in the batch
    return _inside(hits, spans, (would, if_))


def _inside(hits, spans: list[tuple[int, int]], entries=None) -> np.ndarray:
    """True for hits (of ``entries``, or any) that start inside one of ``spans``: sorted, disjoint
    (start, end) offsets in the joined string."""
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    if not len(bounds) or not len(hits):
        return np.zeros(len(hits), dtype=bool)
    last = np.searchsorted(bounds[:, 0], hits.start, side="right") - 1
    mask = (last >= 0) & (hits.start < bounds[np.maximum(last, 0), 1])
    if entries is not None:
        mask &= np.isin(hits.entry, list(entries))
    return mask
