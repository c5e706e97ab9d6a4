"""Evaluation figures: drawn from committed files, byte-identical across runs, CSVs match their inputs."""

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from framing.errors import InputError
from framing.figures import FIGURES, evaluation, make_figures

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "docs" / "benchmarks.json"
VALIDITY = ROOT / "docs" / "validity.csv"
NAMES = ("benchmarks-vs-published", "validity-auc")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def twice(tmp_path_factory) -> tuple[Path, Path]:
    first, second = tmp_path_factory.mktemp("evaluation-a"), tmp_path_factory.mktemp("evaluation-b")
    make_figures(first, names=NAMES)
    make_figures(second, names=NAMES)
    return first, second


def test_the_figures_are_registered_and_their_inputs_committed():
    assert set(NAMES) <= set(FIGURES)
    assert BENCHMARKS.is_file() and VALIDITY.is_file()


def test_byte_identical_across_runs(twice, file_bytes):
    first, second = twice
    a, b = file_bytes(first), file_bytes(second)
    assert sorted(a) == sorted(f"{n}.{ext}" for n in NAMES for ext in ("csv", "png"))
    assert a == b
    for name in NAMES:
        assert a[f"{name}.png"].startswith(PNG_SIGNATURE)


def test_benchmark_csv_has_one_model_row_per_task_metric(twice):
    csv = pd.read_csv(twice[0] / "benchmarks-vs-published.csv", keep_default_na=False, na_values=[""])
    assert list(csv.columns) == list(evaluation.BENCHMARK_FIGURE_COLUMNS)
    tasks = json.loads(BENCHMARKS.read_text(encoding="utf-8"))["tasks"]
    assert set(csv["task"]) == set(tasks)
    ours = csv[csv["series"] == "ours"]
    assert len(ours) == sum(len(r["metrics"]) for r in tasks.values())
    assert not ours.duplicated(["task", "metric"]).any()
    assert set(csv["series"]) <= {"ours", "majority", "signals_only", "published"}
    for r in tasks.values():
        expected = [p for p in r["published"] if p["our_metric"] in r["metrics"]]
        got = csv[(csv["task"] == r["task"]) & (csv["series"] == "published")]
        assert len(got) == len(expected), r["task"]
    # the plotted values are the recorded ones (rounded to 6 significant digits)
    for row in ours.itertuples(index=False):
        result = tasks[row.task]
        values = [result["test"]["systems"]["model"][k]["value"] for k in result["metrics"]]
        assert any(math.isclose(row.value, v, rel_tol=1e-5) for v in values)
        assert row.ci_low <= row.value <= row.ci_high


