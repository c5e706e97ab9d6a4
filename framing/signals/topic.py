"""Topic: what a sentence is about, reported beside the framing signals and never inside them.

Naming missiles, troops or a war says that a story is about security and
defence (the Policy Frames Codebook's "security and defense" frame, Boydstun
et al. 2014), not that it presents its subject as alarming: a defence-policy
report is not a fear appeal because it lists weapons. These words were the
``military`` category of ``alarm.tsv`` up to 0.2.0; the card
(``framing/lexicons/data/topic.md``) says why they moved. A topic word is
counted whether or not it is negated ("no nuclear weapons" is still about
nuclear weapons).
"""

from __future__ import annotations

import numpy as np

from framing.signals.base import CueFamily, Extraction, Scanner, hit_cues
from framing.signals.matcher import Batch


class TopicSignals(CueFamily):
    """Counts of topic words per category (``topic_security_weapons`` ...) and one total per topic domain.

    A category ``security_weapons`` belongs to the domain ``security``; the
    domain total (``topic_security_total``) sums its categories.

    Parameters
    ----------
    lexicon : str or path, default="topic"
    """

    family = "topic"

    def __init__(self, lexicon="topic"):
        self.lexicon = lexicon

    def _lexicon_params(self):
        return {"topic": self.lexicon}

    def fit(self, X, y=None):
        super().fit(X, y)
        self.categories_ = tuple(sorted({r["category"] for r in self.rows("topic")}))
        return self

    def _feature_names(self, rows):
        categories = sorted({r["category"] for r in rows["topic"]})
        domains = sorted({_domain(c) for c in categories})
        return (*(f"topic_{c}" for c in categories), *(f"topic_{d}_total" for d in domains))

    def _extract(self, batch: Batch, scanner: Scanner) -> Extraction:
        hits = self._hits(batch, scanner, "topic", self.categories_)
        k = len(self.categories_)
        domains = sorted({_domain(c) for c in self.categories_})
        domain_of = np.array([k + domains.index(_domain(c)) for c in self.categories_], dtype=np.int64)

        features = np.zeros((len(batch.texts), k + len(domains)))
        np.add.at(features, (hits.sentence, hits.code), 1.0)
        np.add.at(features, (hits.sentence, domain_of[hits.code]), 1.0)

        cues = hit_cues(batch, self.family, hits, self.categories_, scanner)
        return Extraction(features, self.feature_names_out_, cues)


def _domain(category: str) -> str:
    """``security_weapons`` -> ``security``."""
    return category.split("_", 1)[0]
