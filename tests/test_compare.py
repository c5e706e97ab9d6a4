"""framing.compare: length-fair measures, cluster-bootstrap estimates, within-event contrasts, log-odds by hand."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.comparison import compare, log_odds
from framing.comparison.inputs import load_signals
from framing.comparison.measures import article_measures
from framing.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = FIXTURES / "compare_corpus.csv"


def _sentences(rows) -> pd.DataFrame:
    """A hand-made signals table: (article, outlet, tokens, alarm_total, alarm_score, cue terms)."""
    records = []
    for i, (article, outlet, tokens, total, score, terms) in enumerate(rows):
        cues = [{"family": "alarm", "category": "threat", "term": t, "negated": False} for t in terms]
        records.append(
            {
                "article_id": article,
                "sentence": i,
                "kind": "body",
                "text": "x " * tokens,
                "n_tokens": tokens,
                "alarm_threat": total,
                "alarm_total": total,
                "alarm_score": score,
                "outlet": outlet,
                "cues": json.dumps(cues),
            }
        )
    return pd.DataFrame(records)


def test_article_rates_are_ratios_of_sums_and_shares_of_sentences():
    table = _sentences(
        [("a", "x", 10, 1, 1.0, ["war"]), ("a", "x", 30, 0, 0.0, []), ("b", "y", 20, 2, 1.5, [])]
    )
    articles, catalogue = article_measures(table, ["outlet"])
    a = articles.set_index("article_id")
    # ratio of sums: 1 cue / 40 tokens * 100 = 2.5 (the mean of per-sentence rates would be 5.0)
    assert a.loc["a", "alarm_per100"] == pytest.approx(2.5)
    assert a.loc["a", "alarm_share"] == pytest.approx(0.5)
    assert a.loc["b", "alarm_score_per100"] == pytest.approx(7.5)
    # alarm_threat_per100 equals alarm_per100 on every article: listed once
    assert "alarm_threat_per100" not in set(catalogue["measure"])
    assert a.loc["a", "n_tokens"] == 40


def test_rate_columns_and_new_families_are_found_by_pattern():
    table = _sentences([("a", "x", 10, 1, 1.0, []), ("a", "x", 30, 0, 0.0, []), ("b", "y", 20, 2, 1.5, [])])
    table["topic_security_total"] = [0, 3, 1]
    table["hedging_rate"] = [10.0, 0.0, 5.0]  # a per-sentence rate: token-weighted mean per article
    articles, catalogue = article_measures(table, ["outlet"])
    a = articles.set_index("article_id")
    assert a.loc["a", "topic_security_per100"] == pytest.approx(3 / 40 * 100)
    assert a.loc["a", "hedging_rate"] == pytest.approx((10 * 10 + 0 * 30) / 40)
    table["alarm_rate"] = table["alarm_total"] / table["n_tokens"] * 100  # same as alarm_per100: dropped
    _, catalogue = article_measures(table, ["outlet"])
    assert "alarm_rate" not in set(catalogue["measure"])


def test_tokens_are_counted_from_text_without_an_n_tokens_column():
    table = framing.analyze({"one": "The threat grew. Officials said the attack could come soon."})
    articles, _ = article_measures(table.assign(outlet="x"), ["outlet"])
    assert articles.loc[0, "n_tokens"] == 3 + 7


def test_grouping_column_must_be_constant_within_an_article():
    table = _sentences([("a", "x", 10, 1, 1.0, []), ("a", "y", 30, 0, 0.0, [])])
    with pytest.raises(InputError, match="varies within article"):
        article_measures(table, ["outlet"])


def test_log_odds_by_hand_two_groups():
    counts = pd.DataFrame({"war": [8, 2], "vote": [2, 8]}, index=["a", "b"])
    result = log_odds(counts, prior_size=4.0).set_index(["group", "feature"])
    # pooled war = 10 of 20 -> alpha_war = 4 * 10/20 = 2, alpha_0 = 4; n_a = n_b = 10
    delta = math.log((8 + 2) / (10 + 4 - 8 - 2)) - math.log((2 + 2) / (10 + 4 - 2 - 2))
    variance = 1 / (8 + 2) + 1 / (2 + 2)
    assert result.loc[("a", "war"), "log_odds"] == pytest.approx(delta)
    assert result.loc[("a", "war"), "variance"] == pytest.approx(variance)
    assert result.loc[("a", "war"), "z"] == pytest.approx(delta / math.sqrt(variance))
    assert result.loc[("b", "war"), "z"] == pytest.approx(-delta / math.sqrt(variance))


def test_log_odds_by_hand_three_groups_is_one_against_the_rest():
    counts = pd.DataFrame({"w": [5, 1, 0], "v": [1, 3, 6]}, index=["a", "b", "c"])
    result = log_odds(counts).set_index(["group", "feature"])  # default prior: alpha_0 = pooled total = 16
    alpha_w, alpha0 = 16 * 6 / 16, 16.0
    yi, yj, ni, nj = 1, 5, 4, 12  # group b against a + c for feature w
    delta = math.log((yi + alpha_w) / (ni + alpha0 - yi - alpha_w)) - math.log(
        (yj + alpha_w) / (nj + alpha0 - yj - alpha_w)
    )
    assert result.loc[("b", "w"), "log_odds"] == pytest.approx(delta)
    assert result.loc[("b", "w"), "other_count"] == 5
    assert result.loc[("a", "w"), "z"] > 0 > result.loc[("c", "w"), "z"]


def _planted(seed: int, outlet_effect: int, event_spread: float) -> pd.DataFrame:
    """Articles of two outlets on 40 events: alarm varies a lot by event, slightly by outlet."""
    rng = np.random.default_rng(seed)
    rows = []
    for event in range(40):
        base = int(rng.uniform(0, event_spread))
        for outlet, shift in (("a", outlet_effect), ("b", 0)):
            cues = base + shift + rng.poisson(0.5)
            rows.append(
                {
                    "article_id": f"{outlet}{event}",
                    "sentence": 0,
                    "kind": "body",
                    "text": "",
                    "n_tokens": 100,
                    "alarm_total": cues,
                    "alarm_score": cues,
                    "outlet": outlet,
                    "story": f"e{event}",
                    "cues": "[]",
                }
            )
    return pd.DataFrame(rows)


def test_within_event_contrast_finds_what_pooled_differences_cannot():
    table = _planted(seed=4, outlet_effect=2, event_spread=40.0)
    result = compare(table, "outlet", event_col="story", n_boot=1000, random_state=0)
    pooled = result.differences.set_index("measure").loc["alarm_per100"]
    within = result.event_contrasts.set_index("measure").loc["alarm_per100"]
    assert pooled["difference"] == pytest.approx(within["difference"])
    assert pooled["ci_low"] < 0 < pooled["ci_high"]
    assert within["ci_low"] > 0
    assert within["ci_high"] - within["ci_low"] < (pooled["ci_high"] - pooled["ci_low"]) / 2
    assert within["n_events"] == 40


def test_no_planted_difference_is_mostly_not_found():
    found = 0
    for seed in range(20):
        table = _planted(seed=seed, outlet_effect=0, event_spread=4.0)
        result = compare(table, "outlet", n_boot=300, random_state=seed)
        found += bool(result.differences.set_index("measure").loc["alarm_per100", "excludes_zero"])
    assert found <= 3  # about 1 in 20 expected at the 95% level


def test_compare_is_seeded_and_tidy():
    table = _planted(seed=1, outlet_effect=1, event_spread=5.0)
    first = compare(table, "outlet", event_col="story", n_boot=200, random_state=3)
    again = compare(table, "outlet", event_col="story", n_boot=200, random_state=3)
    pd.testing.assert_frame_equal(first.tidy(), again.tidy())
    tidy = first.tidy()
    assert set(tidy["kind"]) == {"estimate", "difference", "within_event"}
    estimates = tidy[tidy["kind"] == "estimate"]
    assert ((estimates["ci_low"] <= estimates["value"]) & (estimates["value"] <= estimates["ci_high"])).all()


def test_fixture_corpus_end_to_end_finds_the_alarming_and_the_hedging_outlet():
    signals = load_signals(CORPUS, columns=["outlet", "story"])
    result = framing.compare(signals, "outlet", event_col="story", n_boot=500)
    estimates = result.estimates.set_index(["measure", "group"])["estimate"]
    assert estimates[("alarm_per100", "courier")] > 3 * estimates[("alarm_per100", "ledger")]
    assert estimates[("hedging_per100", "wire")] > 2 * estimates[("hedging_per100", "ledger")]
    top_cues = result.cues.groupby("group").head(3)
    assert top_cues[top_cues["group"] == "courier"]["feature"].str.startswith("alarm:").any()
    assert top_cues[top_cues["group"] == "wire"]["feature"].str.startswith("hedging:").all()


def test_cli_compare_writes_tables_and_deterministic_figures(tmp_path, capsys):
    argv = ["compare", str(CORPUS), "--by", "outlet", "--event-col", "story", "--n-boot", "200"]
    assert main([*argv, "--out", str(tmp_path / "one")]) == 0
    assert main([*argv, "--out", str(tmp_path / "two")]) == 0
    out = capsys.readouterr().out
    assert "alarm_per100" in out and "cues most typical of courier" in out and "warning: " in out
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert {"comparison.csv", "compare-estimates.png", "compare-cues.png", "distinguishing-words.csv"} <= set(
        names
    )
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_cli_compare_on_an_analyze_table_with_meta(tmp_path, capsys):
    corpus = pd.read_csv(CORPUS)
    signals = tmp_path / "signals.csv"
    assert main(["analyze", str(CORPUS), "--out", str(signals), "--quiet"]) == 0
    meta = tmp_path / "meta.csv"
    corpus[["id", "outlet"]].rename(columns={"id": "article_id"}).to_csv(meta, index=False)
    assert (
        main(
            [
                "compare",
                str(signals),
                "--by",
                "outlet",
                "--meta",
                str(meta),
                "--n-boot",
                "100",
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    assert main(["compare", str(signals), "--by", "outlet", "--out", str(tmp_path / "bad")]) == 2
    err = capsys.readouterr().err
    assert "--meta" in err and not (tmp_path / "bad").exists()


@pytest.mark.external
@pytest.mark.slow
def test_basil_outlets_on_the_same_events(shared_data):
    from framing.comparison.inputs import signals_from_corpus
    from framing.datasets.basil import read_basil_articles

    signals = signals_from_corpus(read_basil_articles(shared_data))
    result = compare(signals, "outlet", event_col="story", n_boot=500)
    assert sorted(result.estimates["group"].unique()) == ["fox", "hpo", "nyt"]
    assert (result.event_contrasts["n_events"] == 100).all()
    # House style is the clearest lexical difference: "Mr." is the New York Times' honorific.
    assert result.words[result.words["group"] == "nyt"].iloc[0]["feature"] == "mr"


def test_benjamini_hochberg_matches_scipy_and_a_hand_computation():
    from scipy.stats import false_discovery_control

    from framing.comparison.groups import benjamini_hochberg

    p = np.array([0.01, 0.04, 0.03, 0.2])
    assert benjamini_hochberg(p) == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.2])
    random = np.random.default_rng(0).random(50) ** 3
    assert benjamini_hochberg(random) == pytest.approx(false_discovery_control(random))


def test_p_values_are_small_only_for_a_planted_difference():
    planted = compare(
        _planted(seed=4, outlet_effect=2, event_spread=40.0), "outlet", event_col="story", n_boot=500
    )
    row = planted.event_contrasts.set_index("measure").loc["alarm_per100"]
    assert row["p_value"] < 0.01 and row["q_value"] < 0.05
    null = compare(
        _planted(seed=5, outlet_effect=0, event_spread=4.0), "outlet", event_col="story", n_boot=500
    )
    assert null.event_contrasts.set_index("measure").loc["alarm_per100", "p_value"] > 0.05


def test_numeric_article_ids_keep_their_groups():
    rows = [(i, "x" if i in (2, 10) else "y", 10, i % 3, 1.0, []) for i in (1, 2, 10, 11)]
    articles, _ = article_measures(_sentences(rows), ["outlet"])
    assert dict(zip(articles["article_id"], articles["outlet"], strict=True)) == {
        "1": "y",
        "10": "x",
        "11": "y",
        "2": "x",
    }
