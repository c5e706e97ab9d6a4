"""Every notebook in notebooks/ runs top to bottom in a clean kernel.

Notebooks are kept as jupytext ``py:percent`` files (the source of truth); each
is converted to .ipynb in a temporary folder and executed with nbclient, with
the papermill convention for parameters: the cell tagged ``parameters`` is
followed by an injected cell that sends outputs to a temporary folder. New
notebooks are picked up automatically.
"""

import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
CELL_TIMEOUT = 300  # seconds per cell
KERNEL = "python3"


# The jupytext .py files are the notebooks; any .ipynb here was converted or executed from them
# (``jupytext --to ipynb``, ``jupyter nbconvert --execute``: ``*.nbconvert.ipynb``) and is ignored by git.
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.py"))


def _read(path: Path):
    import jupytext

    return jupytext.read(path)


def _parameters_index(notebook) -> int | None:
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    return None


def test_notebooks_present():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_has_parameters_and_no_outputs(path):
    notebook = _read(path)
    index = _parameters_index(notebook)
    assert index is not None, f"{path.name}: no code cell tagged 'parameters'"
    assert "out_dir" in notebook.cells[index].source, f"{path.name}: parameters must include out_dir"
    committed_outputs = [c for c in notebook.cells if c.cell_type == "code" and c.get("outputs")]
    assert not committed_outputs, f"{path.name}: commit notebooks without outputs"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, tmp_path):
    import nbformat
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    assert KERNEL in KernelSpecManager().find_kernel_specs(), (
        f"no '{KERNEL}' Jupyter kernel: python -m ipykernel install --user --name {KERNEL}"
    )
    notebook = _read(path)
    converted = tmp_path / f"{path.stem}.ipynb"
    nbformat.write(notebook, converted)
    notebook = nbformat.read(converted, as_version=4)
    index = _parameters_index(notebook)
    injected = nbformat.v4.new_code_cell(f"out_dir = {str(tmp_path / 'out')!r}")
    injected.metadata["tags"] = ["injected-parameters"]
    notebook.cells.insert(index + 1, injected)

    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    finally:
        nbformat.write(notebook, tmp_path / f"{path.stem}.executed.ipynb")
    seconds = time.perf_counter() - start
    print(f"{path.name}: {seconds:.1f} s")
