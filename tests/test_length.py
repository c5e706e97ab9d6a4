"""Length-fair rates (framing.signals.length) and the length baseline of the validity table."""

import numpy as np
import pytest

import framing
from framing.signals import AlarmSignals
from framing.signals.length import MIN_TOKENS, count_tokens, rate
from framing.validity.length import cross_fitted, length_comparison, length_strata, stratified_roc_auc
from framing.validity.table import length_flag


def test_rates_are_counts_per_100_tokens_on_known_sentences():
    texts = [
        "The threat of war grows as the crisis deepens across the region and officials warn of danger today.",
        "Danger!",
        "Officials met on Tuesday to discuss the budget.",
    ]
    table = framing.analyze(texts)
    assert table["n_tokens"].tolist() == [18, 1, 8]
    for family in ("hedging", "alarm", "partisan"):
        expected = table[f"{family}_score"] * 100 / np.maximum(table["n_tokens"], MIN_TOKENS)
        np.testing.assert_allclose(table[f"{family}_rate"], expected)
    assert table.loc[0, "alarm_score"] > 0 and table.loc[0, "alarm_rate"] == pytest.approx(
        100 * table.loc[0, "alarm_score"] / 18
    )
    # the one-word headline is floored at ten tokens: 1 cue reads 10 per 100 tokens, not 100
    assert table.loc[1, "alarm_score"] == 1 and table.loc[1, "alarm_rate"] == pytest.approx(10.0)
    assert "source_rate" not in table.columns  # attribution has no score to rate


def test_rates_sit_beside_the_features_not_among_them():
    est = AlarmSignals().fit(["x"])
    texts = ["a grave threat to peace and a danger to all", "calm"]
    assert not any(name.endswith("_rate") for name in est.get_feature_names_out())
    extraction = est.extract(texts)
    assert extraction.n_tokens.tolist() == [10, 1]
    np.testing.assert_allclose(extraction.rates()["alarm_rate"], extraction.frame()["alarm_score"] * 10)


def test_tokens_are_counted_only_when_a_rate_is_asked_for_and_once_per_batch():
    from framing.signals import HedgingSignals
    from framing.signals.base import shared_scanner
    from framing.signals.matcher import Batch

    families = [AlarmSignals().fit(["x"]), HedgingSignals().fit(["x"])]
    batch = Batch.of(["a grave threat", "it may rain"])
    extractions = [f.extract_batch(batch, shared_scanner(families)) for f in families]
    assert "n_tokens" not in batch.cache  # transform() never pays for the count
    first = extractions[0].n_tokens
    assert extractions[1].n_tokens is first  # counted once for every family of the batch
    assert first.tolist() == [3, 3]


def test_ratio_of_sums_weighs_sentences_by_length():
    counts, tokens = np.array([1.0, 0.0, 3.0]), np.array([4, 30, 26])
    assert rate(counts.sum(), tokens.sum()) == pytest.approx(100 * 4 / 60)
    assert rate(1, 0) == pytest.approx(100 / MIN_TOKENS)  # an empty segment cannot divide by zero
    assert count_tokens(["a  b\tc\nd", "", "   "]).tolist() == [4, 0, 0]


def _synthetic(n=1500, seed=0):
    rng = np.random.default_rng(seed)
    length = rng.integers(4, 60, n).astype(float)
    y = (rng.random(n) < 1 / (1 + np.exp(-(length - 30) / 8))).astype(int)  # longer: more often positive
    groups = np.arange(n) // 5
    informative = (rng.random(n) < np.where(y == 1, 0.6, 0.2)).astype(float)
    return y, length, groups, informative


def test_a_signal_that_is_pure_length_is_flagged_and_gains_nothing():
    y, length, groups, _ = _synthetic()
    versus = length_comparison(y, 0.1 * length, length, groups, n_boot=200, random_state=0)
    assert versus["auc_minus_length"] == pytest.approx(0.0, abs=1e-12)
    assert abs(versus["gain_over_length"]) < 0.005
    assert versus["gain_over_length_low"] <= 0 <= versus["gain_over_length_high"]
    assert length_flag(versus) == "AUC not above length's; no gain over length"


def test_an_informative_signal_gains_over_length():
    y, length, groups, informative = _synthetic()
    versus = length_comparison(y, informative, length, groups, n_boot=200, random_state=0)
    assert versus["gain_over_length_low"] > 0.01
    assert versus["stratified_roc_auc_low"] > 0.6
    # length still ranks these labels better on its own: beating it needs both comparisons
    assert versus["auc_minus_length_high"] < 0
    assert length_flag(versus) == "AUC not above length's"
    assert length_flag({**versus, "auc_minus_length_low": 0.01}) == ""


def test_out_of_fold_predictions_keep_groups_apart_and_are_seeded():
    y, length, groups, informative = _synthetic(n=300)
    a = cross_fitted(y.astype(bool), length, informative, groups, random_state=1)
    b = cross_fitted(y.astype(bool), length, informative, groups, random_state=1)
    np.testing.assert_array_equal(a[0], b[0])
    assert cross_fitted(np.array([True, False, False]), np.ones(3), np.ones(3), np.zeros(3, int)) is None


def test_length_strata_are_quintiles_and_within_stratum_auc_ignores_length_between_strata():
    length = np.arange(100.0)
    assert np.bincount(length_strata(length)).tolist() == [20] * 5
    assert len(np.unique(length_strata(np.full(50, 7.0)))) == 1  # ties share a stratum
    # a score that only separates strata (positives in long strata) ranks nothing within them
    y = (length >= 50).astype(int)
    rng = np.random.default_rng(0)
    y[rng.choice(100, 30, replace=False)] ^= 1
    stratum_only = length_strata(length).astype(float)
    got = stratified_roc_auc(y, stratum_only, length, n_boot=0)
    assert got["stratified_roc_auc"] == pytest.approx(0.5)
