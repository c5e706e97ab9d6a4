"""Can BASIL's target-polarity spans teach a per-(sentence, actor) stance classifier our blame rules lack?

    python benchmarks/basil_target_stance.py [--data-dir ../shared/data/external] [--n-boot 1000] [--out DIR]

BASIL (Fan et al. 2019) marks 1,726 bias spans, each with a named target and a polarity
(neg / pos). Every listed or linked actor that ``framing.analyze`` finds in a BASIL
sentence becomes one row: ``criticised`` when a direct (``aim = dir``) negative span of
that sentence targets it, ``defended`` for a positive one, ``neutral`` otherwise. A BASIL
target is tied to a mention when its last naming word (``Barack_Obama`` -> obama,
``Obama_administration`` -> obama, ``House_Democrats`` -> democrats; generic words such as
"lawmakers" dropped) is a word of the mention's canonical name or of its text, or shares its
first six letters with one (Democrats / Democratic). Rows whose actor is the target of an indirect
span only are left out (the span is about someone else).

Features are local to the actor: words in a window either side of the mention (the actor
itself written ACTOR, other actors OTHER, so names do not carry over from U.S. to UK news),
the sentence's words, the rules' cues with their side of the mention, the rules' own
stance for the row, and whether the mention sits inside a quotation. Logistic regression,
seeded.

Reported:
1. in-domain quality: 5-fold cross-validation on BASIL grouped by event triplet;
2. on the blame gold set's development splits ``dev`` and ``test`` (never ``test2``):
   (a) the model alone and (b) the rules OR the model at a probability threshold (the
   rules' instances are all kept), scored with ``framing.validity.blame.score_blame``
   (article bootstrap).
Construct caveat, measured rather than assumed: BASIL marks content that casts a target in
a good or bad light (often facts chosen by the journalist), while codebook §8 wants
criticism or defence by someone. "rules OR oracle" (every gold stance of a detected
actor known) is the ceiling of any classifier of this shape. Result, written up in
``docs/validity.md`` (blame section): not kept.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from framing.analyze import analyze, signal_families
from framing.datasets import default_data_dir
from framing.datasets.basil import read_basil_articles
from framing.datasets.blame_gold import load_blame_gold
from framing.stance import NO_ACTOR, stance_table
from framing.validity.blame import _normalise, score_blame
from framing.validity.blame_eval import analyze_gold_articles, table_predictions

LABELS = ("neutral", "criticised", "defended")
POLARITY = {"neg": "criticised", "pos": "defended"}
WINDOW = 8  # words either side of the mention
# Words of a BASIL target name that do not identify whom it names.
GENERIC = {
    "administration", "campaign", "lawmakers", "officials", "committee", "members", "house", "senate",
    "and", "the", "of", "gop", "party", "supporters", "leaders", "state", "federal", "government",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_QUOTES = re.compile(r"[\"“”]")


def _words(text: str) -> set[str]:
    return {w.casefold().strip(".'’-").removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text)}


def _names_match(target_words: set[str], actor_words: set[str]) -> bool:
    """Same word, or a shared 6-letter stem (Democratic / Democrats, Republican / Republicans)."""
    return any(
        t == a or (len(t) >= 6 and len(a) >= 6 and t[:6] == a[:6]) for t in target_words for a in actor_words
    )


def basil_spans(data_dir: Path) -> pd.DataFrame:
    """One row per body span: article (file stem), index (sentence k), target words, polarity, aim, and
    ``voiced``: a quotation or loaded wording (lexical bias), i.e. criticism or praise someone utters, as
    against facts the journalist chose (informational bias outside quotes)."""
    rows = []
    for path in sorted((data_dir / "basil" / "annotations").glob("*/*_ann.json")):
        with open(path, encoding="utf-8") as fh:
            spans = json.load(fh).get("phrase-level-annotations", [])
        for span in spans:
            sid = str(span.get("id", ""))
            if not sid.startswith("p"):
                continue  # title spans: titles are not body sentences
            name = str(span.get("target", "")).replace("_", " ").casefold()
            named = [w for w in _WORD.findall(name) if w not in GENERIC]
            words = set(named[-1:])  # the last naming word: Paul_Ryan is "ryan", not matched by "Paul LePage"
            voiced = span.get("quote") == "yes" or span.get("bias") == "lex"
            rows.append(
                (path.stem.removesuffix("_ann"), int(sid[1:]), words, span["polarity"], span["aim"], voiced)
            )
    return pd.DataFrame(rows, columns=["article", "index", "target", "polarity", "aim", "voiced"])


def actor_rows(table: pd.DataFrame) -> pd.DataFrame:
    """One row per (sentence, actor) the pipeline places in the sentence, with the rules' stance and features."""
    stances = stance_table(table)
    stances = stances[(stances["stance"] != NO_ACTOR) & (stances["start"] >= 0)]
    stances = stances.assign(order=(stances["role"] != "target").astype(int)).sort_values(
        ["article_id", "sentence", "actor", "order"], kind="stable"
    )
    stances = stances.drop_duplicates(["article_id", "sentence", "actor"]).drop(columns="order")
    keyed = table.set_index(["article_id", "sentence"])
    rows = []
    for (article, sentence), group in stances.groupby(["article_id", "sentence"], sort=False):
        row = keyed.loc[(article, sentence)]
        base, text = int(row["start"]), row["text"]
        spans = [(int(s) - base, int(e) - base) for s, e in zip(group["start"], group["end"], strict=True)]
        cues = json.loads(row["cues"])
        frames = json.loads(row["blame"])
        for (start, end), (_, r) in zip(spans, group.iterrows(), strict=True):
            marked = _mark(text, (start, end), spans)
            left, right = marked.split(" ACTOR ", 1) if " ACTOR " in marked else (marked, "")
            cue_tokens = [
                f"{'L' if c['start'] - base < start else 'R'}_{c['family']}_{c['category']}"
                + ("_neg" if c["negated"] else "")
                for c in cues
            ] + [f"frame_{b['frame']}_{b['kind']}" for b in frames]
            rows.append(
                {
                    "article_id": article,
                    "sentence": int(sentence),
                    "actor": r["actor"],
                    "surface": text[start:end],
                    "role": r["role"],
                    "rule_stance": r["stance"],
                    "left": " ".join(left.split()[-WINDOW:]),
                    "right": " ".join(right.split()[:WINDOW]),
                    "text": marked,
                    "cues": " ".join(cue_tokens) or "none",
                    "in_quote": len(_QUOTES.findall(text[:start])) % 2,
                    "n_actors": len(spans),
                }
            )
    return pd.DataFrame(rows)


