"""Hostile and malformed model files are refused in one line, before anything large is inflated."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from framing.errors import ModelFileError
from framing.models import persistence
from framing.models.persistence import load_model, save_model

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "labelled_small.csv"


def refused(path, **kw) -> str:
    with pytest.raises(ModelFileError) as info:
        load_model(path, **kw)
    message = str(info.value)
    assert "\n" not in message, message
    return message


def zip_file(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def nothing_inflated(monkeypatch):
    """Fail the test if skops is asked to read the file at all."""

    def inflate(*a, **kw):
        raise AssertionError("skops read the file before its sizes were checked")

    monkeypatch.setattr(persistence.sio, "get_untrusted_types", inflate)
    monkeypatch.setattr(persistence.sio, "load", inflate)


def test_zip_bomb_schema_is_refused_before_inflating(tmp_path, monkeypatch, nothing_inflated):
    # 4 MiB of spaces deflate to ~4 KiB (ratio ~1000): a bomb in miniature, with the size cap lowered to match.
    monkeypatch.setattr(persistence, "MAX_MEMBER_BYTES", 1 << 20)
    bomb = zip_file(tmp_path / "bomb.skops", {"schema.json": b"{" + b" " * (4 << 20) + b"}"})
    assert bomb.stat().st_size < 64 << 10
    message = refused(bomb)
    assert "schema.json" in message and "4.0 MB" in message and "limit" in message


def test_high_compression_ratio_is_refused_under_the_size_cap(tmp_path, nothing_inflated):
    bomb = zip_file(tmp_path / "ratio.skops", {"schema.json": b"{}", "1.npy": b"\x00" * (8 << 20)})
    message = refused(bomb)
    assert "1.npy" in message and "compression ratio" in message


def test_total_size_is_capped(tmp_path, monkeypatch, nothing_inflated):
    monkeypatch.setattr(persistence, "MAX_TOTAL_BYTES", 3 << 20)
    members = {"schema.json": b"{}", **{f"{i}.npy": bytes(range(256)) * (4 << 10) for i in range(4)}}
    assert "in all" in refused(zip_file(tmp_path / "many.skops", members))


def test_deeply_nested_schema_is_refused_in_one_line(tmp_path):
    schema = b"[" * 200_000 + b"]" * 200_000
    assert "not a readable skops model file" in refused(
        zip_file(tmp_path / "deep.skops", {"schema.json": schema})
    )


def test_schema_that_is_not_an_object_is_refused(tmp_path):
    for i, schema in enumerate([b"[]", b"42", b'{"__class__": 3}', b"\xff\xfe"]):
        refused(zip_file(tmp_path / f"odd{i}.skops", {"schema.json": schema}))


@pytest.mark.parametrize("pipeline", ["not a pipeline", 42, {"a": 1}, [1, 2]])
def test_trusted_types_with_wrong_contents_are_refused(tmp_path, pipeline):
    path = save_model(pipeline, tmp_path / "m.skops", metadata={"labels": ["a"]})
    assert "does not hold a fitted classifier" in refused(path)


def test_wrong_contents_inside_a_real_pipeline_are_refused(tmp_path):
    from framing.models import build_pipeline, load_labelled

    data = load_labelled(FIXTURE, label_col="frame", n_splits=3)
    path = save_model(
        build_pipeline("nb", use_signals=False).fit(data.texts, data.y), tmp_path / "m.skops", metadata={}
    )
    load_model(path)  # the intact file loads
    # Rewrite every array of the file as a scalar: trusted types, absurd contents.
    broken = tmp_path / "broken.skops"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data_bytes = src.read(info)
            if info.filename.endswith(".npy"):
                import numpy as np

                buffer = io.BytesIO()
                np.save(buffer, np.array("x"), allow_pickle=False)
                data_bytes = buffer.getvalue()
            dst.writestr(info, data_bytes)
    assert "does not hold a fitted classifier" in refused(broken)


def test_fifo_or_device_model_path_is_not_called_missing(tmp_path):
    import os

    fifo = tmp_path / "m.skops"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(fifo)
    assert "not a regular file" in refused(Path("/dev/null"))


def test_symlink_loop_is_called_a_loop(tmp_path):
    loop = tmp_path / "m.skops"
    loop.symlink_to(loop)
    assert "loop" in refused(loop)


def test_real_model_loads_under_the_default_caps(tmp_path):
    from framing.models import build_pipeline, load_labelled

    data = load_labelled(FIXTURE, label_col="frame", n_splits=3)
    path = save_model(
        build_pipeline("logreg").fit(data.texts, data.y), tmp_path / "m.skops", metadata={"k": 1}
    )
    with zipfile.ZipFile(path) as z:
        schema = next(i for i in z.infolist() if i.filename == "schema.json")
    assert schema.file_size / schema.compress_size < persistence.MAX_RATIO
    pipeline, metadata = load_model(path)
    assert metadata == {"k": 1} and list(pipeline.classes_) == list(data.labels)
    assert json.loads(json.dumps(metadata)) == metadata
