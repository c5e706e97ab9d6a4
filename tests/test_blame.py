"""Who blames, rebuts or defends whom: seed sentences, paraphrases of BBC politics sentences, and the real ones.

The paraphrases are our own wording of the constructions in the BBC politics
articles; the ``external`` tests read the real sentences from ../shared.
"""

import json
from importlib import resources

import pandas as pd
import pytest

import framing
from framing.errors import InputError
from framing.signals import PartisanSignals, SourceAttribution
from framing.stance import NO_ACTOR, blame_instances, blame_network, stance_table


def instances(text):
    table = framing.analyze(text)
    return [
        (b["kind"], b["blamer"], b["target"], b["cue"]) for found in table["blame"] for b in json.loads(found)
    ]


# --- seed -------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(seed_table):
    return seed_table.set_index("sentence")


def seed_instances(seed, i):
    return [(b["kind"], b["blamer"], b["target"], b["cue"]) for b in json.loads(seed.loc[i, "blame"])]


def test_intelligence_officials_accuse_russia(seed):
    assert seed_instances(seed, 5) == [("blame", "U.S. intelligence officials", "Russia", "accused")]


def test_trump_blames_biden_through_a_causal_phrase(seed):
    assert seed_instances(seed, 39) == [("blame", "Donald Trump", "Joe Biden", "a result of")]


def test_rebuttal_by_biden_administration_officials_defends_the_accused_of_the_previous_sentence(seed):
    (found,) = seed_instances(seed, 40)
    assert found[:3] == ("rebuttal", "Biden administration officials", "Joe Biden")


def test_a_denial_without_an_earlier_accusation_is_self_defence():
    assert instances("Mr Clarke dismissed the latest Tory attack.") == [
        ("rebuttal", "Charles Clarke", "Charles Clarke", "dismissed")
    ]
    assert instances("Mr Blair rejected a Conservative compromise offer.") == []  # opposing a proposal


@pytest.mark.parametrize(
    "text, expected",
    [
        # A sentence adverb capitalised by position is not the attacker: the clause's person is.
        (
            "Similarly there is a new tone, with Mr Kennedy attacking Michael Howard's plans on immigration.",
            [("blame", "Charles Kennedy", "Michael Howard", "attacking")],
        ),
        # A pronoun with a contracted verb is neither blamer nor target.
        (
            "We've denied that claim all along, the company said.",
            [("rebuttal", "company", "company", "denied")],
        ),
        ('"I\'d be lying if I said we played well," the manager said.', []),
    ],
)
def test_words_capitalised_by_position_are_not_actors(text, expected):
    assert instances(text) == expected


@pytest.mark.parametrize(
    "text, target",
    [
        # A bare surname takes the full name its article gives, also after a possessive qualifier.
        (
            "Patrick Quarry scored twice in the first half. Fans later blamed Quarry for the defeat.",
            "Patrick Quarry",
        ),
        (
            "Manchester's Kenny Dalgleesh was sent off. Fans blamed Dalgleesh for the defeat.",
            "Kenny Dalgleesh",
        ),
        # Two full names with that surname: the surname stays as written.
        ("Ed Quarry and Tom Quarry both played. Fans later blamed Quarry for the defeat.", "Quarry"),
        # A product named after its company does not rename the company (first names come from persons only).
        ("Yahoo Messenger was launched on Monday. Critics accused Yahoo of copying its rivals.", "Yahoo"),
    ],
)
def test_a_bare_name_is_named_in_full_where_the_article_says_whom_it_means(text, target):
    assert [found[2] for found in instances(text)] == [target]


def test_plain_sentences_have_no_instance(seed):
    quiet = [i for i in seed.index if seed.loc[i, "kind"] == "body" and i not in (5, 39, 40)]
    assert all(seed.loc[i, "blame"] == "[]" for i in quiet), [
        i for i in quiet if seed.loc[i, "blame"] != "[]"
    ]


def test_mere_mention_weighs_little_in_the_partisan_score(seed):
    body = seed[seed["kind"] == "body"]["partisan_score"].sort_values(ascending=False)
    assert body.index[0] == 39
    assert list(body.index).index(2) >= 3, body.head(
        6
    )  # #2 names Biden, Trump and the White House, blames no one
    assert body.loc[5] > body.loc[2] and body.loc[40] > body.loc[2]


