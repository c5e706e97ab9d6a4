"""Alarm: language that presents a situation as threatening, escalating or urgent.

Categories follow the threat dictionary construct of Choi et al. (2022), fear
appeals (Witte 1992) and the loaded-language, exaggeration and appeal-to-fear
techniques of Da San Martino et al. (2019); see ``framing/lexicons/data/alarm.md``.
A negated cue ("no threat", "not dangerous") is kept as evidence but not counted.
"""

from __future__ import annotations

import numpy as np

from framing.signals.base import CueFamily, Extraction, Scanner, hit_cues
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
        self.weights_ = np.array(
            [INTENSIFIER_WEIGHT if c == "intensifier" else 1.0 for c in self.categories_]
        )
        return self

    def _feature_names(self, rows):
        categories = sorted({r["category"] for r in rows["alarm"]})
        return (*(f"alarm_{c}" for c in categories), "alarm_total", "alarm_score")

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        hits = self._hits(batch, scanner, "alarm", self.categories_)
        hits = hits.where(~_verbal_attacks(batch, hits, scanner))
        negated = self._negated(batch, scanner, hits.start)

        k = len(self.categories_)
        features = np.zeros((len(batch.texts), k + 2))
        counted = hits.where(~negated)
        np.add.at(features, (counted.sentence, counted.code), 1.0)
        features[:, k] = features[:, :k].sum(axis=1)
        features[:, k + 1] = features[:, :k] @ self.weights_

        cues = hit_cues(batch, self.family, hits, self.categories_, scanner, negated)
        return Extraction(features, self.feature_names_out_, cues)


# "attack" in political reporting is usually criticism: "Fox attacks Blair's Tory 'lies'", "attacked
# Labour's pledges", "an attack on Labour's record". It is physical threat unless the words after it
# name a person by title, a possessive, a party or government, or a policy-like object, or say what
# the criticism is for or over; checked on BBC politics (see alarm.md).
_ATTACK_TERMS = ("attack", "attacks", "attacked", "attacking")
_TITLES = frozenset("mr mrs ms dr lord lady sir baroness".split())  # noqa: SIM905 - a word list reads better as text
_POLITICAL_OBJECTS = frozenset(
    "record records pledge pledges plan plans policy policies proposal proposals claim claims remarks comments "  # noqa: SIM905 - a word list reads better as text
    "words speech decision decisions handling budget spending tax taxes lies stance approach move moves law "
    "laws bill u-turn u-turns failure failures leadership strategy manifesto campaign reform reforms idea ideas "
    "views report rhetoric response cuts cost costs government labour tory tories conservative conservatives "
    "lib democrats republicans opposition minister ministers chancellor party parties".split()
)
_SKIPPED = frozenset("the a an his her their its this these those our your my on upon".split())  # noqa: SIM905 - a word list reads better as text
# ... unless a modifier makes it physical: "terrorist attacks will take place but for many reasons".
_PHYSICAL = frozenset(
    "terror terrorist suicide bomb arson gun knife missile rocket air chemical nuclear military".split()  # noqa: SIM905
)


def _verbal_attacks(batch: Batch, hits, scanner: Scanner) -> np.ndarray:
    """True for an "attack" cue that reports political criticism rather than physical threat."""
    mask = np.zeros(len(hits), dtype=bool)
    entries = [scanner.entry_of(t) for t in _ATTACK_TERMS]
    text = batch.folded
    for k in np.nonzero(np.isin(hits.entry, entries))[0].tolist():
        start, end = int(hits.start[k]), int(hits.end[k])
        before = text[max(0, start - 20) : start].split("\x00")[-1].split()
        after = text[end : end + 60].split(".")[0].split(",")[0].split(";")[0].split("\x00")[0]
        words = [w.strip("\"'()") for w in after.split()[:6]]
        objects = [w for w in words[:4] if w not in _SKIPPED]
        previous = before[-1].strip("\"'") if before else ""
        mask[k] = previous not in _PHYSICAL and (
            previous in _POLITICAL_OBJECTS
            or any(w.endswith("'s") or w in _TITLES or w in _POLITICAL_OBJECTS for w in objects[:3])
            or "for" in words[1:5]
            or "over" in words[1:5]
        )
    return mask
