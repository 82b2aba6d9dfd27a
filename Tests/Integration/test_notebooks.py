"""Every notebook in Notebooks/ runs top to bottom through the real kernel (nbclient) within two
minutes; the notebooks check their own outcomes with assert(...), so a notebook that stops teaching
fails here."""
import pathlib
import time

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK_DIR = pathlib.Path(__file__).resolve().parents[2] / "Notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
TIME_LIMIT_S = 120


def execute(path):
    """Runs a notebook through the soma kernel; returns it with outputs and the wall time taken."""
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    NotebookClient(nb, kernel_name="soma", timeout=TIME_LIMIT_S, allow_errors=False).execute()
    return nb, time.monotonic() - start


def svg_outputs(nb):
    return [o["data"]["image/svg+xml"] for cell in nb.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if "data" in o and "image/svg+xml" in o["data"]]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb, seconds = execute(path)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert seconds < TIME_LIMIT_S, f"{path.name} took {seconds:.1f} s (limit {TIME_LIMIT_S} s)"


def test_perceptron_notebook_shows_loss_curve_and_decision_boundaries():
    nb, _ = execute(NOTEBOOK_DIR / "02-perceptron.ipynb")
    svgs = svg_outputs(nb)
    assert all("<svg" in s for s in svgs)
    assert any("XOR training loss" in s for s in svgs)
    assert any("XOR decision boundary" in s for s in svgs)
