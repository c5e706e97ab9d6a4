"""Article ids are unique across a whole corpus, in both engines; --skip-empty works in both."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.errors import InputError
from framing.io.readers import read_documents


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def duplicate_error(paths, **kw) -> str:
    with pytest.raises(InputError) as info:
        read_documents(paths, **kw)
    message = str(info.value)
    assert "\n" not in message and "repeats article id" in message, message
    return message


def test_jsonl_rows_with_one_id(tmp_path):
    corpus = jsonl(
        tmp_path / "c.jsonl",
        [{"id": "a", "text": "One."}, {"id": "b", "text": "Two."}, {"id": "a", "text": "Three."}],
    )
    message = duplicate_error(corpus)
    assert "line 3 of" in message and "'a'" in message and "--id-col" in message


def test_csv_and_parquet_rows_with_one_id(tmp_path):
    frame = pd.DataFrame({"id": ["x", "y", "x"], "text": ["One.", "Two.", "Three."]})
    frame.to_csv(tmp_path / "c.csv", index=False)
    frame.to_parquet(tmp_path / "c.parquet")
    assert "row 3 of" in duplicate_error(tmp_path / "c.csv")
    assert "row 3 of" in duplicate_error(tmp_path / "c.parquet")


def test_txt_stem_against_a_table_id(tmp_path):
    (tmp_path / "a.txt").write_text("A text file.", encoding="utf-8")
    corpus = jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "A row."}])
    assert "line 1 of" in duplicate_error([tmp_path / "a.txt", corpus])
    assert "file" in duplicate_error([corpus, tmp_path / "a.txt"])


def test_float_and_string_spellings_of_one_id(tmp_path):
    first = jsonl(tmp_path / "a.jsonl", [{"id": 1.0, "text": "One."}])
    second = jsonl(tmp_path / "b.jsonl", [{"id": "1", "text": "Uno."}])
    assert "'1'" in duplicate_error([first, second])


def test_row_numbers_against_explicit_ids(tmp_path):
    numbered = jsonl(tmp_path / "c.jsonl", [{"text": "One."}])  # id c:1
    explicit = jsonl(tmp_path / "d.jsonl", [{"id": "c:1", "text": "Two."}])
    duplicate_error([numbered, explicit])


def test_unique_ids_across_files_are_fine(tmp_path):
    a = jsonl(tmp_path / "a.jsonl", [{"id": 1, "text": "One."}])
    b = jsonl(tmp_path / "b.jsonl", [{"id": 2, "text": "Two."}])
    assert [d.id for d in read_documents([a, b])] == ["1", "2"]


def test_cli_stops_with_exit_2_and_writes_nothing(tmp_path, capsys):
    corpus = jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "One."}, {"id": "a", "text": "Two."}])
    out = tmp_path / "o.csv"
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet"]) == 2
    assert "repeats article id 'a'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl"]


# --------------------------------------------------------------------------- dask engine


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("distributed")
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


def test_dask_refuses_duplicates_across_jsonl_and_parquet(tmp_path, client):
    from framing.distributed import analyze_dask

    corpus = jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "One."}, {"id": "7", "text": "Two."}])
    pd.DataFrame({"id": [5, 7], "text": ["Three.", "Four."]}).to_parquet(tmp_path / "p.parquet")
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"row 2 of .*p\.parquet.* repeats article id '7'"):
        analyze_dask([corpus, tmp_path / "p.parquet"], out, scheduler=client, partition_documents=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "p.parquet"]
    corpus = jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "One."}, {"id": "a", "text": "Two."}])
    with pytest.raises(InputError, match="line 2 of .* repeats article id 'a'"):
        analyze_dask([corpus], out, scheduler=client)


def test_dask_honours_skip_empty(tmp_path, client):
    from framing.distributed import analyze_dask

    corpus = jsonl(
        tmp_path / "c.jsonl",
        [{"id": "a", "text": "One."}, {"id": "b", "text": " "}, {"id": "c", "text": "Three."}],
    )
    pd.DataFrame({"id": ["d", "e"], "text": ["", "Five."]}).to_parquet(tmp_path / "p.parquet")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "f.txt").write_text("Six.")
    inputs = [tmp_path / "empty.txt", corpus, tmp_path / "p.parquet", tmp_path / "f.txt"]
    with pytest.raises(InputError, match="--skip-empty"):
        analyze_dask(inputs[1:2], tmp_path / "refused", scheduler=client)
    result = analyze_dask(inputs, tmp_path / "out", scheduler=client, skip_empty=True)
    parts = sorted((tmp_path / "out").glob("part-*.parquet"))
    table = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    assert table["article_id"].drop_duplicates().tolist() == ["a", "c", "e", "f"]
    assert result["documents"] == 4
