"""The blame/stance gold set: sampling, loading by offsets + sha, and the scorer."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.datasets.blame_gold import (
    CANDIDATE_CUES,
    INSTANCE_COLUMNS,
    POOL_SIZES,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    TEST2_N_CUE,
    TEST2_N_OTHER,
    TEST2_POOL_SIZES,
    TEST3_N_CUE,
    TEST3_N_OTHER,
    TEST3_POOL_SIZES,
    TEST3_SEED,
    TEST_US2_N_CUE,
    TEST_US2_N_OTHER,
    TEST_US2_POOL_SIZES,
    TEST_US2_SEED,
    TEST_US3_N_CUE,
    TEST_US3_N_OTHER,
    TEST_US3_POOL_SIZES,
    TEST_US3_SEED,
    TEST_US_N_CUE,
    TEST_US_N_OTHER,
    TEST_US_POOL_SIZES,
    article_text,
    basil_text,
    default_labels_dir,
    load_blame_gold,
    population_weights,
    read_article,
    sample_fresh_test,
    sample_sentences,
    sample_us_test,
    sentence_sha,
)
from framing.errors import InputError
from framing.validity.blame import score_blame

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "blame_gold"
ACCUSED = "Opposition MPs accused the minister of ignoring warnings from engineers."


def _write_labels(folder: Path, sha: str | None = None) -> tuple[int, int]:
    text = read_article(FIXTURE / "bbc_news/politics/001.txt")
    start = text.index(ACCUSED)
    end = start + len(ACCUSED)
    cue = text.index("accused", start)
    pd.DataFrame(
        [
            [
                f"bbc_news/politics/001.txt#{start}",
                "test",
                "cue",
                "bbc_news",
                "bbc_news/politics/001.txt",
                start,
                end,
                sha or sentence_sha(ACCUSED),
                1,
                "invented",
            ]
        ],
        columns=SENTENCE_COLUMNS,
    ).to_csv(folder / "blame_sentences.csv", index=False)
    pd.DataFrame(
        [
            [
                f"bbc_news/politics/001.txt#{start}",
                1,
                "opposition MPs",
                "transport minister",
                "blame",
                cue,
                cue + len("accused"),
                1,
            ]
        ],
        columns=INSTANCE_COLUMNS,
    ).to_csv(folder / "blame_instances.csv", index=False)
    pd.DataFrame(
        [[f"bbc_news/politics/001.txt#{start}", "transport minister", "criticised"]], columns=STANCE_COLUMNS
    ).to_csv(folder / "actor_stance.csv", index=False)
    return start, end


def test_loader_rebuilds_sentence_text_from_offsets(tmp_path):
    _write_labels(tmp_path)
    gold = load_blame_gold(FIXTURE, labels_dir=tmp_path)
    assert gold.sentences["text"].tolist() == [ACCUSED]
    inst = gold.instances.iloc[0]
    assert ACCUSED[inst["cue_start"] - gold.sentences["start"][0] :][:7] == "accused"
    assert gold.stances["stance"].tolist() == ["criticised"]


def test_loader_rejects_changed_text_and_missing_articles(tmp_path):
    _write_labels(tmp_path, sha="000000000000")
    with pytest.raises(InputError, match="sha mismatch"):
        load_blame_gold(FIXTURE, labels_dir=tmp_path)
    _write_labels(tmp_path)
    with pytest.raises(InputError, match="not found"):
        load_blame_gold(tmp_path / "nowhere", labels_dir=tmp_path)


def test_loader_rejects_cue_outside_its_sentence(tmp_path):
    _, end = _write_labels(tmp_path)
    inst = pd.read_csv(tmp_path / "blame_instances.csv")
    inst.loc[0, "cue_end"] = end + 5
    inst.to_csv(tmp_path / "blame_instances.csv", index=False)
    with pytest.raises(InputError, match="outside its sentence"):
        load_blame_gold(FIXTURE, labels_dir=tmp_path)


def test_basil_rows_index_the_article_s_sentences_one_per_line(tmp_path):
    path = FIXTURE / "basil/articles/2020/fixture_1.json"
    text = basil_text(path)
    assert text.split("\n") == [
        "Senator Ada Quillon accused the Federal Canal Agency of ignoring warnings about the locks.",
        "The agency said the repairs were on schedule.",
        "Ms. Quillon has asked for hearings in March.",
        "Engineers said the work would take two years.",
    ]
    assert article_text("basil", path) == text and article_text("bbc_news", path) != text  # JSON as it is
    sentence = text.split("\n")[0]
    row = [
        "basil/articles/2020/fixture_1.json#0",
        "test_us",
        "cue",
        "basil",
        "basil/articles/2020/fixture_1.json",
    ]
    pd.DataFrame(
        [[*row, 0, len(sentence), sentence_sha(sentence), 1, "invented"]], columns=SENTENCE_COLUMNS
    ).to_csv(tmp_path / "blame_sentences.csv", index=False)
    cue = sentence.index("accused")
    pd.DataFrame(
        [[row[0], 1, "Ada Quillon", "Federal Canal Agency", "blame", cue, cue + 7, 0]],
        columns=INSTANCE_COLUMNS,
    ).to_csv(tmp_path / "blame_instances.csv", index=False)
    pd.DataFrame([[row[0], "Federal Canal Agency", "criticised"]], columns=STANCE_COLUMNS).to_csv(
        tmp_path / "actor_stance.csv", index=False
    )
    gold = load_blame_gold(FIXTURE, labels_dir=tmp_path)
    assert gold.sentences["text"].tolist() == [sentence]


def test_sampler_is_seeded_stratified_and_splits_by_article():
    a = sample_sentences(FIXTURE, seed_path=None, n_cue=2, n_other=2, random_state=3, dev_fraction=0.5)
    b = sample_sentences(FIXTURE, seed_path=None, n_cue=2, n_other=2, random_state=3, dev_fraction=0.5)
    pd.testing.assert_frame_equal(a, b)
    assert a["stratum"].value_counts().to_dict() == {"cue": 2, "other": 2}
    assert a.attrs["pool_sizes"] == {"cue": 4, "other": 4}
    for _, row in a.iterrows():
        text = read_article(FIXTURE / row["article"])[row["start"] : row["end"]]
        assert bool(CANDIDATE_CUES.search(text)) == (row["stratum"] == "cue")
        assert sentence_sha(text) == row["sha"]
    assert (a.groupby("article")["split"].nunique() == 1).all()
    assert set(a["split"]) == {"dev", "test"}
    with pytest.raises(InputError, match="only 4 exist"):
        sample_sentences(FIXTURE, seed_path=None, n_cue=5, n_other=0)


SENTENCES = pd.DataFrame({"id": ["s1", "s2", "s3", "s4"], "article": ["a1", "a1", "a2", "a3"]})
GOLD = pd.DataFrame(
    [
        ["s1", "U.S. officials", "Russia", "blame"],
        ["s1", "the Tories", "Tony Blair", "blame"],
        ["s2", "", "Labour Party", "defend"],
        ["s3", "Jack Straw", "China", "defend"],
    ],
    columns=["sentence_id", "blamer", "target", "polarity"],
)
PRED = pd.DataFrame(
    [
        ["s1", "U.S. intelligence officials", "russia", "blame"],  # right (blamer words contain gold's)
        ["s1", "Labour", "Mr Blair", "blame"],  # right with the alias, wrong blamer
        ["s2", "", "Labour Party", "blame"],  # right target, wrong polarity
        ["s3", "Jack Straw", "UK Government", "defend"],  # wrong target
        ["s9", "x", "y", "blame"],  # not a labelled sentence: ignored
    ],
    columns=["sentence_id", "blamer", "target", "polarity"],
)
GOLD_STANCE = pd.DataFrame(
    [
        ["s1", "Russia", "criticised"],
        ["s1", "Tony Blair", "criticised"],
        ["s2", "Labour Party", "defended"],
        ["s3", "China", "defended"],
        ["s3", "Jack Straw", "neutral"],
    ],
    columns=["sentence_id", "actor", "stance"],
)
PRED_STANCE = pd.DataFrame(
    [
        ["s1", "Russia", "criticised"],
        ["s1", "Mr Blair", "criticised"],
        ["s2", "Labour Party", "criticised"],
        ["s3", "UK Government", "defended"],
    ],
    columns=["sentence_id", "actor", "stance"],
)


def _scores(**kwargs) -> pd.DataFrame:
    return score_blame(PRED, GOLD, SENTENCES, **kwargs).set_index("level")


def test_scorer_counts_hand_made_predictions():
    s = _scores(
        aliases={"Mr Blair": "Tony Blair"}, predicted_stances=PRED_STANCE, gold_stances=GOLD_STANCE, n_boot=0
    )
    assert s.loc["instance", ["n_pred", "n_gold", "n_correct"]].tolist() == [4, 4, 2]
    assert s.loc["instance", "precision"] == s.loc["instance", "recall"] == 0.5
    assert s.loc["target", "precision"] == s.loc["target", "recall"] == 0.75
    assert s.loc["instance+blamer", "recall"] == 0.25
    assert s.loc["blamer | matched", "precision"] == 0.5
    assert (s.loc["stance: all", "precision"], s.loc["stance: all", "recall"]) == (0.5, 0.4)
    assert s.loc["stance: criticised", "precision"] == pytest.approx(2 / 3)
    assert s.loc["stance: criticised", "recall"] == 1.0
    assert s.loc["stance: defended", "n_correct"] == 0
    assert np.isnan(s.loc["stance: neutral", "precision"]) and s.loc["stance: neutral", "recall"] == 0
    assert s[["precision_low", "recall_high"]].isna().all().all()


def test_scorer_needs_aliases_for_other_name_forms():
    s = _scores(n_boot=0)
    assert s.loc["instance", "n_correct"] == 1


def test_sentence_weights_multiply_counts():
    weighted = SENTENCES.assign(weight=[3.0, 1.0, 1.0, 1.0])
    s = score_blame(PRED, GOLD, weighted, n_boot=0).set_index("level")
    # s1 holds 2 predictions (1 right) and 2 gold instances, each counted 3 times
    assert s.loc["instance", ["n_pred", "n_gold", "n_correct"]].tolist() == [8, 8, 3]
    assert s.loc["instance", "precision"] == 3 / 8


def test_population_weights_are_inverse_sampling_fractions():
    rows = pd.DataFrame({"split": ["dev", "test", "test", "dev"], "stratum": ["cue", "cue", "other", "seed"]})
    assert population_weights(rows).tolist() == [1883 / 2, 1883 / 2, 7277 / 1, 1.0]


def test_population_weights_use_the_fresh_test_frame_for_test2():
    rows = pd.DataFrame(
        {"split": ["test", "test2", "test2", "test2"], "stratum": ["cue", "cue", "cue", "other"]}
    )
    assert population_weights(rows).tolist() == [1883 / 1, 681 / 2, 681 / 2, 3174 / 1]


def test_population_weights_use_each_fresh_split_s_own_frame():
    rows = pd.DataFrame(
        {"split": ["test2", "test3", "test3", "test3"], "stratum": ["cue", "cue", "cue", "other"]}
    )
    assert population_weights(rows).tolist() == [681 / 1, 169 / 2, 169 / 2, 1126 / 1]
    us = pd.DataFrame({"split": ["test_us", "test_us"], "stratum": ["cue", "other"]})
    assert population_weights(us).tolist() == [1836 / 1, 6423 / 1]


def test_scorer_scores_only_the_given_sentences():
    s = score_blame(PRED, GOLD, SENTENCES[SENTENCES["article"] == "a2"], n_boot=0).set_index("level")
    assert s.loc["instance", ["n_pred", "n_gold", "n_correct"]].tolist() == [1, 1, 0]


def test_cluster_bootstrap_resamples_articles():
    s = _scores(aliases={"Mr Blair": "Tony Blair"}, n_boot=500, random_state=1)
    assert (s["precision_low"] <= s["precision"]).all() and (s["precision"] <= s["precision_high"]).all()
    assert s.loc["instance", "precision_low"] < s.loc["instance", "precision_high"]
    pd.testing.assert_frame_equal(s, _scores(aliases={"Mr Blair": "Tony Blair"}, n_boot=500, random_state=1))
    one_article = SENTENCES.assign(article="a1")
    t = score_blame(PRED, GOLD, one_article, n_boot=200, aliases={"Mr Blair": "Tony Blair"}).set_index(
        "level"
    )
    # one cluster: every replicate is the whole set, so the interval collapses to the point
    assert t.loc["instance", "precision_low"] == t.loc["instance", "precision_high"] == 0.5


def test_scorer_rejects_bad_input():
    with pytest.raises(InputError, match="target"):
        score_blame(PRED.drop(columns="target"), GOLD, SENTENCES)
    with pytest.raises(InputError, match="both"):
        score_blame(PRED, GOLD, SENTENCES, predicted_stances=PRED_STANCE)


@pytest.mark.external
def test_gold_set_matches_the_data_and_the_sampling_design(shared_data):
    gold = load_blame_gold(shared_data)  # raises on any sha mismatch
    counts = gold.sentences.groupby(["split", "stratum"]).size().to_dict()
    assert counts == {
        ("dev", "cue"): 55,
        ("dev", "other"): 32,
        ("dev", "seed"): 41,
        ("test", "cue"): 155,
        ("test", "other"): 68,
        ("test2", "cue"): TEST2_N_CUE,
        ("test2", "other"): TEST2_N_OTHER,
        ("test3", "cue"): TEST3_N_CUE,
        ("test3", "other"): TEST3_N_OTHER,
        ("test_us", "cue"): TEST_US_N_CUE,
        ("test_us", "other"): TEST_US_N_OTHER,
        ("test_us2", "cue"): TEST_US2_N_CUE,
        ("test_us2", "other"): TEST_US2_N_OTHER,
        ("test_us3", "cue"): TEST_US3_N_CUE,
        ("test_us3", "other"): TEST_US3_N_OTHER,
    }
    assert (gold.sentences.groupby("article")["split"].nunique() == 1).all()
    # The committed rows are exactly what the seeded samplers draw today.
    keys = ["id", "split", "stratum", "sha"]
    drawn = sample_sentences(shared_data)
    assert drawn.attrs["pool_sizes"] == POOL_SIZES
    fresh_splits = ["test2", "test3", "test_us", "test_us2", "test_us3"]
    first = gold.sentences[~gold.sentences["split"].isin(fresh_splits)].reset_index(drop=True)
    assert drawn[keys].equals(first[keys])
    fresh = sample_fresh_test(shared_data, set(drawn["article"]))
    assert fresh[keys].equals(gold.sentences[gold.sentences["split"] == "test2"][keys].reset_index(drop=True))
    third = sample_fresh_test(
        shared_data,
        set(drawn["article"]) | set(fresh["article"]),
        n_cue=TEST3_N_CUE,
        n_other=TEST3_N_OTHER,
        random_state=TEST3_SEED,
        split="test3",
    )
    assert third.attrs["pool_sizes"] == TEST3_POOL_SIZES
    assert third[keys].equals(gold.sentences[gold.sentences["split"] == "test3"][keys].reset_index(drop=True))
    us = sample_us_test(shared_data)
    assert us.attrs["pool_sizes"] == TEST_US_POOL_SIZES
    assert us[keys].equals(gold.sentences[gold.sentences["split"] == "test_us"][keys].reset_index(drop=True))
    us2 = sample_us_test(
        shared_data,
        n_cue=TEST_US2_N_CUE,
        n_other=TEST_US2_N_OTHER,
        random_state=TEST_US2_SEED,
        split="test_us2",
        exclude=set(us["article"]),
    )
    assert us2.attrs["pool_sizes"] == TEST_US2_POOL_SIZES and not set(us2["article"]) & set(us["article"])
    assert us2[keys].equals(
        gold.sentences[gold.sentences["split"] == "test_us2"][keys].reset_index(drop=True)
    )
    us3 = sample_us_test(
        shared_data,
        n_cue=TEST_US3_N_CUE,
        n_other=TEST_US3_N_OTHER,
        random_state=TEST_US3_SEED,
        split="test_us3",
        exclude=set(us["article"]) | set(us2["article"]),
    )
    assert us3.attrs["pool_sizes"] == TEST_US3_POOL_SIZES
    assert not set(us3["article"]) & (set(us["article"]) | set(us2["article"]))
    assert us3[keys].equals(
        gold.sentences[gold.sentences["split"] == "test_us3"][keys].reset_index(drop=True)
    )
    assert default_labels_dir().is_dir()


def test_committed_labels_obey_the_codebook_structure():
    """Rules of codebook §8 that need no article text: checked on the committed CSVs."""
    labels = default_labels_dir()
    sentences = pd.read_csv(labels / "blame_sentences.csv", dtype=str, keep_default_na=False)
    instances = pd.read_csv(labels / "blame_instances.csv", keep_default_na=False)
    stances = pd.read_csv(labels / "actor_stance.csv", keep_default_na=False)
    assert sentences["id"].is_unique
    assert (sentences.groupby("article")["split"].nunique() == 1).all()
    assert (sentences.loc[sentences["stratum"] == "seed", "split"] == "dev").all()
    has_blame = set(instances.loc[instances["polarity"] == "blame", "sentence_id"])
    assert (sentences["blame"] == "1").tolist() == sentences["id"].isin(has_blame).tolist()
    assert not instances.duplicated(["sentence_id", "instance"]).any()
    assert not stances.duplicated(["sentence_id", "actor"]).any()
    # every target has a stance row: criticised/defended when only blamed/defended (§8.5)
    stance = stances.set_index(["sentence_id", "actor"])["stance"]
    for (sid, target), pols in instances.groupby(["sentence_id", "target"])["polarity"]:
        expected = {"blame": "criticised", "defend": "defended"}
        got = stance[(sid, target)]
        if pols.nunique() == 1:
            assert got == expected[pols.iloc[0]], (sid, target)
        else:
            assert got in ("criticised", "defended"), (sid, target)
    targets = set(zip(instances["sentence_id"], instances["target"]))
    non_neutral = stances[stances["stance"] != "neutral"]
    assert set(zip(non_neutral["sentence_id"], non_neutral["actor"])) <= targets


@pytest.mark.external
def test_fresh_test_split_shares_no_article_with_the_first_draw(shared_data):
    first = sample_sentences(shared_data)
    fresh = sample_fresh_test(shared_data, set(first["article"]))
    assert fresh.attrs["pool_sizes"] == TEST2_POOL_SIZES
    assert not set(fresh["article"]) & set(first["article"])
    assert fresh["stratum"].value_counts().to_dict() == {"cue": TEST2_N_CUE, "other": TEST2_N_OTHER}
    assert set(fresh["split"]) == {"test2"}
    assert fresh.equals(sample_fresh_test(shared_data, set(first["article"])))
