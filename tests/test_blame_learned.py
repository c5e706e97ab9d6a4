"""How ``benchmarks/blame_learned.py`` builds candidate targets and labels (invented text).

The learned complement's numbers (``docs/validity.md``, blame section) rest on which actors become
candidates of a sentence, how gold instances label them, and how its instances join the rules', so
those are pinned here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from framing.analyze import analyze, signal_families

TEXT = (
    "Barack Obama met Nancy Pelosi at the White House on Monday. "
    "Republicans said he had failed the country. "
    "They also criticised the Democratic Party over the budget. "
    "The meeting lasted an hour. "
    "Officials said it went well. "
    "Reporters waited outside. "
    "Nobody else spoke. "
    "The rain stopped. "
    "The day ended quietly."
)


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("blame_learned")


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return analyze({"a": TEXT}, families=signal_families("us"))


def sid(table: pd.DataFrame, sentence: int) -> str:
    return f"a#{table['start'].iloc[sentence]}"


def test_candidates_come_from_the_sentence_and_its_window(script, table):
    pairs = script.candidate_pairs(table, [sid(table, 1), sid(table, 8)])
    first = pairs[pairs["sentence_id"] == sid(table, 1)].set_index("candidate")
    # Named before (Obama, Pelosi, White House), in the sentence (Republicans), in the next one (Democrats).
    assert set(first.index) == {
        "barack obama",
        "nancy pelosi",
        "white house",
        "republican party",
        "democratic party",
    }
    assert first.loc["republican party", "in_sentence"] == 1 and first.loc["barack obama", "in_sentence"] == 0
    assert first.loc["barack obama", "sentences_back"] == 1
    assert first.loc["democratic party", "in_next"] == 1
    assert set(first["text"]) == {table["text"].iloc[1]}
    assert script.sentence_texts(table, [sid(table, 8), sid(table, 1)]) == table["text"].iloc[[8, 1]].tolist()
    # Sentence 8 is more than BACK sentences after the last actor: no candidate, no row.
    assert script.BACK == 5 and (pairs["sentence_id"] == sid(table, 8)).sum() == 0


def test_pronouns_rank_recent_persons_and_groups(script, table):
    pairs = script.candidate_pairs(table, [sid(table, 1), sid(table, 2)])
    he = pairs[pairs["sentence_id"] == sid(table, 1)].set_index("candidate")
    # "he": the persons named before are ranked (ties by name); groups and the sentence's own actors are not.
    assert he.loc["barack obama", ["he_person", "he_rank"]].tolist() == [1, 1]
    assert he.loc["nancy pelosi", ["he_person", "he_rank"]].tolist() == [1, 2]
    assert he.loc["white house", "he_person"] == 0 and he.loc["republican party", "he_person"] == 0
    they = pairs[pairs["sentence_id"] == sid(table, 2)].set_index("candidate")
    # "They": the most recent group before the sentence ranks first.
    assert they.loc["republican party", ["they_group", "they_rank"]].tolist() == [1, 1]
    assert they.loc["white house", "they_rank"] == 2
    assert they.loc["democratic party", "they_group"] == 0  # named in the sentence itself
    # The rules' own target and the sampler's blame word just before the mention.
    assert they.loc["democratic party", "rules_target"] == 1
    assert they.loc["democratic party", "cue_before"] < they.loc["democratic party", "cue_after"]


def test_gold_instances_label_pairs_by_sentence_target_and_polarity(script, table):
    pairs = script.candidate_pairs(table, [sid(table, 1), sid(table, 2)])
    gold = pd.DataFrame(
        {
            "sentence_id": [sid(table, 1), sid(table, 2), sid(table, 2)],
            "target": ["Barack Obama", "the Democratic Party", "the Democratic Party"],
            "polarity": ["blame", "defend", "blame"],
        }
    )
    labels = dict(zip(zip(pairs["sentence_id"], pairs["candidate"]), script.pair_labels(pairs, gold)))
    assert labels[(sid(table, 1), "barack obama")] == "blame"
    assert labels[(sid(table, 1), "republican party")] == "none"
    assert labels[(sid(table, 2), "democratic party")] == "blame"  # blame wins when both are labelled
    assert script.sentence_labels([sid(table, 1), sid(table, 3)], gold).tolist() == ["blame", "none"]


def test_the_model_adds_only_new_instances_to_the_rules(script):
    rules = pd.DataFrame(
        {"sentence_id": ["s#0"], "blamer": ["Labour"], "target": ["Tony Blair"], "polarity": ["blame"]}
    )
    model = pd.DataFrame(
        {
            "sentence_id": ["s#0", "s#0", "s#9"],
            "blamer": ["", "", ""],
            "target": ["tony blair", "Tony Blair", "Michael Howard"],
            "polarity": ["blame", "defend", "blame"],
        }
    )
    both = script.union(rules, model)
    assert both["blamer"].iloc[0] == "Labour"  # the rules' row is kept, the model's duplicate dropped
    assert list(zip(both["target"], both["polarity"])) == [
        ("Tony Blair", "blame"),
        ("Tony Blair", "defend"),
        ("Michael Howard", "blame"),
    ]


def test_recall_difference_counts_gold_instances_found(script):
    sentences = pd.DataFrame({"id": ["x#0", "y#0"], "article": ["x", "y"]})
    gold = pd.DataFrame(
        {"sentence_id": ["x#0", "x#0", "y#0"], "target": ["A", "B", "C"], "polarity": ["blame"] * 3}
    )
    a = gold.iloc[[0]]
    b = pd.concat(
        [gold.iloc[[0, 2]], pd.DataFrame({"sentence_id": ["y#0"], "target": ["Z"], "polarity": ["blame"]})]
    )
    diff, low, high = script.recall_difference(a, b, gold, sentences, n_boot=200)
    assert diff == pytest.approx(1 / 3)  # b finds C as well; its wrong Z does not count against recall
    assert low <= diff <= high


def test_gold_targets_are_placed_in_the_sentence_the_window_or_outside(script, table):
    ids = [sid(table, 1), sid(table, 2)]
    pairs = script.candidate_pairs(table, ids)
    sentences = pd.DataFrame({"id": ids})
    gold = pd.DataFrame(
        {
            "sentence_id": [ids[0], ids[0], ids[1]],
            "target": ["Republican Party", "Barack Obama", "John Kerry"],
            "polarity": ["blame", "blame", "blame"],
        }
    )
    found = pd.DataFrame(
        {"sentence_id": [ids[0]], "blamer": [""], "target": ["Republican Party"], "polarity": ["blame"]}
    )
    where = script.where_gold_targets(pairs, gold, sentences, found).fillna(0)
    assert where.loc["in the sentence", True] == 1  # named in sentence 1 and found
    assert where.loc["in the window", False] == 1  # Obama: only in the sentence before
    assert where.loc["outside", False] == 1  # nobody names John Kerry
    assert where.loc["All", "All"] == 3
