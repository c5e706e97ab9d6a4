"""Alarm on real BBC politics articles (public data in ../shared, skipped when absent)."""

import json

import pytest

from framing import analyze

ATTACK_FORMS = {"attack", "attacks", "attacked", "attacking"}


@pytest.fixture(scope="module")
def politics(shared_data):
    files = sorted((shared_data / "bbc_news" / "politics").glob("*.txt"))
    return analyze({f.stem: f.read_text(encoding="latin-1") for f in files})


@pytest.mark.external
def test_fear_appeal_keeps_its_thesis_in_the_article(politics):
    # politics/052, "Nuclear strike 'key terror risk'": "... they cannot prevent all terror attacks and should
    # focus on making sure they are not nuclear strikes."
    rows = politics[
        (politics["article_id"] == "052") & politics["text"].str.contains("cannot prevent all terror")
    ]
    (row,) = rows.itertuples()
    counted = {c["term"] for c in json.loads(row.cues) if c["family"] == "alarm" and not c["negated"]}
    assert {"terror", "attacks"} <= counted
    assert row.alarm_score >= 2


@pytest.mark.external
def test_most_political_attacks_are_not_counted_as_threat(politics):
    # 0.2.0 counted all 111 "attack" cues of the 417 articles; by hand about 49 of them are physical.
    attacks = [
        c
        for cues in politics.drop_duplicates("text")["cues"]
        for c in json.loads(cues)
        if c["family"] == "alarm" and c["term"] in ATTACK_FORMS
    ]
    assert 45 <= len(attacks) <= 75, len(attacks)
