"""The Dask engine writes exactly the table of the local engine, in Parquet parts, or nothing at all."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

import pyarrow as pa
import pyarrow.parquet as pq

from framing.corpus import analyze_corpus
from framing.distributed import _parquet_dataset_files, analyze_dask
from framing.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"

ARTICLES = {
    "briefing": (
        "WORLD NEWS\n\nOfficials said the talks could collapse within days.\n\n"
        "\u201cWe are deeply alarmed,\u201d a senior diplomat told reporters, speaking on condition of anonymity. "
        "The crisis may escalate if the ceasefire fails. Analysts suggest that markets are likely to fall.\n\n"
        "Read more: subscribe to our newsletter.\n"
    ),
    "blame": "Trump blamed Biden for the war.\r\nRepublicans accused Democrats of a catastrophic failure.\r\n",
    "short": "Nothing happened today",
    "bom": "\ufeffThe minister said the plan would probably work. It is not certain, though.\n",
    "dense": " ".join(
        f"Sentence {i} reports that the government might raise taxes by about {i} percent." for i in range(40)
    ),
}

SENTENCES = [
    "Officials said it could happen.",
    "The senator warned of an imminent threat to national security.",
    "Democrats blamed Republicans for the shutdown.",
    "Experts believe prices will perhaps rise.",
    "Police said a man was arrested.",
    "The storm is a catastrophe, residents fear.",
    "It is definitely not a coincidence, a spokesperson insisted.",
]


def corpus_texts(n: int) -> list[str]:
    return [" ".join(SENTENCES[(i + j) % len(SENTENCES)] for j in range(1 + i % 5)) for i in range(n)]


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    # Processes, not threads: each worker is its own interpreter, as on a real cluster.
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield cluster.scheduler_address, client


def read_parts(out_dir: Path) -> pd.DataFrame:
    parts = sorted(out_dir.glob("part-*.parquet"))
    assert parts, f"no parts in {out_dir}"
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


def local_table(paths, tmp_path: Path, **kw) -> pd.DataFrame:
    out = tmp_path / "local.parquet"
    analyze_corpus(paths, out, fmt="parquet", progress=False, **kw)
    return pd.read_parquet(out)


def assert_same_as_local(paths, tmp_path, address, *, local_paths=None, **kw):
    out_dir = tmp_path / "out"
    result = analyze_dask(paths, out_dir, scheduler=address, progress=False, **kw)
    kw.pop("partition_documents", None)
    expected = local_table(paths if local_paths is None else local_paths, tmp_path, **kw)
    got = read_parts(out_dir)
    pd.testing.assert_frame_equal(got, expected)
    assert result["sentences"] == len(expected)
    assert result["documents"] == expected["article_id"].nunique()
    assert result["partitions"] == len(list(out_dir.glob("part-*.parquet")))
    assert result["seconds"] > 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary files left behind"
    return result


@pytest.mark.slow
def test_text_folder_matches_local_engine(tmp_path, cluster):
    address, _ = cluster
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    shutil.copy(SEED, folder / SEED.name)
    result = assert_same_as_local(folder, tmp_path, address, partition_documents=2)
    assert result["documents"] == 6 and result["partitions"] == 3


@pytest.mark.slow
def test_jsonl_and_csv_corpus_matches_local_engine(tmp_path, cluster):
    address, _ = cluster
    jsonl = tmp_path / "news.jsonl"
    texts = corpus_texts(40)
    with jsonl.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": i if i % 2 else f"doc-{i}", "text": text, "extra": [i]}) + "\n")
            if i == 10:
                f.write("\n")  # blank lines are skipped by both engines
    csv = tmp_path / "more.csv"  # no id column: ids are "more:<row>"
    pd.DataFrame({"body": texts[:9], "text": corpus_texts(9)}).to_csv(csv, index=False)
    result = assert_same_as_local([jsonl, csv], tmp_path, address, partition_documents=6)
    assert result["documents"] == 49
    assert result["partitions"] == 9  # 49 documents in 6s: partitions run on across file boundaries


@pytest.mark.slow
def test_partitioned_parquet_matches_local_engine(tmp_path, cluster):
    address, _ = cluster
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    texts = corpus_texts(31)
    # Several row groups per file, slices that start inside a row group, one file without ids.
    pq.write_table(
        pa.table({"id": [f"a{i}" for i in range(13)], "text": texts[:13]}),
        dataset / "part.0.parquet",
        row_group_size=4,
    )
    pq.write_table(pa.table({"text": texts[13:20]}), dataset / "part.1.parquet", row_group_size=3)
    pq.write_table(pa.table({"id": list(range(11)), "text": texts[20:]}), dataset / "part.2.parquet")
    (dataset / "_SUCCESS").write_text("")
    files = [dataset / f"part.{i}.parquet" for i in range(3)]
    result = assert_same_as_local(dataset, tmp_path, address, local_paths=files, partition_documents=5)
    assert result["documents"] == 31
    assert result["partitions"] == 3 + 2 + 3
    got = read_parts(tmp_path / "out")
    assert got["article_id"].drop_duplicates().tolist()[12:16] == ["a12", "part.1:1", "part.1:2", "part.1:3"]


def test_dataset_files_in_natural_order(tmp_path):
    for name in ("part.10.parquet", "part.2.parquet", "part.1.parquet", "_metadata", ".hidden.parquet"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "year=2024").mkdir()
    (tmp_path / "year=2024" / "part.0.parquet").write_bytes(b"")
    names = [p.relative_to(tmp_path).as_posix() for p in _parquet_dataset_files(tmp_path)]
    assert names == ["part.1.parquet", "part.2.parquet", "part.10.parquet", "year=2024/part.0.parquet"]


def test_refuses_non_empty_out_dir(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        analyze_dask(SEED, out_dir, scheduler="tcp://127.0.0.1:1")  # refused before any connection
    assert [p.name for p in out_dir.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_refuses_out_dir_equal_to_input(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials said so.")
    with pytest.raises(InputError, match="it is the input"):
        analyze_dask(folder, folder, scheduler="tcp://127.0.0.1:1")


def test_bad_input_fails_before_any_work(tmp_path):
    out_dir = tmp_path / "out"
    with pytest.raises(InputError, match="does not exist"):
        analyze_dask(tmp_path / "missing.jsonl", out_dir, scheduler="tcp://127.0.0.1:1")
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        analyze_dask([SEED, tmp_path / "empty.txt"], out_dir, scheduler="tcp://127.0.0.1:1")
    assert not out_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


@pytest.mark.slow
def test_bad_row_mid_run_leaves_nothing(tmp_path, cluster):
    address, _ = cluster
    jsonl = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(corpus_texts(30))]
    lines[24] = '{"id": 24, "text": "unterminated'
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out_dir = tmp_path / "out"
    with pytest.raises(InputError, match="line 25 of"):  # read by the client, after partitions were submitted
        analyze_dask(jsonl, out_dir, scheduler=address, partition_documents=4, progress=False)
    assert not out_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]


@pytest.mark.slow
def test_bad_parquet_row_on_a_worker_leaves_nothing(tmp_path, cluster):
    address, _ = cluster
    texts = corpus_texts(12)
    texts[9] = "   "
    data = tmp_path / "news.parquet"
    pq.write_table(pa.table({"text": texts}), data, row_group_size=5)
    with pytest.raises(InputError) as local_error:
        local_table(data, tmp_path)
    out_dir = tmp_path / "out"
    with pytest.raises(InputError) as dask_error:  # raised on the worker, re-raised here
        analyze_dask(data, out_dir, scheduler=address, partition_documents=4, progress=False)
    assert str(dask_error.value) == str(local_error.value)
    assert "row 10 of" in str(dask_error.value)
    assert not out_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.parquet"]


@pytest.mark.slow
def test_lexicons_compiled_once_per_worker(tmp_path, cluster):
    _, client = cluster
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("".join(json.dumps({"text": t}) + "\n" for t in corpus_texts(40)), encoding="utf-8")
    result = analyze_dask(jsonl, tmp_path / "out", scheduler=client, partition_documents=3, progress=False)
    assert result["partitions"] == 14
    from framing.distributed import _worker_compilations

    assert list(client.run(_worker_compilations).values()) == [1, 1]
    assert client.status == "running"  # a client passed in is left open


@pytest.mark.slow
def test_starts_and_closes_its_own_cluster(tmp_path):
    result = analyze_dask(SEED, tmp_path / "out", n_workers=1, progress=False)
    assert result["workers"] == 1 and result["partitions"] == 1
    pd.testing.assert_frame_equal(read_parts(tmp_path / "out"), local_table(SEED, tmp_path))
