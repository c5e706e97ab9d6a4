"""Behaviour on real sentences of the seed article: which are hedged, alarming, partisan, and who speaks.

Sentence numbers are the segment indices of tests/fixtures/seed_segments.tsv.
"""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.signals import attribution
from framing.signals.matcher import fold


@pytest.fixture(scope="module")
def s(seed_table):
    return seed_table.set_index("sentence")


def cues(row, family=None):
    return [c for c in json.loads(row["cues"]) if family is None or c["family"] == family]


def terms(row, family, category=None):
    return {c["term"] for c in cues(row, family) if category is None or c["category"] == category}


# --- hedging ---------------------------------------------------------------


@pytest.mark.parametrize(
    "i, expected",
    [
        (0, {"could"}),  # modal; "according to six senior U.S. officials" is the anonymous source
        (12, {"reportedly"}),
        (13, {"might"}),
        (14, {"likely"}),
        (25, {"could"}),
        (11, {"believe"}),
        (7, {"anticipate"}),
    ],
)
def test_hedged_sentences_name_their_cues(s, i, expected):
    row = s.loc[i]
    assert expected <= terms(row, "hedging"), terms(row, "hedging")
    assert row["hedging_score"] > 0


def test_no_doubt_is_a_booster_not_a_hedge(s):
    row = s.loc[3]
    assert terms(row, "hedging", "booster") & {"no doubt", "have no doubt"}
    assert "doubt" not in terms(row, "hedging")
    assert row["hedging_booster"] == 1
    assert row["hedging_score"] < 0


@pytest.mark.parametrize("i", [4, 14, 17, 19, 20, 25, 27, 36, 37])
def test_anonymous_official_sourcing_counts_as_hedging(s, i):
    assert s.loc[i, "hedging_anonymous_source"] == 1
    assert s.loc[i, "source_kind"] == "anonymous_official"


@pytest.mark.parametrize("i", [6, 18, 24, 42])
def test_plain_factual_sentences_are_not_hedged(s, i):
    assert s.loc[i, "hedging_total"] == 0, cues(s.loc[i], "hedging")


def test_anonymous_sourcing_is_counted_once(s):
    row = s.loc[0]  # "..., according to six senior U.S. officials."
    assert row["hedging_anonymous_source"] == 1
    assert row["hedging_evidential"] == 0, cues(row, "hedging")
    assert row["hedging_total"] == 2  # "could" + the anonymous source


def test_negated_counterfactual_is_an_assertion_not_a_hedge(s):
    # "Trump has argued that both wars are a result of Biden's leadership and would not have happened if he were
    # in office."
    assert s.loc[39, "hedging_total"] == 0, cues(s.loc[39], "hedging")


def test_contracted_negated_counterfactual_is_not_hedged_either():
    from framing import analyze

    table = analyze(
        [
            "It wouldn't have happened if he were in office.",
            "If it were not for the army, the town would not have survived.",
        ]
    )
    assert list(table["hedging_total"]) == [0, 0]


def test_a_duration_is_not_an_approximator(s):
    row = s.loc[
        30
    ]  # "The Biden administration has been expecting a nuclear test from North Korea for some time."
    assert "some time" not in terms(row, "hedging")
    assert terms(row, "hedging") == {
        "expecting"
    }  # expectation is an epistemic verb (Szeged train precision >= 0.5)


def test_positive_counterfactual_and_vague_time_stay_hedged():
    from framing import analyze

    table = analyze(["He would have won if he had run.", "They will meet some time next year."])
    assert terms(table.iloc[0], "hedging") == {"would", "if"}
    assert terms(table.iloc[1], "hedging") == {"some time"}


def test_month_may_is_not_a_modal():
    from framing import analyze

    table = analyze("In May, officials met. It may rain. May it end soon.")
    hedges = [terms(r, "hedging", "modal") for _, r in table.iterrows()]
    assert hedges == [set(), {"may"}, {"may"}]


