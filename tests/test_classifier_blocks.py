"""The optional classifier blocks: latent semantic space, headline-body pairs, tuned decisions, calibration."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, f1_score

from framing.models import build_pipeline, load_model, save_model
from framing.models.calibration import brier_score, calibration_report, reliability_table
from framing.models.decisions import WeightedDecisionClassifier, confusion, tune_weights, weighted_argmax
from framing.models.dense import LatentSemanticSpace, fit_space, pretrained
from framing.models.metrics import scores
from framing.models.pairs import (
    PAIR_FEATURES,
    PairSimilarity,
    PairTermVectors,
    PairTopicSimilarity,
    pair_folds,
    pair_stories,
)

CORPUS = [
    "The senate passed the budget bill after a long debate on taxes.",
    "Lawmakers in the senate voted on the tax bill and the budget.",
    "The striker scored twice as the team won the football match.",
    "The football club signed a new striker before the match.",
    "Shares fell as the bank reported lower profits and higher costs.",
    "The bank said profits rose while costs fell and shares gained.",
]


# --- latent semantic space ---------------------------------------------------------------------


def test_latent_space_places_unseen_sentences_near_their_topic():
    space = LatentSemanticSpace(n_components=3, min_df=1, random_state=0).fit(CORPUS)
    politics, sport = space.transform(["the senate debated taxes", "the striker scored in the match"])
    anchors = space.transform([CORPUS[0], CORPUS[2]])
    # each new sentence is closer to a corpus sentence of its own topic than to the other topic's
    assert politics @ anchors[0] > politics @ anchors[1]
    assert sport @ anchors[1] > sport @ anchors[0]
    assert np.allclose(np.linalg.norm(space.transform(CORPUS), axis=1), 1.0)
    assert list(space.get_feature_names_out()) == ["lsa0", "lsa1", "lsa2"]


def test_latent_space_is_seeded_and_refuses_a_bare_string():
    a = LatentSemanticSpace(n_components=3, min_df=1, random_state=0).fit(CORPUS).transform(CORPUS)
    b = LatentSemanticSpace(n_components=3, min_df=1, random_state=0).fit(CORPUS).transform(CORPUS)
    assert np.array_equal(a, b)
    with pytest.raises(ValueError, match="string object received"):
        LatentSemanticSpace().fit("one string")
    with pytest.raises(ValueError, match="too little text"):
        LatentSemanticSpace(min_df=1).fit(["senate budget"])


def test_pretrained_space_is_not_refitted_by_the_pipeline(tmp_path):
    space = fit_space(CORPUS, n_components=3)
    before = space.svd_.components_.copy()
    texts = [
        "the senate passed a bill",
        "the striker scored",
        "taxes and the budget",
        "the match was won",
    ] * 3
    labels = ["politics", "sport", "politics", "sport"] * 3
    pipeline = build_pipeline("logreg", use_signals=False, dense=space).fit(texts, labels)
    assert np.array_equal(space.svd_.components_, before)
    names = list(pipeline[0].get_feature_names_out())
    assert [n for n in names if n.startswith("lsa__")] == ["lsa__lsa0", "lsa__lsa1", "lsa__lsa2"]
    path = save_model(pipeline, tmp_path / "m.skops", metadata={})
    loaded, _ = load_model(path)
    assert np.array_equal(loaded.predict_proba(texts), pipeline.predict_proba(texts))
    with pytest.raises(ValueError):
        pretrained(LatentSemanticSpace())  # not fitted


# --- pairs ---------------------------------------------------------------------------------------


def test_pair_similarity_separates_related_from_unrelated_and_finds_denials():
    frame = pd.DataFrame(
        {
            "text": [
                "Officials said the bridge collapse killed three people on Monday.",
                "Officials said the bridge did not collapse and nobody was hurt.",
                "Officials said the bridge may have collapsed, reportedly.",
                "The orchestra played a new symphony to a full hall.",
            ],
            "pair": ["Bridge collapse kills three"] * 4,
        }
    )
    features = PairSimilarity().fit(frame).transform(frame)
    column = {name: features[:, i] for i, name in enumerate(PAIR_FEATURES)}
    assert column["pair_tfidf_cosine"][0] > column["pair_tfidf_cosine"][3] == 0
    assert column["pair_word_share"][3] == 0 < column["pair_word_share"][0]
    assert column["text_negation_near_pair_words"][1] > 0 == column["text_negation_near_pair_words"][0]
    assert column["text_hedge_near_pair_words"][2] > 0 == column["text_hedge_near_pair_words"][0]
    with pytest.raises(ValueError, match="'text' and 'pair'"):
        PairSimilarity().fit(frame.rename(columns={"pair": "target"}))


def test_pair_term_vectors_are_uclmr_inputs():
    frame = pd.DataFrame(
        {
            "text": ["Storms flooded the valley and storms closed roads.", "The bank raised rates again."]
            * 2,
            "pair": ["Storms flood valley", "Storms flood valley", "Bank raises rates", "Bank raises rates"],
        }
    )
    terms = PairTermVectors(max_features=4).fit(frame)
    matrix = terms.transform(frame).toarray()
    names = terms.get_feature_names_out()
    assert matrix.shape == (4, 2 * 4 + 1) == (4, len(names))
    # one vocabulary of the 4 most frequent non-stop words of the distinct texts, for both sides
    assert [n.removeprefix("pair_tf_") for n in names[:4]] == [n.removeprefix("text_tf_") for n in names[4:8]]
    assert "the" not in " ".join(names)
    assert np.allclose(np.linalg.norm(matrix[:, :4], axis=1), 1.0)  # each side L2-normalised (all have terms)
    cosine = matrix[:, -1]
    assert cosine[0] > 0 == cosine[1] and cosine[3] > 0 == cosine[2]
    with pytest.raises(ValueError, match="max_features"):
        PairTermVectors(max_features=0).fit(frame)
    with pytest.raises(ValueError, match="unknown pair variant"):
        build_pipeline("mlp", use_pair=True, pair_variant="athene")


# Three stories told in words of their own; within a story the texts share words pairwise, so a topic
# space learns that "quake" and "seismic" go together although no test headline and body share a word.
TOPIC_TEXTS = [
    "quake tremor shook the city and buildings fell",
    "seismic tremor measured magnitude six near the city",
    "quake magnitude reported by seismic stations",
    "rescuers searched buildings after the tremor",
    "ballot counting began as voters left the polls",
    "candidate led the polls before the ballot",
    "voters backed the candidate in the election",
    "election turnout rose as the ballot closed",
    "striker scored in the league match",
    "club signed a striker before the match",
    "league leaders won the match with a late goal",
    "goal from the club captain won the league",
]
TOPIC_FIT = pd.DataFrame({"text": TOPIC_TEXTS[1::2], "pair": TOPIC_TEXTS[0::2]})


def _topic_pairs() -> pd.DataFrame:
    """New headlines with bodies of their own story (no shared word) and of another story."""
    heads = ["quake hits city", "voters head to the polls", "striker joins club"]
    bodies = ["seismic magnitude measured", "candidate ballot counted", "league goal match"]
    rows = [(b, h, i == j) for i, h in enumerate(heads) for j, b in enumerate(bodies)]
    return pd.DataFrame(rows, columns=["text", "pair", "related"])


def test_pair_topics_place_related_pairs_closer_than_word_overlap_can():
    pairs = _topic_pairs()
    topics = PairTopicSimilarity(lsa_components=3, nmf_components=3, max_features=200).fit(TOPIC_FIT)
    features = topics.transform(pairs[["text", "pair"]])
    assert list(topics.get_feature_names_out()) == ["pair_lsa_cosine", "pair_nmf_cosine"]
    words = PairSimilarity().fit(TOPIC_FIT).transform(pairs[["text", "pair"]])[:, 0]
    assert np.all(words == 0)  # no headline shares a word with any body: the TF-IDF cosine cannot tell
    related = pairs["related"].to_numpy()
    for column in range(2):  # LSA, NMF: every related pair above every unrelated one
        assert features[related, column].min() > features[~related, column].max()


def test_pair_topics_are_fitted_on_fit_texts_only_and_each_row_alone():
    topics = PairTopicSimilarity(lsa_components=3, nmf_components=3, max_features=200).fit(TOPIC_FIT)
    before = (topics.svd_.components_.copy(), topics.nmf_.components_.copy())
    pairs = _topic_pairs()
    pairs.loc[0, "text"] = "seismic magnitude measured by the volcanologists"  # a word never fitted
    together = topics.transform(pairs)
    assert "volcanologists" not in topics.tfidf_.vocabulary_
    # transforming changes no fitted part, and a row's features do not depend on the rows beside it
    assert np.array_equal(topics.svd_.components_, before[0])
    assert np.array_equal(topics.nmf_.components_, before[1])
    alone = np.vstack([topics.transform(pairs.iloc[[i]]) for i in range(len(pairs))])
    assert np.allclose(alone, together)
    # an empty or unknown text has no direction in either space: cosine 0
    assert np.array_equal(topics.transform(pd.DataFrame({"text": ["zzz"], "pair": ["quake"]})), [[0.0, 0.0]])


def test_pair_topics_are_seeded_capped_and_checked():
    make = {"lsa_components": 3, "nmf_components": 3, "max_features": 200, "products": True}
    pairs = _topic_pairs()
    a = PairTopicSimilarity(**make, random_state=0).fit(TOPIC_FIT).transform(pairs)
    b = clone(PairTopicSimilarity(**make, random_state=0)).fit(TOPIC_FIT).transform(pairs)
    assert np.array_equal(a, b)
    assert a.shape == (len(pairs), 2 + 3 + 3)
    # each space's products, averaged over its dimensions, are its cosine
    assert np.allclose(a[:, 2:5].mean(axis=1), a[:, 0]) and np.allclose(a[:, 5:].mean(axis=1), a[:, 1])
    big = PairTopicSimilarity(lsa_components=50, nmf_components=50).fit(TOPIC_FIT)
    assert big.svd_.n_components == len(TOPIC_TEXTS) - 1 and big.nmf_.n_components == len(TOPIC_TEXTS)
    with pytest.raises(ValueError, match="nmf_components"):
        PairTopicSimilarity(nmf_components=0).fit(TOPIC_FIT)
    with pytest.raises(ValueError, match="too little text"):
        PairTopicSimilarity().fit(pd.DataFrame({"text": ["quake"], "pair": ["quake"]}))
    with pytest.raises(ValueError, match="'text' and 'pair'"):
        PairTopicSimilarity().fit(TOPIC_FIT["text"].tolist())


def test_cross_fitted_topics_describe_training_rows_by_spaces_that_never_saw_their_story():
    # "zebra" is said only by the story it belongs to: a space fitted with that story knows the word, one
    # fitted without it does not, so the cross-fitted cosine of that story's rows is 0
    fit = pd.concat(
        [TOPIC_FIT, pd.DataFrame({"text": ["the zebra escaped again"], "pair": ["zebra escaped again"]})],
        ignore_index=True,
    )
    y = ["agree"] * len(fit)  # each row one story: no row links two stories
    make = {"lsa_components": 3, "nmf_components": 3, "max_features": 200, "random_state": 0}
    in_sample = PairTopicSimilarity(**make).fit(fit, y).transform(fit)
    for labels in (y, None):  # stories from the labels, or each distinct text its own unit
        topics = PairTopicSimilarity(**make, cross_fit=3)
        crossed = topics.fit_transform(fit, labels)
        assert in_sample[-1] == pytest.approx([1.0, 1.0]) and np.array_equal(crossed[-1], [0.0, 0.0])
        assert np.array_equal(topics.transform(fit), in_sample)  # new rows: the spaces fitted on everything
        again = PairTopicSimilarity(**make, cross_fit=3).fit_transform(fit, labels)
        assert np.array_equal(crossed, again)
    with pytest.raises(ValueError, match="cross_fit"):
        PairTopicSimilarity(cross_fit=2).fit(fit)
    with pytest.raises(ValueError, match="cross-fitted"):
        PairTopicSimilarity(cross_fit=3, products=True).fit(fit)


@pytest.mark.parametrize(
    ("model", "pair_variant"),
    [
        ("logreg", "similarity"),
        ("logreg", "uclmr"),
        ("mlp", "uclmr"),
        ("logreg", "uclmr_similarity"),
        ("logreg", "uclmr_topics"),
    ],
)
def test_pair_pipeline_learns_relatedness_and_survives_skops(tmp_path, model, pair_variant):
    rng = np.random.default_rng(0)
    bodies = [
        f"{c} report about {w} and {w} today" for c in ("a", "b") for w in ("storms", "taxes", "rockets")
    ]
    rows = []
    for body in bodies:
        topic = body.split()[3]
        rows.append({"text": body, "pair": f"{topic} news", "label": "related"})
        other = rng.choice([w for w in ("storms", "taxes", "rockets") if w != topic])
        rows.append({"text": body, "pair": f"{other} news", "label": "unrelated"})
    frame = pd.DataFrame(rows * (10 if model == "mlp" else 2))  # the MLP holds out 10 % for early stopping
    pipeline = build_pipeline(model, use_pair=True, pair_variant=pair_variant, use_signals=False, C=10.0)
    pipeline.fit(frame[["text", "pair"]], frame["label"])
    accuracy = (pipeline.predict(frame[["text", "pair"]]) == frame["label"]).mean()
    # The MLP's 50 early-stopped epochs on 120 rows fit less than all of them; half the rows are each class.
    assert accuracy == 1.0 if model == "logreg" else accuracy >= 0.8
    loaded, _ = load_model(save_model(pipeline, tmp_path / "p.skops", metadata={}))
    assert np.array_equal(loaded.predict_proba(frame), pipeline.predict_proba(frame))
    with pytest.raises(ValueError, match="not both"):
        build_pipeline("logreg", use_pair=True, use_target=True)


def test_pair_stories_ignore_unrelated_pairs(story_pairs):
    frame = story_pairs(n_stories=6)
    text_story, pair_story = pair_stories(frame["text"], frame["pair"], frame["label"])
    related = (frame["label"] != "unrelated").to_numpy()
    assert (text_story[related] == pair_story[related]).all()
    assert len(set(pair_story)) == 6
    assert (text_story[~related] != pair_story[~related]).all()
    # counting the unrelated pairs as links would make one story of everything
    _, all_linked = pair_stories(frame["text"], frame["pair"], ["discuss"] * len(frame))
    assert len(set(all_linked)) == 1


def test_pair_folds_keep_both_texts_off_the_other_side(story_pairs):
    frame = story_pairs(n_stories=9)
    folds = pair_folds(frame["text"], frame["pair"], frame["label"], 3, random_state=0)
    again = pair_folds(frame["text"], frame["pair"], frame["label"], 3, random_state=0)
    assert all(np.array_equal(a, b) for fold, twin in zip(folds, again) for a, b in zip(fold, twin))
    tested = np.concatenate([test for _, test in folds])
    assert len(tested) == len(set(tested.tolist()))  # no row tested twice
    related = np.flatnonzero(frame["label"] != "unrelated")
    assert set(related.tolist()) <= set(tested.tolist())  # every related pair is tested once
    for train, test in folds:
        assert len(test) and len(train)
        for column in ("text", "pair"):
            assert not set(frame[column].iloc[train]) & set(frame[column].iloc[test])
    with pytest.raises(ValueError, match="stories"):
        pair_folds(frame["text"], frame["pair"], frame["label"], 10, random_state=0)


# --- decisions -----------------------------------------------------------------------------------


def _macro_f1(cm):
    return scores(cm)["macro_f1"]


def test_tuned_weights_find_the_rare_class_that_argmax_misses():
    rng = np.random.default_rng(1)
    y = np.array([0] * 900 + [1] * 100)
    proba = np.zeros((1000, 2))
    # the rare class is ranked well but never the most probable
    proba[:, 1] = np.where(y == 1, rng.uniform(0.25, 0.45, 1000), rng.uniform(0.0, 0.3, 1000))
    proba[:, 0] = 1 - proba[:, 1]
    plain = _macro_f1(confusion(y, proba.argmax(axis=1), 2))
    weights, tuned = tune_weights(y, proba, _macro_f1)
    assert tuned > plain + 0.2
    assert tuned == pytest.approx(f1_score(y, weighted_argmax(proba, weights), average="macro"))
    assert weights.max() == 1.0 and weights[1] > weights[0]


def test_tuning_keeps_argmax_when_it_is_already_best():
    y = np.array([0, 1, 2] * 10)
    proba = np.eye(3)[y] * 0.8 + 0.2 / 3
    weights, tuned = tune_weights(y, proba, _macro_f1)
    assert np.array_equal(weights, np.ones(3)) and tuned == 1.0


def test_weighted_decision_classifier_applies_weights_and_keeps_probabilities():
    X = np.linspace(0, 1, 40).reshape(-1, 1)
    y = np.array(["a"] * 30 + ["b"] * 10, dtype=object)
    base = LogisticRegression().fit(X, y)
    plain = WeightedDecisionClassifier(LogisticRegression()).fit(X, y)
    tilted = WeightedDecisionClassifier(LogisticRegression(), {"b": 4.0}).fit(X, y)
    assert np.array_equal(plain.predict(X), base.predict(X))
    assert np.array_equal(tilted.predict_proba(X), base.predict_proba(X))
    assert (tilted.predict(X) == "b").sum() > (base.predict(X) == "b").sum()
    assert clone(tilted).get_params()["class_weights"] == {"b": 4.0}
    with pytest.raises(ValueError, match="lacks"):
        WeightedDecisionClassifier(LogisticRegression(), {"c": 2.0}).fit(X, y)
    with pytest.raises(ValueError, match="positive"):
        WeightedDecisionClassifier(LogisticRegression(), {"b": 0.0}).fit(X, y)


# --- calibration ---------------------------------------------------------------------------------


def test_brier_score_matches_scikit_learn_for_two_classes():
    rng = np.random.default_rng(2)
    y = rng.choice(["no", "yes"], 200)
    p_yes = rng.uniform(size=200)
    proba = np.column_stack([1 - p_yes, p_yes])
    assert brier_score(y, proba, ["no", "yes"]) == pytest.approx(2 * brier_score_loss(y == "yes", p_yes))


def test_reliability_table_of_a_calibrated_and_an_overconfident_model():
    rng = np.random.default_rng(3)
    confidence = rng.uniform(0.5, 1.0, 20_000)
    correct = rng.uniform(size=20_000) < confidence
    y = np.where(correct, "a", "b")
    proba = np.column_stack([confidence, 1 - confidence])
    calibrated = reliability_table(y, proba, ["a", "b"])
    assert calibrated["ece"] < 0.02
    assert sum(b["n"] for b in calibrated["bins"]) == 20_000
    overconfident = np.column_stack([np.full(20_000, 0.99), np.full(20_000, 0.01)])
    worse = calibration_report(y, overconfident, ["a", "b"])
    assert worse["ece"] > 0.2 and worse["brier"] > calibration_report(y, proba, ["a", "b"])["brier"]
