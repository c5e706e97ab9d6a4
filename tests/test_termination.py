"""A killed run cleans up: SIGTERM is handled like Ctrl-C (exit 143), and workers die with their parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SENTENCE = (
    "Officials said the talks could collapse, and critics blamed the minister for a catastrophic failure. "
)


def corpus(path: Path, documents: int = 4000) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"id": f"d{i}", "text": SENTENCE * 20}) + "\n" for i in range(documents))
    return path


def children(pid: int) -> set[int]:
    """Live child processes of ``pid`` (Linux /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def start(tmp_path: Path, *extra: str, documents: int = 4000, out: str = "o.csv") -> subprocess.Popen:
    data = corpus(tmp_path / "big.jsonl", documents)
    command = [sys.executable, "-m", "framing", "analyze", str(data), "--out", str(tmp_path / out), "--quiet"]
    return subprocess.Popen([*command, *extra], cwd=tmp_path, stderr=subprocess.PIPE, text=True)


def running_with_workers(process: subprocess.Popen, tmp_path: Path, workers: int) -> set[int]:
    """Wait until the run is writing its temporary output with ``workers`` workers; return their pids."""
    pids: set[int] = set()

    def ready() -> bool:
        nonlocal pids
        pids = children(process.pid)
        return len(pids) >= workers and any(p.name.startswith(".o.csv.") for p in tmp_path.iterdir())

    assert wait_until(ready, 120), f"the run never started (children {pids})"
    return pids


def test_sigterm_removes_temporary_output_kills_workers_and_exits_143(tmp_path):
    process = start(tmp_path, "--n-jobs", "2")
    try:
        workers = running_with_workers(process, tmp_path, 2)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]
    assert wait_until(lambda: not any(alive(w) for w in workers), 20), "workers outlived the run"


def test_workers_die_when_the_parent_is_killed(tmp_path):
    process = start(tmp_path, "--n-jobs", "2")
    try:
        workers = running_with_workers(process, tmp_path, 2)
        process.kill()  # SIGKILL: no handler runs in the parent
        process.wait(timeout=30)
    finally:
        process.kill()
    assert wait_until(lambda: not any(alive(w) for w in workers), 20), "workers orphaned under PID 1"


def test_sigterm_in_a_single_process_run(tmp_path):
    process = start(tmp_path)
    try:
        running_with_workers(process, tmp_path, 0)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 143, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


def test_sigterm_leaves_no_dask_parts_folder(tmp_path):
    pytest.importorskip("distributed")
    dask = ["--engine", "dask", "--n-jobs", "1", "--partition-size", "50"]
    process = start(tmp_path, *dask, documents=3000, out="parts")
    try:
        assert wait_until(lambda: any(p.name.startswith(".parts.") for p in tmp_path.iterdir()), 120)
        assert wait_until(lambda: any(any(p.iterdir()) for p in tmp_path.glob(".parts.*")), 120)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=90)
    finally:
        process.kill()
    assert process.returncode == 143, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]
