"""Shared fixtures: the soma binary under test (SOMA_BIN, default: the debug build)."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def soma_bin():
    path = pathlib.Path(os.environ.get("SOMA_BIN", ROOT / ".build" / "debug" / "soma"))
    assert path.exists(), f"build soma first: {path} is missing"
    return str(path)