# --- paraphrases of BBC politics constructions (our own wording) -------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Dr Fox accused Mr Blair of misleading voters about the budget.",
            ("blame", "Liam Fox", "Tony Blair", "accused"),
        ),
        (
            "Tony Blair lied about the war, say the Tories.",
            ("blame", "Conservative Party", "Tony Blair", "lied"),
        ),
        (
            "The Lib Dems blame Labour for the rise in council tax.",
            ("blame", "Liberal Democrats", "Labour Party", "blame"),
        ),
        (
            "Tory Treasurer Lord Ashcroft criticised Mr Brown over pensions.",
            ("blame", "Lord Ashcroft", "Gordon Brown", "criticised"),
        ),
        (
            "Mr Howard has been criticised by Charles Kennedy over asylum.",
            ("blame", "Charles Kennedy", "Michael Howard", "criticised"),
        ),
        ("The minister said it was Labour's failure to act.", ("blame", "", "Labour Party", "failure")),
        (
            "Ms Sturgeon wrote to the first minister, accusing Mr McConnell of arrogance.",
            ("blame", "Nicola Sturgeon", "Jack McConnell", "accusing"),
        ),
        (
            "Mr Blair praised his chancellor and defended Gordon Brown over the forecasts.",
            ("defence", "Tony Blair", "Gordon Brown", "defended"),
        ),
        (
            "Joe Biden held the Republicans responsible for the shutdown.",
            ("blame", "Joe Biden", "Republican Party", "held"),
        ),
        (
            "The senator said the crisis was the result of Biden's policies.",
            ("blame", "", "Joe Biden", "the result of"),
        ),
    ],
)
def test_paraphrased_constructions_resolve(text, expected):
    found = instances(text)
    assert expected in found or (
        expected[1] == "" and any(f[0::2] == expected[0::2] and f[3] == expected[3] for f in found)
    ), found


@pytest.mark.parametrize(
    "text",
    [
        "Russia attacked Ukraine in 2022.",  # physical attack: the target of attack_verb must be a political actor
        "Four men are being held without trial at Belmarsh.",  # "held" without "responsible"
        "I don't blame Mr Blair for the weather.",  # negated
        "The ongoing dispute over Kashmir was discussed.",  # a noun
        "Mr Blair said meetings will be held on Wednesday.",
        # the actor is inside the cause, not its author
        "Mr Kennedy was elected because of his opposition to the war on Iraq.",
        "Mr Howard said that because of what has happened in Iraq the vote was close.",
        "Mr Brown has denied an earlier report that he planned to visit Iraq.",  # a fact corrected, no accusation
        "The committee investigating the Benghazi attacks asked Hillary Clinton to appear.",  # a named event, a noun
    ],
)
def test_non_blame_uses_of_cues_give_no_instance(text):
    assert instances(text) == []


def test_quote_whose_speaker_is_named_in_the_next_sentence_takes_that_speaker():
    text = '"It is Labour\'s failure, plain and simple.\n\nNobody else is to blame," Mr Howard said.'
    table = framing.analyze(text)
    first = json.loads(table.loc[0, "blame"])
    assert [(b["blamer"], b["target"], b["blamer_via"]) for b in first] == [
        ("Michael Howard", "Labour Party", "next sentence")
    ]


def test_liberal_democrats_are_one_party_not_ideology_plus_us_democrats():
    table = framing.analyze("The Liberal Democrats and the Lib Dem leader spoke.")
    cues = {(c["text"], c["category"]) for c in json.loads(table.loc[0, "cues"]) if c["family"] == "partisan"}
    assert cues == {("Liberal Democrats", "party"), ("Lib Dem", "party")}
    assert json.loads(table.loc[0, "actors"])[0][0] == "Liberal Democrats"


def test_aliases_merge_into_one_canonical_actor():
    table = framing.analyze("Biden spoke. Joe Biden left. Mr Blair and Tony Blair and Blair met.")
    names = [a[0] for found in table["actors"] for a in json.loads(found)]
    assert names == ["Joe Biden", "Joe Biden", "Tony Blair", "Tony Blair", "Tony Blair"]


# --- locale and a user's own list ----------------------------------------------


