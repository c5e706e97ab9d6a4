"""How ``benchmarks/basil_target_stance.py`` turns BASIL spans into per-actor stance labels (invented text).

The experiment's numbers (``docs/validity.md``, blame section) rest on this mapping from
a span's target name to an actor mention in the sentence, so it is pinned here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing.analyze import analyze, signal_families
from framing.datasets.basil import read_basil_articles

# Invented sentences, each with the spans a BASIL annotator might have marked.
SENTENCES = [
    "Donald Trump said the plan was a disaster for Joe Biden.",
    "Democrats praised Barack Obama on Tuesday.",
    "Barack Obama met Donald Trump.",
    "Republicans attacked Democrats over the budget.",
]
SPANS = [
    {"id": "p0", "target": "Joe_Biden", "polarity": "neg", "aim": "dir", "bias": "inf", "quote": "no"},
    {"id": "p1", "target": "Barack_Obama", "polarity": "pos", "aim": "dir", "bias": "lex", "quote": "no"},
    {"id": "p2", "target": "Donald_Trump", "polarity": "neg", "aim": "ind_pro", "bias": "inf", "quote": "no"},
    {"id": "p3", "target": "House_Democrats", "polarity": "neg", "aim": "dir", "bias": "inf", "quote": "yes"},
    {"id": "p3", "target": "Paul_Ryan", "polarity": "pos", "aim": "dir", "bias": "lex", "quote": "no"},
]


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("basil_target_stance")


@pytest.fixture(scope="module")
def basil_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("external")
    for folder, name, content in (
        ("articles", "abc_1.json", {"triplet-uuid": "abc", "source": "nyt", "body-paragraphs": [SENTENCES]}),
        ("annotations", "abc_1_ann.json", {"phrase-level-annotations": SPANS}),
    ):
        (root / "basil" / folder / "2016").mkdir(parents=True)
        (root / "basil" / folder / "2016" / name).write_text(json.dumps(content), encoding="utf-8")
    return root


def _labels(script, data_dir: Path, voiced_only: bool) -> dict:
    articles = read_basil_articles(data_dir)
    table = analyze(dict(zip(articles["id"], articles["text"], strict=True)), families=signal_families("us"))
    rows = script.label_basil(
        script.actor_rows(table), table, script.basil_spans(data_dir), articles, voiced_only=voiced_only
    )
    return {(s, a): label for s, a, label in zip(rows["sentence"], rows["actor"], rows["label"], strict=True)}


def test_spans_label_the_actor_their_target_names(script, basil_dir):
    assert _labels(script, basil_dir, voiced_only=False) == {
        (0, "Donald Trump"): "neutral",  # the speaker, not the target
        (0, "Joe Biden"): "criticised",
        (1, "Democratic Party"): "neutral",
        (1, "Barack Obama"): "defended",
        (2, "Barack Obama"): "neutral",  # Donald Trump's row is dropped: only an indirect span targets him
        (3, "Republican Party"): "neutral",
        (3, "Democratic Party"): "criticised",  # House_Democrats -> "democrats" ~ Democratic Party
    }


def test_voiced_only_drops_rows_only_a_journalists_choice_span_targets(script, basil_dir):
    labels = _labels(script, basil_dir, voiced_only=True)
    assert (0, "Joe Biden") not in labels  # an informational span outside quotes
    assert labels[(1, "Barack Obama")] == "defended"  # lexical
    assert labels[(3, "Democratic Party")] == "criticised"  # quoted


def test_a_first_name_alone_does_not_tie_a_target_to_a_mention(script, basil_dir):
    spans = script.basil_spans(basil_dir)
    assert spans["target"].tolist() == [{"biden"}, {"obama"}, {"trump"}, {"democrats"}, {"ryan"}]
    ryan = spans["target"].iloc[-1]
    assert script._names_match(ryan, script._words("Paul Ryan"))
    assert not script._names_match(ryan, script._words("Paul LePage"))
    assert script._names_match({"democratic"}, script._words("Democrats"))


def test_the_actor_and_the_other_actors_are_masked(script):
    text = "Mr Blair attacked the Tories and Labour."
    spans = [(0, 8), (22, 28), (33, 39)]
    assert script._mark(text, (22, 28), spans).split() == [
        "OTHER",
        "attacked",
        "the",
        "ACTOR",
        "and",
        "OTHER",
        ".",
    ]
