"""Shared fixtures: the seed article and its analysed table, computed once per session."""

from pathlib import Path

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