def test_locale_limits_the_actor_lists():
    text = "Mr Blair accused Joe Biden of delay."
    us = PartisanSignals(locale="us").fit(["."]).extract([text])
    uk = PartisanSignals(locale="uk").fit(["."]).extract([text])
    # The U.S. lists do not know Mr Blair: he is still a person (an honorific), but not a listed politician.
    assert json.loads(us.annotations.loc[0, "actors"]) == [
        ["Mr Blair", 0, 8, "person"],
        ["Joe Biden", 17, 26, "politician"],
    ]
    assert json.loads(uk.annotations.loc[0, "actors"]) == [["Tony Blair", 0, 8, "politician"]]
    with pytest.raises(InputError, match="unknown locale"):
        PartisanSignals(locale="fr").fit(["."])


def test_users_own_actor_list_adds_and_overrides(tmp_path):
    own = tmp_path / "mine.tsv"
    own.write_text(
        "term\tcategory\tactor\tparty\tsource\tnote\n"
        "mayor smith\tpolitician\tJane Smith\tInd\tcity-records\tlocal mayor\n"
        "blair\tpolitician\tSomeone Else\t\tcity-records\tan override of the packaged entry\n",
        encoding="utf-8",
    )
    family = PartisanSignals(locale="uk", actors=str(own)).fit(["."])
    found = family.extract(["Mayor Smith accused Blair of delay."]).annotations
    assert (found.loc[0, "blamer"], found.loc[0, "blame_target"]) == ("Jane Smith", "Someone Else")
    bad = tmp_path / "bad.tsv"
    bad.write_text("term\tcategory\tsource\nx\tpolitician\ts\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks column"):
        PartisanSignals(actors=str(bad)).fit(["."])


def test_office_holders_of_a_period_come_from_the_users_list(tmp_path):
    """The packaged lists know no office holders (they depend on country and year); a user's list can."""
    text = "Mr Letwin accused the chancellor of using fancy statistics."
    plain = PartisanSignals(locale="uk").fit(["."]).extract([text]).annotations
    assert plain.loc[0, "blame_target"] == ""
    offices = tmp_path / "offices_2005.tsv"
    offices.write_text(
        "term\tcategory\tactor\tparty\tsource\tnote\nthe chancellor\tpolitician\tGordon Brown\tLab\tuser\t2005\n",
        encoding="utf-8",
    )
    found = PartisanSignals(locale="uk", actors=str(offices)).fit(["."]).extract([text]).annotations
    assert found.loc[0, "blame_target"] == "Gordon Brown"


def test_source_attribution_still_reads_politicians_from_the_actor_lists():
    found = SourceAttribution(locale="uk").fit(["."]).extract(["Blair said the plan would work."]).annotations
    assert found.loc[0, "source_kind"] == "named_person"


# --- long tables ----------------------------------------------------------------


def test_stance_table_roles_stances_and_offsets(seed_table, seed_text):
    stance = stance_table(seed_table)
    assert list(stance.columns) == [
        "article_id",
        "sentence",
        "actor",
        "role",
        "stance",
        "cue",
        "start",
        "end",
    ]
    row = stance[(stance["sentence"] == 5) & (stance["role"] == "target")].iloc[0]
    assert (row["actor"], row["stance"], seed_text[row["start"] : row["end"]]) == (
        "Russia",
        "criticised",
        "Russia",
    )
    mention = stance[(stance["sentence"] == 2) & (stance["actor"] == "Joe Biden")].iloc[0]
    assert (mention["role"], mention["stance"]) == ("mention", "neutral")
    assert seed_text[mention["start"] : mention["end"]] == "Joe Biden"
    assert not (stance["stance"] == NO_ACTOR).any()
    defended = stance[(stance["sentence"] == 40) & (stance["role"] == "target")].iloc[0]
    assert (defended["actor"], defended["stance"], defended["start"]) == ("Joe Biden", "defended", -1)


def test_party_adjective_in_a_title_is_not_a_separate_mention():
    table = framing.analyze("Tory leader Michael Howard and Labour's Mr Livingstone met the Lib Dems.")
    actors = stance_table(table)["actor"].tolist()
    assert actors == ["Michael Howard", "Ken Livingstone", "Liberal Democrats"]


