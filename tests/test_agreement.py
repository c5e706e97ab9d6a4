"""Agreement statistics against published worked examples and independent computations."""

from itertools import permutations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.agreement import (
    agreement,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    ratings_from_table,
    tool_agreement,
)
from framing.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
nan = np.nan
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 coders (rows) x 12 units,
# values 1-5, missing values as NaN. Published: nominal .743, ordinal .815, interval .849, ratio .797.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
)
PUBLISHED = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}

# Fleiss (1971) as reproduced in Wikipedia's "Fleiss' kappa" worked example: 10 items, 14 raters, 5 categories,
# kappa 0.210.
FLEISS_EXAMPLE = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)


# Wikipedia's "Krippendorff's alpha" computational example: 3 coders x 15 units, nominal alpha 0.691.
WIKIPEDIA = np.array(
    [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
)


def test_alpha_reproduces_the_wikipedia_example():
    assert round(krippendorff_alpha(WIKIPEDIA, "nominal"), 3) == 0.691


def _long(matrix: np.ndarray) -> pd.DataFrame:
    coders, units = np.nonzero(~np.isnan(matrix))
    return pd.DataFrame(
        {
            "item": [f"u{u:02d}" for u in units],
            "annotator": [f"c{c}" for c in coders],
            "label": matrix[coders, units],
        }
    )


@pytest.mark.parametrize("level", sorted(PUBLISHED))
def test_alpha_reproduces_krippendorffs_worked_example(level):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == PUBLISHED[level]


@pytest.mark.parametrize("level", sorted(PUBLISHED))
def test_long_table_api_gives_the_same_alpha(level):
    result = agreement(_long(KRIPPENDORFF_2011), level=level, n_boot=50)
    alpha = result.summary.set_index("statistic").loc[f"krippendorff_alpha_{level}", "value"]
    assert round(alpha, 3) == PUBLISHED[level]
    assert result.n_items == 12 and result.n_annotators == 4 and result.n_ratings == 41


def _brute_force_alpha(matrix: np.ndarray, delta) -> float:
    """alpha = 1 - D_o/D_e from the definition: every ordered pair of values within a unit, and across all values."""
    units = [col[~np.isnan(col)] for col in matrix.T]
    units = [u for u in units if len(u) >= 2]
    pooled = np.concatenate(units)
    n = len(pooled)
    observed = sum(delta(a, b) / (len(u) - 1) for u in units for a, b in permutations(u, 2)) / n
    expected = sum(delta(a, b) for a, b in permutations(pooled, 2)) / (n * (n - 1))
    return 1 - observed / expected


@pytest.mark.parametrize(
    "level, delta",
    [
        ("nominal", lambda a, b: float(a != b)),
        ("interval", lambda a, b: (a - b) ** 2),
        ("ratio", lambda a, b: ((a - b) / (a + b)) ** 2),
    ],
)
def test_alpha_equals_a_brute_force_pair_count_on_random_data(level, delta):
    rng = np.random.default_rng(3)
    truth = rng.integers(1, 5, size=25)
    matrix = np.where(rng.random((5, 25)) < 0.7, truth, rng.integers(1, 5, size=(5, 25))).astype(float)
    matrix[rng.random((5, 25)) < 0.25] = np.nan
    assert krippendorff_alpha(matrix, level) == pytest.approx(_brute_force_alpha(matrix, delta), abs=1e-12)


def test_cohen_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(7)
    a = rng.integers(0, 3, size=200)
    b = np.where(rng.random(200) < 0.6, a, rng.integers(0, 3, size=200))
    assert cohen_kappa(a, b, 3) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    table = pd.DataFrame(
        {
            "item": np.tile(np.arange(200), 2),
            "annotator": ["x"] * 200 + ["y"] * 200,
            "label": np.concatenate([a, b]).astype(str),
        }
    )
    pair = agreement(table, n_boot=20).pairs.iloc[0]
    assert pair["kappa"] == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert pair["percent"] == pytest.approx(np.mean(a == b))


def test_fleiss_kappa_reproduces_the_textbook_example():
    assert round(fleiss_kappa(FLEISS_EXAMPLE), 3) == 0.210


def test_per_category_agreement_by_hand():
    # item 1: a a  -> one agreeing pair of a; item 2: a b -> a and b disagree; item 3: b b b -> b agrees.
    table = pd.DataFrame(
        {"item": [1, 1, 2, 2, 3, 3, 3], "annotator": list("xyxyxyz"), "label": list("aaabbbb")}
    )
    categories = agreement(table, n_boot=10).categories.set_index("category")["value"]
    # a: pairs involving a: item1 2 of 2 agree (2*1 / 2*1), item2 1 disagreeing -> 2 / 3
    assert categories["a"] == pytest.approx(2 / 3)
    # b: item2 1 disagreeing, item3 3*2 agreeing of 3*2 -> 6 / 7
    assert categories["b"] == pytest.approx(6 / 7)


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    table = _long(KRIPPENDORFF_2011)
    first = agreement(table, level="interval", n_boot=200, random_state=1).summary
    again = agreement(table, level="interval", n_boot=200, random_state=1).summary
    other = agreement(table, level="interval", n_boot=200, random_state=2).summary
    pd.testing.assert_frame_equal(first, again)
    assert not first["ci_low"].equals(other["ci_low"])
    assert (first["ci_low"] <= first["value"]).all() and (first["value"] <= first["ci_high"]).all()


def test_tool_agreement_separates_a_copying_tool_from_a_random_one():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 2, size=300)
    rows = []
    for coder in ("a", "b", "c"):
        labels = np.where(rng.random(300) < 0.85, truth, 1 - truth)
        rows += [{"item": i, "annotator": coder, "label": str(v)} for i, v in enumerate(labels)]
    table = pd.DataFrame(rows)
    copier = table[table["annotator"] == "a"].set_index("item")["label"]
    good = tool_agreement(table, copier, n_boot=200).set_index("statistic")
    noise = pd.Series(rng.integers(0, 2, size=300).astype(str), index=range(300))
    bad = tool_agreement(table, noise, n_boot=200).set_index("statistic")
    # A tool that copies one coder agrees with the others as that coder does: no worse than the coders.
    assert good.loc["kappa_tool_minus_human", "ci_high"] > 0
    assert abs(bad.loc["kappa_tool_vs_majority", "value"]) < 0.15
    assert bad.loc["kappa_tool_minus_human", "ci_high"] < 0
    assert bad.loc["alpha_nominal_humans_and_tool", "value"] < bad.loc["alpha_nominal_humans", "value"]


