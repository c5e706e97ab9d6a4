"""Within-article linking of persons, surnames and offices (framing.signals.mentions), on invented text."""

import json
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from framing.analyze import analyze, signal_families
from framing.signals import mentions
from framing.signals.blame import Mention
from framing.signals.mentions import BY_OFFICE, PERSON, link_mentions
from framing.stance import stance_table


def _names(texts, listed=None, documents=None):
    linked = link_mentions(texts, listed or {}, documents if documents is not None else [0] * len(texts))
    return {i: [(m.actor, texts[i][m.start : m.end]) for m in found] for i, found in linked.items()}


def test_a_full_name_with_evidence_is_a_person_and_its_surname_links_back():
    texts = [
        "Committee chairman Harold Pennywhistle said the scheme was a waste.",
        "Mr Pennywhistle added that the report would follow.",
        "Pennywhistle has chaired the committee since 2001.",
    ]
    names = _names(texts)
    assert names[0] == [("Harold Pennywhistle", "Harold Pennywhistle")]
    assert names[1] == [("Harold Pennywhistle", "Mr Pennywhistle")]
    assert names[2] == [("Harold Pennywhistle", "Pennywhistle")]


def test_an_honorific_after_a_leading_capital_names_the_person_and_links_to_the_full_name():
    # "But" opens the capitalised run; the honorific closing the leading words stays in the name
    # (it was once lost, naming the person "None Pennywhistle").
    texts = [
        "Harold Pennywhistle, the committee chairman, spoke first.",
        "But Mr Pennywhistle was overruled.",
    ]
    assert _names(texts)[1] == [("Harold Pennywhistle", "Pennywhistle")]
    assert _names(texts[1:]) == {0: [("Mr Pennywhistle", "Pennywhistle")]}


def test_a_capitalised_pair_without_evidence_is_not_a_person():
    texts = ["Westminster Gardens will reopen after the Easter Rising exhibition closes."]
    assert _names(texts) == {}


def test_a_bare_pair_counts_once_the_article_gives_its_surname_an_honorific():
    texts = ["Morwenna Tregarthen is worried about the arts budget.", "Ms Tregarthen wrote to the council."]
    names = _names(texts)
    assert names[0] == [("Morwenna Tregarthen", "Morwenna Tregarthen")]
    assert names[1] == [("Morwenna Tregarthen", "Ms Tregarthen")]
    # In another article the same pair has no honorific to back it.
    assert _names(texts[:1]) == {}


def test_a_full_name_introduced_with_evidence_is_that_person_again_where_it_stands_bare():
    texts = [
        "Prime Minister Justin Quillfeather was in Ottawa on Monday.",
        "Pierre Varnesse held Justin Quillfeather responsible for the crisis.",
    ]
    assert _names(texts)[1] == [("Justin Quillfeather", "Justin Quillfeather")]
    # Without the introduction the bare pair has no evidence, and another bare pair gains none from it.
    assert _names(texts[1:]) == {}


def test_us_names_keep_their_middle_initial_out_and_their_title_in_front():
    texts = [
        "Roy Q. Vandermeer, the Republican candidate, spoke on Tuesday.",
        "Vandermeer's campaign denied the allegations.",
        "Representative Blake Farnsworthy said he would repay the money.",
        "Gov. Jan Bellweather vetoed the bill, and Rep. Adam Schiffman opposed it.",
    ]
    names = _names(texts)
    assert names[0] == [("Roy Vandermeer", "Roy Q. Vandermeer")]
    assert names[1] == [("Roy Vandermeer", "Vandermeer")]
    assert names[2] == [("Blake Farnsworthy", "Blake Farnsworthy")]
    assert names[3] == [("Jan Bellweather", "Jan Bellweather"), ("Adam Schiffman", "Adam Schiffman")]


def test_linking_never_crosses_articles():
    texts = ["Spokesman Harold Pennywhistle said no.", "Mr Pennywhistle said yes."]
    names = _names(texts, documents=[0, 1])
    assert names[1] == [("Mr Pennywhistle", "Mr Pennywhistle")]


