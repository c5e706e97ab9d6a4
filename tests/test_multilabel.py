"""Multi-label frames, tuned thresholds and readable reports (framing.models.multilabel*, thresholds, report)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score, precision_score

from framing.cli import main
from framing.errors import InputError
from framing.models import evaluate_model, predict_table, train_model
from framing.models.data import read_table
from framing.models.multilabel_metrics import multilabel_report_ci
from framing.models.report import learning_curve, markdown, warnings_for
from framing.models.thresholds import cross_fitted, label_thresholds

FIXTURE = Path(__file__).parent / "fixtures" / "labelled_small.csv"

# Words that carry each frame; a sentence built from two carries both frames.
_WORDS = {
    "guns": ["rifles", "firearms", "handguns", "ammunition", "gun owners"],
    "schools": ["classrooms", "teachers", "students", "campus", "principals"],
    "money": ["budget", "taxes", "costs", "insurers", "payroll"],
}
_FILLER = ["on Tuesday", "in Ohio", "last week", "this spring", "in the county", "after the vote"]


def synthetic(n: int, seed: int) -> pd.DataFrame:
    """Sentences whose frames are the topics whose words they use; about a third carry two frames."""
    rng = np.random.default_rng(seed)
    rows = []
    topics = sorted(_WORDS)
    for i in range(n):
        chosen = sorted(rng.choice(topics, size=1 + (rng.random() < 0.35), replace=False).tolist())
        words = [rng.choice(_WORDS[t]) for t in chosen]
        text = f"Officials {i} discussed {' and '.join(words)} {rng.choice(_FILLER)} (item {seed}-{i})."
        rows.append({"id": f"s{seed}-{i}", "text": text, "frames": "|".join(chosen), "group": f"a{i // 3}"})
    return pd.DataFrame(rows)


def error_of(fn, *args, **kw) -> str:
    with pytest.raises(InputError) as info:
        fn(*args, **kw)
    assert "\n" not in str(info.value)
    return str(info.value)


@pytest.fixture(scope="module")
def multilabel_model(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ml")
    synthetic(90, 1).to_csv(tmp / "train.csv", index=False)
    synthetic(45, 2).to_csv(tmp / "test.csv", index=False)
    report = train_model(
        tmp / "train.csv",
        label="frames",
        label_sep="|",
        out=tmp / "m.skops",
        models=["logreg"],
        folds=3,
        group_col="group",
        n_boot=200,
        use_signals=False,
    )
    return tmp, report


# --------------------------------------------------------------------------- metrics and thresholds


def test_multilabel_scores_match_scikit_learn_and_intervals_bracket_them():
    rng = np.random.default_rng(0)
    truth = rng.random((200, 4)) < 0.3
    pred = truth ^ (rng.random((200, 4)) < 0.2)
    report = multilabel_report_ci(truth, pred, list("abcd"), n_boot=300)
    assert report["micro_f1"]["value"] == pytest.approx(f1_score(truth, pred, average="micro"))
    assert report["macro_f1"]["value"] == pytest.approx(f1_score(truth, pred, average="macro"))
    assert report["per_label"]["c"]["precision"]["value"] == pytest.approx(
        precision_score(truth[:, 2], pred[:, 2])
    )
    assert report["exact_match"]["value"] == pytest.approx(np.mean(np.all(truth == pred, axis=1)))
    for key in ("micro_f1", "macro_f1"):
        assert report[key]["ci_low"] < report[key]["value"] < report[key]["ci_high"]


def test_multilabel_cluster_bootstrap_is_wider_when_groups_are_correlated():
    """Whole groups right or wrong: resampling sentences would pretend 20x more independent evidence."""
    rng = np.random.default_rng(1)
    group_ok = rng.random(20) < 0.7
    groups = np.repeat(np.arange(20), 20)
    truth = np.ones((400, 2), dtype=bool)
    pred = np.repeat(group_ok, 20)[:, None] & truth
    by_row = multilabel_report_ci(truth, pred, ["a", "b"], n_boot=500)
    by_group = multilabel_report_ci(truth, pred, ["a", "b"], groups=groups, n_boot=500)
    width = lambda r: r["micro_f1"]["ci_high"] - r["micro_f1"]["ci_low"]
    assert by_group["bootstrap"]["n_units"] == 20 and by_group["bootstrap"]["unit"] == "group"
    assert width(by_group) > 2 * width(by_row)


def test_label_thresholds_find_the_gap_and_prefer_half_on_ties():
    Y = np.array([[1, 1], [1, 0], [0, 0], [0, 1]])
    P = np.array([[0.30, 0.9], [0.25, 0.1], [0.10, 0.2], [0.05, 0.95]])
    thresholds = label_thresholds(Y, P)
    assert 0.10 < thresholds[0] <= 0.25  # separates 0.25/0.30 from 0.10/0.05
    assert thresholds[1] == 0.5  # 0.5 separates too; among ties the middle wins


def test_cross_fitted_never_tunes_on_the_rows_it_decides():
    folds = [
        (np.array([2, 3, 4, 5]), np.array([0, 1])),
        (np.array([0, 1, 4, 5]), np.array([2, 3])),
        (np.array([0, 1, 2, 3]), np.array([4, 5])),
    ]
    seen = []

    def tune(rows):
        seen.append(set(rows.tolist()))
        return rows.min()

    decided = cross_fitted(folds, tune=tune, decide=lambda rows, p: np.full(len(rows), p), n=6)
    for (_, test_idx), rows in zip(folds, seen, strict=True):
        assert not rows & set(test_idx.tolist())
    assert decided.tolist() == [2, 2, 0, 0, 0, 0]


# --------------------------------------------------------------------------- training, evaluation, prediction


def test_multilabel_training_learns_both_frames_of_a_sentence(multilabel_model):
    tmp, report = multilabel_model
    oof = report["out_of_fold"]
    assert report["data"]["labels"] == ["guns", "money", "schools"]
    assert report["data"]["labels_per_row"]["2"] > 20
    assert oof["micro_f1"]["value"] > 0.85 and oof["macro_f1"]["value"] > 0.85
    assert set(report["thresholds"]) == {"guns", "money", "schools"}
    assert json.loads((tmp / "m.report.json").read_text())["out_of_fold"] == oof
    text = (tmp / "m.report.md").read_text()
    assert "| guns |" in text and "micro-F1" in text and "Learning curve" in text


def test_multilabel_model_evaluates_and_predicts_held_out(multilabel_model):
    tmp, _ = multilabel_model
    held_out = evaluate_model(tmp / "m.skops", tmp / "test.csv", n_boot=200, report_path=tmp / "held.json")
    assert held_out["scores"]["micro_f1"]["value"] > 0.85
    assert not held_out["evaluated_on_training_file"] and (tmp / "held.md").is_file()
    predicted = predict_table(tmp / "m.skops", tmp / "test.csv")
    truth = pd.read_csv(tmp / "test.csv")["frames"]
    assert (predicted["predicted_frames"] == truth).mean() > 0.8
    assert {"proba_guns", "proba_money", "proba_schools"} <= set(predicted.columns)


def test_indicator_columns_give_the_same_model_as_a_separator(tmp_path, multilabel_model):
    _, by_sep = multilabel_model
    df = synthetic(90, 1)
    for label in ("guns", "money", "schools"):
        df[label] = df["frames"].str.split("|").apply(lambda parts, label=label: int(label in parts))
    df.drop(columns="frames").to_csv(tmp_path / "cols.csv", index=False)
    by_cols = train_model(
        tmp_path / "cols.csv",
        label=None,
        label_cols=["guns", "money", "schools"],
        out=tmp_path / "c.skops",
        models=["logreg"],
        folds=3,
        group_col="group",
        n_boot=200,
        use_signals=False,
        with_learning_curve=False,
    )
    assert by_cols["out_of_fold"] == by_sep["out_of_fold"]


def test_multilabel_input_errors_name_the_rows(tmp_path):
    df = synthetic(30, 3)
    df.loc[4, "frames"] = "guns||money"
    df.to_csv(tmp_path / "bad.csv", index=False)
    message = error_of(
        train_model, tmp_path / "bad.csv", label="frames", label_sep="|", out=tmp_path / "m.skops"
    )
    assert "empty label" in message and "rows 5" in message
    df = synthetic(30, 3).assign(guns=1)
    df.loc[6, "guns"] = 2
    df.to_csv(tmp_path / "cols.csv", index=False)
    message = error_of(
        train_model,
        tmp_path / "cols.csv",
        label=None,
        label_cols=["guns", "frames"],
        out=tmp_path / "m.skops",
    )
    assert "must hold 0 or 1" in message and "rows 7 hold" in message
    df = synthetic(30, 3)
    df.loc[df["frames"].str.contains("money"), "frames"] = "guns"
    df.loc[0, "frames"] = "guns|money"
    df.to_csv(tmp_path / "rare.csv", index=False)
    message = error_of(
        train_model, tmp_path / "rare.csv", label="frames", label_sep="|", out=tmp_path / "m.skops"
    )
    assert "'money' has 1" in message
    assert not (tmp_path / "m.skops").exists()


# --------------------------------------------------------------------------- reports and warnings


def test_warnings_name_imbalance_tiny_classes_few_clusters_and_training_file():
    found = warnings_for(
        {"a": 304, "b": 30, "c": 3}, {"unit": "group", "n_units": 11}, evaluated_on_training=True
    )
    text = " ".join(found)
    assert len(found) == 4
    assert (
        "training file" in text and "ratio 101.3" in text and "'c' (3)" in text and "only 11 groups" in text
    )
    assert warnings_for({"a": 50, "b": 40}, {"unit": "group", "n_units": 40}) == []


def test_learning_curve_rises_when_the_score_grows_with_data_and_is_seeded():
    folds = [(np.arange(0, 80), np.arange(80, 100)), (np.arange(20, 100), np.arange(0, 20))]
    curve = learning_curve(lambda train, test: len(train) / 80, folds, None, random_state=3)
    assert [p["train_rows_mean"] for p in curve["points"]] == [16, 32, 48, 64, 80]
    assert curve["verdict"].startswith("still rising")
    flat = learning_curve(lambda train, test: 0.7, folds, None)
    assert flat["verdict"].startswith("flat")
    groups = np.repeat(np.arange(20), 5)
    a = learning_curve(lambda train, test: float(train.sum()), folds, groups, random_state=5)
    b = learning_curve(lambda train, test: float(train.sum()), folds, groups, random_state=5)
    assert a == b and a["points"][0]["train_rows_mean"] == 15  # 3 of 16 groups (20%), whole groups kept
    reused = learning_curve(
        lambda train, test: len(train) / 80, folds, None, random_state=3, full_scores=[0.1, 0.2]
    )
    assert reused["points"][-1]["macro_f1_mean"] == pytest.approx(0.15)  # the CV scores, no refit at 100%
    assert reused["points"][:-1] == curve["points"][:-1]


def test_single_label_report_warns_and_renders_markdown_with_tuned_decision_weights(tmp_path):
    report = train_model(
        FIXTURE,
        label="frame",
        group_col="group",
        out=tmp_path / "f.skops",
        models=["nb"],
        folds=3,
        n_boot=200,
        decision="tuned",
    )
    assert any("only 9 groups" in w for w in report["warnings"])
    assert len(report["learning_curve"]["points"]) == 5
    text = (tmp_path / "f.report.md").read_text()
    assert "## Warnings" in text and "Confusion matrix" in text and "class weights tuned out of fold" in text
    for label in report["data"]["labels"]:
        assert f"| {label} |" in text
    assert markdown(json.loads((tmp_path / "f.report.json").read_text())) == text


def test_evaluating_on_the_training_file_warns_in_the_terminal(tmp_path, capsys):
    train_model(
        FIXTURE,
        label="frame",
        out=tmp_path / "f.skops",
        models=["nb"],
        folds=3,
        n_boot=100,
        with_learning_curve=False,
    )
    capsys.readouterr()
    assert main(["evaluate", str(tmp_path / "f.skops"), str(FIXTURE), "--n-boot", "100"]) == 0
    out, err = capsys.readouterr()
    assert "TRAINING FILE (not held-out)" in out and "held-out" not in out.replace("not held-out", "")
    assert "warning: evaluated on the training file itself" in err


def test_semicolon_csv_is_refused_with_the_delimiter_named_and_read_with_sep(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("id;text;label\n1;A sentence, with a comma;x\n2;Another;y\n", encoding="utf-8")
    message = error_of(read_table, path)
    assert "pass --sep ';'" in message
    table = read_table(path, sep=";")
    assert table["text"].tolist() == ["A sentence, with a comma", "Another"]
    plain = tmp_path / "plain.csv"
    plain.write_text("text\nno delimiter; at all\n", encoding="utf-8")
    assert read_table(plain)["text"].tolist() == ["no delimiter; at all"]


@pytest.mark.external
def test_gvfc_multilabel_table_keeps_the_frame_task_split_and_adds_the_secondary_frame(shared_data):
    from framing.datasets.gvfc import load_gvfc_frame, load_gvfc_multilabel

    table = load_gvfc_multilabel(shared_data)
    single = load_gvfc_frame(shared_data)
    assert (
        table["id"].tolist() == single["id"].tolist() and table["split"].tolist() == single["split"].tolist()
    )
    two = table["frames"].str.contains("|", regex=False)
    assert int(two.sum()) == 322  # 323 in the source; one is a duplicate headline the frame task drops
    assert all(p in f.split("|") for p, f in zip(table["primary"], table["frames"], strict=True))
    assert not any(len(set(f.split("|"))) < len(f.split("|")) for f in table["frames"])


def test_uncertainty_sampling_with_a_multilabel_model_uses_its_thresholds(multilabel_model):
    from framing.annotation import sample_file, uncertainty

    tmp, report = multilabel_model
    sample, labels = sample_file(tmp / "test.csv", 4, strategy="least_confidence", model=tmp / "m.skops")
    assert labels == ["guns", "money", "schools"]
    proba = predict_table(tmp / "m.skops", tmp / "test.csv")[[f"proba_{c}" for c in labels]].to_numpy()
    expected = uncertainty(proba, "least_confidence", [report["thresholds"][c] for c in labels])
    assert sample["uncertainty"].tolist() == pytest.approx(sorted(expected, reverse=True)[:4])


def test_soft_votes_are_refused_for_label_sets_with_a_clear_error(tmp_path):
    synthetic(30, 3).to_csv(tmp_path / "train.csv", index=False)
    message = error_of(
        train_model,
        tmp_path / "train.csv",
        label="frames",
        label_sep="|",
        out=tmp_path / "m.skops",
        models=["logreg", "vote"],
        folds=3,
        group_col="group",
    )
    assert "vote" in message and "single-label" in message and not (tmp_path / "m.skops").exists()