def test_validity_csv_has_one_row_per_comparison(twice):
    csv = pd.read_csv(twice[0] / "validity-auc.csv", keep_default_na=False, na_values=[""])
    assert list(csv.columns) == [
        *evaluation.VALIDITY_FIGURE_COLUMNS,
        *evaluation.VALIDITY_LENGTH_COLUMNS,
        *evaluation.VALIDITY_BASELINE_COLUMNS,
    ]
    source = pd.read_csv(VALIDITY)
    expected = source[(source["form"] == "count") & ~source["signal"].isin(evaluation.VALIDITY_FIGURE_SKIP)]
    assert len(csv) == len(expected)
    assert list(zip(csv["task"], csv["signal"], strict=True)) == list(
        zip(expected["task"], expected["signal"], strict=True)
    )
    assert list(csv["order"]) == list(range(len(csv)))
    assert set(csv["task"]) == set(source["task"])  # every task of docs/validity.csv is drawn
    primary = csv[csv["role"] == "primary"]
    assert not primary.duplicated("task").any() and set(primary["task"]) == set(csv["task"])
    for row in csv.itertuples(index=False):
        assert row.roc_auc_low <= row.roc_auc <= row.roc_auc_high
        assert row.rate_roc_auc_low <= row.rate_roc_auc <= row.rate_roc_auc_high
        assert 0 < row.positive_rate < 1
    # the length reference is the task's n_tokens row, the rate is the signal's rate row
    length = source[source["form"] == "length"].set_index("task")["roc_auc"]
    assert csv["length_roc_auc"].tolist() == pytest.approx(csv["task"].map(length).tolist())
    rates = source[source["form"] == "rate"].set_index(["task", "signal"])["roc_auc"]
    rate_keys = zip(csv["task"], csv["signal"].str.replace("_score", "_rate"), strict=True)
    assert csv["rate_roc_auc"].tolist() == pytest.approx([rates[k] for k in rate_keys])
    # the VADER reference is the form fixed for the row's construct, the n-gram one the task's model
    auc = source.set_index(["task", "signal"])["roc_auc"]
    vader = {"hedging": "vader_sentiment", "alarm": "vader_negative", "partisan": "vader_sentiment"}
    vader["bias"] = "vader_sentiment"
    expected_vader = [auc[(t, vader[c])] for t, c in zip(csv["task"], csv["construct"], strict=True)]
    assert csv["vader_roc_auc"].tolist() == pytest.approx(expected_vader)
    assert csv["ngram_roc_auc"].tolist() == pytest.approx([auc[(t, "ngram_lr")] for t in csv["task"]])
    assert (
        csv.loc[csv["construct"] == "alarm", "vader_roc_auc"]
        != csv.loc[csv["construct"] == "alarm", "task"].map(lambda t: auc[(t, "vader_sentiment")])
    ).any()  # alarm rows use the negative form


def test_validity_figure_from_a_live_table_matches_the_csv_route(tmp_path):
    table = evaluation.read_validity_csv(VALIDITY)
    from_frame = evaluation.plot_validity_auc(table, tmp_path / "a", stem="v")
    from_path = evaluation.plot_validity_auc(VALIDITY, tmp_path / "b", stem="v")
    assert [p.read_bytes() for p in from_frame] == [p.read_bytes() for p in from_path]


def test_validity_figure_from_fixtures_with_one_class_tasks(tmp_path):
    # the tiny fixtures leave some tasks with one class only (AUC undefined): they are drawn blank
    from framing.validity import validate

    table = validate(ROOT / "tests" / "fixtures" / "external", split="test", n_boot=20)
    png, csv = evaluation.plot_validity_auc(table, tmp_path, stem="fixture")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    data = pd.read_csv(csv)
    assert data["roc_auc"].isna().any() and data["roc_auc"].notna().any()


def test_benchmark_table_and_rule_comparison():
    results = evaluation.load_benchmarks(BENCHMARKS)
    table = evaluation.benchmark_table(results)
    assert set(table["task"]) == {r["task"] for r in results}
    assert set(table["comparable"]) <= {"", "yes", "roughly", "no"}
    shown = evaluation.benchmark_display(table)
    assert len(shown) == len(table) and "ours [95% CI]" in shown.columns
    side = evaluation.rule_vs_model(results, evaluation.read_validity_csv(VALIDITY))
    assert set(side["task"]) == {r["task"] for r in results if "signal_rule" in r["test"]["systems"]}
    assert side["signal ROC-AUC"].notna().all()


def test_missing_inputs_say_how_to_make_them(tmp_path):
    with pytest.raises(InputError, match="framing benchmark"):
        evaluation.load_benchmarks(tmp_path / "none.json")
    with pytest.raises(InputError, match="framing validate"):
        evaluation.read_validity_csv(tmp_path / "none.csv")


def test_short_citations():
    short = evaluation._short_citation
    assert (
        short("Athene (UKP, Hanselowski et al.), FNC-1 leaderboard 2nd") == "Athene (UKP, Hanselowski et al.)"
    )
    assert (
        short("Da San Martino et al. 2019, Table 7 (BERT baseline)")
        == "Da San Martino et al. 2019 (BERT baseline)"
    )
    assert (
        short("Spinde et al. 2021, Neural Media Bias Detection, Findings of EMNLP 2021")
        == "Spinde et al. 2021"
    )