def test_an_office_named_with_a_person_resolves_later_in_the_article_only():
    texts = [
        "Transport Secretary Imogen Fairweather announced the review.",
        "The opposition said the transport secretary had ignored the warnings.",
        "The chancellor was not available.",  # no one in the article is named with this office
    ]
    names = _names(texts)
    assert names[1] == [("Imogen Fairweather", "the transport secretary")]
    assert 2 not in names


def test_a_former_office_is_not_the_current_holder():
    texts = ["Former chancellor Reginald Oakapple said it was wrong.", "The chancellor disagreed."]
    names = _names(texts)
    assert 1 not in names


def test_knights_by_first_name_and_peers_by_title():
    texts = [
        "Sir Cuthbert Wemyss, the former ambassador, said the plan was sound.",
        "Sir Cuthbert later withdrew the remark.",
        "Lord Thornbury said he agreed.",
    ]
    names = _names(texts)
    assert names[1] == [("Cuthbert Wemyss", "Sir Cuthbert")]
    assert names[2] == [("Lord Thornbury", "Lord Thornbury")]


def test_the_articles_own_full_name_wins_over_a_listed_surname():
    texts = ["Spokesman Peter Clarke said the force was ready.", "Mr Clarke said the money was there."]
    listed = {1: [Mention("Charles Clarke", 0, 9, True, "politician")]}
    names = _names(texts, listed)
    assert names[1] == [("Peter Clarke", "Mr Clarke")]


