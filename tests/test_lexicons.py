"""The packaged lexicons: well-formed, normalised, documented, and exactly the recorded versions."""

import csv
import hashlib
import io
import re

import pytest

from framing.errors import InputError
from framing.lexicons import (
    PACKAGED,
    data_path,
    load_lexicon,
    normalise_term,
    parse_lexicon,
    recorded_checksums,
)


@pytest.mark.parametrize("name", PACKAGED)
def test_file_matches_recorded_checksum(name):
    digest = hashlib.sha256(data_path(name).read_bytes()).hexdigest()
    assert recorded_checksums()[f"{name}.tsv"] == digest, (
        "lexicon changed: update SHA256SUMS and the card's change log"
    )
    assert load_lexicon(name).sha256 == digest


@pytest.mark.parametrize("name", PACKAGED)
def test_rows_are_unique_normalised_sorted_and_cited(name):
    raw = data_path(name).read_text(encoding="utf-8")
    assert "\r" not in raw and raw.endswith("\n")
    rows = list(csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE))
    terms = [r["term"] for r in rows]
    assert len(terms) == len(set(terms))
    assert all(t == normalise_term(t) for t in terms)
    assert all("\u2019" not in t and "\u201c" not in t for t in terms)
    assert [(r["category"], r["term"]) for r in rows] == sorted((r["category"], r["term"]) for r in rows)
    card = data_path(name).with_suffix(".md").read_text(encoding="utf-8")
    for category in {r["category"] for r in rows}:
        assert f"`{category}`" in card, f"{category} is not defined in {name}.md"
    for source in {r["source"] for r in rows}:
        assert f"`{source}`" in card, f"citation key {source} is not defined in {name}.md"
    assert all(line == line.rstrip() for line in raw.splitlines())


def test_card_names_its_version_and_literature():
    for name in PACKAGED:
        card = data_path(name).with_suffix(".md").read_text(encoding="utf-8")
        assert re.search(r"\b0\.1\.0\b", card)
        assert "## Change log" in card


def test_us_actors_are_politicians_with_a_party():
    rows = load_lexicon("actors_us").rows
    politicians = [r for r in rows if r["category"] == "politician"]
    assert len(politicians) > 100
    assert all(r["actor"] and r["party"] in {"D", "R", "I"} for r in politicians)
    assert not {"putin", "kim", "kim jong un", "xi"} & {r["term"] for r in politicians}


def test_uk_actors_have_a_canonical_name_and_a_uk_party():
    rows = load_lexicon("actors_uk").rows
    people = [r for r in rows if r["category"] == "politician"]
    assert len({r["actor"] for r in people}) >= 80
    assert all(
        r["actor"] and r["party"] in {"Lab", "Con", "LD", "SNP", "UKIP", "Reform", "DUP", "SF"}
        for r in people
    )
    by_term = {r["term"]: r["actor"] for r in rows}
    assert by_term["mr blair"] == by_term["tony blair"] == by_term["blair"] == "Tony Blair"
    assert by_term["lib dems"] == by_term["liberal democrats"] == "Liberal Democrats"
    assert by_term["tories"] == by_term["the conservatives"] == "Conservative Party"


def test_locales_share_no_term_so_all_combines_without_ambiguity():
    us = {r["term"] for r in load_lexicon("actors_us").rows}
    uk = {r["term"] for r in load_lexicon("actors_uk").rows}
    world = {r["term"] for r in load_lexicon("actors_world").rows}
    cues = {r["term"] for r in load_lexicon("partisan").rows}
    assert not us & uk and not (us | uk) & world
    assert not (us | uk | world) & cues


def test_duplicate_and_unnormalised_terms_are_rejected_with_their_line():
    with pytest.raises(InputError, match="line 3: duplicate term 'could' \\(first on line 2\\)"):
        parse_lexicon(b"term\tcategory\tsource\ncould\tmodal\tx\ncould\tmodal\tx\n", "mine")
    with pytest.raises(InputError, match="not normalised"):
        parse_lexicon(b"term\tcategory\tsource\nCould\tmodal\tx\n", "mine")
    with pytest.raises(InputError, match="lacks column"):
        parse_lexicon(b"term\tsource\ncould\tx\n", "mine")
    with pytest.raises(InputError, match="not UTF-8"):
        parse_lexicon("term\tcategory\tsource\ncaf\u00e9\tm\tx\n".encode("latin-1"), "mine")
