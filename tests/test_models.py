"""Classifiers (framing.models): validation messages, leak-free CV, honest scores, safe model files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.pipeline import Pipeline

import framing.models
from framing.errors import InputError, ModelFileError
from framing.models import (
    TRUSTED_TYPES,
    build_pipeline,
    classification_report_ci,
    evaluate_model,
    load_labelled,
    load_model,
    plot_confusion_matrix,
    predict_table,
    save_model,
    train,
    train_model,
)
from framing.models.decisions import WeightedDecisionClassifier
from framing.models.dense import fit_space
from framing.models.encoders import SentenceEncoder
from framing.models.pipeline import MODELS, STACK_MODELS
from framing.models.selection import splits

FIXTURE = Path(__file__).parent / "fixtures" / "labelled_small.csv"
FAST = ("logreg", "nb")


def error_of(exc_type, fn, *args, **kw) -> str:
    """Run ``fn``, expect ``exc_type``, return its message (checked to be one line)."""
    with pytest.raises(exc_type) as info:
        fn(*args, **kw)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, message
    return message


def fixture_frame() -> pd.DataFrame:
    return pd.read_csv(FIXTURE, dtype=str)


def write_csv(path: Path, df: pd.DataFrame) -> Path:
    df.to_csv(path, index=False)
    return path


def held_out_split(tmp_path: Path) -> tuple[Path, Path]:
    """Whole articles held out (every third group in sorted order), so no article is on both sides."""
    df = fixture_frame()
    test_groups = sorted(df["group"].unique())[::3]
    test = df["group"].isin(test_groups)
    return write_csv(tmp_path / "train.csv", df[~test]), write_csv(tmp_path / "test.csv", df[test])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One frame model trained on the held-out split's training part, shared by the tests that only read it."""
    tmp = tmp_path_factory.mktemp("trained")
    train_csv, test_csv = held_out_split(tmp)
    report = train_model(
        train_csv, label="frame", group_col="group", models=FAST, folds=3, out=tmp / "frame.skops"
    )
    return {"dir": tmp, "train": train_csv, "test": test_csv, "model": tmp / "frame.skops", "report": report}


# --------------------------------------------------------------------------- validation


def test_fixture_loads_with_groups_and_sorted_labels():
    data = load_labelled(FIXTURE, label_col="frame", group_col="group", n_splits=3)
    assert len(data) == len(fixture_frame())
    assert data.labels == tuple(sorted(set(fixture_frame()["frame"])))
    assert data.sha256 and data.groups is not None and data.dropped_duplicates == 0


def test_missing_file_is_named(tmp_path):
    message = error_of(InputError, load_labelled, tmp_path / "nope.csv", label_col="frame")
    assert "nope.csv" in message and "does not exist" in message


def test_missing_column_lists_available_columns():
    message = error_of(InputError, load_labelled, FIXTURE, label_col="frames")
    assert "'frames'" in message and "did you mean 'frame'" in message
    assert "'stance'" in message and "'group'" in message and "--label" in message


def test_empty_text_names_rows(tmp_path):
    df = fixture_frame()
    df.loc[[2, 5], "text"] = ["   ", None]
    message = error_of(InputError, load_labelled, write_csv(tmp_path / "d.csv", df), label_col="frame")
    assert "rows 3, 6" in message and "'text'" in message


def test_missing_label_names_rows(tmp_path):
    df = fixture_frame()
    df.loc[7, "frame"] = None
    message = error_of(InputError, load_labelled, write_csv(tmp_path / "d.csv", df), label_col="frame")
    assert "missing in data rows 8" in message and "'frame'" in message


def test_label_outside_allowed_set_is_named(tmp_path):
    df = fixture_frame()
    df.loc[0, "frame"] = "econmic"
    path = write_csv(tmp_path / "d.csv", df)
    message = error_of(
        InputError,
        load_labelled,
        path,
        label_col="frame",
        labels=["economic", "political", "security_and_defense"],
    )
    assert "'econmic' (1 rows)" in message and "--labels" in message


