"""Run our blame extractor on the hand-labelled blame set and score it.

Each labelled sentence is scored in its whole article, because the rules read
neighbouring sentences (a quotation's speaker, "that claim"). Predictions are
keyed like the labels, ``<article path>#<start offset>``, and handed to
:func:`framing.validity.blame.score_blame`, which bootstraps over articles.

    python -c "from framing.validity.blame_eval import evaluate_blame_extractor as e; print(e('dev'))"
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from framing.analyze import analyze, signal_families
from framing.checkout import repo_root
from framing.datasets import default_data_dir
from framing.datasets.blame_gold import article_text, load_blame_gold
from framing.stance import NO_ACTOR, blame_instances, stance_table
from framing.validity.blame import score_blame

# test2 was drawn afterwards from unused articles (`blame_gold.sample_fresh_test`), because test
# had been scored and then read while improving the rules; test3 likewise after test2; test_us from BASIL's U.S.
# news once BBC politics had no unused article left, then test_us2 and test_us3 from the BASIL articles left.
SPLITS = ("dev", "test", "test2", "test3", "test_us", "test_us2", "test_us3")
# The locale a user of each labelled dataset would choose: BBC News is UK news, the seed U.S. news.
LOCALES = {"bbc_news": "uk", "seed": "us", "basil": "us"}


def analyze_gold_articles(gold, data_dir=None, locale: str | None = None, actors=None) -> pd.DataFrame:
    """``framing.analyze`` of every article of the labelled set; ``article_id`` is the gold ``article`` path.

    ``locale=None`` analyses each dataset with its own locale (``LOCALES``); a string uses one for all.
    ``actors`` is a user's actor list added to every locale's (``framing analyze --actors``).
    """
    root = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    tables = []
    for dataset, rows in gold.sentences.groupby("dataset", sort=True):
        articles = sorted(set(rows["article"]))
        texts = {
            a: article_text(dataset, repo_root() / a if dataset == "seed" else root / a) for a in articles
        }
        chosen = locale or LOCALES.get(dataset, "all")
        tables.append(analyze(texts, families=signal_families(chosen, actors=actors)))
    return pd.concat(tables, ignore_index=True)


def predict_gold_articles(
    gold, data_dir=None, locale: str | None = None, actors=None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Predicted instances and per-actor stances for every article of the labelled set, keyed by sentence id.

    ``locale=None`` analyses each dataset with its own locale (``LOCALES``); a string uses one for all.
    """
    return table_predictions(analyze_gold_articles(gold, data_dir, locale, actors))


def table_predictions(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rules' instances and one stance per sentence and actor of an ``analyze`` table, keyed by sentence id
    (``<article_id>#<start>``), as ``score_blame`` takes them."""
    ids = table["article_id"].astype(str) + "#" + table["start"].astype(str)
    by_sentence = dict(zip(zip(table["article_id"], table["sentence"], strict=True), ids, strict=True))

    def sentence_ids(frame: pd.DataFrame) -> list[str]:
        return [by_sentence[(a, s)] for a, s in zip(frame["article_id"], frame["sentence"], strict=True)]

    instances = blame_instances(table)
    instances.insert(0, "sentence_id", sentence_ids(instances))
    stances = stance_table(table)
    stances = stances[stances["stance"] != NO_ACTOR]
    stances.insert(0, "sentence_id", sentence_ids(stances))
    # One stance per actor and sentence: the target's stance when it is a target, else neutral.
    stances = stances.assign(order=(stances["role"] != "target").astype(int)).sort_values(
        ["sentence_id", "actor", "order"], kind="stable"
    )
    stances = stances.drop_duplicates(["sentence_id", "actor"])[["sentence_id", "actor", "stance"]]
    return instances, stances.reset_index(drop=True)


def evaluate_blame_extractor(
    split: str = "dev",
    data_dir=None,
    *,
    locale: str | None = None,
    actors=None,
    n_boot: int = 1000,
    random_state: int = 0,
) -> pd.DataFrame:
    """Precision, recall and F1 with article-bootstrap 95 % intervals on one split of the blame gold set.

    ``actors``: a user's actor list (TSV) added to the locales' lists, e.g. the office holders of the
    corpus's country and period ("the prime minister" -> Tony Blair for UK news of 2005).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    gold = load_blame_gold(data_dir)
    sentences = gold.sentences[gold.sentences["split"] == split]
    # Only this split's articles are analysed: scoring dev never computes output on test articles.
    instances, stances = predict_gold_articles(replace(gold, sentences=sentences), data_dir, locale, actors)
    return score_blame(
        instances,
        gold.instances,
        sentences,
        n_boot=n_boot,
        random_state=random_state,
        predicted_stances=stances,
        gold_stances=gold.stances,
    )
