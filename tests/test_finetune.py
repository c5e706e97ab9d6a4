"""The fine-tuned sentence encoder (framing.models.finetune): parameters refused before any weight is read, the
length-sorted batches, and, where the ``embeddings`` extra is installed, a fine-tune that learns, repeats with
its seed and survives a saved model."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from framing.cli import main as cli_main
from framing.models.encoders import encoder_available
from framing.models.finetune import (
    POOL_BATCHES,
    FineTunedEncoderClassifier,
    _batches_per_epoch,
    _length_batches,
)
from framing.models.persistence import TRUSTED_TYPES, load_model, save_model

# tests/test_encoders.py checks encoder_available against the installed packages
needs_extra = pytest.mark.skipif(not encoder_available(), reason="the embeddings extra is not installed")

# Two kinds of sentence that share no content word, so a few steps of training can tell them apart.
BLAME = [
    "The minister was accused of lying to parliament about the contract.",
    "Critics blamed the mayor for the collapse of the housing scheme.",
    "Opposition leaders condemned the governor over the failed rollout.",
    "Campaigners held the company responsible for the poisoned river.",
    "The senator attacked the president's handling of the crisis.",
    "Unions accused the chancellor of betraying nurses.",
]
WEATHER = [
    "Light rain is expected across the north on Tuesday morning.",
    "Temperatures will reach 20C in the south by the weekend.",
    "A band of cloud brings drizzle to western coasts overnight.",
    "Sunny spells follow a chilly start in most eastern areas.",
    "Fog patches should clear by midday, leaving a dry afternoon.",
    "Showers will turn heavier later, with snow on high ground.",
]
TEXTS = BLAME + WEATHER
LABELS = np.array(["blame"] * len(BLAME) + ["weather"] * len(WEATHER), dtype=object)
FAST = {"epochs": 4, "learning_rate": 3e-4, "batch_size": 4, "max_length": 32}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"epochs": 0}, "epochs must be a positive integer"),
        ({"batch_size": 2.5}, "batch_size must be a positive integer"),
        ({"learning_rate": -1.0}, "learning_rate must be a positive number"),
        ({"dropout": 1.0}, r"dropout must be a number in \[0, 1\)"),
        ({"weight_decay": -0.1}, "weight_decay must be a non-negative number"),
    ],
)
def test_bad_parameters_are_refused_at_fit_before_any_weight_is_read(params, message):
    with pytest.raises(ValueError, match=message):
        FineTunedEncoderClassifier(**params).fit(TEXTS, LABELS)


def test_one_class_or_mismatched_labels_are_refused():
    with pytest.raises(ValueError, match="at least two classes"):
        FineTunedEncoderClassifier().fit(BLAME, ["blame"] * len(BLAME))
    with pytest.raises(ValueError, match="12 texts but 11 labels"):
        FineTunedEncoderClassifier().fit(TEXTS, LABELS[:-1])


@pytest.mark.parametrize("n, batch_size", [(1, 16), (47, 4), (POOL_BATCHES * 16 + 5, 16)])
def test_each_epoch_batches_every_row_once_by_similar_length(n, batch_size):
    rng = np.random.default_rng(0)
    lengths = rng.integers(1, 200, size=n)
    batches = _length_batches(rng, lengths, batch_size)
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(n))
    assert max(len(b) for b in batches) <= batch_size
    assert len(batches) == _batches_per_epoch(n, batch_size)  # the count the learning-rate schedule uses
    # within a batch the lengths are sorted: every batch comes from one pool, sorted by length
    assert all(np.all(np.diff(lengths[b]) >= 0) for b in batches)
    if n > 2 * batch_size:  # and the batches themselves are shuffled, not in order of length
        firsts = [lengths[b[0]] for b in batches]
        assert firsts != sorted(firsts)


def test_the_model_is_a_trusted_type():
    assert "framing.models.finetune.FineTunedEncoderClassifier" in TRUSTED_TYPES


@needs_extra
@pytest.mark.slow
def test_fine_tuning_learns_repeats_with_its_seed_and_survives_a_saved_model(tmp_path):
    model = FineTunedEncoderClassifier(**FAST, random_state=3).fit(TEXTS, LABELS)
    assert list(model.classes_) == ["blame", "weather"]
    assert (model.predict(TEXTS) == LABELS).all()
    unseen = ["The party blamed the prime minister for the scandal.", "Heavy rain will spread east tonight."]
    assert model.predict(unseen).tolist() == ["blame", "weather"]
    again = FineTunedEncoderClassifier(**FAST, random_state=3).fit(TEXTS, LABELS)
    assert np.array_equal(again.coef_, model.coef_)
    other = FineTunedEncoderClassifier(**FAST, random_state=4).fit(TEXTS, LABELS)
    assert not np.array_equal(other.coef_, model.coef_)
    # the published encoder is untouched: a second model starts from the same weights
    from framing.models.encoders import load_encoder

    base = load_encoder()[0].auto_model.state_dict()
    name = next(iter(model.encoder_state_))
    assert not np.array_equal(base[name].numpy(), model.encoder_state_[name])
    path = save_model(model, tmp_path / "ft.skops", metadata={"labels": ["blame", "weather"]})
    assert path.stat().st_size > 50_000_000  # the trained weights are in the file
    loaded, _ = load_model(path)
    assert np.allclose(loaded.predict_proba(TEXTS + unseen), model.predict_proba(TEXTS + unseen), atol=1e-6)


def _labelled_csv(tmp_path):
    path = tmp_path / "d.csv"
    pd.DataFrame({"text": [f"{t} ({i})" for i in range(2) for t in TEXTS], "label": list(LABELS) * 2}).to_csv(
        path, index=False
    )
    return path


def test_train_refuses_fine_tuning_without_an_encoder_and_writes_nothing(tmp_path, capsys):
    data = _labelled_csv(tmp_path)
    out = tmp_path / "m.skops"
    code = cli_main(["train", str(data), "--label", "label", "--out", str(out), "--model", "vote", "--fine-tune",
                     "--quiet"])  # fmt: skip
    assert code == 2 and "--fine-tune trains a sentence encoder: add --encoder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.csv"]


@needs_extra
@pytest.mark.slow
def test_train_fine_tunes_the_vote_member_and_predict_reads_the_model(tmp_path, capsys):
    data = _labelled_csv(tmp_path)
    out = tmp_path / "m.skops"
    code = cli_main(["train", str(data), "--label", "label", "--out", str(out), "--model", "logreg",
                     "--encoder", "minilm", "--fine-tune", "--quiet"])  # fmt: skip
    assert code == 2 and "add --model vote" in capsys.readouterr().err and not out.exists()
    code = cli_main(["train", str(data), "--label", "label", "--out", str(out), "--model", "vote", "--encoder",
                     "minilm", "--fine-tune", "--folds", "2", "--n-boot", "20", "--no-learning-curve", "--quiet"])  # fmt: skip
    assert code == 0
    report = json.loads(out.with_name("m.report.json").read_text(encoding="utf-8"))
    assert report["model"]["fine_tune"] is True
    model, _ = load_model(out)
    assert [name for name, _ in model[-1].estimators][-1] == "finetuned_dense"
    predictions = tmp_path / "p.csv"
    assert cli_main(["predict", str(out), str(data), "--out", str(predictions)]) == 0
    assert len(pd.read_csv(predictions)) == 2 * len(TEXTS)
