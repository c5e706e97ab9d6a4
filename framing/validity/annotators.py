"""How far two annotators of the blame set agree: the ceiling any extractor should be read against.

A recall of 0.09 means little until one knows what a second careful reader reaches on the
same sentences. This module puts two label sets in the same terms as the extractor's
scores: Krippendorff's alpha (with bootstrap intervals, ``framing.agreement``) on
whether a sentence holds blame and on each actor's stance, and ``score_blame`` with the
first annotator as the reference and the second as the "prediction".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from framing.agreement import Agreement, agreement
from framing.datasets.blame_gold import BlameGold
from framing.validity.blame import score_blame


@dataclass(frozen=True)
class AnnotatorAgreement:
    """Agreement on the sentences both annotators labelled."""

    blame: Agreement  # does the sentence hold a blame or defence instance (0/1)
    stance: Agreement  # per (sentence, actor): criticised / defended / neutral; an actor one side omits is missing
    instances: pd.DataFrame  # score_blame of the second annotator against the first


def annotator_agreement(first: BlameGold, second: BlameGold, n_boot: int = 1000, random_state: int = 0):
    """Compare ``second`` with ``first`` on the sentences ``second`` labelled (which ``first`` must hold)."""
    shared = set(second.sentences["id"])
    missing = shared - set(first.sentences["id"])
    if missing:
        raise ValueError(
            f"{len(missing)} sentences of the second annotator are not in the first set, e.g. {min(missing)}"
        )
    sentences = first.sentences[first.sentences["id"].isin(shared)]
    ratings, stances = [], []
    for name, gold in (("first", first), ("second", second)):
        own = gold.sentences[gold.sentences["id"].isin(shared)]
        ratings.append(
            pd.DataFrame({"item": own["id"], "annotator": name, "label": own["blame"].astype(int)})
        )
        rows = gold.stances[gold.stances["sentence_id"].isin(shared)]
        stances.append(
            pd.DataFrame(
                {
                    "item": rows["sentence_id"] + "|" + rows["actor"],
                    "annotator": name,
                    "label": rows["stance"],
                }
            )
        )
    options = {"n_boot": n_boot, "random_state": random_state}
    return AnnotatorAgreement(
        blame=agreement(pd.concat(ratings, ignore_index=True), **options),
        stance=agreement(pd.concat(stances, ignore_index=True), **options),
        instances=score_blame(
            second.instances,
            first.instances[first.instances["sentence_id"].isin(shared)],
            sentences,
            predicted_stances=second.stances,
            gold_stances=first.stances[first.stances["sentence_id"].isin(shared)],
            **options,
        ),
    )