def test_an_article_without_actors_of_the_locale_says_so():
    table = framing.analyze(
        {"a": "Mr Blair spoke.", "b": "The weather was fine.", "c": "Russia warned Ukraine."}
    )
    stance = stance_table(table)
    assert stance[stance["stance"] == NO_ACTOR]["article_id"].tolist() == [
        "b",
        "c",
    ]  # countries are no locale's
    assert stance[stance["article_id"] == "c"]["actor"].tolist() == ["Russia", "Ukraine", ""]
    assert "no actor of locale 'all' named in 2 article(s): b, c" in framing.summarize(table)


def test_countries_are_actors_but_not_partisan_features_and_places_are_not_mentions():
    table = framing.analyze("Moscow accused Kyiv of shelling. Troops stayed in Ukraine.")
    assert json.loads(table.loc[0, "blame"])[0]["blamer"] == "Russia"
    assert json.loads(table.loc[0, "blame"])[0]["target"] == "Ukraine"
    assert table["partisan_score"].tolist() == [0.0, 0.0]
    assert stance_table(table).query("sentence == 1").empty  # "in Ukraine" is a place


def test_network_counts_pairs_and_keeps_unknown_blamers():
    table = framing.analyze(
        {
            "x": "Dr Fox accused Mr Blair of lying. Dr Fox blamed Mr Blair for the delay. Mr Blair was accused of spin."
        }
    )
    edges = blame_network(table)
    assert edges[["blamer", "target", "kind", "sentences", "n"]].values.tolist() == [
        ["Liam Fox", "Tony Blair", "blame", "0 1", 2],
        ["?", "Tony Blair", "blame", "2", 1],
    ]
    assert len(blame_instances(table)) == 3


def test_long_tables_reject_other_tables():
    with pytest.raises(InputError, match="framing.analyze"):
        stance_table(pd.DataFrame({"article_id": ["a"]}))


# --- the real BBC sentences -------------------------------------------------------


@pytest.mark.external
def test_bbc_fox_and_tory_lies_resolve(shared_data):
    text = (shared_data / "bbc_news" / "politics" / "007.txt").read_text(encoding="latin-1")
    table = framing.analyze({"007": text})
    found = set(blame_instances(table)[["blamer", "target", "cue"]].itertuples(index=False, name=None))
    assert ("Liam Fox", "Tony Blair", "accused") in found  # "Dr Fox accused Mr Blair ... of telling lies"
    assert (
        "Conservative Party",
        "Tony Blair",
        "lied",
    ) in found  # "Tony Blair lied when ..., say the Tories."


# --- blame.tsv 0.2.0: demands, evaluative labels, vindications, denied clauses (invented sentences) -------


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Michael Howard urged Mr Blunkett to apologise for the delays.",
            ("blame", "Michael Howard", "David Blunkett", "urged"),
        ),
        (
            "The Lib Dems called on Mr Straw to resign over the affair.",
            ("blame", "Liberal Democrats", "Jack Straw", "called on"),
        ),
        (
            "Mr Kennedy said the Tories' sums were a shambles.",
            ("blame", "Charles Kennedy", "Conservative Party", "shambles"),
        ),
        (
            "Dr Fox said the way Labour ran the campaign was a farce.",
            ("blame", "Liam Fox", "Labour Party", "farce"),
        ),
        (
            "Mr Livingstone said his comments were not racist.",
            ("defence", "Ken Livingstone", "Ken Livingstone", "not racist"),
        ),
        (
            "Mr Milburn said there was nothing wrong with Mr Brown's plans.",
            ("defence", "Alan Milburn", "Gordon Brown", "nothing wrong with"),
        ),
        (
            "Mr Straw said it was wrong to suggest Mr Brown would quit.",
            ("defence", "Jack Straw", "Gordon Brown", "wrong to suggest"),
        ),
        (
            "Mr Blair denied Mr Brown had leaked the memo.",
            ("rebuttal", "Tony Blair", "Gordon Brown", "denied"),
        ),
        (
            "A Labour spokesman denied the poster was offensive.",
            ("rebuttal", "Labour Party", "Labour Party", "denied"),
        ),
        ("Labour denies breaking the rules.", ("rebuttal", "Labour Party", "Labour Party", "denies")),
    ],
)
def test_new_cue_frames_resolve(text, expected):
    assert expected in instances(text), instances(text)