def test_bad_input_is_one_line_errors():
    table = pd.DataFrame({"item": [1, 1], "annotator": ["x", "x"], "label": ["a", "b"]})
    with pytest.raises(InputError, match="repeated"):
        ratings_from_table(table)
    with pytest.raises(InputError, match="lacks column"):
        ratings_from_table(table, label_col="code")
    with pytest.raises(InputError, match="unknown level"):
        ratings_from_table(table, level="cardinal")
    numeric = pd.DataFrame({"item": [1, 1], "annotator": ["x", "y"], "label": ["low", "high"]})
    with pytest.raises(InputError, match="numeric"):
        ratings_from_table(numeric, level="interval")
    ordered = ratings_from_table(numeric, level="ordinal", order=["low", "high"])
    assert list(ordered.categories) == ["low", "high"]


def test_cli_agreement_on_our_fixture_with_a_tool(tmp_path, capsys):
    from framing.cli import main

    labels = FIXTURES / "agreement_labels.csv"
    ratings = pd.read_csv(labels)
    tool = ratings[ratings["annotator"] == "a"][["item", "label"]].rename(columns={"label": "predicted"})
    tool_path = tmp_path / "tool.csv"
    tool.to_csv(tool_path, index=False)
    out = tmp_path / "agreement.csv"
    code = main(
        [
            "agreement",
            str(labels),
            "--tool",
            str(tool_path),
            "--tool-label-col",
            "predicted",
            "--n-boot",
            "100",
            "--out",
            str(out),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert "krippendorff_alpha_nominal" in printed and "the tool beside the annotators" in printed
    written = pd.read_csv(out)
    alpha = written[(written["table"] == "summary") & (written["statistic"] == "krippendorff_alpha_nominal")]
    expected = agreement(ratings, n_boot=100).summary.set_index("statistic").loc["krippendorff_alpha_nominal"]
    assert alpha["value"].iloc[0] == pytest.approx(expected["value"], abs=1e-6)
    assert main(["agreement", str(labels), "--label-col", "code"]) == 2
    assert "lacks column" in capsys.readouterr().err


@pytest.mark.external
def test_babe_annotators(shared_data):
    from framing.datasets.babe import read_babe_ratings

    ratings = read_babe_ratings(shared_data)
    result = agreement(ratings, label_col="bias", n_boot=100)
    alpha = result.summary.set_index("statistic").loc["krippendorff_alpha_nominal"]
    # Moderate agreement on "biased or not" among BABE's expert annotators.
    assert 0.3 < alpha["value"] < 0.5 and result.n_annotators == 8