def test_a_pronoun_reaches_a_speaker_named_two_sentences_before():
    text = (
        "Union leader Harold Pennywhistle spoke at the conference in Leeds. "
        "The hall was full. "
        "He accused ministers of wasting money on consultants."
    )
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[2, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Harold Pennywhistle", "UK Government")]
    assert json.loads(table.loc[0, "actors"])[0][0] == "Harold Pennywhistle"
    assert json.loads(table.loc[0, "actors"])[0][3] == PERSON


def test_she_in_the_same_sentence_is_its_named_speaker():
    text = (
        "Councillor Harold Pennywhistle welcomed the plan. "
        'But Culture Secretary Imogen Fairweather said a delay would be "disastrous" and she accused the '
        "Tories of opportunism."
    )
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[1, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Imogen Fairweather", "Conservative Party")]


def test_a_he_said_chain_passes_its_person_on():
    text = (
        "Harold Pennywhistle, who chairs the roads committee, warned of delays. "
        'He said: "The first contract was a mess. '
        "Nobody checked the figures. "
        'The second was no better." '
        "He added that ministers were to blame."
    )
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[4, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Harold Pennywhistle", "UK Government")]


def test_a_speaker_behind_a_long_apposition_is_found():
    text = (
        "Harold Pennywhistle, spokesman for the Campaign for Better Roads and Safer Bridges, "
        "said ministers were to blame."
    )
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[0, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Harold Pennywhistle", "UK Government")]


def test_organisations_by_a_capitalised_head_but_not_as_an_affiliation():
    texts = [
        "The Ferryport Harbour Authority said the pier would close.",
        "Harold Pennywhistle, a spokesman at the Ferryport Harbour Authority, said so.",
        "The harbour authority had not decided.",
    ]
    linked = link_mentions(texts, {}, [0, 0, 0])
    assert [(m.actor, m.category) for m in linked[0]] == [("Ferryport Harbour Authority", "organisation")]
    assert [m.actor for m in linked[1]] == ["Harold Pennywhistle"]  # the authority is his affiliation
    assert 2 not in linked  # a lower-case head names no one


def test_an_office_in_apposition_links_too():
    texts = [
        "Imogen Fairweather, the transport secretary, said the review would go ahead.",
        "The home secretary, Harold Pennywhistle, disagreed.",
        "Critics said the transport secretary and the home secretary had not met.",
    ]
    names = _names(texts)
    assert names[2] == [
        ("Imogen Fairweather", "the transport secretary"),
        ("Harold Pennywhistle", "the home secretary"),
    ]
    linked = link_mentions(texts, {}, [0, 0, 0])
    assert {m.category for m in linked[2]} == {BY_OFFICE}  # a reference by office, not a naming


def test_they_is_the_group_that_opens_its_sentence():
    text = "Opposition parties also want more buses but they accuse ministers of wasting money on roads."
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[0, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Opposition parties", "UK Government")]


def test_a_subject_behind_an_apposition_is_the_person_not_the_apposition():
    text = (
        "Harold Pennywhistle, chair of the Ferryport Harbour Authority, praised Tony Blair for his honesty."
    )
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[0, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Harold Pennywhistle", "Tony Blair")]


def test_he_means_the_subject_of_the_sentence_before():
    text = "Harold Pennywhistle accused Tony Blair of misleading voters. He said ministers were to blame."
    table = analyze({"a": text}, families=signal_families("uk"))
    found = json.loads(table.loc[1, "blame"])
    assert [(b["blamer"], b["target"]) for b in found] == [("Harold Pennywhistle", "UK Government")]


def _blamers(text):
    table = analyze({"a": text}, families=signal_families("uk"))
    return [[(b["blamer"], b["blamer_via"]) for b in json.loads(found)] for found in table["blame"]]


def test_a_quotation_over_sentences_is_spoken_by_who_opened_or_closes_it():
    opened = 'Spokesman Harold Pennywhistle said: "The first contract was a mess. Ministers were to blame."'
    assert _blamers(opened)[1] == [("Harold Pennywhistle", "earlier sentence")]
    closed = (
        '"The first contract was a mess. Ministers were to blame. Nobody checked," said Harold Pennywhistle.'
    )
    assert _blamers(closed)[1] == [("Harold Pennywhistle", "next sentence")]
    # A quotation closed before the sentence: the journalist's own voice, no blamer.
    outside = 'Spokesman Harold Pennywhistle said: "The first contract was a mess." Ministers were to blame.'
    assert _blamers(outside)[1] == [("", "")]


def test_an_institution_as_a_place_is_no_stance_row():
    text = "Ministers faced chaotic scenes in the Commons. The Commons voted against the plan."
    table = analyze({"a": text}, families=signal_families("uk"))
    rows = stance_table(table)
    commons = rows[rows["actor"] == "House of Commons"]
    assert commons["sentence"].tolist() == [1]


# Words, case variants, letters re.IGNORECASE folds specially (long s, Kelvin sign, dotless i), commas, spaces.
_END_PIECES = [
    *"said says Said minister Minister MINISTER secretary chief QC qc spokesman ex-minister general the".split(),  # noqa: SIM905
    *"Home former deputy chancellor x - , \u017f \u212a \u0131 \u0130".split(),  # noqa: SIM905
    *"of and for & the in at from to into across near with With Health Kings' Kings\u2019".split(),  # noqa: SIM905
    *[" ", "  ", "\t", "\xa0", "\u2028", "\x1c", "\u017fecretary"],
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_END_PIECES), max_size=7).map("".join))
@example("Labour spokesman, ")  # the comma the title pattern allows
@example("as the \u017fecretary ")  # long s: IGNORECASE folds it to "s"
@example("the MINISTER\t")
@example("he said  ")
@example("the Health and Safety\u2028")
@example("Kings\u2019 of the ")  # the curly apostrophe _INSIDE_ORGANISATION allows in a word
@example("came from\x1c")  # a separator str.isspace and \\s both count as white space
def test_the_anchored_check_before_an_end_anchored_search_changes_no_result(text):
    gated = [
        mentions._TITLE_AT_END,
        mentions._OFFICE_AT_END,
        mentions._SAID_AT_END,
        mentions._INSIDE_ORGANISATION,
    ]
    for wrapped in (*gated, mentions._PLACE_BEFORE, mentions._AFFILIATION):
        fast, full = wrapped.search(text), wrapped.pattern.search(text)
        assert (fast and fast.span()) == (full and full.span())


# Surnames and the characters around them that decide a whole-word match: word characters, hyphens, apostrophes
# (straight and curly), letters \w counts (accented, digits, underscore) and letters it does not (dots, spaces).
_SURNAMES = ["Brown", "Ann", "Anan", "Kilroy-Silk", "O'Brien", "D\u2019Ancona", "St. John", "Ng", "Bo Bo"]
_SURNAME_PIECES = [*_SURNAMES, *"Brownin Kilroy an x - ' \u2019 _ \u00e9 7 . , s".split(), " "]  # noqa: SIM905


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_SURNAMES), st.lists(st.sampled_from(_SURNAME_PIECES), max_size=8).map("".join))
@example("Anan", "Ananan Anan")  # an occurrence the look-behind rejects overlapping one it accepts
@example("Brown", "-Brown Brown's Browning")
@example("St. John", "St. St. John")
@example("Bo Bo", "xBo Bo Bo")  # a surname with a space: a skipped occurrence hides one inside it
def test_the_surname_search_finds_what_the_look_behind_pattern_finds(surname, text):
    reference = re.compile(rf"(?<![\w'\u2019-]){re.escape(surname)}\b")
    fast = [m.span() for m in mentions._surname_matches(surname, text)]
    assert fast == [m.span() for m in reference.finditer(text)]


# Pieces of capitalised runs: honorifics (with and without a dot), names with the prefixes and hyphens _CAP allows,
# capitals inside words, characters the look-behind rejects, accented letters, digits and white space.
_RUN_PIECES = [
    *"Mr Mr. Mrs Dr Sir Lord Baroness Gordon Brown McDonald MacLeod O'Neill D'Arcy Kilroy-Silk BBC X".split(),  # noqa: SIM905
    *"the said and of x é Ñ 7 - ' \u2019 _ . , \u00c9mile".split(),  # noqa: SIM905
    *[" ", "  ", "\t", "\n", "\xa0"],
]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(_RUN_PIECES), max_size=12).map("".join))
@example("Mr Gordon Brown said")
@example("xMr Brown Gordon Brown")  # the look-behind rejects the first capital, not the second
@example("BBC News Online Gordon Brown")  # a capital run _RUN rejects before one it accepts
@example("Mr. O'Neill-Smith met Sir Kilroy-Silk")
def test_the_run_search_finds_what_the_run_pattern_finds(text):
    fast = [(m.span(), m.groupdict()) for m in mentions._runs(text)]
    assert fast == [(m.span(), m.groupdict()) for m in mentions._RUN.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.text("abc-.", min_size=1, max_size=4), min_size=1, max_size=8),
    st.text("abcABC-.\u017f\u212a", max_size=5),  # with capitals, long s and the Kelvin sign for IGNORECASE
    st.sampled_from([0, re.IGNORECASE]),
)
@example({"a", "ab", "abc"}, "ab", 0)
@example({"ab", "ac", "b"}, "a", 0)
@example({"ac", "ab"}, "AB", re.IGNORECASE)
def test_the_trie_pattern_matches_exactly_its_words(words, text, flags):
    """The trie in the word-at-end patterns accepts what the plain alternation of the words accepts."""
    plain = "|".join(map(re.escape, words))
    assert bool(re.fullmatch(mentions._trie(words), text, flags)) == bool(re.fullmatch(plain, text, flags))
    assert all(re.fullmatch(mentions._trie(words), w, flags) for w in words)


@settings(max_examples=300, deadline=None)
@given(
    st.text("ab ", max_size=12),
    st.lists(st.tuples(st.integers(0, 12), st.integers(0, 4)), max_size=3),
    st.sampled_from(["a", "ab", "ba", "b b"]),
)
def test_a_word_outside_every_mention_is_in_the_outside_text(text, spans, word):
    """The pre-test for bare surnames drops only occurrences that overlap a mention (which never count)."""
    found = [Mention("x", s, min(s + n, len(text)), True, PERSON) for s, n in spans if s <= len(text)]
    outside = mentions._outside(text, found)
    for start in range(len(text) - len(word) + 1):
        end = start + len(word)
        if text[start:end] == word and not any(m.start < end and start < m.end for m in found):
            assert word in outside