# Outside the locale's lists: persons the article introduces ("Prime Minister ...") are actors for every rule.
_CANADA = "Conservative leader Pierre Varnesse spoke on Monday. Prime Minister Justin Quillfeather was in Ottawa.\n\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Pierre Varnesse held Justin Quillfeather responsible for the housing crisis.",
            ("blame", "Pierre Varnesse", "Justin Quillfeather", "held"),
        ),
        (
            "The crisis is a result of Justin Quillfeather's policies, Pierre Varnesse said.",
            ("blame", "Pierre Varnesse", "Justin Quillfeather", "a result of"),
        ),
        (
            "Pierre Varnesse blamed the rise in rents on Justin Quillfeather.",
            ("blame", "Pierre Varnesse", "Justin Quillfeather", "blamed"),
        ),
        (
            "Pierre Varnesse has pinned the blame squarely on Justin Quillfeather.",
            ("blame", "Pierre Varnesse", "Justin Quillfeather", "blame"),
        ),
        (
            "Justin Quillfeather's policies were to blame for the rise in rents, Pierre Varnesse said.",
            ("blame", "Pierre Varnesse", "Justin Quillfeather", "to blame"),
        ),
    ],
)
def test_blame_of_persons_the_lists_lack(text, expected):
    assert expected in instances(_CANADA + text), instances(_CANADA + text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "David Blunkett has apologised to MPs for the early release.",
            [("David Blunkett", "David Blunkett")],
        ),
        (
            "\u201cI apologise to the committee,\u201d Mr Blunkett said.",
            [("David Blunkett", "David Blunkett")],
        ),
        ("Mr Livingstone refused to apologise for his comments.", []),  # a refusal, after "to"
        ("Mr Livingstone has not apologised.", []),  # negated
        ("Officials said the prince has apologised.", []),  # the subject is no actor: no guess at who
    ],
)
def test_an_apology_is_a_self_blame(text, expected):
    found = [
        (b, t) for kind, b, t, cue in instances(text) if cue.lower().endswith(("apologised", "apologise"))
    ]
    assert found == expected, instances(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pierre Varnesse blamed the rise in rents on the weather.",  # a cause that is no actor
        "No-one is putting the blame on Justin Quillfeather.",  # nobody blames
        "Justin Quillfeather's brother was to blame for the delay, Pierre Varnesse said.",  # a person, not a deed
    ],
)
def test_placed_blame_needs_an_actor_and_a_blamer(text):
    found = [i for i in instances(_CANADA + text) if i[0] == "blame"]
    assert found == [], found


@pytest.mark.parametrize(
    "text",
    [
        "Mr Blair asked Mr Brown to explain the figures.",  # a demand, but not for an apology or resignation
        "Mr Howard urged voters to turn out on polling day.",  # no listed actor is asked to answer for a wrong
        "A Tory government would sort out the shambles of immigration, Mr Howard said.",  # the speaker's side
        "Ray Cooney's farce opened in the West End.",  # a stage genre, no listed actor
        "Mr Howard denied accusing Mr Blair of lying.",  # a denial negates the accusation after it
        "Mr Brown refused to deny the claims.",  # refusing to deny is no denial
        "Mr Straw said it was wrong to suggest the chancellor would usurp Mr Milburn.",  # not the next name
    ],
)
def test_new_cue_frames_keep_their_limits(text):
    found = instances(text)
    assert not [f for f in found if f[0] == "blame" and f[2] in ("Tony Blair", "Conservative Party")]
    assert not [
        f for f in found if f[3] in ("asked", "urged", "shambles", "farce", "wrong to suggest", "deny")
    ], found