def _mark(text: str, here: tuple[int, int], spans: list[tuple[int, int]]) -> str:
    """The sentence with this actor written ACTOR and the others OTHER (names must not carry across countries)."""
    out, last = [], 0
    for start, end in sorted(set(spans)):
        if start < last:
            continue
        out += [text[last:start], " ACTOR " if (start, end) == here else " OTHER "]
        last = end
    return "".join(out + [text[last:]])


def label_basil(
    rows: pd.DataFrame,
    table: pd.DataFrame,
    spans: pd.DataFrame,
    articles: pd.DataFrame,
    voiced_only: bool = False,
) -> pd.DataFrame:
    """Attach BASIL's label to each actor row; drop rows that only an indirect span targets.

    ``voiced_only``: only quoted or lexical spans make a row criticised / defended (closer to codebook §8's
    criticism by someone); rows that only a journalist's-choice span targets are dropped, not called neutral.
    """
    # analyze keeps each BASIL sentence (one per line) but may split a line further: map segments to lines.
    line_of = {}
    for article, text in zip(articles["id"], articles["text"], strict=True):
        starts = np.cumsum([0] + [len(line) + 1 for line in text.split("\n")])
        seg = table[table["article_id"] == article]
        for sentence, start in zip(seg["sentence"], seg["start"], strict=True):
            line_of[(article, int(sentence))] = int(np.searchsorted(starts, start, side="right") - 1)
    by_line = {k: g for k, g in spans.groupby(["article", "index"])}
    labels, keep = [], []
    for article, sentence, actor, surface in zip(
        rows["article_id"], rows["sentence"], rows["actor"], rows["surface"], strict=True
    ):
        found = by_line.get((article, line_of[(article, sentence)]))
        words = _words(f"{actor} {surface}")
        hits = [] if found is None else [
            (p, a, v) for t, p, a, v in zip(found["target"], found["polarity"], found["aim"], found["voiced"], strict=True)
            if _names_match(t, words)
        ]  # fmt: skip
        direct = [p for p, a, v in hits if a == "dir" and (v or not voiced_only)]
        # the polarity with more spans; a tie counts as criticism (fixed order: set order varies by process)
        labels.append(POLARITY[max(("neg", "pos"), key=direct.count)] if direct else "neutral")
        keep.append(bool(direct) or not hits)
    annotated = {a: set().union(*g["target"]) for a, g in spans.groupby("article")}
    out = rows.assign(
        label=labels,
        triplet=[a.rsplit("_", 1)[0] for a in rows["article_id"]],
        # BASIL annotators marked spans toward an article's main targets only: criticism of anyone else is unmarked.
        annotated=[
            _names_match(annotated.get(a, set()), _words(f"{actor} {surface}"))
            for a, actor, surface in zip(rows["article_id"], rows["actor"], rows["surface"], strict=True)
        ],
    )
    return out[keep].reset_index(drop=True)