# --- alarm -------------------------------------------------------------------


def test_opening_sentence_is_alarming_for_the_right_reasons(s):
    row = s.loc[0]
    found = {(c["category"], c["term"]) for c in cues(row, "alarm")}
    assert ("fear", "worried") in found or ("fear", "increasingly worried") in found
    assert any(cat == "escalation" for cat, _ in found)
    assert not any("nuclear" in t for _, t in found)  # the topic, not the framing
    assert "nuclear" in terms(row, "topic", "security_nuclear")
    assert row["alarm_score"] >= 3


def test_superlative_framing_is_an_intensifier(s):
    row = s.loc[1]
    assert terms(row, "alarm", "intensifier") & {"most", "in a decade"}
    assert "provocative" in terms(row, "alarm", "threat")


def test_alarm_ranks_threat_sentences_above_plain_ones(s):
    body = s[s["kind"] == "body"]
    assert body.loc[[0, 1, 13, 26, 33], "alarm_score"].min() > body.loc[[16, 9], "alarm_score"].max()


def test_weapons_inventory_is_topic_not_alarm(s):
    # 11: "... nuclear submarine and ballistic missile technology, ... munitions ... Russia's war in Ukraine."
    row = s.loc[11]
    assert row["alarm_score"] == 0, cues(row, "alarm")
    assert row["topic_security_total"] >= 5
    assert row["topic_security_total"] == s["topic_security_total"].max()
    assert s.loc[11, "alarm_score"] < s["alarm_score"].max()


def test_negated_positive_outlook_is_alarm(s):
    row = s.loc[8]  # "2024 is not going to be a good year," said Victor Cha ...
    assert terms(row, "alarm", "outlook") == {"not going to be a good"}
    assert row["alarm_score"] >= 1


def test_negated_alarm_cue_is_shown_but_not_counted():
    from framing import analyze

    row = analyze("There is no threat to the region.").iloc[0]
    (cue,) = cues(row, "alarm")
    assert cue["term"] == "threat" and cue["negated"] is True
    assert row["alarm_score"] == 0


def test_negation_governs_its_predicate_not_every_later_noun():
    from framing import analyze

    # BBC News politics, "Nuclear strike 'key terror risk'": the thesis of a fear appeal.
    fear_appeal = (
        "The UK and US must realise they cannot prevent all terror attacks and should focus on making sure "
        "they are not nuclear strikes."
    )
    table = analyze(
        [fear_appeal, "It is not a serious threat.", "It does not pose a danger.", "It is not dangerous."]
    )
    assert ("attacks", False) in {(c["term"], c["negated"]) for c in cues(table.iloc[0], "alarm")}
    assert table.iloc[0]["alarm_score"] >= 1
    assert list(table["alarm_score"].iloc[1:]) == [0, 0, 0]


@pytest.mark.parametrize(
    "sentence, physical",
    [
        ("Fox attacks Blair's Tory 'lies'", False),  # BBC politics headlines and sentences
        ('The Tory co-chairman attacked Labour\'s six new pledges as "vacuous".', False),
        ("He will attack Labour's record in government over issues such as tax.", False),
        ("Mr Howard will also attack the Lib Dems for wanting to abolish faith schools.", False),
        ("MP attacked by muggers in Kenya", True),
        ("Terrorist attacks will take place but for many reasons we should take that risk.", True),
        ("The attack, which killed five, was the first of its kind.", True),
    ],
)
def test_political_criticism_is_not_physical_threat(sentence, physical):
    from framing import analyze

    row = analyze(sentence).iloc[0]
    assert ("attack" in " ".join(terms(row, "alarm", "threat"))) == physical


# --- partisan framing ------------------------------------------------------