def test_a_users_blame_lexicon_sets_the_words_a_demand_or_a_hold_needs(tmp_path):
    """The complements ("to apologise", "responsible") are read from the blame lexicon, gate and position alike."""
    packaged = (resources.files("framing.lexicons") / "data" / "blame.tsv").read_text(encoding="utf-8")
    own = tmp_path / "blame.tsv"
    own.write_text(
        packaged
        + "withdraw\tdemand_complement\tours\ta user's own complement\n"
        + "answerable\thold_complement\tours\ta user's own complement\n",
        encoding="utf-8",
    )
    texts = [
        "Michael Howard urged Mr Blunkett to withdraw the remarks.",
        "Michael Howard urged Mr Blunkett to publicly withdraw the remarks.",
        "Michael Howard held Mr Blunkett answerable for the delays.",
        "Michael Howard held Mr Blunkett answerable.",
    ]

    def targets(family):
        return list(family.extract(texts).annotations["blame_target"])

    assert targets(PartisanSignals(locale="uk").fit(["."])) == ["", "", "", ""]
    assert targets(PartisanSignals(locale="uk", blame_lexicon=str(own)).fit(["."])) == ["David Blunkett"] * 4
    # Position still counts: the complement must follow "to" right after the object, or the hold within reach.
    far = "Michael Howard held talks with Mr Blunkett on Monday in a long meeting at the Home Office about many things, and the officials said no one was answerable."
    late = "Michael Howard urged Mr Blunkett to act, and said he would withdraw."
    assert list(
        PartisanSignals(locale="uk", blame_lexicon=str(own))
        .fit(["."])
        .extract([far, late])
        .annotations["blame_target"]
    ) == ["", ""]


def test_welcomed_praises_the_owner_and_branded_needs_a_political_target():
    assert ("defence", "Charles Kennedy", "Tony Blair", "welcomed") in instances(
        "Mr Kennedy welcomed Tony Blair's courage on the vote."
    )
    found = instances("Michael Howard branded Labour's response a disgrace.")
    assert ("blame", "Michael Howard", "Labour Party", "branded") in found
    assert not [f for f in found if f[2] == "Michael Howard"], found  # the brander is not what is judged
    assert instances("Capital Economics branded Halifax's findings a temporary surprise.") == []


def test_a_passive_acts_on_the_owner_of_a_possessed_deed_but_not_of_a_person():
    # codebook §8.4: criticism (or praise) of a thing goes to its named owner
    assert ("blame", "Conservative Party", "Labour Party", "attacked") in instances(
        "Labour's plans were attacked by the Tories."
    )
    assert ("defence", "", "European Union", "welcomed") in instances(
        "The EU's move was welcomed at first by China."
    )
    assert ("blame", "Conservative Party", "Ken Livingstone", "condemned") in instances(
        "Mr Livingstone's remarks were condemned by the Tories."
    )
    found = instances("Gordon Brown's closest ally was criticised by the Tories.")
    assert not [f for f in found if f[2] == "Gordon Brown"], found  # the ally is criticised, not Mr Brown


def test_the_uk_government_named_with_its_country_is_the_uk_government():
    found = instances(
        'Mr Howard branded the UK government\'s response to the floods as "piecemeal and poor".'
    )
    assert ("blame", "Michael Howard", "UK Government", "branded") in found
    assert ("blame", "Michael Howard", "UK Government", "attacked") in instances(
        "Mr Howard attacked the British government over the delays."
    )


def test_an_elided_subject_still_finds_the_owner_of_what_is_cleared():
    assert ("defence", "Ken Livingstone", "Ken Livingstone", "not racist") in instances(
        "Mr Livingstone said his comments may have been offensive but were not racist."
    )


def test_an_institution_defending_its_measures_defends_itself_but_a_minister_or_a_welcome_does_not():
    assert ("defence", "Labour Party", "Labour Party", "defended") in instances(
        "Labour defended the measures."
    )
    assert [f for f in instances("Mr Blunkett defended the measures.") if f[3] == "defended"] == []
    assert [f for f in instances("Labour welcomed the decision.") if f[3] == "welcomed"] == []


def test_dismissing_the_claims_clears_the_speaker():
    assert ("defence", "Tony Blair", "Tony Blair", "the claims were") in instances(
        'Mr Blair said the claims were "reheated" and untrue.'
    )
    assert [f for f in instances("The claims were made in a book.") if f[0] == "defence"] == []


def test_denying_what_others_did_is_no_self_defence():
    assert instances("Mr Blair denied fathers' activists had forced the changes.") == []
    assert ("rebuttal", "Tony Blair", "Tony Blair", "denied") in instances(
        "Mr Blair denied the plan had failed."
    )