class Features:
    """TF-IDF of the left and right windows, the marked sentence and the cue tokens, plus rule flags."""

    def __init__(self, blocks=("left", "right", "text", "cues"), min_df: int = 2):
        self.blocks = blocks
        self.min_df = min_df

    def fit(self, rows: pd.DataFrame) -> Features:
        self.vectorizers_ = {
            column: TfidfVectorizer(token_pattern=r"\S+", lowercase=False, min_df=1)
            if column == "cues"
            else TfidfVectorizer(ngram_range=(1, 2), min_df=self.min_df, sublinear_tf=True)
            for column in self.blocks
        }
        for column, vectorizer in self.vectorizers_.items():
            vectorizer.fit(rows[column])
        return self

    def transform(self, rows: pd.DataFrame):
        dense = np.column_stack(
            [
                rows["rule_stance"].eq("criticised"),
                rows["rule_stance"].eq("defended"),
                rows["role"].eq("blamer"),
                rows["in_quote"],
                np.log1p(rows["n_actors"]),
            ]
        ).astype(float)
        blocks = [v.transform(rows[c]) for c, v in self.vectorizers_.items()]
        return sparse.hstack(blocks + [sparse.csr_matrix(dense)]).tocsr()


def fit_model(rows: pd.DataFrame, C: float, seed: int, blocks=("left", "right", "text", "cues")):
    features = Features(blocks).fit(rows)
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    model.fit(features.transform(rows), rows["label"])
    return features, model


def probabilities(features, model, rows: pd.DataFrame) -> pd.DataFrame:
    proba = model.predict_proba(features.transform(rows))
    return pd.DataFrame(proba, columns=model.classes_, index=rows.index)


def basil_cv(rows: pd.DataFrame, C: float, seed: int, thresholds) -> pd.DataFrame:
    """Grouped 5-fold CV by event triplet: per-class average precision, and precision / recall per threshold."""
    proba = pd.DataFrame(index=rows.index, columns=list(LABELS), dtype=float)
    for train, test in GroupKFold(n_splits=5).split(rows, groups=rows["triplet"]):
        features, model = fit_model(rows.iloc[train], C, seed)
        proba.iloc[test] = probabilities(features, model, rows.iloc[test])[list(LABELS)].to_numpy()
    out = []
    for t in thresholds:
        p, r, f, n = precision_recall_fscore_support(
            rows["label"], _decide(proba, t), labels=["criticised", "defended"], zero_division=0
        )
        out += [
            {
                "C": C,
                "threshold": t,
                "class": c,
                "average_precision": average_precision_score(rows["label"] == c, proba[c]),
                "base_rate": float(np.mean(rows["label"] == c)),
                "precision": p[i],
                "recall": r[i],
                "f1": f[i],
                "n_gold": n[i],
            }
            for i, c in enumerate(["criticised", "defended"])
        ]
    return pd.DataFrame(out)


def _decide(proba: pd.DataFrame, threshold: float) -> np.ndarray:
    """criticised / defended when that class's probability reaches the threshold (the larger wins), else neutral."""
    crit, defe = proba["criticised"].to_numpy(), proba["defended"].to_numpy()
    return np.where(
        (crit >= threshold) & (crit >= defe), "criticised", np.where(defe >= threshold, "defended", "neutral")
    )


