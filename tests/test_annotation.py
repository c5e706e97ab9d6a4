"""The annotation loop (framing.annotation, framing sample, framing import-labels)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.annotation import export_tasks, import_labels, sample_file, sample_sentences, uncertainty
from framing.cli import main
from framing.errors import InputError
from framing.models import train_model
from framing.signals import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"
FIXTURE = ROOT / "tests" / "fixtures" / "labelled_small.csv"


@pytest.fixture(scope="module")
def signals() -> pd.DataFrame:
    return framing.analyze({"nbc": SEED.read_text(encoding="utf-8")})


def error_of(fn, *args, **kw) -> str:
    with pytest.raises(InputError) as info:
        fn(*args, **kw)
    assert "\n" not in str(info.value)
    return str(info.value)


# --------------------------------------------------------------------------- sampling


def test_stratified_sample_takes_equal_shares_of_each_signal_bin_and_is_seeded(signals):
    sample = sample_sentences(signals, 12, by="hedging_score", bins=3, random_state=1)
    assert len(sample) == 12 and sample["id"].is_unique
    counts = sample["stratum"].value_counts()
    assert counts.max() - counts.min() <= 1 or counts.min() == (signals["hedging_score"] == 0).sum()
    assert "0" in set(sample["stratum"])  # sentences without a hedge are their own stratum
    assert sample["id"].iloc[0].startswith("nbc#")  # <article_id>#<start>, the package's sentence id
    again = sample_sentences(signals, 12, by="hedging_score", bins=3, random_state=1)
    other = sample_sentences(signals, 12, by="hedging_score", bins=3, random_state=2)
    assert again["id"].tolist() == sample["id"].tolist()
    assert other["id"].tolist() != sample["id"].tolist()


def test_small_strata_pass_their_share_to_the_others():
    table = pd.DataFrame(
        {
            "id": [str(i) for i in range(13)],
            "text": [f"t{i}" for i in range(13)],
            "outlet": ["a"] * 10 + ["b"] * 2 + ["c"],
        }
    )
    sample = sample_sentences(table, 9, by="outlet")
    assert sample["outlet"].value_counts().to_dict() == {"a": 6, "b": 2, "c": 1}


def test_labelled_sentences_are_excluded_by_id_and_by_retyped_text(signals):
    first = signals.iloc[[3]].assign(id=lambda d: d["article_id"] + "#" + d["start"].astype(str))
    retyped = pd.DataFrame({"text": ["  " + signals["text"].iloc[5].upper() + " "]})
    sample = sample_sentences(signals, len(signals), strategy="random", exclude=[first[["id"]], retyped])
    assert len(sample) == len(signals) - 2
    assert first["id"].iloc[0] not in set(sample["id"])
    assert signals["text"].iloc[5] not in set(sample["text"])
    assert sample.attrs["excluded"] == 2


def test_uncertainty_strategies_rank_known_probabilities():
    P = np.array([[0.9, 0.05, 0.05], [0.4, 0.35, 0.25], [0.5, 0.5, 0.0], [0.34, 0.33, 0.33]])
    assert np.argsort(-uncertainty(P, "least_confidence"))[0] == 3
    assert np.argsort(-uncertainty(P, "margin"))[:2].tolist() in ([2, 3], [3, 2])
    assert np.argmax(uncertainty(P, "entropy")) == 3 and np.argmin(uncertainty(P, "entropy")) == 0
    # multi-label: a probability at its label's threshold is the most uncertain, whatever the threshold
    labels = np.array([[0.2, 0.9], [0.21, 0.99], [0.9, 0.99]])
    assert np.argmax(uncertainty(labels, "least_confidence", thresholds=[0.2, 0.5])) == 0


def test_uncertainty_sampling_picks_the_sentences_the_model_is_least_sure_of(tmp_path):
    train_model(
        FIXTURE,
        label="frame",
        out=tmp_path / "m.skops",
        models=["nb"],
        folds=3,
        n_boot=50,
        with_learning_curve=False,
    )
    sample, labels = sample_file(FIXTURE, 5, strategy="margin", model=tmp_path / "m.skops")
    assert labels == ["economic", "political", "security_and_defense"]
    everything, _ = sample_file(FIXTURE, 52, strategy="margin", model=tmp_path / "m.skops")
    rest = everything[~everything["id"].isin(sample["id"])]
    assert sample["uncertainty"].min() >= rest["uncertainty"].max()
    assert "pass --model" in error_of(sample_file, FIXTURE, 5, strategy="entropy")


# --------------------------------------------------------------------------- export


def test_label_studio_export_highlights_every_cue_at_its_offsets(signals, tmp_path):
    sample = sample_sentences(signals, 10, by="alarm_score", random_state=0)
    files = export_tasks(sample, tmp_path / "tasks.json", labels=["alarm", "calm"])
    tasks = json.loads(files[0].read_text())
    spans = 0
    for task, (_, row) in zip(tasks, sample.iterrows(), strict=True):
        assert task["data"]["framing_id"] == row["id"]
        for region in task["predictions"][0]["result"]:
            value = region["value"]
            assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
            assert region["type"] == "labels" and region["to_name"] == "text"
            spans += 1
    assert spans == sum(len(json.loads(c)) for c in sample["cues"])
    assert spans > 0
    config = files[1].read_text()
    assert '<Choice value="calm"/>' in config and 'choice="single"' in config


def test_label_studio_offsets_count_utf16_units_like_the_browser(tmp_path):
    text = "\U0001f4a5 Experts warn of a catastrophe."
    table = framing.analyze({"e": text})
    sample = sample_sentences(table, 1, strategy="random")
    task = json.loads(export_tasks(sample, tmp_path / "t.json", labels=["x"])[0].read_text())[0]
    region = task["predictions"][0]["result"][0]["value"]
    encoded = text.encode("utf-16-le")
    assert encoded[2 * region["start"] : 2 * region["end"]].decode("utf-16-le") == region["text"]


def test_doccano_and_csv_exports(signals, tmp_path):
    sample = sample_sentences(signals, 6, by="hedging_score", random_state=0)
    export_tasks(sample, tmp_path / "tasks.jsonl")
    records = [json.loads(line) for line in (tmp_path / "tasks.jsonl").read_text().splitlines()]
    assert [r["framing_id"] for r in records] == sample["id"].tolist()
    for record in records:
        for start, end, family in record["entities"]:
            assert family in {f.family for f in FAMILIES} and 0 <= start < end <= len(record["text"])
    export_tasks(sample, tmp_path / "tasks.csv")
    table = pd.read_csv(tmp_path / "tasks.csv", keep_default_na=False)
    assert table.columns.tolist() == ["id", "text", "cues", "label"] and set(table["label"]) == {""}


# --------------------------------------------------------------------------- import


def _label_studio_export(path: Path, tasks: list[tuple[str, str, list[list[str]]]]) -> Path:
    """A Label Studio JSON export: each task with one annotation per coder, choices as results."""
    out = [
        {
            "id": i,
            "data": {"text": text, "framing_id": id_},
            "annotations": [
                {
                    "completed_by": k,
                    "was_cancelled": False,
                    "result": [
                        {"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": c}}
                    ],
                }
                for k, c in enumerate(coded)
            ],
        }
        for i, (id_, text, coded) in enumerate(tasks, start=1)
    ]
    path.write_text(json.dumps(out), encoding="utf-8")
    return path


def test_label_studio_export_reads_back_as_a_training_table(tmp_path):
    path = _label_studio_export(
        tmp_path / "export.json",
        [
            ("a#0", "One.", [["hedged"]]),
            ("a#5", "Two.", [["plain"], ["plain"]]),
            ("a#9", "Three.", []),
        ],
    )
    table = import_labels(path, labels=["hedged", "plain"])
    assert table.to_dict("records") == [
        {"id": "a#0", "text": "One.", "label": "hedged"},
        {"id": "a#5", "text": "Two.", "label": "plain"},
    ]
    assert table.attrs["unlabelled"] == 1


def test_import_refuses_conflicts_unknown_labels_missing_ids_and_unmarked_multi_labels(tmp_path):
    conflict = _label_studio_export(tmp_path / "c.json", [("a#0", "One.", [["hedged"], ["plain"]])])
    assert "task 1" in error_of(import_labels, conflict) and "conflicting" in error_of(
        import_labels, conflict
    )
    unknown = _label_studio_export(tmp_path / "u.json", [("a#0", "One.", [["hedgd"]])])
    assert "task 1" in error_of(import_labels, unknown, labels=["hedged", "plain"])
    missing = _label_studio_export(
        tmp_path / "m.json", [("a#0", "One.", [["plain"]]), (None, "Two.", [["plain"]])]
    )
    assert "task 2 is labelled but has no framing_id" in error_of(import_labels, missing)
    several = _label_studio_export(tmp_path / "s.json", [("a#0", "One.", [["guns", "schools"]])])
    assert "--label-sep" in error_of(import_labels, several)
    assert import_labels(several, label_sep="|")["label"].tolist() == ["guns|schools"]
    rows = tmp_path / "rows.csv"
    rows.write_text("id,text,label\nx,One.,a\ny,Two.,b\nx,One.,b\n", encoding="utf-8")
    message = error_of(import_labels, rows)
    assert "data row 3 and data row 1" in message


def test_doccano_export_reads_cats_or_text_classification_labels(tmp_path):
    path = tmp_path / "doccano.jsonl"
    path.write_text(
        json.dumps(
            {"id": 7, "text": "One.", "framing_id": "a#0", "entities": [[0, 3, "hedging"]], "cats": ["plain"]}
        )
        + "\n"
        + json.dumps({"id": 8, "text": "Two.", "label": ["hedged"], "meta": {"framing_id": "a#5"}})
        + "\n"
        + json.dumps({"id": 9, "text": "Three.", "framing_id": "a#9", "cats": []})
        + "\n",
        encoding="utf-8",
    )
    table = import_labels(path)
    assert table[["id", "label"]].values.tolist() == [["a#0", "plain"], ["a#5", "hedged"]]


def test_cli_sample_then_import_round_trip(tmp_path, capsys):
    signals_csv = tmp_path / "signals.csv"
    assert main(["analyze", str(SEED), "--out", str(signals_csv)]) == 0
    assert (
        main(
            [
                "sample",
                str(signals_csv),
                "--n",
                "8",
                "--by",
                "hedging_score",
                "--labels",
                "hedged,plain",
                "--out",
                str(tmp_path / "tasks.json"),
                "--seed",
                "4",
            ]
        )
        == 0
    )
    tasks = json.loads((tmp_path / "tasks.json").read_text())
    assert (
        main(
            [
                "sample",
                str(signals_csv),
                "--n",
                "8",
                "--by",
                "hedging_score",
                "--out",
                str(tmp_path / "t.csv"),
            ]
        )
        == 0
    )
    from_csv = sample_sentences(pd.read_csv(signals_csv, dtype=str), 8, by="hedging_score")
    assert set(from_csv["stratum"]) <= {"0"} | {
        s for s in from_csv["stratum"] if ".." in s
    }  # bins, not values
    for i, task in enumerate(tasks):  # a coder labels every task
        task["annotations"] = [
            {"result": [{"type": "choices", "value": {"choices": ["hedged" if i % 2 else "plain"]}}]}
        ]
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    assert (
        main(
            [
                "import-labels",
                str(tmp_path / "export.json"),
                "--labels",
                "hedged,plain",
                "--out",
                str(tmp_path / "labelled.csv"),
            ]
        )
        == 0
    )
    labelled = pd.read_csv(tmp_path / "labelled.csv")
    assert len(labelled) == 8 and set(labelled["label"]) == {"hedged", "plain"}
    # the next round never offers these sentences again
    assert (
        main(
            [
                "sample",
                str(signals_csv),
                "--n",
                "100",
                "--strategy",
                "random",
                "--exclude",
                str(tmp_path / "labelled.csv"),
                "--out",
                str(tmp_path / "next.csv"),
            ]
        )
        == 0
    )
    again = pd.read_csv(tmp_path / "next.csv")
    assert not set(again["id"]) & set(labelled["id"])
    assert "8 already labelled were skipped" in capsys.readouterr().out
