"""Every notebook in Notebooks/ runs top to bottom through the real kernel (nbclient); the notebooks
check their own outcomes with assert(...), so a notebook that stops teaching fails here."""
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((pathlib.Path(__file__).resolve().parents[2] / "Notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="soma", timeout=120, allow_errors=False).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]


def test_xor_notebook_shows_an_svg_loss_plot():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    NotebookClient(nb, kernel_name="soma", timeout=120).execute()
    svgs = [o["data"]["image/svg+xml"] for cell in nb.cells if cell.cell_type == "code"
            for o in cell.get("outputs", []) if "data" in o and "image/svg+xml" in o["data"]]
    assert len(svgs) == 1
    assert "<svg" in svgs[0] and "XOR training loss" in svgs[0]
