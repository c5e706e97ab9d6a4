"""Partisan framing: party and politician cues, election framing, blame and rebuttal.

A frame selects a causal interpretation and a moral evaluation (Entman 1993);
blame attribution names who is responsible (Hameleers, Bos & de Vreese 2017);
the strategy-game frame casts policy as electoral contest (Cappella & Jamieson
1997). Naming a government that merely acts ("the Biden administration has been
expecting a nuclear test") is weak evidence of partisan framing; assigning blame
or rebutting a rival is strong evidence, and the weights below say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.signals.base import CueFamily, Extraction, Scanner, cue_frame
from framing.signals.matcher import Batch

ACTOR_CATEGORIES = ("government", "party", "politician")
# Categories the rules read but that are not features on their own.
RULE_ONLY = ("argument_verb",)

# Our priors, not fitted values: explicit evaluation (blame, rebuttal) outweighs
# mere mention of an actor; docs/validity.md reports how the score fares against
# human media-bias labels.
WEIGHTS = {
    "government": 0.5,
    "politician": 0.5,
    "party": 1.0,
    "ideology": 1.0,
    "election": 1.0,
    "rebuttal": 1.5,
    "blame": 2.0,
}
_ACTORS: dict[str, dict[str, str]] = {}  # per lexicon checksum: term -> canonical actor name

# Added when a blame cue has an identified target: "a result of Biden's leadership".
RESOLVED_BLAME_WEIGHT = 1.0


class PartisanSignals(CueFamily):
    """Counts of partisan cues per category, resolved blame, and a weighted partisan score.

    ``extract`` also returns, per sentence, who blames whom (``blamer``,
    ``blame_target``) as canonical actor names from the lexicon.

    Parameters
    ----------
    lexicon : str or path, default="partisan"
    weights : dict or None, default=None
        Category weights of the score; None uses ``framing.signals.partisan.WEIGHTS``.
    """

    family = "partisan"

    def __init__(self, lexicon="partisan", weights=None):
        self.lexicon = lexicon
        self.weights = weights

    def _lexicon_params(self):
        return {"partisan": self.lexicon}

    def fit(self, X, y=None):
        super().fit(X, y)
        categories = sorted({r["category"] for r in self.rows("partisan")})
        self.categories_ = tuple(c for c in categories if c not in RULE_ONLY)
        weights = WEIGHTS if self.weights is None else self.weights
        unknown = sorted(set(weights) - set(self.categories_))
        if unknown and self.weights is not None:
            raise ValueError(f"weights name categories the lexicon lacks: {unknown}; it has {self.categories_}")
        self.weights_ = np.array([float(weights.get(c, 0.0)) for c in self.categories_])
        return self

    def _feature_names(self, rows):
        categories = [c for c in sorted({r["category"] for r in rows["partisan"]}) if c not in RULE_ONLY]
        return (*(f"partisan_{c}" for c in categories), "partisan_blame_resolved", "partisan_score")

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        every = (*self.categories_, *RULE_ONLY)
        hits = self._hits(batch, scanner, "partisan", every)
        k = len(self.categories_)
        n = len(batch.texts)
        features = np.zeros((n, k + 2))
        counted = hits.where(hits.code < k)
        np.add.at(features, (counted.sentence, counted.code), 1.0)

        blamers = np.full(n, "", dtype=object)
        targets = np.full(n, "", dtype=object)
        blame_code = every.index("blame") if "blame" in every else -1
        # Hits are sorted by position, hence by sentence: each sentence's hits are one slice.
        bounds = np.searchsorted(hits.sentence, np.arange(n + 1))
        for i in np.unique(hits.sentence[hits.code == blame_code]).tolist():
            blamer, target = self._resolve_blame(batch, hits.slice(bounds[i], bounds[i + 1]), every, scanner)
            blamers[i], targets[i] = blamer, target
            features[i, k] = float(bool(target))
        features[:, k + 1] = features[:, :k] @ self.weights_ + RESOLVED_BLAME_WEIGHT * features[:, k]

        names = np.array(every, dtype=object)
        cues = cue_frame(
            batch,
            self.family,
            hits.start,
            hits.end,
            names[hits.code].tolist(),
            [scanner.terms[e] for e in hits.entry.tolist()],
            np.zeros(len(hits), dtype=bool),
        )
        annotations = pd.DataFrame({"blamer": blamers, "blame_target": targets})
        return Extraction(features, self.feature_names_out_, cues, annotations)

    def _resolve_blame(self, batch: Batch, hits, every, scanner: Scanner) -> tuple[str, str]:
        """Who blames whom in one sentence: the target follows the blame cue, the blamer precedes it.

        "Trump has argued that both wars are a result of Biden's leadership":
        blame cue "a result of", target Biden (first actor after it), blamer
        Trump (nearest actor before it). When no actor follows, a possessive
        actor before the cue is the target ("Biden's policies caused ...").
        """
        category = np.array(every, dtype=object)[hits.code]
        actor_idx = [j for j in range(len(hits)) if category[j] in ACTOR_CATEGORIES]
        for b in np.nonzero(category == "blame")[0].tolist():
            after = [j for j in actor_idx if hits.start[j] >= hits.end[b]]
            before = [j for j in actor_idx if hits.end[j] <= hits.start[b]]
            target = after[0] if after else None
            if target is None and before:
                end = int(hits.end[before[-1]])
                if batch.folded[end : end + 2] == "'s":
                    target = before.pop()
            if target is None:
                continue
            blamer = before[-1] if before else None
            name = self._actor_name
            return (name(scanner, hits, blamer) if blamer is not None else "", name(scanner, hits, target))
        return "", ""

    def _actor_name(self, scanner: Scanner, hits, j: int) -> str:
        """Canonical name from the lexicon's ``actor`` column: "biden's" and "joe biden" both give "Joe Biden"."""
        sha = self.lexicon_sha256_["partisan"]
        if sha not in _ACTORS:
            _ACTORS[sha] = {
                r["term"]: r.get("actor") or r["term"].title()
                for r in self.rows("partisan")
                if r["category"] in ACTOR_CATEGORIES
            }
        term = scanner.terms[hits.entry[j]]
        return _ACTORS[sha].get(term, term)
