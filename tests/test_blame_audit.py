"""The precision audit's labels (``data/labelled/blame_audit/``) are the sentences they claim to be.

The audit's number (``docs/validity.md``, blame section) rests on 120 sentences drawn where the rules
reported an instance, none of them in a gold split, half from BASIL and half from BBC News outside
politics; these tests fail if the files drift from the data or from that design.
"""

from __future__ import annotations

import pytest

from framing.datasets.blame_gold import load_blame_gold

AUDIT = "data/labelled/blame_audit"


@pytest.fixture(scope="module")
def audit(shared_data):
    from framing.checkout import repo_root

    return load_blame_gold(shared_data, labels_dir=repo_root() / AUDIT)  # raises on any sha mismatch


@pytest.mark.external
def test_audit_holds_sixty_basil_and_sixty_bbc_sentences_outside_politics(audit):
    sentences = audit.sentences
    assert sentences["dataset"].value_counts().to_dict() == {"basil": 60, "bbc_news": 60}
    assert set(sentences["split"]) == {"audit"} and set(sentences["stratum"]) == {"predicted"}
    bbc = sentences.loc[sentences["dataset"] == "bbc_news", "article"]
    assert not bbc.str.startswith("bbc_news/politics/").any()
    assert sentences["id"].is_unique


@pytest.mark.external
def test_audit_shares_no_sentence_with_the_gold_set(audit, shared_data):
    gold = load_blame_gold(shared_data).sentences
    spans = gold.groupby("article")[["start", "end"]].apply(lambda f: list(zip(f["start"], f["end"])))
    overlapping = [
        row.id
        for row in audit.sentences.itertuples()
        if any(s < row.end and row.start < e for s, e in spans.get(row.article, []))
    ]
    assert overlapping == []


@pytest.mark.external
def test_audit_blame_flags_follow_the_instances(audit):
    with_blame = set(
        audit.instances.loc[
            (audit.instances["polarity"] == "blame") & (audit.instances["target"] != ""), "sentence_id"
        ]
    )
    flagged = set(audit.sentences.loc[audit.sentences["blame"] == 1, "id"])
    assert flagged == with_blame
