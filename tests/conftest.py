"""Shared fixtures: the seed article and its analysed table, computed once per session; story pairs;
the scripts under benchmarks/ as modules; figures drawn again in a fresh interpreter, and a folder's
files as bytes to compare two runs."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = ROOT.parent / "shared" / "data" / "external"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_table(seed_text) -> pd.DataFrame:
    from framing import analyze

    return analyze({"nbc": seed_text})


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"public datasets not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def benchmark_script():
    """Load ``benchmarks/<name>.py`` as a module (the scripts are not a package)."""

    def load(name: str):
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture(scope="session")
def story_pairs():
    """Headline-body pairs in FNC-1's shape, of our own words: each story's 2 headlines with its 3 bodies
    (agree/discuss, sharing the story's word) and with one body of each of 3 other stories (unrelated)."""
    words = ("storm", "tax", "rocket", "vote", "flood", "bank", "court", "virus", "fire", "bridge", "strike")

    def build(n_stories: int = 9, seed: int = 0) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        rows = []
        for s, word in enumerate(words[:n_stories]):
            for h in range(2):
                headline = f"{word} headline {h} says the {word} news"
                for b in range(3):
                    body = f"body {b} of the {word} story: the {word} was reported today"
                    rows.append({"pair": headline, "text": body, "label": ("agree", "discuss")[b % 2]})
                for other in rng.choice([o for o in range(n_stories) if o != s], size=3, replace=False):
                    body = f"body {h} of the {words[other]} story: the {words[other]} was reported today"
                    rows.append({"pair": headline, "text": body, "label": "unrelated"})
        return pd.DataFrame(rows)

    return build


@pytest.fixture(scope="session")
def story_data(story_pairs):
    """:func:`story_pairs` as ``LabelledData`` with the headline as the paired text (pair folds apply)."""
    from framing.models.data import LabelledData

    def build(n_stories: int = 9) -> LabelledData:
        frame = story_pairs(n_stories=n_stories)
        return LabelledData(
            texts=frame["text"].tolist(),
            y=frame["label"].to_numpy(dtype=object),
            labels=tuple(sorted(set(frame["label"]))),
            pairs=frame["pair"].tolist(),
        )

    return build


@pytest.fixture(scope="session")
def make_figures_in_new_process():
    """Run ``make_figures(out, **options)`` in a fresh interpreter with another ``PYTHONHASHSEED``, from
    ``out``'s parent folder: figures that depend on set order or on the process differ from this one's."""

    def run(out: Path, hash_seed: int, **options) -> None:
        env = {
            **os.environ,
            "PYTHONHASHSEED": str(hash_seed),
            "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        arguments = "".join(f", {name}={value!r}" for name, value in options.items())
        code = f"from framing.figures import make_figures; make_figures({str(out)!r}{arguments})"
        subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=out.parent)

    return run


@pytest.fixture(scope="session")
def file_bytes():
    """Every file of a folder by name, as bytes: two runs' outputs compare with ``==``."""

    def read(folder: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}

    return read
