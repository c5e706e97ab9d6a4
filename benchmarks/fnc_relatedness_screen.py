"""FNC-1 on its training split only: do hand-made relatedness features leave room to gain? A screen on one pair fold.

    python benchmarks/fnc_relatedness_screen.py [--data-dir ../shared/data/external] [--fold 0]

On the official test split the kept model (docs/benchmarks.md) confuses related and unrelated pairs 826 times
(376 related pairs called unrelated, 450 the other way). Removing those errors would be worth up to about +0.03
FNC-1 score, more than the 0.013 that separates it from UCLMR's 0.817. This screen asks whether features aimed at
relatedness can remove a good share of them, before any model work. A ``HistGradientBoostingClassifier``
(``framing.models.stacking.BOOSTER``, seed 0) decides related / unrelated on one of the benchmark's pair folds of
the training pairs (``framing.models.selection.splits``, 3 folds, seed 0), from:

- ``counts``: the overlap counts the stack model already uses (``framing.models.pairs.PairOverlap``);
- ``+cos``: plus the TF-IDF cosine of headline and body (vocabulary and IDF from the fold's training texts);
- ``+new``: plus IDF-weighted share of the headline's words found in the body, hits among its rare words (IDF > 7),
  the best, top-3 mean and lead (first two sentences) cosine of the headline with the body's sentences, and the
  shares of its capitalised words and numbers found in the body.

It prints the errors each set leaves on the fold's test pairs. No test pair is read.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.benchmarks.challenger import training_data
from framing.benchmarks.run import DOCUMENTED_SETTINGS
from framing.models.pairs import PairOverlap
from framing.models.selection import splits
from framing.models.stacking import BOOSTER

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
UNSEEN_IDF = 12.0  # a word no training text holds is rarer than any that one does


def relatedness_features(heads, bodies, fit_rows, rows) -> tuple[np.ndarray, np.ndarray]:
    """The cosine and the ``+new`` block for ``rows``, with vocabulary and IDF from the texts of ``fit_rows``."""
    tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    tfidf.fit(sorted(set(heads[fit_rows]) | set(bodies[fit_rows])))
    idf = dict(zip(tfidf.get_feature_names_out(), tfidf.idf_))
    words_of = tfidf.build_analyzer()
    body_cache: dict[str, tuple] = {}
    head_cache: dict[str, tuple] = {}
    cosine = np.zeros(len(heads))
    new = np.zeros((len(heads), 10))
    for k in rows:
        head, body = heads[k], bodies[k]
        if head not in head_cache:
            words = set(words_of(head))
            head_cache[head] = (
                tfidf.transform([head]),
                words,
                {w.lower() for w in CAPITALISED.findall(head)},
                set(NUMBER.findall(head)),
                sum(idf.get(w, UNSEEN_IDF) for w in words) or 1.0,
            )
        if body not in body_cache:
            sentences = [s for s in SENTENCE_END.split(body) if s.strip()][:40] or [body]
            body_cache[body] = (
                tfidf.transform([body]),
                tfidf.transform(sentences),
                set(words_of(body)),
                {w.lower() for w in CAPITALISED.findall(body)},
                set(NUMBER.findall(body)),
            )
        h_vec, h_words, h_caps, h_nums, h_total = head_cache[head]
        b_vec, b_sents, b_words, b_caps, b_nums = body_cache[body]
        cosine[k] = float(h_vec.multiply(b_vec).sum())
        rare = [w for w in h_words if idf.get(w, UNSEEN_IDF) > 7]
        hits = sum(w in b_words for w in rare)
        sims = (b_sents @ h_vec.T).toarray().ravel()
        top = np.sort(sims)[::-1]
        new[k] = [
            sum(idf.get(w, UNSEEN_IDF) for w in h_words & b_words) / h_total,
            hits,
            len(rare),
            hits / len(rare) if rare else -1,
            top[0],
            top[:3].mean(),
            sims[:2].max(),
            len(h_caps & b_caps) / len(h_caps) if h_caps else -1,
            len(h_caps),
            len(h_nums & b_nums) / len(h_nums) if h_nums else -1,
        ]
    return cosine, new


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "external"))
    parser.add_argument("--fold", type=int, default=0)
    args = parser.parse_args()
    data = training_data("fnc1-stance", args.data_dir, pairs=True)
    train, test = list(splits(data, DOCUMENTED_SETTINGS["fnc1-stance"]["folds"], 0))[args.fold]
    heads, bodies = np.asarray(data.texts, dtype=object), np.asarray(data.pairs, dtype=object)
    related = (data.y != "unrelated").astype(int)
    counts = PairOverlap().fit_transform(pd.DataFrame({"text": data.texts, "pair": data.pairs}))
    cosine, new = relatedness_features(heads, bodies, train, np.concatenate([train, test]))
    print(f"pair fold {args.fold}: {len(train)} training and {len(test)} test pairs (train split only)")
    print("| features | errors | error rate | related called unrelated | unrelated called related |")
    print("|---|---:|---:|---:|---:|")
    for name, X in {
        "counts": counts,
        "counts +cos": np.column_stack([counts, cosine]),
        "counts +cos +new": np.column_stack([counts, cosine, new]),
    }.items():
        model = HistGradientBoostingClassifier(**BOOSTER, random_state=0).fit(X[train], related[train])
        said = model.predict(X[test])
        missed = int(((said == 0) & (related[test] == 1)).sum())
        extra = int(((said == 1) & (related[test] == 0)).sum())
        print(f"| {name} | {missed + extra} | {(missed + extra) / len(test):.4f} | {missed} | {extra} |")


if __name__ == "__main__":
    main()
