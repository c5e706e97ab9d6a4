"""How far can blame recall go by choosing among the actors a sentence names? A ceiling and a learned try.

    python benchmarks/blame_candidates.py [--data-dir ../shared/data/external] [--folds 5] [--seed 0]

Issue 8 asks for blame-instance recall >= 0.6 at precision >= 0.8. An instance is
(sentence, target, polarity). Two questions, answered on all three splits of the
hand-labelled blame set (dev, test and test2, every one of them read before; this is
a diagnosis, not a test score):

1. **Ceiling.** A candidate is an actor the stance table names in the sentence (listed
   actors, linked persons and organisations, the rules' resolved targets). What share
   of gold instances has its target among the candidates? No classifier over these
   candidates can recall more.
2. **A learned re-scorer.** Each (sentence, candidate) is described by the sentence's
   words, the six words either side of the mention, the rules' role and stance for it,
   its position, whether it sits inside a quotation, and whether the sentence holds
   blame, rebuttal, alarm or hedging cues; a logistic regression (balanced classes)
   predicts blame / defend / none, scored out of fold with whole articles held out.
   Its precision and recall at several probability cut-offs are printed beside the
   rules' on the same candidates.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.datasets.blame_gold import load_blame_gold
from framing.stance import stance_table
from framing.validity.blame import _normalise
from framing.validity.blame_eval import analyze_gold_articles

WORD = re.compile(r"[a-z']+")
CUE_COLUMNS = (
    "partisan_blame",
    "partisan_rebuttal",
    "partisan_blame_resolved",
    "alarm_score",
    "hedging_score",
)
CLASSES = ("blame", "defend", "none")


def candidates(gold, data_dir) -> tuple[pd.DataFrame, list[dict]]:
    """One row per labelled sentence and actor the stance table names in it, its gold label and features."""
    table = analyze_gold_articles(gold, data_dir)
    table["sentence_id"] = table["article_id"].astype(str) + "#" + table["start"].astype(str)
    by_sentence = table.set_index(["article_id", "sentence"])
    rows = by_sentence.reset_index().set_index("sentence_id")
    stances = stance_table(table)
    stances = stances[stances["sentence"] >= 0]
    stances = stances.assign(
        sentence_id=[
            by_sentence.loc[(a, s), "sentence_id"] for a, s in zip(stances["article_id"], stances["sentence"])
        ]
    )
    labelled = gold.sentences.set_index("id")
    stances = stances[stances["sentence_id"].isin(labelled.index)]
    gold_label = {
        (s, _normalise(t)): p
        for s, t, p in zip(
            gold.instances["sentence_id"], gold.instances["target"], gold.instances["polarity"]
        )
    }
    records, features = [], []
    for (sentence_id, actor), mentions in stances.groupby(["sentence_id", "actor"], sort=True):
        row = rows.loc[sentence_id]
        text, offset = row["text"], row["start"]
        start, end = mentions["start"].min() - offset, mentions["end"].max() - offset
        left, right = WORD.findall(text[:start].lower())[-6:], WORD.findall(text[end:].lower())[:6]
        f = {f"w={w}": 1.0 for w in WORD.findall(text.lower())}
        f.update({f"left={w}": 1.0 for w in left})
        f.update({f"right={w}": 1.0 for w in right})
        f.update({f"role={r}": 1.0 for r in mentions["role"]})
        f.update({f"stance={s}": 1.0 for s in mentions["stance"]})
        f.update(
            first=float(start < 3),
            position=start / max(1, len(text)),
            quoted=float(text[:start].count('"') % 2),
        )
        f.update({c: float(row[c] > 0) for c in CUE_COLUMNS})
        features.append(f)
        is_target = "target" in set(mentions["role"])
        rule = "none"
        if is_target:
            stance = mentions.loc[mentions["role"] == "target", "stance"].iloc[0]
            rule = "blame" if stance == "criticised" else "defend"
        records.append(
            {
                "sentence_id": sentence_id,
                "actor": actor,
                "article": labelled.loc[sentence_id, "article"],
                "split": labelled.loc[sentence_id, "split"],
                "gold": gold_label.get((sentence_id, _normalise(actor)), "none"),
                "rule": rule,
            }
        )
    return pd.DataFrame(records), features


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "external"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    gold = load_blame_gold(args.data_dir)
    frame, features = candidates(gold, args.data_dir)
    instances = gold.instances.assign(
        split=gold.instances["sentence_id"].map(gold.sentences.set_index("id")["split"])
    )
    covered = {(s, _normalise(a)) for s, a in zip(frame["sentence_id"], frame["actor"])}
    instances["covered"] = [
        (s, _normalise(t)) in covered for s, t in zip(instances["sentence_id"], instances["target"])
    ]
    print("1. Ceiling: share of gold instances whose target is a candidate of its sentence")
    print(instances.groupby("split")["covered"].agg(["mean", "sum", "size"]).round(3).to_string(), "\n")

    X = DictVectorizer().fit_transform(features)
    y = frame["gold"].to_numpy()
    proba = np.zeros((len(frame), len(CLASSES)))
    folds = GroupKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    for train, test in folds.split(X, y, frame["article"]):
        model = LogisticRegression(max_iter=3000, class_weight="balanced").fit(X[train], y[train])
        proba[test] = model.predict_proba(X[test])[:, [list(model.classes_).index(c) for c in CLASSES]]
    n_gold = len(instances)
    best = proba[:, :2].max(axis=1)
    label = np.where(proba[:, 0] >= proba[:, 1], "blame", "defend")
    print(f"2. Out of fold ({args.folds} folds by article), {len(frame)} candidates, {n_gold} gold instances")
    print("| rule | predicted | correct | precision | recall |\n|---|---:|---:|---:|---:|")
    for cut in (0.5, 0.6, 0.7, 0.8, 0.9):
        chosen = best >= cut
        correct = int((label[chosen] == y[chosen]).sum())
        print(
            f"| learned, p >= {cut} | {chosen.sum()} | {correct} | {correct / max(1, chosen.sum()):.2f} | {correct / n_gold:.2f} |"
        )
    fired = frame["rule"].to_numpy() != "none"
    correct = int((frame["rule"].to_numpy()[fired] == y[fired]).sum())
    print(
        f"| the rules | {fired.sum()} | {correct} | {correct / max(1, fired.sum()):.2f} | {correct / n_gold:.2f} |"
    )


if __name__ == "__main__":
    main()