def test_single_class_is_refused(tmp_path):
    df = fixture_frame().assign(frame="economic")
    message = error_of(InputError, load_labelled, write_csv(tmp_path / "d.csv", df), label_col="frame")
    assert "single class 'economic'" in message


def test_small_class_names_count_and_suggests_fewer_folds(tmp_path):
    df = fixture_frame()
    df.loc[df.index[:3], "frame"] = "morality"
    message = error_of(
        InputError, load_labelled, write_csv(tmp_path / "d.csv", df), label_col="frame", n_splits=5
    )
    assert "'morality' has 3" in message and "--folds 3" in message


def test_too_few_groups_for_folds():
    message = error_of(InputError, load_labelled, FIXTURE, label_col="frame", group_col="group", n_splits=12)
    assert "distinct groups" in message and "--folds 9" in message


def test_duplicates_that_could_leak_are_an_error_unless_deduped(tmp_path):
    df = fixture_frame()
    copy = df.iloc[[0]].assign(text="  " + df.loc[0, "text"].upper() + " ", group="other-article")
    path = write_csv(tmp_path / "d.csv", pd.concat([df, copy], ignore_index=True))
    message = error_of(InputError, load_labelled, path, label_col="frame", group_col="group")
    assert "rows 1, 53" in message and "--dedupe" in message
    data = load_labelled(path, label_col="frame", group_col="group", dedupe=True)
    assert data.dropped_duplicates == 1 and len(data) == len(df)


def test_duplicates_inside_one_group_cannot_leak(tmp_path):
    df = fixture_frame()
    path = write_csv(tmp_path / "d.csv", pd.concat([df, df.iloc[[0]]], ignore_index=True))
    assert len(load_labelled(path, label_col="frame", group_col="group")) == len(df) + 1
    with pytest.raises(InputError, match="occur more than once"):
        load_labelled(path, label_col="frame")


def test_model_cannot_overwrite_its_training_data():
    message = error_of(InputError, train_model, FIXTURE, label="frame", out=FIXTURE)
    assert "input file" in message


# --------------------------------------------------------------------------- cross-validation


def test_grouped_folds_never_split_a_group():
    data = load_labelled(FIXTURE, label_col="frame", group_col="group", n_splits=3)
    folds = splits(data, 3, random_state=0)
    assert sorted(np.concatenate([test for _, test in folds]).tolist()) == list(range(len(data)))
    for train_idx, test_idx in folds:
        assert not set(data.groups[train_idx]) & set(data.groups[test_idx])
        assert set(data.y[train_idx]) == set(data.labels)


def test_seeded_training_is_reproducible():
    data = load_labelled(FIXTURE, label_col="frame", group_col="group", n_splits=3)
    calls = []
    first = train(
        data,
        models=("logreg", "linear_svm"),
        folds=3,
        random_state=7,
        n_boot=200,
        progress=lambda *a: calls.append(a),
    )
    second = train(data, models=("logreg", "linear_svm"), folds=3, random_state=7, n_boot=200)
    assert first.cv == second.cv
    assert first.oof_pred.tolist() == second.oof_pred.tolist()
    assert np.array_equal(first.oof_proba, second.oof_proba)
    assert first.report == second.report
    assert calls[-1][:2] == (7, 7) and "refit" in calls[-1][2]


def test_trained_model_beats_majority_baseline_on_held_out_articles(trained):
    test = pd.read_csv(trained["test"], dtype=str)
    majority = pd.read_csv(trained["train"], dtype=str)["frame"].value_counts().idxmax()
    baseline = f1_score(test["frame"], [majority] * len(test), average="macro")
    report = evaluate_model(trained["model"], trained["test"], n_boot=200)
    assert report["scores"]["macro_f1"]["value"] > baseline + 0.2, (report["scores"]["macro_f1"], baseline)
    assert report["scores"]["bootstrap"]["unit"] == "group"  # the training group column is reused
    assert report["evaluated_on_training_file"] is False


