"""Classifier figures and tables: feature inspection, error analysis, paired differences, byte-identical figures."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing.figures import FIGURES, classifier, make_figures
from framing.models import build_pipeline, diagnostics, load_labelled

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "labelled_small.csv"
NAMES = list(classifier.FIXTURE_FIGURES)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

BINARY_TEXTS = [
    "Officials said the plan may fail.",
    "The plan might be delayed, analysts believe.",
    "It could possibly rain tomorrow.",
    "Perhaps the talks will resume.",
    "The company reported record profits.",
    "The bridge opened on Monday.",
    "Voters elected a new mayor.",
    "The team won the final.",
]
BINARY_LABELS = ["uncertain"] * 4 + ["certain"] * 4


@pytest.fixture(scope="module")
def fixture_run():
    return classifier.fixture_result(FIXTURE)


def test_the_two_figures_are_registered():
    assert set(NAMES) <= set(FIGURES)


def test_top_features_shape_and_order(fixture_run):
    data, result = fixture_run
    top = diagnostics.top_features(result.pipeline, data.labels, k=7)
    assert list(top.columns) == ["label", "rank", "block", "feature", "weight"]
    assert list(dict.fromkeys(top["label"])) == list(data.labels)
    for _, rows in top.groupby("label", sort=False):
        assert list(rows["rank"]) == list(range(1, 8))
        weights = rows["weight"].to_numpy()
        assert (weights > 0).all() and (np.diff(weights) <= 0).all()
    assert set(top["block"]) <= set(diagnostics.BLOCKS.values())

    # labels pick and order the classes; the rows of a class do not depend on the others asked for
    picked = diagnostics.top_features(result.pipeline, ["security_and_defense", "economic"], k=3)
    assert list(dict.fromkeys(picked["label"])) == ["security_and_defense", "economic"] and len(picked) == 6
    pd.testing.assert_frame_equal(
        picked[picked["label"] == "economic"].reset_index(drop=True),
        top[(top["label"] == "economic") & (top["rank"] <= 3)].reset_index(drop=True),
    )
    with pytest.raises(ValueError, match="not among the model's classes"):
        diagnostics.top_features(result.pipeline, ["sports"])
    with pytest.raises(ValueError, match="positive integer"):
        diagnostics.top_features(result.pipeline, k=0)


def test_weights_are_centred_and_match_a_binary_coefficient():
    pipeline = build_pipeline("logreg").fit(BINARY_TEXTS, BINARY_LABELS)
    classes, weights = diagnostics.class_weights(pipeline)
    assert classes == ["certain", "uncertain"]
    coef = pipeline[-1].coef_[0]
    np.testing.assert_allclose(weights, np.vstack([-coef / 2, coef / 2]))
    top = diagnostics.top_features(pipeline, k=3)
    names = diagnostics.feature_table(pipeline)
    first = top[top["label"] == "uncertain"].iloc[0]
    tied = names.loc[np.isclose(coef, coef.max()), "feature"]
    assert first["weight"] == pytest.approx(coef.max() / 2) and first["feature"] == min(tied)  # ties: by name
    assert {"signal", "word n-gram", "char n-gram"} == set(names["block"])
    assert "hedging_modal" in set(names.loc[names["block"] == "signal", "feature"])


def test_every_model_and_a_stance_pipeline_can_be_inspected():
    for model in ("linear_svm", "nb", "sgd"):
        pipeline = build_pipeline(model, calibration_folds=2).fit(BINARY_TEXTS, BINARY_LABELS)
        _, weights = diagnostics.class_weights(pipeline)
        np.testing.assert_allclose(weights.sum(axis=0), 0, atol=1e-12)
        assert len(diagnostics.top_features(pipeline, k=2)) == 4, model
    frame = pd.DataFrame({"text": BINARY_TEXTS, "target": ["the plan", "the team"] * 4})
    stance = build_pipeline("logreg", use_target=True).fit(frame, BINARY_LABELS)
    blocks = set(diagnostics.feature_table(stance)["block"])
    assert {"signal", "word n-gram", "char n-gram", "target × word", "target mention"} == blocks


def test_cv_and_scores_tables(fixture_run):
    data, result = fixture_run
    cv = diagnostics.cv_table(result)
    assert list(cv["candidate"]) == [*result.cv, diagnostics.BASELINE]
    assert cv["chosen"].sum() == 1 and cv.loc[cv["chosen"], "candidate"].item() == result.chosen.name
    scores = diagnostics.scores_table(result.report["out_of_fold"])
    assert len(scores) == 2 + 3 * len(data.labels)
    assert (scores["ci_low"] <= scores["value"]).all() and (scores["value"] <= scores["ci_high"]).all()


def test_error_table_lists_exactly_the_mistakes(fixture_run):
    data, result = fixture_run
    errors = diagnostics.error_table(data, result.oof_pred, result.oof_proba)
    wrong = np.flatnonzero(result.oof_pred != data.y)
    assert sorted(errors["row"]) == list(wrong + 1)
    assert (errors["true"] != errors["predicted"]).all()
    assert (np.diff(errors["p_predicted"].to_numpy()) <= 0).all()
    assert (errors["p_predicted"] >= errors["p_true"]).all()
    first = errors.iloc[0]
    assert first["text"] == data.texts[first["row"] - 1] and first["group"] == data.groups[first["row"] - 1]
    untested = result.oof_pred.copy()
    untested[wrong[0]] = None  # as for a pair that no pair fold tested
    skipped = diagnostics.error_table(data, untested, result.oof_proba, cues=False)
    assert sorted(skipped["row"]) == list(wrong[1:] + 1)
    shares = diagnostics.cue_shares(data.texts, result.oof_pred != data.y)
    assert ((shares["share_misclassified"] >= 0) & (shares["share_misclassified"] <= 1)).all()
    assert (np.diff(shares["difference"].to_numpy()) <= 0).all()


def test_sentence_cues_keep_each_text_whole():
    cues = diagnostics.sentence_cues(["The U.S. may strike. Officials fear war.", "Nothing here."])
    assert "hedging/modal: may" in cues[0] and "alarm/" in cues[0] and cues[1] == ""


def test_paired_difference_of_identical_predictions_is_zero_and_sign_follows_order():
    y = np.array(["a", "b"] * 20, dtype=object)
    good = y.copy()
    bad = y.copy()
    bad[:10] = np.where(bad[:10] == "a", "b", "a")
    groups = np.repeat(np.arange(8), 5)
    same = diagnostics.paired_difference(y, good, good, ["a", "b"], groups=groups)
    assert same == {"value": 0.0, "ci_low": 0.0, "ci_high": 0.0}
    better = diagnostics.paired_difference(y, good, bad, ["a", "b"], groups=groups, metric="f1:a")
    assert better["value"] > 0 and better["ci_low"] <= better["value"] <= better["ci_high"]
    with pytest.raises(ValueError, match="metric"):
        diagnostics.paired_difference(y, good, bad, ["a", "b"], metric="auc")


def test_take_groups_keeps_whole_groups():
    frame = pd.DataFrame({"text": [f"t{i}" for i in range(20)], "group": [f"g{i // 4}" for i in range(20)]})
    sample = diagnostics.take_groups(frame, 10, random_state=1)
    assert len(sample) == 8 and sample.groupby("group").size().eq(4).all()
    assert diagnostics.take_groups(frame, 50) is frame
    pd.testing.assert_frame_equal(sample, diagnostics.take_groups(frame, 10, random_state=1))


def test_feature_set_pipelines_use_the_right_blocks(tmp_path):
    for feature_set, blocks in (
        ("signals only", {"signal"}),
        ("n-grams only", {"word n-gram", "char n-gram"}),
        ("both", {"signal", "word n-gram", "char n-gram"}),
    ):
        pipeline = diagnostics.feature_set_pipeline(feature_set).fit(BINARY_TEXTS, BINARY_LABELS)
        assert set(diagnostics.feature_table(pipeline)["block"]) == blocks, feature_set
    path = tmp_path / "binary.csv"
    pd.DataFrame(
        {"text": BINARY_TEXTS * 2, "label": BINARY_LABELS * 2, "group": [f"d{i}" for i in range(16)]}
    ).assign(text=lambda d: [f"{t} ({i})" for i, t in enumerate(d["text"])]).to_csv(path, index=False)
    data = load_labelled(path, label_col="label", group_col="group", n_splits=2)
    table, predictions = diagnostics.compare_feature_sets(data, folds=2, n_boot=50)
    assert list(table["feature_set"]) == list(diagnostics.FEATURE_SETS)
    assert set(predictions) == set(diagnostics.FEATURE_SETS)
    assert {"f1_certain", "f1_uncertain"} <= set(table.columns)
    paths = classifier.plot_feature_sets(table, tmp_path)
    assert paths[0].read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.slow
def test_classifier_figures_are_byte_identical_across_runs(tmp_path, make_figures_in_new_process, file_bytes):
    first, second = tmp_path / "a", tmp_path / "b"
    make_figures(first, names=NAMES)
    make_figures_in_new_process(second, hash_seed=4321, names=NAMES)
    a, b = file_bytes(first), file_bytes(second)
    assert sorted(a) == sorted(f"{n}{s}" for n in NAMES for s in (".csv", ".png"))
    assert a == b, [name for name in a if a[name] != b.get(name)]
    for name in NAMES:
        assert a[f"{name}.png"].startswith(PNG_SIGNATURE) and b"matplotlib" not in a[f"{name}.png"]
        raw = a[f"{name}.csv"]
        assert raw.endswith(b"\n") and b"\r" not in raw
    confusion = pd.read_csv(first / "classifier-confusion-matrix.csv")
    assert confusion["count"].sum() == 52
