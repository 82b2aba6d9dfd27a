"""The kernel under a memory limit (prlimit --as, as a shared JupyterHub or a batch system sets one):
a tensor too large for it is a MemoryError in its cell, and the kernel keeps running with every
variable it had."""
import json
import os
import shutil

import pytest
from jupyter_client.manager import start_new_kernel

from test_kernel_client import run, result_text

LIMIT = 3 << 30  # bytes of address space


@pytest.fixture
def limited_kernel(soma_bin, tmp_path, monkeypatch):
    if shutil.which("prlimit") is None:
        pytest.skip("prlimit (util-linux) is not installed")
    spec = tmp_path / "kernels" / "soma-limited"
    spec.mkdir(parents=True)
    argv = ["prlimit", f"--as={LIMIT}", "--", soma_bin, "kernel", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Soma (limited)", "language": "soma",
                                                  "interrupt_mode": "message"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path) + os.pathsep + os.environ.get("JUPYTER_PATH", ""))
    km, kc = start_new_kernel(kernel_name="soma-limited", startup_timeout=60)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_a_tensor_past_the_limit_is_a_memory_error_and_the_session_survives(limited_kernel):
    km, kc = limited_kernel
    run(kc, "let keep = 7\nlet big = zeros([1024, 1024, 256])")  # 1 GiB: fits
    for code in ["let more = zeros([1024, 1024, 1024])",  # 4 GiB: does not
                 "let again = big + zeros([1024, 1024, 1024])",
                 "let product = ones([40000, 1]) @ ones([1, 40000])"]:
        content, _ = run(kc, code)
        assert content["status"] == "error", code
        assert content["ename"] == "MemoryError", content
        assert "cannot allocate" in content["evalue"]
        assert km.is_alive()
    assert result_text(kc, "keep + big.shape[2]") == "263"
