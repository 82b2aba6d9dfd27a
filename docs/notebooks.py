"""Runs the course notebooks through the Soma kernel and writes them back with their outputs, so that
they read well on a code host without running them.

Every code cell that ran records a hash of its source in its metadata (`soma.source`). The tests
compare it with the cell as committed: a cell edited after the last run makes `make test` name the
notebook to run again with `make notebooks`.

    JUPYTER_PATH=.venv/share/jupyter .venv/bin/python docs/notebooks.py [NOTEBOOK ...]
"""
import argparse
import hashlib
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[1]
CELL_TIMEOUT_S = 600


def notebooks():
    """The course: the English notebooks, then the Korean ones."""
    folder = ROOT / "Notebooks"
    return sorted(folder.glob("*.ipynb")) + sorted((folder / "ko").glob("*.ipynb"))


def source_hash(source):
    """What a code cell records about the source its outputs came from."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def stale_cells(nb):
    """The indices of code cells whose outputs did not come from their current source."""
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and cell.metadata.get("soma", {}).get("source") != source_hash(cell.source)]


def execute(path):
    """Runs one notebook top to bottom (an error stops it) and writes it back with its outputs."""
    nb = nbformat.read(path, as_version=4)
    # No per-cell timing metadata: it would change every run and bury real changes in the diff.
    NotebookClient(nb, kernel_name="soma", timeout=CELL_TIMEOUT_S, allow_errors=False,
                   record_timing=False).execute(cwd=str(path.parent))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata["soma"] = {"source": source_hash(cell.source)}
    nbformat.write(nb, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=pathlib.Path, help="default: every notebook of the course")
    paths = parser.parse_args().notebooks or notebooks()
    failed = []
    for path in paths:
        start = time.monotonic()
        try:
            execute(path.resolve())
            print(f"{path}: {time.monotonic() - start:.1f} s")
        except Exception as error:  # a failing notebook is reported and the others still run
            failed.append(path)
            print(f"{path}: FAILED\n{error}", file=sys.stderr)
    if failed:
        sys.exit(f"{len(failed)} notebook(s) failed: " + ", ".join(map(str, failed)))


if __name__ == "__main__":
    main()
