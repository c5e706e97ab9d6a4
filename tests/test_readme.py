"""The README's two commands are the ones that work, and .ci/run runs the README's test command."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL)


def test_quickstart_installs_then_runs_analyze_on_the_seed(tmp_path):
    install = BLOCKS[0].strip()
    assert "pip install" in install
    steps = [s.strip() for s in install.split("&&")]
    analyze = shlex.split(steps[-1])
    assert analyze[:2] == ["framing", "analyze"]
    # Installing is what CI does before the tests; here we run the main job exactly as written,
    # from a copy of the repository layout so the output lands in a scratch folder.
    seed = ROOT / analyze[2]
    (tmp_path / "seeds").mkdir()
    (tmp_path / analyze[2]).write_bytes(seed.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "framing", *analyze[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = tmp_path / "nbc-russia-north-korea-alliance.framing.csv"
    assert f"`{out.name}`" in README
    assert len(pd.read_csv(out)) == 45
    assert "most hedged" in done.stdout and "Donald Trump -> Joe Biden" in done.stdout


def test_ci_runs_the_readme_test_command():
    test_command = BLOCKS[1].strip()
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert test_command in ci_lines
    assert ci_lines[-1] == test_command
