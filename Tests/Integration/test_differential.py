"""Soma against PyTorch, case by case (Tests/Differential): PyTorch computes every case in float64,
Soma redoes it from the language, and every output, input gradient, parameter gradient, running
statistic, optimizer step and scheduled learning rate must agree within the case's stated tolerance."""
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Differential"))
import cases  # noqa: E402
import generate  # noqa: E402

NAMES = [f"op {c.name}" for c in cases.OPS] + [f"layer {c.name}" for c in cases.LAYERS] + \
        [f"optimizer {c.name}" for c in cases.OPTIMIZERS] + [f"schedule {c.name}" for c in cases.SCHEDULES]


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    return dict(generate.write_all(tmp_path_factory.mktemp("differential")))


@pytest.fixture(scope="module")
def scripts64(tmp_path_factory):
    return dict(generate.write_all_float64(tmp_path_factory.mktemp("differential64")))


@pytest.mark.parametrize("name", NAMES)
def test_soma_agrees_with_pytorch(soma_bin, scripts, name):
    r = subprocess.run([soma_bin, str(scripts[name])], capture_output=True, text=True, timeout=120)
    failures = [line for line in r.stdout.splitlines() if line.startswith("FAIL")]
    assert r.returncode == 0, f"{name}: {r.stderr}"
    assert not failures, f"{name}:\n" + "\n".join(failures)
    assert r.stdout.splitlines()[-1] == "done"


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("schedule ")])
def test_soma_agrees_with_pytorch_in_float64(soma_bin, scripts64, name):
    """The same op, layer and optimizer cases in float64 (inputs, parameters, running statistics and
    gradients): Soma must compute in float64 and agree to the case's float64 tolerance (ops and layers
    1e-10 absolute and 1e-9 relative, optimizers 1e-12 and 1e-11, unless the case says otherwise)."""
    r = subprocess.run([soma_bin, str(scripts64[name])], capture_output=True, text=True, timeout=120)
    failures = [line for line in r.stdout.splitlines() if line.startswith("FAIL")]
    assert r.returncode == 0, f"{name}: {r.stderr}"
    assert not failures, f"{name} (float64):\n" + "\n".join(failures)
    assert r.stdout.splitlines()[-1] == "done"


def test_every_case_has_a_unique_name():
    assert len(NAMES) == len(set(NAMES))
