"""Source attribution's batch code against the forms it replaced (numpy set functions, dense per-sentence lists)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.signals import SourceAttribution
from framing.signals.attribution import (
    Attribution,
    SourceWords,
    attribute,
    attribute_sentence,
    attribution_extraction,
)
from framing.signals.base import cue_rows, scanner_for
from framing.signals.matcher import Batch

_FAMILY = SourceAttribution().fit(["."])
_SCANNER = scanner_for(_FAMILY.lexicons_by_key())
_LEXICON = _FAMILY.lexicon_sha256_["attribution"]
_WORDS = SourceWords.from_rows(_FAMILY.rows("attribution"), _FAMILY.rows("actors"))
_PIECES = [
    "officials said ",
    "a senior U.S. official said ",
    "Victor Cha said ",
    "Trump said ",
    "the ministry said ",
    "according to people familiar with the matter ",
    "\u201cWe will win,\u201d said the spokesman ",
    "he told reporters ",
    "but ",
    "the plan ",
    ", ",
    ". ",
    "warned ",
    "who ",
]
SENTENCES = st.lists(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), min_size=1, max_size=12)


def attribute_by_set_functions(batch, matches, *, anonymous_only=False, only=None):
    """The selection ``attribute`` replaced (np.unique, intersect1d), parsing every sentence afresh."""
    result = [None] * len(batch.texts)
    hits = _SCANNER.hits(batch, matches, _LEXICON, ("reporting_verb", "anonymous_noun"))
    verb = hits.code == 0
    wanted = np.unique(hits.sentence[verb])
    if anonymous_only:
        wanted = np.intersect1d(wanted, hits.sentence[~verb])
    if only is not None:
        wanted = np.intersect1d(wanted, only)
    verbs = hits.where(verb)
    for i in wanted.tolist():
        offset = int(batch.offsets[i])
        cues = [
            (s - offset, e - offset, _SCANNER.terms[entry])
            for s, e, entry, at in zip(verbs.start, verbs.end, verbs.entry, verbs.sentence, strict=True)
            if at == i
        ]
        result[i] = attribute_sentence(batch.texts[i], cues, _WORDS)
    return result


@settings(max_examples=150, deadline=None)
@given(SENTENCES, st.data())
def test_attribute_parses_the_sentences_the_set_functions_chose(texts, data):
    """The blame order of calls (``only`` first), then the source family and hedging, sharing one cache."""
    batch = Batch.of(texts)
    matches = _FAMILY._matches(batch, _SCANNER)
    only = np.array(sorted(data.draw(st.sets(st.integers(0, len(texts) - 1)))), dtype=np.int64)
    for options in ({"only": only}, {}, {"anonymous_only": True}):
        got = attribute(batch, matches, _SCANNER, _WORDS, _LEXICON, **options)
        assert got == attribute_by_set_functions(batch, matches, **options)


def extraction_by_dense_lists(batch, found, family, names):
    """The form ``attribution_extraction`` replaced: one Python list per column over every sentence."""
    n = len(found)
    kinds = np.array([a.kind if a else "none" for a in found], dtype=object)
    features = np.zeros((n, len(names)))
    for j, kind in enumerate(("anonymous_official", "named_person", "organisation", "none")):
        features[:, j] = kinds == kind
    hits = [(i, a) for i, a in enumerate(found) if a]
    base = batch.offsets
    cues = cue_rows(
        batch,
        family,
        [int(base[i]) + a.start for i, a in hits],
        [int(base[i]) + a.end for i, a in hits],
        [a.kind for _, a in hits],
        [a.verb.lower() for _, a in hits],
        [False] * len(hits),
    )
    annotations = pd.DataFrame(
        {
            "source_kind": kinds,
            "source_text": [a.source if a else "" for a in found],
            "source_start": [a.start if a else -1 for a in found],
            "source_end": [a.end if a else -1 for a in found],
        }
    )
    return features, cues, annotations


_ATTRIBUTIONS = st.builds(
    Attribution,
    kind=st.sampled_from(["anonymous_official", "named_person", "organisation"]),
    start=st.integers(0, 30),
    end=st.integers(31, 60),
    source=st.text(max_size=12),
    verb=st.sampled_from(["said", "Told", "according to"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), _ATTRIBUTIONS), min_size=1, max_size=15))
def test_attribution_columns_equal_the_dense_lists(found):
    batch = Batch.of(["x" * 60] * len(found))
    names = _FAMILY.feature_names_out_
    got = attribution_extraction(batch, found, "source", names)
    features, cues, annotations = extraction_by_dense_lists(batch, found, "source", names)
    np.testing.assert_array_equal(got.features, features)
    pd.testing.assert_frame_equal(got.annotations, annotations, check_exact=True)
    for field in ("sentence", "family", "category", "term", "start", "end", "negated"):
        expected = getattr(cues, field)
        assert getattr(got.cues, field).dtype == expected.dtype
        np.testing.assert_array_equal(getattr(got.cues, field), expected)


def test_an_empty_batch_gets_the_column_types_of_a_full_one():
    """The one difference from the dense lists: pandas read their empty lists as float64 columns."""
    annotations = attribution_extraction(Batch.of([]), [], "source", _FAMILY.feature_names_out_).annotations
    assert annotations["source_start"].dtype == annotations["source_end"].dtype == np.int64
    assert len(annotations) == 0
