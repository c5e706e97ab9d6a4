"""First-run paths: one way to point at the data everywhere, figures outside the repo, converted notebooks."""

from __future__ import annotations

import importlib
import uuid
from pathlib import Path

import pytest

from framing import datasets
from framing.cli import main
from framing.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "nbc-russia-north-korea-alliance.txt"


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """A non-editable install: the package lives in site-packages, far from any checkout."""
    site = tmp_path / "venv" / "lib" / "python3" / "site-packages" / "framing" / "datasets"
    site.mkdir(parents=True)
    monkeypatch.setattr(datasets, "__file__", str(site / "__init__.py"))
    monkeypatch.delenv(datasets.DATA_DIR_ENV, raising=False)
    return tmp_path


def test_environment_variable_wins(installed, monkeypatch):
    data = installed / "elsewhere" / "external"
    data.mkdir(parents=True)
    monkeypatch.setenv(datasets.DATA_DIR_ENV, str(data))
    assert datasets.default_data_dir() == data.resolve()
    monkeypatch.setenv(datasets.DATA_DIR_ENV, str(installed / "missing"))
    with pytest.raises(InputError, match="FRAMING_DATA_DIR"):
        datasets.default_data_dir()


def test_non_editable_install_finds_the_data_from_the_notebooks_folder(installed, monkeypatch):
    checkout = installed / "work" / "framing"
    (checkout / "notebooks").mkdir(parents=True)
    data = installed / "work" / "shared" / "data" / "external"
    data.mkdir(parents=True)
    monkeypatch.chdir(checkout / "notebooks")  # where Jupyter runs a notebook
    assert datasets.default_data_dir() == data.resolve()
    monkeypatch.chdir(installed)
    assert datasets.default_data_dir() is None


def test_validate_command_uses_the_environment_variable(installed, monkeypatch, capsys):
    empty = installed / "data"
    empty.mkdir()
    monkeypatch.setenv(datasets.DATA_DIR_ENV, str(empty))
    monkeypatch.chdir(installed)
    assert main(["validate", "--n-boot", "0"]) == 2
    assert str(empty) in capsys.readouterr().err  # it looked in the folder the variable names


def test_figures_outside_the_repository_with_seed_path(tmp_path, monkeypatch, capsys):
    from framing import figures

    def no_checkout():
        raise InputError("no checkout here")

    monkeypatch.setattr(figures, "repo_root", no_checkout)
    monkeypatch.chdir(tmp_path)
    assert main(["figures", "--out", str(tmp_path / "out"), "--seed-path", str(SEED)]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written and all(name.startswith("article-") for name in written)
    assert main(["figures", "--seed-path", str(SEED)]) == 2
    assert "--out" in capsys.readouterr().err


def test_converted_notebooks_are_not_collected():
    import test_notebooks

    stray = ROOT / "notebooks" / f"01-x-{uuid.uuid4().hex[:6]}.nbconvert.ipynb"
    stray.write_text("{}", encoding="utf-8")
    try:
        assert stray not in importlib.reload(test_notebooks).NOTEBOOKS
    finally:
        stray.unlink()
    assert "notebooks/*.ipynb" in (ROOT / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["02-training-classifiers.py", "03-benchmarks-and-validity.py"])
def test_notebooks_take_a_data_dir_parameter(name):
    import test_notebooks

    notebook = test_notebooks._read(ROOT / "notebooks" / name)
    index = test_notebooks._parameters_index(notebook)
    assert "data_dir = None" in notebook.cells[index].source