def test_train_writes_model_report_and_figure(trained):
    report = trained["report"]
    written = json.loads((trained["dir"] / "frame.report.json").read_text(encoding="utf-8"))
    assert written == report
    assert report["cv"]["chosen"] in report["cv"]["candidates"]
    for scores in report["cv"]["candidates"].values():
        assert len(scores["fold_macro_f1"]) == 3
    assert report["cv"]["splitter"] == "StratifiedGroupKFold"
    assert report["out_of_fold"]["n"] == report["data"]["rows"]
    assert (trained["dir"] / "frame.confusion.png").read_bytes()[:4] == b"\x89PNG"


def test_evaluate_refuses_labels_unseen_in_training(trained, tmp_path):
    df = pd.read_csv(trained["test"], dtype=str)
    df.loc[df.index[0], "frame"] = "morality"
    message = error_of(InputError, evaluate_model, trained["model"], write_csv(tmp_path / "t.csv", df))
    assert "'morality' (1 rows)" in message and "never seen in training" in message


# --------------------------------------------------------------------------- persistence


def test_skops_round_trip_gives_identical_predictions(tmp_path):
    data = load_labelled(FIXTURE, label_col="stance", target_col="target", n_splits=3)
    for use_target in (False, True):
        X = data.X if use_target else data.texts
        pipeline = build_pipeline("logreg", use_target=use_target).fit(X, data.y)
        path = save_model(pipeline, tmp_path / f"m{use_target}.skops", metadata={"labels": list(data.labels)})
        loaded, metadata = load_model(path)
        assert metadata == {"labels": list(data.labels)}
        assert np.array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))
    # The signal families on their own: their lexicon state must survive skops, not just the n-grams.
    signals = pipeline[0].named_transformers_["text"].transformer_list[0][1]
    loaded_signals = loaded[0].named_transformers_["text"].transformer_list[0][1]
    assert signals.transform(data.texts).any()
    assert np.array_equal(loaded_signals.transform(data.texts), signals.transform(data.texts))


def test_trusted_types_are_exactly_what_our_pipelines_hold(story_pairs):
    data = load_labelled(FIXTURE, label_col="stance", target_col="target", n_splits=3)
    # Every model and input kind without signals, then both signal blocks (scaled for nb and for the rest):
    # signal families make a skops file slow to write, so they are not repeated for every model.
    # Then the optional blocks: a paired text, a frozen latent space, a tuned decision around the model, and
    # the UCLMR pair variants (term vectors; and topic spaces); the annotators' marked words (rationales).
    configs = [
        (m, use_target, False) for m in MODELS if m not in STACK_MODELS for use_target in (False, True)
    ]
    configs += [("logreg", False, True), ("nb", True, True)]
    found = set()
    for model, use_target, use_signals in configs:
        pipeline = build_pipeline(model, use_target=use_target, use_signals=use_signals)
        pipeline.fit(data.X if use_target else data.texts, data.y)
        found |= set(sio.get_untrusted_types(data=sio.dumps({"pipeline": pipeline})))
    paired = pd.DataFrame({"text": data.texts, "pair": data.targets})
    space = fit_space(data.texts, n_components=3)
    pipeline = build_pipeline("sgd", use_pair=True, use_signals=False, dense=space)
    pipeline.steps[-1] = ("model", WeightedDecisionClassifier(pipeline[-1], {data.labels[0]: 0.5}))
    pipeline.fit(paired, data.y)
    found |= set(sio.get_untrusted_types(data=sio.dumps({"pipeline": pipeline})))
    for variant in ("uclmr", "uclmr_topics"):
        uclmr = build_pipeline("mlp", use_pair=True, pair_variant=variant, use_signals=False).fit(
            paired, data.y
        )
        found |= set(sio.get_untrusted_types(data=sio.dumps({"pipeline": uclmr})))
    stories = story_pairs(n_stories=9)
    for model in STACK_MODELS:  # stacks are models of pairs only, and need stories for their inner folds
        stack = build_pipeline(model, use_pair=True, pair_variant="uclmr", use_signals=False)
        stack.fit(stories[["text", "pair"]], stories["label"])
        found |= set(sio.get_untrusted_types(data=sio.dumps({"pipeline": stack})))
    marked = pd.DataFrame({"text": data.texts, "rationale": [t.split()[:1] for t in data.texts]})
    rationale = build_pipeline("nb", use_signals=False, use_rationales=True).fit(marked, data.y)
    found |= set(sio.get_untrusted_types(data=sio.dumps({"pipeline": rationale})))
    # the sentence encoder holds only its name: an unfitted pipeline shows its type without the embeddings extra,
    # and so does the member that fine-tunes it (tests/test_finetune.py saves and loads a trained one)
    encoded = build_pipeline("vote", dense=SentenceEncoder(), fine_tune=True)
    found |= set(sio.get_untrusted_types(data=sio.dumps({"pipeline": encoded})))
    assert found == set(TRUSTED_TYPES)


