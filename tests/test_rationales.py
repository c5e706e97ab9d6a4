"""Annotator rationales (framing.models.rationales): reading marked words, the rates by hand, cross-fitting
of training rows, the pipeline that learns from them and predicts from text alone, the benchmark's cached
form, and the saved model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.benchmarks import selection as bench_selection
from framing.benchmarks.selection import Candidate
from framing.errors import InputError
from framing.models.data import LabelledData
from framing.models.persistence import load_model, save_model
from framing.models.pipeline import build_pipeline
from framing.models.rationales import FEATURES, RationaleScores, parse_rationale, words

# Our own sentences: loaded words (marked) in the biased ones, none in the others.
BIASED = [
    ("The senator slammed the radical plan.", "['slammed', 'radical']"),
    ("Critics slammed the reckless bill.", "['slammed', 'reckless']"),
    ("A radical scheme to gut the schools.", "['radical', 'gut']"),
    ("The mayor's reckless spending spree continues.", "['reckless', 'spree']"),
    ("Activists slammed the shameful decision.", "['slammed', 'shameful']"),
    ("The governor's radical agenda alarmed farmers.", "['radical']"),
]
NEUTRAL = [
    "The plan was announced on Monday.",
    "The bill passed by a vote of 12 to 9.",
    "Schools reopen next week after the holiday.",
    "The mayor spoke to reporters on Tuesday.",
    "The decision follows a review of the budget.",
    "The governor met farmers in the capital.",
]
TEXTS = [t for t, _ in BIASED] + NEUTRAL
MARKS = [m for _, m in BIASED] + [""] * len(NEUTRAL)
LABELS = np.array(["biased"] * len(BIASED) + ["non-biased"] * len(NEUTRAL), dtype=object)
GROUPS = np.array([f"a{i // 2}" for i in range(len(TEXTS))], dtype=object)
FRAME = pd.DataFrame({"text": TEXTS, "rationale": MARKS, "group": GROUPS})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("['slammed', 'Radical']", ("slammed", "radical")),
        ("slammed; blows up", ("slammed", "blows", "up")),
        (["Reckless"], ("reckless",)),
        ("[]", ()),
        ("", ()),
        (None, ()),
        (float("nan"), ()),
    ],
)
def test_rationales_are_read_from_lists_literals_and_separated_strings(value, expected):
    assert parse_rationale(value) == expected


@pytest.mark.parametrize("value", ["[__import__('os').system('true')]", "[1, 2]", "['a', ]]"])
def test_a_rationale_that_is_not_a_list_of_words_is_refused_not_evaluated(value):
    with pytest.raises(InputError, match="rationale"):
        parse_rationale(value)


def test_rates_by_hand():
    scores = RationaleScores(smoothing=2.0).fit(FRAME)
    # tokens: 12 sentences' distinct words; marks: 11 marked word occurrences
    n_words = sum(len(set(words(t))) for t in TEXTS)
    prior = 11 / n_words
    assert scores.prior_ == pytest.approx(prior)
    # "slammed": in 3 sentences, marked in all 3; "the": in all 12, never marked
    assert scores.rates_["slammed"] == pytest.approx((3 + 2 * prior) / (3 + 2))
    assert scores.rates_["the"] == pytest.approx((0 + 2 * prior) / (12 + 2))
    features = scores.transform(["They slammed it.", "Unseen words only"])
    # "they", "it" unseen: the prior; top1 is slammed's rate
    assert features[0, 0] == pytest.approx(scores.rates_["slammed"])
    assert features[1].tolist() == pytest.approx([prior, 2 * prior, 3 * prior, 0, 0, prior])
    assert list(scores.get_feature_names_out()) == [f"rationale_{f}" for f in FEATURES]


def test_training_rows_get_rates_learned_without_their_own_fold():
    """A word marked in one training sentence only says nothing about that sentence once cross-fitted;
    fitting and transforming the same rows would give it away."""
    frame = FRAME.copy()
    frame.loc[0, "text"] = "The senator blasted the plan."
    frame.loc[0, "rationale"] = "['blasted']"
    scores = RationaleScores(smoothing=1.0, cv=3, random_state=0)
    crossfit = scores.fit_transform(frame, LABELS)
    leaked = scores.transform(frame)
    assert leaked[0, 0] == pytest.approx(scores.rates_["blasted"]) and leaked[0, 0] > 0.5
    # in its own fold "blasted" is unseen, so the sentence's top rate comes from other words
    assert crossfit[0, 0] < 0.5 * leaked[0, 0]
    # seeded: the same folds again
    assert np.array_equal(
        crossfit, RationaleScores(smoothing=1.0, cv=3, random_state=0).fit_transform(frame, LABELS)
    )


def test_cross_fitting_keeps_an_article_on_one_side():
    frame = pd.DataFrame(
        {
            "text": [
                "A slammed plan.",
                "Slammed again.",
                "Quiet news.",
                "More quiet news.",
                "Dull item.",
                "Dull.",
            ],
            "rationale": ["['slammed']", "['slammed']", "", "", "", ""],
            "group": ["a", "a", "b", "c", "d", "e"],
        }
    )
    out = RationaleScores(smoothing=1.0, cv=2).fit_transform(frame)
    # both "slammed" sentences are in article a: neither sees the other's mark
    assert (out[:2, 0] < 0.2).all()
    # fitted on all rows, "slammed" is marked in both sentences that hold it
    assert RationaleScores(smoothing=1.0, cv=2).fit(frame).rates_["slammed"] > 0.5


def test_fit_needs_rationales_and_at_least_one_mark():
    with pytest.raises(ValueError, match="'rationale'"):
        RationaleScores().fit(TEXTS)
    with pytest.raises(InputError, match="no training sentence has a rationale"):
        RationaleScores().fit(FRAME.assign(rationale=""))
    with pytest.raises(ValueError, match="smoothing"):
        RationaleScores(smoothing=0).fit(FRAME)


@pytest.mark.parametrize("model", ["logreg", "nb", "vote"])
def test_pipeline_learns_from_rationales_and_predicts_from_text_alone(model, tmp_path):
    pipeline = build_pipeline(model, use_rationales=True).fit(FRAME, LABELS)
    new = ["Protesters slammed the radical, reckless plan.", "The committee meets on Monday."]
    assert list(pipeline.predict(new)) == ["biased", "non-biased"]
    assert np.allclose(pipeline.predict_proba(pd.DataFrame({"text": new})), pipeline.predict_proba(new))
    path = save_model(pipeline, tmp_path / "model.skops", metadata={})
    loaded, _ = load_model(path)
    assert np.allclose(loaded.predict_proba(new), pipeline.predict_proba(new))


def test_rationales_take_plain_texts_only():
    with pytest.raises(ValueError, match="plain texts"):
        build_pipeline("logreg", use_rationales=True, use_target=True)


@pytest.mark.parametrize("model", ["logreg", "vote"])
def test_cached_fold_rationale_features_equal_the_pipeline(model):
    """The benchmark appends the rationale block to its cached fold matrices: the same probabilities as the
    pipeline a user fits on the same rows."""
    data = LabelledData(
        texts=TEXTS,
        y=LABELS,
        labels=("biased", "non-biased"),
        groups=GROUPS,
        rationales=list(map(parse_rationale, MARKS)),
    )
    train_idx = np.array([i for i in range(len(TEXTS)) if i % 3 != 1])
    test_idx = np.array([i for i in range(len(TEXTS)) if i % 3 == 1])
    signals, _ = bench_selection._signal_matrix(TEXTS)
    candidate = Candidate(model, None if model == "vote" else 1.0, True, rationales=True)
    variants = bench_selection._variants(candidate)
    assert all(with_rationales for _, _, with_rationales in variants)
    matrices = bench_selection._fold_matrices(
        TEXTS, signals, train_idx, test_idx, variants, y=LABELS, rationale_input=data.X_rationales
    )
    labels = ["biased", "non-biased"]
    y_train = LABELS[train_idx]
    if model == "vote":
        _, proba, _ = bench_selection._fit_predict_vote(candidate, matrices, y_train, 0, labels)
    else:
        X_train, X_test = matrices[bench_selection._variant(candidate)]
        _, proba, _ = bench_selection._fit_predict(candidate, X_train, y_train, X_test, 0, labels)
    pipeline = bench_selection._pipeline(candidate, data.X, y_train, 0)
    pipeline.fit(bench_selection._take(bench_selection.model_input(data, candidate), train_idx), y_train)
    expected = pipeline.predict_proba([TEXTS[i] for i in test_idx])
    assert np.allclose(proba, expected, rtol=0, atol=1e-9)


def test_candidates_toggle_the_rationale_block_without_it_first():
    options = bench_selection._candidates(("nb", "vote"), (1.0,), True, ("balanced",), use_rationales="cv")
    assert [c.name for c in options] == [
        "nb +signals",
        "nb +signals +rationales",
        "vote +signals",
        "vote +signals +rationales",
    ]


# --- framing train --rationale-col ----------------------------------------------------------------------


def _train(argv, capsys):
    from framing.cli import main

    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _table(tmp_path, rationales=MARKS):
    path = tmp_path / "marked.csv"
    FRAME.assign(label=LABELS, rationale=rationales).to_csv(path, index=False)
    return path


def test_train_learns_from_the_rationale_column_and_predicts_from_text(tmp_path, capsys):
    data = _table(tmp_path)
    model = tmp_path / "bias.skops"
    argv = ["train", data, "--label", "label", "--group-col", "group", "--rationale-col", "rationale"]
    argv += ["--model", "logreg", "--folds", "2", "--n-boot", "50", "--out", model, "--quiet"]
    code, _, err = _train(argv, capsys)
    assert code == 0, err
    pipeline, metadata = load_model(model)
    assert metadata["model"]["use_rationales"] and metadata["training_data"]["rationale_col"] == "rationale"
    assert "rationales" in dict(pipeline[0].transformer_list)
    texts = tmp_path / "new.txt"
    texts.write_text("Protesters slammed the radical, reckless plan. The committee meets on Monday.\n")
    predicted = tmp_path / "pred.csv"
    code, _, err = _train(["predict", model, texts, "--out", predicted], capsys)
    assert code == 0, err
    assert pd.read_csv(predicted)["predicted_label"].tolist() == ["biased", "non-biased"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"rationales": ["[1, 2]"] + MARKS[1:]},
            "column 'rationale', data row 1: a rationale must be a list of words",
        ),
        ({"rationales": [""] * len(MARKS)}, "marks no word in any row"),
        ({"extra": ["--rationale-col", "marks"]}, "no rationale column 'marks'"),
        ({"extra": ["--target-col", "group"]}, "not a stance target or paired texts"),
    ],
)
def test_train_refuses_bad_rationales_with_a_clear_error(tmp_path, capsys, change, message):
    data = _table(tmp_path, change.get("rationales", MARKS))
    argv = ["train", data, "--label", "label", "--rationale-col", "rationale", "--folds", "2"]
    argv += [*change.get("extra", []), "--out", tmp_path / "m.skops", "--quiet"]
    code, _, err = _train(argv, capsys)
    assert code != 0 and message in err
    assert not (tmp_path / "m.skops").exists()


# --- the datasets whose annotators marked words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "example"),
    [
        ("babe-bias", ("babe:sg2:0", ("reckless", "gut"))),
        (
            "basil-lexical-bias",
            ("basil:0a0a0a0a-1111-4222-8333-444444444444_2:p0", ("costly", "harbor", "scheme")),
        ),
        ("ptc-loaded-language", ("ptc:900000001:5", ("greedy", "polluters"))),
    ],
)
def test_task_rationales_are_keyed_by_the_task_rows_and_mark_exactly_the_positive_rows(task, example):
    from pathlib import Path

    from framing.datasets import TASKS, load_task

    fixtures = Path(__file__).parent / "fixtures" / "external"
    marked = TASKS[task].rationales(fixtures)
    rows = load_task(task, fixtures)
    assert set(rows["id"]) <= set(marked)
    row_id, words = example
    assert marked[row_id] == words
    positive = rows["label"] == TASKS[task].positive_label
    # our fixtures mark words in every positive row and in no other
    assert rows["id"].map(lambda i: bool(marked[i])).tolist() == positive.tolist()


def test_ptc_rationales_are_the_spans_of_the_tasks_technique_cut_to_the_line(tmp_path):
    """A span that crosses a line break marks its words in both lines; another technique's span marks none."""
    from framing.datasets import TASKS

    folder = tmp_path / "ptc_semeval2020_task11"
    (folder / "train-articles").mkdir(parents=True)
    text = "Title line\nThe cruel and heartless\nplan was shocking news.\n"
    (folder / "train-articles" / "article1.txt").write_text(text, encoding="utf-8")
    start = text.index("heartless")
    labels = [
        f"1\tLoaded_Language\t{start}\t{text.index('plan') + 4}",  # "heartless\nplan"
        f"1\tAppeal_to_fear-prejudice\t{text.index('shocking')}\t{text.index('shocking') + 8}",
    ]
    (folder / "train-task2-TC.labels").write_text("\n".join(labels) + "\n", encoding="utf-8")
    loaded = TASKS["ptc-loaded-language"].rationales(tmp_path)
    assert loaded == {"ptc:1:1": (), "ptc:1:2": ("heartless",), "ptc:1:3": ("plan",)}
    assert TASKS["ptc-fear"].rationales(tmp_path)["ptc:1:3"] == ("shocking",)
    assert TASKS["ptc-any-technique"].rationales(tmp_path)["ptc:1:3"] == ("plan", "shocking")
