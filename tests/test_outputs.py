"""Where outputs may go: special files are streamed into, never replaced; write errors are one line.

Regular files are written atomically (temporary file + rename). A FIFO, a terminal
or ``-`` (standard output) cannot be renamed over without destroying it, so they are
written in place as the rows come; a symbolic link is written through to its target
(the link stays); block devices, sockets and broken or looping links are refused.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.errors import FramingError, InputError
from framing.io.writers import TableWriter, atomic_output, write_table

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"
FRAME = pd.DataFrame({"id": ["a", "b"], "score": [1.5, 2.0]})
CSV = "id,score\na,1.5\nb,2.0\n"


def one_line_error(fn, *args, error=FramingError, **kw) -> str:
    with pytest.raises(error) as info:
        fn(*args, **kw)
    message = str(info.value)
    assert "\n" not in message, message
    return message


class FifoReader:
    """Drain a FIFO in a thread (opening a FIFO for writing blocks until a reader opens it)."""

    def __init__(self, path: Path):
        self.data = b""
        self.thread = threading.Thread(target=self._read, args=(path,), daemon=True)
        self.thread.start()

    def _read(self, path: Path) -> None:
        with open(path, "rb") as f:
            self.data = f.read()

    def result(self) -> bytes:
        self.thread.join(timeout=10)
        assert not self.thread.is_alive(), "the writer never closed the FIFO"
        return self.data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- special files


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_fifo_is_streamed_into_and_stays_a_fifo(tmp_path, fmt):
    fifo = tmp_path / f"pipe.{fmt}"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    write_table(FRAME, fifo)
    data = reader.result()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    if fmt == "csv":
        assert data.decode() == CSV
    elif fmt == "jsonl":
        assert data.decode().splitlines()[0] == '{"id": "a", "score": 1.5}'
    else:
        assert data.startswith(b"PAR1") and data.endswith(b"PAR1")
    assert leftovers(tmp_path) == [fifo.name]  # no temporary file beside it


def test_atomic_output_streams_into_a_fifo(tmp_path):
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    with atomic_output(fifo, text=True) as handle:
        handle.write('{"ok": true}\n')
    assert reader.result() == b'{"ok": true}\n'
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == ["report.json"]


def test_terminal_character_device_is_streamed_into(tmp_path):
    master, slave = os.openpty()
    try:
        tty = Path(os.ttyname(slave))
        assert stat.S_ISCHR(os.stat(tty).st_mode)
        write_table(FRAME, tty, "csv")
        assert stat.S_ISCHR(os.stat(tty).st_mode)
        received = b""
        while len(received) < len(CSV):
            received += os.read(master, 1024)
        assert received.replace(b"\r\n", b"\n").decode() == CSV
    finally:
        os.close(master)
        os.close(slave)


def test_dash_streams_to_stdout_and_creates_no_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code = main(["analyze", str(SEED), "--out", "-", "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("article_id,paragraph,sentence,")
    assert len(out.splitlines()) == 46  # header + 45 sentences, nothing else on stdout
    assert "wrote 45 rows to standard output" in err and "most hedged" in err
    assert leftovers(tmp_path) == []


def test_dash_needs_a_format(tmp_path):
    msg = one_line_error(TableWriter, "-")
    assert "--format" in msg


def test_symlink_is_written_through_to_its_target(tmp_path):
    target = tmp_path / "runs" / "2026.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    write_table(FRAME, link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == CSV
    assert leftovers(target.parent) == ["2026.csv"]


def test_broken_symlink_and_symlink_loop_are_refused(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.symlink_to(tmp_path / "missing" / "x.csv")
    assert "broken symbolic link" in one_line_error(write_table, FRAME, broken, error=InputError)
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    assert "loop" in one_line_error(write_table, FRAME, loop, error=InputError)
    assert broken.is_symlink() and loop.is_symlink()


def test_socket_is_refused_not_replaced(tmp_path):
    import socket

    path = tmp_path / "s.csv"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        msg = one_line_error(write_table, FRAME, path, error=InputError)
        assert "socket" in msg
        assert stat.S_ISSOCK(os.lstat(path).st_mode)


# --------------------------------------------------------------------------- write errors

FIXTURE = ROOT / "tests" / "fixtures" / "labelled_small.csv"


def failing(real, err_no: int, when=lambda *args: True):
    """``real`` (an os function) failing with ``err_no`` when ``when(*args)``: a full disk, a read-only mount."""

    def fail(*args, **kw):
        if when(*args):
            raise OSError(err_no, os.strerror(err_no))
        return real(*args, **kw)

    return fail


@pytest.mark.parametrize("err_no", [errno.ENOSPC, errno.EROFS])
def test_full_disk_while_writing_a_table_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, err_no):
    from framing.io import writers

    monkeypatch.setattr(writers.os, "replace", failing(os.replace, err_no))
    msg = one_line_error(write_table, FRAME, tmp_path / "o.csv")
    assert os.strerror(err_no) in msg and "o.csv" in msg
    assert leftovers(tmp_path) == []


def test_full_disk_in_atomic_output_is_one_line_and_leaves_nothing(tmp_path, monkeypatch):
    from framing.io import writers

    monkeypatch.setattr(writers.os, "fsync", failing(os.fsync, errno.ENOSPC))
    with pytest.raises(FramingError) as info, atomic_output(tmp_path / "m.skops") as handle:
        handle.write(b"model")
    assert "No space left" in str(info.value)
    assert leftovers(tmp_path) == []


def test_train_refuses_an_unwritable_folder_before_cross_validation(tmp_path, monkeypatch):
    from framing.io import writers
    from framing.models import api

    def no_cv(*a, **kw):
        raise AssertionError("cross-validation ran before the output folder was checked")

    monkeypatch.setattr(api, "train", no_cv)
    missing = tmp_path / "missing" / "m.skops"
    assert "does not exist" in one_line_error(api.train_model, FIXTURE, label="frame", out=missing, folds=3)
    monkeypatch.setattr(writers.tempfile, "mkstemp", failing(writers.tempfile.mkstemp, errno.EROFS))
    msg = one_line_error(api.train_model, FIXTURE, label="frame", out=tmp_path / "m.skops", folds=3)
    assert "Read-only file system" in msg


@pytest.mark.slow
def test_train_leaves_no_model_without_its_report(tmp_path, monkeypatch):
    from framing.io import writers
    from framing.models import api

    full_at_report = failing(
        os.replace, errno.ENOSPC, when=lambda src, dst: str(dst).endswith(".report.json")
    )
    monkeypatch.setattr(writers.os, "replace", full_at_report)
    msg = one_line_error(
        api.train_model,
        FIXTURE,
        label="frame",
        out=tmp_path / "m.skops",
        folds=3,
        n_boot=10,
        models=["logreg"],
    )
    assert "No space left" in msg
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------- spreadsheets

FORMULA = '=HYPERLINK("http://example.com","Officials could act.")'


def test_csv_safe_prefixes_formula_cells_and_only_when_asked(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(FORMULA + "\n\n-5 people may have died.\n", encoding="utf-8")
    plain, safe = tmp_path / "plain.csv", tmp_path / "safe.csv"
    assert main(["analyze", str(article), "--out", str(plain), "--quiet"]) == 0
    assert main(["analyze", str(article), "--out", str(safe), "--quiet", "--csv-safe"]) == 0
    plain_text = pd.read_csv(plain, keep_default_na=False)["text"].tolist()
    safe_text = pd.read_csv(safe, keep_default_na=False)["text"].tolist()
    assert plain_text[0].startswith("=") and safe_text[0] == "'" + plain_text[0]
    assert safe_text[-1] == "'" + plain_text[-1] and plain_text[-1].startswith("-5")
    numbers = pd.read_csv(safe, keep_default_na=False)["start"].tolist()
    assert numbers == pd.read_csv(plain, keep_default_na=False)["start"].tolist()
    code = main(["analyze", str(article), "--out", str(tmp_path / "o.parquet"), "--quiet", "--csv-safe"])
    assert code == 2 and "CSV output only" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "work"),
    [
        (["predict", "m.skops", "a.txt", "--out", "{missing}/p.csv"], "framing.models.predict_table"),
        (["validate", "--out", "{missing}/v.csv"], "framing.validity.validate"),
        (["benchmark", "all", "--out", "{missing}/b.md"], "framing.benchmarks.run_benchmarks"),
    ],
)
def test_commands_check_their_outputs_before_the_work(tmp_path, monkeypatch, capsys, argv, work):
    import importlib

    module, name = work.rsplit(".", 1)

    def no_work(*a, **kw):
        raise AssertionError(f"{work} ran before the output folder was checked")

    monkeypatch.setattr(importlib.import_module(module), name, no_work)
    missing = tmp_path / "no-such-folder"
    assert main([a.format(missing=missing) for a in argv]) == 2
    assert "does not exist" in capsys.readouterr().err