def test_blame_names_blamer_and_target(s):
    row = s.loc[39]
    assert row["blamer"] == "Donald Trump"
    assert row["blame_target"] == "Joe Biden"
    assert "a result of" in terms(row, "partisan", "blame")
    assert row["partisan_blame_resolved"] == 1


def test_rebuttal_is_partisan_framing(s):
    row = s.loc[40]
    assert terms(row, "partisan", "rebuttal") & {"strongly dispute", "dispute"}
    assert row["partisan_score"] > s.loc[30, "partisan_score"]


def test_government_merely_acting_scores_below_partisan_framing(s):
    acting = s.loc[30, "partisan_score"]  # "The Biden administration has been expecting a nuclear test ..."
    assert 0 < acting < s.loc[39, "partisan_score"]
    assert acting < s.loc[40, "partisan_score"]
    assert s.loc[39, "partisan_score"] == s["partisan_score"].max()


def test_election_framing(s):
    assert terms(s.loc[2], "partisan", "election") & {"re-elect"}
    assert terms(s.loc[35], "partisan", "election") & {"october surprise", "presidential election"}


def test_foreign_leaders_are_not_partisan_actors(s):
    assert s.loc[41, "partisan_score"] == 0  # Putin and Kim only


# --- sources ----------------------------------------------------------------


@pytest.mark.parametrize(
    "i, kind, text",
    [
        (0, "anonymous_official", "six senior U.S. officials"),
        (4, "anonymous_official", "a U.S. intelligence official"),
        (8, "named_person", "Victor Cha"),
        (19, "anonymous_official", "a senior administration official"),
        (29, "organisation", "The group"),
        (32, "anonymous_official", "the senior administration official"),
        (35, "anonymous_official", "a second senior administration official"),
        (39, "named_person", "Trump"),
    ],
)
def test_source_attribution(s, i, kind, text):
    assert (s.loc[i, "source_kind"], s.loc[i, "source_text"]) == (kind, text)


def test_source_span_covers_source_and_verb(s, seed_text):
    (cue,) = cues(s.loc[8], "source")
    assert seed_text[cue["start"] : cue["end"]] == "said Victor Cha"
    (cue,) = cues(s.loc[4], "source")
    assert seed_text[cue["start"] : cue["end"]] == "a U.S. intelligence official said"


@pytest.mark.parametrize("i", [6, 9, 18, 26])
def test_unattributed_sentences_have_no_source(s, i):
    assert s.loc[i, "source_kind"] == "none"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list('ab ,;:\u201c\u201d"()\u2014.!'), max_size=40), st.integers(0, 45))
def test_a_source_phrase_after_the_verb_stops_at_the_first_clause_mark(sentence, after):
    """The one search for any clause mark finds what a search for each mark in turn finds."""
    found = [at for ch in attribution._CLAUSE_PUNCT if (at := sentence.find(ch, after)) != -1]
    match = attribution._CLAUSE_PUNCT_CHAR.search(sentence, after)
    assert (match.start() if match else None) == (min(found) if found else None)


# --- evidence is auditable -------------------------------------------------------


def test_every_cue_span_points_at_its_term_in_the_article(seed_table, seed_text):
    n = 0
    for _, row in seed_table.iterrows():
        for cue in json.loads(row["cues"]):
            assert row["start"] <= cue["start"] < cue["end"] <= row["end"]
            assert seed_text[cue["start"] : cue["end"]] == cue["text"]
            if cue["family"] != "source" and cue["category"] != "anonymous_source":
                assert fold(cue["text"]) == cue["term"]
            n += 1
    assert n > 100


def test_headings_and_boilerplate_are_kept_and_marked(seed_table):
    other = seed_table[seed_table["kind"] != "body"].set_index("text")["kind"].to_dict()
    assert other == {
        "A Growing Alliance": "heading",
        "An 'October Surprise'?": "heading",
        "Comments": "boilerplate",
        "Post a Comment": "boilerplate",
    }
    assert (seed_table["kind"] == "body").sum() == 41
