"""Alarm: language that presents a situation as threatening, escalating or urgent.

Categories follow the threat dictionary construct of Choi et al. (2022), fear
appeals (Witte 1992) and the loaded-language, exaggeration and appeal-to-fear
techniques of Da San Martino et al. (2019); see ``framing/lexicons/data/alarm.md``.
A negated cue ("no threat", "not dangerous") is kept as evidence but not counted.
"""

from __future__ import annotations

import numpy as np

from framing.signals.base import CueFamily, Extraction, Scanner, cue_frame, negated_mask
from framing.signals.matcher import Batch

# Intensifiers amplify alarm carried by other words ("most provocative", "significantly
# enhance") and are common in neutral prose ("most Americans"), so they weigh half.
INTENSIFIER_WEIGHT = 0.5


class AlarmSignals(CueFamily):
    """Counts of alarm cues per category and a weighted alarm score.

    Parameters
    ----------
    lexicon : str or path, default="alarm"
    negation_lexicon : str or path, default="negation"
    negation_window : int, default=3
    """

    family = "alarm"

    def __init__(self, lexicon="alarm", negation_lexicon="negation", negation_window=3):
        self.lexicon = lexicon
        self.negation_lexicon = negation_lexicon
        self.negation_window = negation_window

    def _lexicon_params(self):
        return {"alarm": self.lexicon, "negation": self.negation_lexicon}

    def fit(self, X, y=None):
        if not isinstance(self.negation_window, int) or self.negation_window < 0:
            raise ValueError(f"negation_window must be a non-negative int, got {self.negation_window!r}")
        super().fit(X, y)
        self.categories_ = tuple(sorted({r["category"] for r in self.rows("alarm")}))
        self.weights_ = np.array([INTENSIFIER_WEIGHT if c == "intensifier" else 1.0 for c in self.categories_])
        return self

    def _feature_names(self, rows):
        categories = sorted({r["category"] for r in rows["alarm"]})
        return (*(f"alarm_{c}" for c in categories), "alarm_total", "alarm_score")

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        hits = self._hits(batch, scanner, "alarm", self.categories_)
        negators = self._hits(batch, scanner, "negation", ("negator",))
        negated = negated_mask(batch, hits.start, negators.end, self.negation_window)

        k = len(self.categories_)
        features = np.zeros((len(batch.texts), k + 2))
        counted = hits.where(~negated)
        np.add.at(features, (counted.sentence, counted.code), 1.0)
        features[:, k] = features[:, :k].sum(axis=1)
        features[:, k + 1] = features[:, :k] @ self.weights_

        names = np.array(self.categories_, dtype=object)
        cues = cue_frame(
            batch,
            self.family,
            hits.start,
            hits.end,
            names[hits.code].tolist(),
            [scanner.terms[e] for e in hits.entry.tolist()],
            negated,
        )
        return Extraction(features, self.feature_names_out_, cues)
