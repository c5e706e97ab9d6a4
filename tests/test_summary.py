"""The streamed terminal summary: its top lists equal a plain sort of the whole table, in any chunking."""

from pathlib import Path

import pytest

from framing import analyze
from framing.summary import SCORES, Summary

SEED = Path(__file__).resolve().parents[1] / "seeds" / "nbc-russia-north-korea-alliance.txt"


@pytest.fixture(scope="module")
def table():
    seed = SEED.read_text(encoding="utf-8")
    paragraphs = [line for line in seed.splitlines() if line.strip()]
    return analyze({"seed": seed, **{f"p{i:02d}": p for i, p in enumerate(paragraphs)}})


def expected_best(table, column, top):
    """Body sentences scoring above zero, highest first, ties to the earlier sentence."""
    body = table[table["kind"] == "body"].reset_index(drop=True)
    order = sorted((i for i in range(len(body)) if body[column][i] > 0), key=lambda i: (-body[column][i], i))
    return [(body["article_id"][i], int(body["sentence"][i])) for i in order[:top]]


@pytest.mark.parametrize("chunk", [1, 5, 1000])
def test_top_sentences_equal_a_sort_of_the_whole_table(table, chunk):
    """Chunks of ``chunk`` articles, as ``analyze_corpus`` streams them."""
    summary = Summary(top=3)
    articles = table["article_id"].unique().tolist()
    for first in range(0, len(articles), chunk):
        summary.update(table[table["article_id"].isin(articles[first : first + chunk])])
    for _, column, _, _ in SCORES:
        best = [
            (article, sentence)
            for _, _, article, sentence, _, _ in sorted(summary._best[column], reverse=True)
        ]
        assert best == expected_best(table, column, 3)
        assert best  # the fixture has sentences above zero for every score
    assert summary.render() == Summary(top=3).update(table).render()


def test_count_only_counts(table):
    counted = Summary().count(table.iloc[:7]).count(table.iloc[7:])
    full = Summary().update(table)
    assert (
        (counted.sentences, counted.articles)
        == (full.sentences, full.articles)
        == (len(table), set(table["article_id"]))
    )
    assert not counted.kinds and full.kinds["body"] > 0