class Sneaky(TransformerMixin, BaseEstimator):
    """A type no framing pipeline contains: loading it must need the user's explicit trust."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X


def test_untrusted_type_is_refused_until_named(tmp_path):
    pipeline = Pipeline([("sneaky", Sneaky()), ("model", build_pipeline("nb", use_signals=False))])
    pipeline.fit(fixture_frame()["text"].tolist(), fixture_frame()["frame"])
    path = save_model(pipeline, tmp_path / "m.skops", metadata={})
    message = error_of(ModelFileError, load_model, path)
    assert f"{__name__}.Sneaky" in message and "trusted=" in message and "visualize" in message
    loaded, _ = load_model(path, trusted=[f"{__name__}.Sneaky"])
    assert isinstance(loaded[0], Sneaky)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04truncated"])
def test_corrupt_or_missing_model_file(tmp_path, content):
    path = tmp_path / "m.skops"
    path.write_bytes(content)
    assert "not a readable skops model file" in error_of(ModelFileError, load_model, path)
    assert "does not exist" in error_of(ModelFileError, load_model, tmp_path / "none.skops")


def test_no_pickle_or_joblib_loading_in_models_source():
    forbidden = re.compile(
        r"\b(import|from)\s+(c?pickle|dill|cloudpickle|joblib)\b|pickle\.loads?\(|joblib\.load\("
    )
    sources = sorted(Path(framing.models.__file__).parent.glob("*.py"))
    assert sources
    for source in sources:
        assert not forbidden.search(source.read_text(encoding="utf-8")), source


# --------------------------------------------------------------------------- prediction


def test_predict_table_adds_prediction_and_probability_columns(trained):
    out = predict_table(trained["model"], trained["test"])
    classes = ["economic", "political", "security_and_defense"]
    assert out.columns[-4:].tolist() == ["predicted_frame", *(f"proba_{c}" for c in classes)]
    assert np.allclose(out[[f"proba_{c}" for c in classes]].sum(axis=1), 1.0)
    assert set(out["predicted_frame"]) <= set(classes)
    message = error_of(
        InputError, predict_table, trained["model"], write_csv(trained["dir"] / "again.csv", out)
    )
    assert "'predicted_frame'" in message


def test_predict_text_file_runs_analyze(trained, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        "Inflation rose again in March. The army moved missiles to the border.\n", encoding="utf-8"
    )
    out = predict_table(trained["model"], article)
    assert len(out) == 2 and {"article_id", "hedging_total", "predicted_frame"} <= set(out.columns)


def test_stance_model_needs_a_target(tmp_path):
    report = train_model(
        FIXTURE,
        label="stance",
        target_col="target",
        group_col="group",
        models=("logreg",),
        folds=3,
        n_boot=100,
        out=tmp_path / "stance.skops",
    )
    assert report["model"]["use_target"] is True
    article = tmp_path / "a.txt"
    article.write_text("Joe Biden praised the workers.\n", encoding="utf-8")
    message = error_of(InputError, predict_table, tmp_path / "stance.skops", article)
    assert "--target" in message
    out = predict_table(tmp_path / "stance.skops", article, target="Joe Biden")
    assert out["predicted_stance"].iloc[0] in {"favor", "against", "none"}


# --------------------------------------------------------------------------- metrics and figures


def test_report_matches_scikit_learn_and_intervals_contain_estimate():
    rng = np.random.default_rng(0)
    labels = ["a", "b", "c"]
    y_true = rng.choice(labels, 400)
    y_pred = np.where(rng.random(400) < 0.7, y_true, rng.choice(labels, 400))
    report = classification_report_ci(y_true, y_pred, labels, n_boot=500)
    assert report["macro_f1"]["value"] == pytest.approx(f1_score(y_true, y_pred, average="macro"))
    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels)
    for i, label in enumerate(labels):
        cls = report["per_class"][label]
        assert (cls["precision"]["value"], cls["recall"]["value"], cls["f1"]["value"]) == pytest.approx(
            (precision[i], recall[i], f1[i])
        )
        assert cls["support"] == support[i]
        for metric in ("precision", "recall", "f1"):
            assert cls[metric]["ci_low"] <= cls[metric]["value"] <= cls[metric]["ci_high"]
    for metric in ("macro_f1", "accuracy"):
        assert report[metric]["ci_low"] < report[metric]["value"] < report[metric]["ci_high"]
    text = json.dumps(report)
    assert json.loads(text) == report and list(report) == sorted(report)


def test_intervals_narrow_with_more_data_and_widen_for_clustered_errors():
    labels = ["x", "y"]

    def width(n, groups=None):
        y_true = np.tile(["x", "y"], n // 2)
        y_pred = np.where(np.arange(n) % 5 == 0, np.where(y_true == "x", "y", "x"), y_true)
        report = classification_report_ci(y_true, y_pred, labels, groups=groups(n) if groups else None)
        return report["macro_f1"]["ci_high"] - report["macro_f1"]["ci_low"]

    assert width(4000) < width(400) / 2
    # Errors fall on every 5th row, so groups of 5 consecutive rows each hold exactly one error: no extra
    # spread; groups of rows with equal index mod 5 put all errors in one group: far more spread.
    assert width(400, lambda n: np.arange(n) % 5) > 2 * width(400)


def test_vectorised_cluster_bootstrap_matches_the_textbook_resampling():
    """The fast path (multinomial draws of whole clusters, one matrix product) has the same
    distribution as resampling cluster ids with replacement and recounting: same mean, same spread."""
    from framing.models.metrics import _bootstrap_confusions

    rng = np.random.default_rng(2)
    k = 3
    n, n_units = 3_000, 60
    true = rng.integers(0, k, n)
    pred = np.where(rng.random(n) < 0.6, true, rng.integers(0, k, n))
    cells = true * k + pred
    units = rng.integers(0, n_units, n)
    fast = _bootstrap_confusions(cells, units, k * k, 4_000, np.random.default_rng(0))

    slow_rng = np.random.default_rng(1)
    members = [cells[units == u] for u in range(n_units)]
    slow = np.array(
        [
            np.bincount(
                np.concatenate([members[u] for u in slow_rng.integers(0, n_units, n_units)]), minlength=k * k
            )
            for _ in range(4_000)
        ],
        dtype=float,
    )
    observed = np.bincount(cells, minlength=k * k)
    np.testing.assert_allclose(fast.mean(axis=0), observed, rtol=0.02)
    np.testing.assert_allclose(slow.mean(axis=0), observed, rtol=0.02)
    np.testing.assert_allclose(fast.std(axis=0), slow.std(axis=0), rtol=0.1)


def test_confusion_matrix_png_is_byte_identical(tmp_path):
    y_true = ["economic", "political", "security_and_defense", "economic", "political"]
    y_pred = ["economic", "economic", "security_and_defense", "economic", "political"]
    labels = ["economic", "political", "security_and_defense"]
    first = plot_confusion_matrix(y_true, y_pred, labels, tmp_path / "a.png", title="frames")
    second = plot_confusion_matrix(y_true, y_pred, labels, tmp_path / "b.png", title="frames")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"Software" not in first.read_bytes()
