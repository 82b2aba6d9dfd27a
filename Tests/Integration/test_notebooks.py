"""Every notebook of the course (Notebooks/ and Notebooks/ko/) runs top to bottom through the real
kernel (nbclient); the notebooks check their own outcomes with assert(...), so a notebook that stops
teaching fails here. A cell that runs longer than the per-cell timeout counts as hung (no test asserts
a duration: a loaded machine is slow, not wrong). The outputs committed with each notebook must come
from its cells as they are (`make notebooks` writes them)."""
import importlib.util
import pathlib
import time

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "Notebooks"
_spec = importlib.util.spec_from_file_location("course_notebooks", ROOT / "docs" / "notebooks.py")
course = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(course)
NOTEBOOKS = course.notebooks()
IDS = [str(p.relative_to(NOTEBOOK_DIR)) for p in NOTEBOOKS]
CELL_TIMEOUT_S = 300


def execute(path):
    """Runs a notebook through the soma kernel; returns it with outputs and the wall time taken."""
    nb = nbformat.read(path, as_version=4)
    start = time.monotonic()
    NotebookClient(nb, kernel_name="soma", timeout=CELL_TIMEOUT_S, allow_errors=False).execute()
    return nb, time.monotonic() - start


def svg_outputs(nb):
    return [o["data"]["image/svg+xml"] for cell in nb.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if "data" in o and "image/svg+xml" in o["data"]]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs(path):
    nb, seconds = execute(path)
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    print(f"{path.name}: {seconds:.1f} s")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_outputs_are_current(path):
    nb = nbformat.read(path, as_version=4)
    stale = course.stale_cells(nb)
    assert not stale, (f"{path.relative_to(ROOT)}: cells {stale} changed since their outputs were made: "
                       f"run `make notebooks NOTEBOOKS={path.relative_to(ROOT)}` and commit the result")
    errors = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
              for o in cell.get("outputs", []) if o.output_type == "error"]
    assert not errors, f"{path.name}: committed with errors in cells {errors}"


def test_perceptron_notebook_shows_loss_curve_and_decision_boundaries():
    nb, _ = execute(NOTEBOOK_DIR / "02-perceptron.ipynb")
    svgs = svg_outputs(nb)
    assert all("<svg" in s for s in svgs)
    assert any("XOR training loss" in s for s in svgs)
    assert any("XOR decision boundary" in s for s in svgs)
