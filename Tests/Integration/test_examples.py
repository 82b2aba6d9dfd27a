"""The examples under docs/examples run as scripts and show what they compute."""
import pathlib
import subprocess

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "docs" / "examples"


def test_xor_prints_its_predictions(soma_bin):
    r = subprocess.run([soma_bin, str(EXAMPLES / "xor.soma")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "predictions tensor([0., 1., 1., 0.])"