def gold_predictions(rows: pd.DataFrame, proba: pd.DataFrame, table: pd.DataFrame, threshold, union: bool):
    """Instances and stances for score_blame: the model's (a) alone or (b) added to the rules' output.

    In (b) the rules' instances and non-neutral stances all stay; the model may only add an
    instance the rules lack and turn a neutral stance row criticised or defended.
    """
    rule_instances, rule_stances = table_predictions(table)
    decided = _decide(proba, threshold)
    ids = rows["sentence_id"].to_numpy()
    model_stances = pd.DataFrame({"sentence_id": ids, "actor": rows["actor"].to_numpy(), "stance": decided})
    kind = {"criticised": "blame", "defended": "defend"}
    model_instances = pd.DataFrame(
        [
            {"sentence_id": s, "blamer": "", "target": a, "polarity": kind[d]}
            for s, a, d in zip(ids, rows["actor"], decided, strict=True)
            if d != "neutral"
        ],
        columns=["sentence_id", "blamer", "target", "polarity"],
    )
    if not union:
        return model_instances, model_stances
    key = ["sentence_id", "target", "polarity"]
    known = set(rule_instances[key].itertuples(index=False, name=None))
    added = model_instances[[k not in known for k in model_instances[key].itertuples(index=False, name=None)]]
    model_says = dict(zip(zip(ids, rows["actor"], strict=True), decided, strict=True))
    stances = rule_stances.assign(
        stance=[
            stance if stance != "neutral" else model_says.get((s, a), stance)
            for s, a, stance in zip(
                rule_stances["sentence_id"], rule_stances["actor"], rule_stances["stance"], strict=True
            )
        ]
    )
    rule_instances = rule_instances[["sentence_id", "blamer", "target", "polarity"]]
    return pd.concat([rule_instances, added], ignore_index=True), stances


