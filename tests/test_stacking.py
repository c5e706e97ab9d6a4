"""Pair overlap counts (framing.models.pairs.PairOverlap) and the stack over a pair model (framing.models.stacking)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier

from framing.errors import InputError
from framing.models.multilabel import train_multilabel
from framing.models.pairs import REFUTING_WORDS, PairOverlap, pair_folds
from framing.models.persistence import load_model, save_model
from framing.models.pipeline import build_pipeline, classifier
from framing.models.stacking import BOOSTER, PairStackClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _overlap(text: str, pair: str) -> pd.Series:
    transformer = PairOverlap().fit(pd.DataFrame({"text": [text], "pair": [pair]}))
    values = transformer.transform(pd.DataFrame({"text": [text], "pair": [pair]}))[0]
    return pd.Series(values, index=transformer.get_feature_names_out())


def test_overlap_counts_shares_of_the_pair_found_in_the_text_and_in_its_start():
    lede = "The mayor denied the bridge was closed. "
    filler = (
        "Nothing else happened in the town that week. " * 8
    )  # pushes the last sentence past 255 characters
    row = _overlap(lede + filler + "Engineers say cracks were found.", "Bridge closed after cracks found")
    # headline words: bridge, closed, after, cracks, found; "after" is nowhere in the body
    assert row["overlap_words_all"] == pytest.approx(4 / 5)
    assert row["overlap_content_words_all"] == pytest.approx(4 / 4)  # "after" is a stop word
    assert row["overlap_words_early"] == pytest.approx(2 / 5)  # only bridge and closed in the lede
    # word 2-grams of the headline: bridge closed, closed after, after cracks, cracks found
    assert row["overlap_word2grams_all"] == 0  # "bridge was closed", "cracks were found": none repeated
    assert row["pair_refuting_parity"] == 0 and row["pair_refuting_deny"] == 0
    assert row["text_refuting_rate"] > 0  # "denied"
    assert row["pair_log_words"] == pytest.approx(np.log1p(5))


def test_overlap_counts_find_repeated_phrases_and_refuting_headlines():
    row = _overlap("Officials say the report is a hoax.", "Report is a hoax, officials say")
    # of its five 2-grams the body repeats all but "hoax officials"
    assert row["overlap_word2grams_all"] == pytest.approx(4 / 5)
    assert row["overlap_word2grams_early"] == row["overlap_word2grams_all"]
    assert row["pair_refuting_hoax"] == 1 and row["pair_refuting_parity"] == 1
    assert row["overlap_char16grams_all"] > 0
    unrelated = _overlap("Rain is expected across the north.", "Report is a hoax, officials say")
    assert unrelated["overlap_char8grams_all"] == 0 and unrelated["overlap_word_jaccard"] < 0.1


def test_overlap_counts_are_one_row_per_pair_and_named():
    frame = pd.DataFrame({"text": ["a b c", "a b c", ""], "pair": ["a b", "x", ""]})
    transformer = PairOverlap().fit(frame)
    out = transformer.transform(frame)
    names = transformer.get_feature_names_out()
    assert out.shape == (3, len(names)) and len(set(names)) == len(names)
    assert sum(name.startswith("pair_refuting_") for name in names) == len(REFUTING_WORDS) + 1
    assert np.isfinite(out).all() and out[2].sum() == 0  # empty texts: zeros, not NaN
    with pytest.raises(ValueError, match="'text' and 'pair'"):
        PairOverlap().fit(pd.DataFrame({"text": ["a"]}))


def _pair_model():
    return build_pipeline("logreg", use_signals=False, use_pair=True, pair_variant="similarity")


def test_stack_trains_its_booster_on_out_of_fold_probabilities_from_pair_folds(story_pairs):
    frame = story_pairs(n_stories=9)
    y = frame["label"].to_numpy(dtype=object)
    X = frame[["text", "pair"]]
    stack = PairStackClassifier(_pair_model(), inner_folds=3, random_state=0).fit(X, y)
    folds = pair_folds(frame["text"].tolist(), frame["pair"].tolist(), y, 3, 0)
    tested = np.concatenate([test for _, test in folds])
    assert stack.n_stacked_ == len(tested) < len(y)  # unrelated pairs across folds train no booster
    # the booster's training probabilities come from models that never saw the row's stories
    expected = np.zeros((len(y), 3))
    for train, test in folds:
        model = clone(_pair_model()).fit(X.iloc[train], y[train])
        expected[test] = model.predict_proba(X.iloc[test])
    rows = np.sort(tested)
    features = np.hstack([expected, stack.overlap_.transform(X)])[rows]
    booster = HistGradientBoostingClassifier(**BOOSTER, random_state=0).fit(features, y[rows])
    assert np.array_equal(stack.booster_.predict_proba(features), booster.predict_proba(features))
    assert stack.booster_.n_features_in_ == 3 + len(stack.overlap_.get_feature_names_out())
    # the final pair model is fitted on every row
    full = clone(_pair_model()).fit(X, y)
    assert np.allclose(stack.pair_model_.predict_proba(X), full.predict_proba(X))
    proba = stack.predict_proba(X)
    assert proba.shape == (len(y), 3) and np.allclose(proba.sum(axis=1), 1)
    assert list(stack.predict(X)) == list(stack.classes_[proba.argmax(axis=1)])
    # deterministic for a seed
    again = PairStackClassifier(_pair_model(), inner_folds=3, random_state=0).fit(X, y)
    assert np.array_equal(again.predict_proba(X), proba)


def test_stack_booster_learns_what_the_overlap_counts_tell(story_pairs):
    # the pair model only knows the class shares, so what the stack gets right it gets from the overlap counts
    frame = story_pairs(n_stories=9)
    y = frame["label"].to_numpy(dtype=object)
    related = y != "unrelated"
    prior = DummyClassifier(strategy="prior")
    stack = PairStackClassifier(prior, random_state=0).fit(frame[["text", "pair"]], y)
    predicted_related = stack.predict(frame[["text", "pair"]]) != "unrelated"
    assert related.mean() == 0.5  # so the prior alone is right on half the pairs
    assert (predicted_related == related).mean() > 0.9


def test_stack_refuses_what_it_cannot_fit(story_pairs):
    frame = story_pairs(n_stories=9)
    X, y = frame[["text", "pair"]], frame["label"].to_numpy(dtype=object)
    with pytest.raises(ValueError, match="two classes"):
        PairStackClassifier(_pair_model()).fit(X, np.full(len(y), "agree", dtype=object))
    with pytest.raises(ValueError, match="stories"):
        PairStackClassifier(_pair_model(), inner_folds=20).fit(X, y)
    with pytest.raises(ValueError, match="rows"):
        PairStackClassifier(_pair_model()).fit(X, y[:-1])
    with pytest.raises(ValueError, match="use_pair"):
        build_pipeline("mlp_uclmr_stack")
    with pytest.raises(ValueError, match="whole pipelines"):
        classifier("mlp_uclmr_stack")


def test_stack_pipeline_saves_and_loads_without_extra_trust(story_pairs, tmp_path):
    frame = story_pairs(n_stories=9)
    X, y = frame[["text", "pair"]], frame["label"].to_numpy(dtype=object)
    pipeline = build_pipeline("mlp_uclmr_stack", use_signals=False, use_pair=True, pair_variant="uclmr")
    pipeline.set_params(model__pair_model__model__max_iter=5)
    pipeline.fit(X, y)
    path = save_model(pipeline, tmp_path / "stack.skops", metadata={"task": "test"})
    loaded, _ = load_model(path)
    assert np.array_equal(loaded.predict_proba(X), pipeline.predict_proba(X))


def test_multilabel_training_refuses_the_stack():
    with pytest.raises(InputError, match="single-label"):
        train_multilabel(None, models=("mlp_uclmr_stack",))


def test_a_similarity_block_adds_the_two_texts_cosine_to_the_boosters_input(story_pairs):
    """``similarity`` (any dense text block needing no fit: here a frozen latent space) adds one column, the
    cosine of body and headline in it, computed by hand here; without it the booster's input is unchanged."""
    from framing.models.dense import fit_space

    stories = story_pairs(n_stories=9)
    X, y = stories[["text", "pair"]], stories["label"]
    space = fit_space([*stories["text"], *stories["pair"]], n_components=4)
    plain = build_pipeline("mlp_uclmr_stack", use_pair=True, pair_variant="uclmr", use_signals=False).fit(
        X, y
    )
    stack = build_pipeline(
        "mlp_uclmr_stack", use_pair=True, pair_variant="uclmr", use_signals=False, dense=space
    ).fit(X, y)
    model = stack[-1]
    assert model.similarity is space and plain[-1].similarity is None
    assert model.booster_.n_features_in_ == plain[-1].booster_.n_features_in_ + 1
    features = model._pair_features(X)
    a, b = space.transform(list(X["text"])), space.transform(list(X["pair"]))
    by_hand = (a * b).sum(axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert np.allclose(features[:, -1], by_hand)
    assert np.array_equal(features[:, :-1], plain[-1]._pair_features(X))
    # the pair network inside is the same with or without the block: only the booster reads the cosine
    assert np.allclose(model.pair_model_.predict_proba(X), plain[-1].pair_model_.predict_proba(X))
