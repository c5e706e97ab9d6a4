"""The VADER and n-gram baselines of the validity table: their scores, the paired differences, the flags."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline

from framing.validity import validate
from framing.validity.baselines import (
    COLUMNS,
    VADER_FORM,
    auc_difference,
    baseline_comparison,
    baseline_flag,
    ngram_scores,
    vader_scores,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "external"

needs_vader = pytest.mark.skipif(
    importlib.util.find_spec("vaderSentiment") is None,
    reason="vaderSentiment (the bench extra) not installed",
)


def _corpus(n_groups: int = 60, per_group: int = 4, seed: int = 0):
    """Groups of identical sentences whose labels are random per group: nothing generalises across groups."""
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(400)]
    texts, y, groups = [], [], []
    for g in range(n_groups):
        sentence = " ".join(rng.choice(words, size=8))
        label = int(rng.integers(2))
        texts += [sentence] * per_group
        y += [label] * per_group
        groups += [g] * per_group
    return texts, np.array(y), np.array(groups)


def test_out_of_fold_ngrams_hold_whole_groups_out():
    texts, y, groups = _corpus()
    grouped = ngram_scores(texts, y, groups, random_state=0)
    # a model that had seen a sentence's group would recognise it: rows as their own groups leak
    leaky = ngram_scores(texts, y, None, random_state=0)
    assert roc_auc_score(y, leaky) > 0.95
    assert abs(roc_auc_score(y, grouped) - 0.5) < 0.15


def test_ngrams_fitted_on_train_score_the_test_texts():
    train = [
        "the storm will destroy the town",
        "a calm sunny day",
        "terror and fear grip the city",
        "a quiet day",
    ] * 5
    train_y = np.array([1, 0, 1, 0] * 5)
    test = ["fear of the storm", "a sunny quiet morning"]
    got = ngram_scores(test, [1, 0], train_texts=train, train_y=train_y, random_state=0)
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        LogisticRegression(C=1.0, max_iter=2000, random_state=0),
    ).fit(train, train_y)
    np.testing.assert_allclose(got, model.predict_proba(test)[:, 1])
    assert got[0] > got[1]


def test_ngrams_are_nan_when_they_cannot_be_fitted():
    one_class = ngram_scores(["a b", "c d"], [1, 0], train_texts=["a b c", "a b d"], train_y=[1, 1])
    assert np.isnan(one_class).all()
    no_repeated_word = ngram_scores(["xx"], [1], train_texts=["aa bb", "cc dd"], train_y=[1, 0])
    assert np.isnan(no_repeated_word).all()
    no_word = ngram_scores(["xx"], [1], train_texts=["a b", "c d"], train_y=[1, 0])  # one-letter tokens only
    assert np.isnan(no_word).all()


def test_auc_difference_is_paired_and_matches_sklearn():
    rng = np.random.default_rng(1)
    y = rng.integers(2, size=300)
    signal, baseline = y + rng.normal(0, 0.8, 300), y + rng.normal(0, 1.6, 300)
    groups = np.repeat(np.arange(100), 3)
    point, low, high = auc_difference(y, signal, baseline, groups, n_boot=300, random_state=0)
    assert point == pytest.approx(roc_auc_score(y, signal) - roc_auc_score(y, baseline))
    assert 0 < low < point < high
    same = auc_difference(y, signal, signal, groups, n_boot=300, random_state=0)
    assert same == (0.0, 0.0, 0.0)  # the same resamples for both: the difference never moves
    assert np.isnan(auc_difference(np.ones(5), np.arange(5), np.arange(5), n_boot=10)).all()


def test_baseline_flag_needs_intervals_above_zero():
    versus = dict.fromkeys(COLUMNS, float("nan"))
    assert baseline_flag(versus) == ""  # neither baseline defined: nothing to fail
    versus.update(auc_minus_vader=0.05, auc_minus_vader_low=0.01, auc_minus_vader_high=0.09)
    assert baseline_flag(versus) == ""
    versus.update(auc_minus_vader_low=0.0)
    assert baseline_flag(versus) == "AUC not above VADER's"
    versus.update(auc_minus_ngram=0.02, auc_minus_ngram_low=-0.01, auc_minus_ngram_high=0.05)
    assert baseline_flag(versus) == "AUC not above VADER's; AUC not above the n-gram model's"
    versus.update(gain_over_vader=0.01, gain_over_vader_low=-0.02, gain_over_vader_high=0.03)
    assert "adds nothing to length + VADER" in baseline_flag(versus)


def test_gain_over_vader_sees_information_vader_lacks():
    rng = np.random.default_rng(2)
    n = 600
    a, b = rng.normal(size=n), rng.normal(size=n)
    y = (a + b + rng.normal(0, 0.5, n)) > 0
    n_tokens = rng.integers(5, 40, n)
    vader = {"vader_negative": a}
    other = baseline_comparison(y, b, vader, "alarm", n_tokens, n_boot=200, random_state=0)
    assert other["gain_over_vader_low"] > 0.1  # b carries what a (VADER) does not
    copy = baseline_comparison(
        y, a + rng.normal(0, 1e-3, n), vader, "alarm", n_tokens, n_boot=200, random_state=0
    )
    assert copy["gain_over_vader_low"] < 0 < copy["gain_over_vader_high"]  # a copy of VADER adds nothing
    assert abs(copy["auc_minus_vader"]) < 0.01
    assert np.isnan(other["auc_minus_ngram"])  # no n-gram model given: left undefined


@needs_vader
def test_vader_scores_are_vaders_neg_and_non_neutral_share():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = ["A terrible, frightening attack.", "The committee met on Tuesday.", "What a wonderful result!"]
    got = vader_scores(texts)
    raw = [SentimentIntensityAnalyzer().polarity_scores(t) for t in texts]
    np.testing.assert_allclose(got["vader_negative"], [r["neg"] for r in raw])
    np.testing.assert_allclose(got["vader_sentiment"], [1 - r["neu"] for r in raw])
    assert got["vader_negative"][0] > 0 and got["vader_sentiment"][1] == 0


def test_without_vader_the_table_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)  # import fails as if not installed
    monkeypatch.setitem(sys.modules, "vaderSentiment.vaderSentiment", None)
    assert vader_scores(["a sentence"]) is None
    table = validate(FIXTURES, tasks="ptc-fear", split="all", n_boot=0)
    assert not table["signal"].str.startswith("vader").any()
    assert table.attrs["skipped_baselines"] == ["VADER (pip install vaderSentiment)"]
    assert table["auc_minus_vader"].isna().all()


@needs_vader
def test_each_signal_is_compared_with_its_constructs_vader_form():
    table = validate(FIXTURES, tasks="ptc-fear,babe-bias", split="all", n_boot=50, random_state=0)
    auc = table.set_index(["task", "signal"])["roc_auc"]
    for row in table[table["role"] != "baseline"].itertuples():
        vader = VADER_FORM[row.construct]
        assert row.auc_minus_vader == pytest.approx(row.roc_auc - auc[(row.task, vader)])
        assert row.auc_minus_ngram == pytest.approx(row.roc_auc - auc[(row.task, "ngram_lr")])
        assert row.auc_minus_vader_low <= row.auc_minus_vader <= row.auc_minus_vader_high
    assert VADER_FORM["alarm"] == "vader_negative" and VADER_FORM["partisan"] == "vader_sentiment"
    assert table.loc[table["role"] == "baseline", "auc_minus_vader"].isna().all()
