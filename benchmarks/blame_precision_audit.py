"""How often is a blame instance that ``framing.analyze`` reports right? A precision audit on sentences nobody labelled.

    python benchmarks/blame_precision_audit.py --draw keys.csv [--data-dir ../shared/data/external]  # the keys
    python benchmarks/blame_precision_audit.py --score [--data-dir ../shared/data/external]   # after labelling

Every precision figure of the gold set (``docs/validity.md``) comes from sentences drawn before the rules saw
them, then read while the rules were revised; after six rounds the rules' precision on sentences they were not
revised on is known only from the first score of each split. This audit draws sentences **where the rules as
they stand report an instance** and that no split holds: 60 from the 300 BASIL articles (U.S. news, locale
``us``) and 60 from the 1,808 BBC News articles outside politics (business, entertainment, sport, tech; locale
``uk``), which no split ever used. Annotators label every instance of the drawn sentences blind to the system
(codebook §8); the labels live in ``data/labelled/blame_audit/`` in the gold set's format. The pool depends on
the rules, so ``--draw`` gives the committed keys only with the rules they were drawn with (``main`` 608a2e1);
``--score`` scores the rules as they are (0.57 at 608a2e1, the audit's one blind score; ``docs/validity.md``).

Because the sentences are chosen by the rules' own output, only **precision** is measured here (of the
instances the rules report, how many the annotators also found: same sentence, target and polarity); recall
is the gold set's business. Intervals: 1,000 bootstrap replicates resampling articles, seed 0.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.analyze import analyze, signal_families
from framing.datasets.blame_gold import (
    SENTENCE_COLUMNS,
    article_text,
    load_blame_gold,
    sentence_sha,
)
from framing.validity.blame import score_blame
from framing.validity.blame_eval import table_predictions

AUDIT_DIR = ROOT / "data" / "labelled" / "blame_audit"
SEED = 202612041
# Where each half comes from, the locale a user would choose for it, and how many sentences are drawn.
SOURCES = (
    ("basil", "basil/articles/*/*.json", "us", 60),
    ("bbc_news", "bbc_news/[!p]*/*.txt", "uk", 60),  # every category but politics
)


def analyse(dataset: str, articles: list[str], data_dir: Path, locale: str) -> pd.DataFrame:
    """``framing.analyze`` of the articles that read as the gold set reads them (BBC ``sport/199.txt`` is not
    UTF-8 and is left out)."""
    texts = {}
    for article in articles:
        try:
            texts[article] = article_text(dataset, data_dir / article)
        except UnicodeDecodeError:
            continue
    return analyze(texts, families=signal_families(locale))


def pool(data_dir: Path, gold: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per dataset: the sentences holding a reported instance with a target, none overlapping a gold sentence."""
    labelled = gold.groupby("article")[["start", "end"]].apply(lambda f: list(zip(f["start"], f["end"])))
    pools = {}
    for dataset, pattern, locale, _ in SOURCES:
        articles = sorted(p.relative_to(data_dir).as_posix() for p in data_dir.glob(pattern))
        table = analyse(dataset, articles, data_dir, locale)
        instances, _ = table_predictions(table)
        ids = set(instances.loc[instances["target"] != "", "sentence_id"])
        rows = table[(table["article_id"] + "#" + table["start"].astype(str)).isin(ids)]
        keep = [
            not any(s < end and start < e for s, e in labelled.get(article, []))
            for article, start, end in zip(rows["article_id"], rows["start"], rows["end"], strict=True)
        ]
        pools[dataset] = rows.loc[keep, ["article_id", "start", "end", "text"]].reset_index(drop=True)
    return pools


def draw(data_dir: Path) -> pd.DataFrame:
    """The audit's keys, in the gold set's sentence format (split ``audit``, stratum ``predicted``)."""
    pools = pool(data_dir, load_blame_gold(data_dir).sentences)
    rng = np.random.default_rng(SEED)
    rows = []
    for dataset, _, _, n in SOURCES:
        frame = pools[dataset]
        chosen = frame.iloc[np.sort(rng.choice(len(frame), size=n, replace=False))]
        print(
            f"{dataset}: {len(frame)} sentences in the pool, {n} drawn from {chosen['article_id'].nunique()} articles"
        )
        rows += [
            {
                "id": f"{article}#{start}",
                "split": "audit",
                "stratum": "predicted",
                "dataset": dataset,
                "article": article,
                "start": start,
                "end": end,
                "sha": sentence_sha(text),
                "blame": 0,
                "note": "",
            }
            for article, start, end, text in chosen.itertuples(index=False)
        ]
    return pd.DataFrame(rows, columns=list(SENTENCE_COLUMNS))


def score(data_dir: Path, n_boot: int = 1000) -> pd.DataFrame:
    """Precision of the rules as they stand on the audit sentences, overall and per dataset and frame."""
    audit = load_blame_gold(data_dir, labels_dir=AUDIT_DIR)
    tables = []
    for dataset, _, locale, _ in SOURCES:
        rows = audit.sentences[audit.sentences["dataset"] == dataset]
        tables.append(analyse(dataset, sorted(set(rows["article"])), data_dir, locale))
    instances, _ = table_predictions(pd.concat(tables, ignore_index=True))
    results = []
    for name, sentences in [("all", audit.sentences)] + list(audit.sentences.groupby("dataset")):
        table = score_blame(instances, audit.instances, sentences, n_boot=n_boot, random_state=0)
        results.append(table.assign(sentences=name))
    return pd.concat(results, ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data" / "external")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--draw", type=Path, metavar="KEYS_CSV", help="draw the keys into this new file")
    mode.add_argument("--score", action="store_true", help="score the rules on data/labelled/blame_audit/")
    args = parser.parse_args()
    if args.draw:
        if args.draw.exists():
            raise SystemExit(f"{args.draw} exists; the draw never overwrites a file")
        keys = draw(args.data_dir)
        keys.to_csv(args.draw, index=False, lineterminator="\n")
        print(f"wrote {len(keys)} keys to {args.draw}")
        return
    table = score(args.data_dir)
    columns = ["sentences", "level", "precision", "precision_low", "precision_high", "n_pred", "n_correct"]
    print(table.loc[table["level"].isin(["instance", "instance+blamer"]), columns].to_string(index=False))


if __name__ == "__main__":
    main()