def sentence_ids(rows: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """The gold set's sentence key, ``<article path>#<start offset>``, of each actor row."""
    ids = table["article_id"].astype(str) + "#" + table["start"].astype(str)
    sentence_id = dict(zip(zip(table["article_id"], table["sentence"], strict=True), ids, strict=True))
    return [sentence_id[k] for k in zip(rows["article_id"], rows["sentence"], strict=True)]


def gold_row_stances(rows: pd.DataFrame, stances: pd.DataFrame) -> np.ndarray:
    """The hand-labelled stance of each actor row (neutral when the gold set has no row for that actor)."""
    labelled = {
        (s, _normalise(a)): st
        for s, a, st in zip(stances["sentence_id"], stances["actor"], stances["stance"], strict=True)
    }
    return np.array(
        [
            labelled.get((s, _normalise(a)), "neutral")
            for s, a in zip(rows["sentence_id"], rows["actor"], strict=True)
        ]
    )


def ranking(proba: pd.DataFrame, gold: np.ndarray, rule_stance: np.ndarray) -> dict:
    """Threshold-free transfer where it matters for a union: among the rows the rules leave neutral."""
    open_rows = rule_stance == "neutral"
    out = {"rule-neutral rows": int(open_rows.sum())}
    for c in ("criticised", "defended"):
        y, score = gold[open_rows] == c, proba[c].to_numpy()[open_rows]
        top = y[np.argsort(-score, kind="stable")]
        out |= {f"{c} gold": int(y.sum()), f"{c} AP": average_precision_score(y, score) if y.any() else np.nan,
                f"{c} base rate": y.mean(), f"{c} in top 10": int(top[:10].sum()), f"{c} in top 20": int(top[:20].sum())}  # fmt: skip
    return out


def _score(instances, stances, gold, sentences, args, **keys) -> pd.DataFrame:
    scored = score_blame(
        instances, gold.instances, sentences, n_boot=args.n_boot, random_state=args.seed,
        predicted_stances=stances, gold_stances=gold.stances,
    )  # fmt: skip
    return scored.assign(**keys)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--n-boot", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--C", type=float, nargs="+", default=[0.1, 0.3, 1.0, 3.0])
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8, 0.9])
    parser.add_argument("--out", type=Path, default=None, help="folder for the CSV tables")
    args = parser.parse_args(argv)
    data_dir = (args.data_dir or default_data_dir()).expanduser()
    pd.set_option("display.width", 200)

    articles = read_basil_articles(data_dir)
    basil_table = analyze(
        dict(zip(articles["id"], articles["text"], strict=True)), families=signal_families("us")
    )
    candidates, spans = actor_rows(basil_table), basil_spans(data_dir)
    every = label_basil(candidates, basil_table, spans, articles)
    voiced = label_basil(candidates, basil_table, spans, articles, voiced_only=True)
    print(
        f"BASIL: {len(spans)} body spans, {len(candidates)} actor rows; rows by BASIL label and the rules' stance:"
    )
    print(pd.crosstab(every["label"], every["rule_stance"], margins=True))
    # Negatives: every other actor, or only actors BASIL annotated somewhere in the article (spans were drawn
    # toward an article's main targets, so criticism of anyone else is unmarked, not absent).
    variants = {
        "all spans, all actors": every,
        "all spans, annotated actors": every[every["annotated"]].reset_index(drop=True),
        "voiced spans, annotated actors": voiced[voiced["annotated"]].reset_index(drop=True),
    }

    gold = load_blame_gold(data_dir)
    splits = {}
    for split in ("dev", "test"):  # development splits only; test2 is never analysed or scored here
        sentences = gold.sentences[gold.sentences["split"] == split]
        table = analyze_gold_articles(replace(gold, sentences=sentences), data_dir)
        rows = actor_rows(table)
        rows = rows.assign(sentence_id=sentence_ids(rows, table))
        rows = rows[rows["sentence_id"].isin(set(sentences["id"]))].reset_index(
            drop=True
        )  # labelled sentences
        splits[split] = (sentences, table, rows, gold_row_stances(rows, gold.stances))

    results, cv_tables, ranks = [], [], []
    for split, (sentences, table, rows, labelled) in splits.items():
        instances, stances = table_predictions(table)
        results.append(
            _score(instances, stances, gold, sentences, args, split=split, train="", system="rules")
        )
        # The ceiling of any per-mention classifier added to the rules: one that knows every gold stance.
        oracle = pd.DataFrame({c: (labelled == c).astype(float) for c in LABELS}, index=rows.index)
        instances, stances = gold_predictions(rows, oracle, table, 0.5, union=True)
        results.append(
            _score(instances, stances, gold, sentences, args, split=split, train="", system="rules OR oracle")
        )
    for variant, train in variants.items():
        cv = pd.concat([basil_cv(train, C, args.seed, args.thresholds) for C in args.C], ignore_index=True)
        cv_tables.append(cv.assign(train=variant, n_rows=len(train)))
        best_C = cv[cv["threshold"] == args.thresholds[0]].groupby("C")["average_precision"].mean().idxmax()
        features, model = fit_model(train, best_C, args.seed)
        for split, (sentences, table, rows, labelled) in splits.items():
            proba = probabilities(features, model, rows)
            ranks.append(
                {"split": split, "train": variant, "C": best_C}
                | ranking(proba, labelled, rows["rule_stance"].to_numpy())
            )
            for union, t in itertools.product((False, True), args.thresholds):
                instances, stances = gold_predictions(rows, proba, table, t, union)
                system = f"rules OR model >= {t}" if union else f"model >= {t}"
                results.append(
                    _score(
                        instances, stances, gold, sentences, args, split=split, train=variant, system=system
                    )
                )

    cv = pd.concat(cv_tables, ignore_index=True)
    print("\nIn-domain: BASIL 5-fold CV grouped by event triplet (C chosen by mean average precision):")
    print(cv.round(3).to_string(index=False))
    print("\nTransfer, threshold-free: the model's ranking of the gold actor rows the rules leave neutral:")
    print(pd.DataFrame(ranks).round(3).to_string(index=False))
    results = pd.concat(results, ignore_index=True)
    print(
        "\nBlame gold set, development splits: precision / recall [95 % article-bootstrap CI] (pred / gold / correct)"
    )
    print(_compact(results).to_string(index=False))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        cv.to_csv(args.out / "basil_cv.csv", index=False)
        pd.DataFrame(ranks).to_csv(args.out / "gold_ranking.csv", index=False)
        results.to_csv(args.out / "gold_dev_test.csv", index=False)


def _compact(results: pd.DataFrame) -> pd.DataFrame:
    levels = {
        "instance": "blame instance",
        "stance: criticised": "criticised",
        "stance: defended": "defended",
    }
    wide = []
    for (split, train, system), group in results.groupby(["split", "train", "system"], sort=False):
        row = {"split": split, "train": train, "system": system}
        for level, name in levels.items():
            r = group[group["level"] == level].iloc[0]
            row[name] = (
                f"{r.precision:.2f} [{r.precision_low:.2f}, {r.precision_high:.2f}] / "
                f"{r.recall:.2f} [{r.recall_low:.2f}, {r.recall_high:.2f}] ({r.n_pred:.0f}/{r.n_gold:.0f}/{r.n_correct:.0f})"
            )
        wide.append(row)
    return pd.DataFrame(wide)


if __name__ == "__main__":
    main()
