"""Faults a user can cause must not kill the process: allocations past the memory limit, hostile files.

The address space is capped with `prlimit --as` below 4 GB, so a 4 GB tensor (within Soma's own size
limit) can only fail inside malloc; Soma must report a MemoryError and keep the session alive.
"""
import os
import shutil
import subprocess
import textwrap

import pexpect
import pytest

LIMIT = 3 * 1024 ** 3
PROMPT = r"soma \[\d+\]> "
FOUR_GB = "zeros([1073741824])"  # 2^30 float32 values: exactly 4 GiB, the largest tensor Soma allows

pytestmark = pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit (util-linux)")


def limited(soma_bin, *args, stdin=None):
    return subprocess.run(["prlimit", f"--as={LIMIT}", soma_bin, *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def limited_repl(soma_bin, tmp_path, lines):
    """Types `lines` into the interactive REPL under the limit; returns everything it showed."""
    env = dict(os.environ, HOME=str(tmp_path), TERM="xterm")
    child = pexpect.spawn("prlimit", [f"--as={LIMIT}", soma_bin], env=env, encoding="utf-8", timeout=60,
                          dimensions=(40, 200))
    shown = ""
    try:
        child.expect(PROMPT)
        for line in lines:
            child.sendline(line)
            child.expect(PROMPT)
            shown += child.before
    finally:
        child.close(force=True)
    return shown


def test_script_allocating_4gb_under_a_3gb_limit_reports_memory_error(soma_bin, tmp_path):
    script = tmp_path / "big.soma"
    script.write_text(textwrap.dedent(f"""\
        print("before")
        let a = {FOUR_GB}
        print("never")
        """))
    r = limited(soma_bin, str(script))
    assert r.returncode == 1, r.stderr  # an error exit, not a signal (negative) or an abort (134)
    assert r.stdout == "before\n"
    assert "MemoryError: full: cannot allocate 4.3 GB for a tensor of shape [1073741824]" in r.stderr
    assert "big.soma:2:" in r.stderr


def test_session_keeps_going_after_two_failed_4gb_allocations(soma_bin, tmp_path):
    # Lines typed into the REPL: each failure is reported and the next line runs.
    lines = [
        "let small = ones([1000])",
        f"let a = {FOUR_GB}",
        f"let b = {FOUR_GB} + 1",
        "let c = ones([65536, 1]) @ ones([1, 65536])",  # 16 GB result
        'print("still here", small.sum().item())',
    ]
    out = limited_repl(soma_bin, tmp_path, lines)
    assert out.count("MemoryError") == 3, out
    assert "cannot allocate 4.3 GB for a tensor of shape [1073741824]" in out
    assert "still here 1000" in out


def test_lists_and_strings_past_the_limit_are_memory_errors(soma_bin, tmp_path):
    # Within the language's own size limits, but more than 3 GB of values: asked of malloc first.
    lines = [
        "let keep = [1, 2, 3]",
        "let xs = list(0..<60000000)",  # 1.4 GB: fits (beside the 512 MB stack a run reserves)
        "let ys = [0] * 60000000",  # as much again: does not
        "let zs = range(0, 120000000, 2)",
        "let s = \"x\" * 90000000",  # 90 MB: fits
        'print("still here", keep.count, xs.count, s.count)',
    ]
    out = limited_repl(soma_bin, tmp_path, lines)
    assert out.count("MemoryError") == 2, out
    assert "still here 3 60000000 90000000" in out


def test_charts_and_metrics_of_a_tensor_past_the_limit_are_memory_errors(soma_bin, tmp_path):
    # The 1.6 GB tensor fits; the copies a chart or a metric reads would not.
    lines = [
        "let big = zeros([400000000])",
        "hist(big)",
        "accuracy(big, big)",
        'print("kept", big.shape)',
    ]
    out = limited_repl(soma_bin, tmp_path, lines)
    assert out.count("MemoryError") == 2, out
    assert "kept [400000000]" in out


def test_loading_a_device_or_a_lying_header_is_an_error(soma_bin, tmp_path):
    bad = tmp_path / "bad.npy"
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    bad.write_bytes(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
    script = tmp_path / "files.soma"
    script.write_text(f'load("{bad}")\n')
    r = limited(soma_bin, str(script))
    assert r.returncode == 1, r.stderr
    assert "MemoryError" in r.stderr and "files.soma:1:" in r.stderr


def test_a_result_that_does_not_fit_is_a_memory_error_naming_the_op(soma_bin, tmp_path):
    # 1.6 GB fits under the limit; its exp would need another 1.6 GB, past it.
    lines = [
        "let a = zeros([400000000])",
        "let b = a.exp()",
        "let c = a * 2",
        'print("kept", a.shape)',
    ]
    out = limited_repl(soma_bin, tmp_path, lines)
    assert "MemoryError: exp: cannot allocate 1.6 GB for a tensor of shape [400000000]" in out
    assert "MemoryError: mul: cannot allocate 1.6 GB" in out
    assert "kept [400000000]" in out


def test_loading_a_file_larger_than_memory_is_a_memory_error(soma_bin, tmp_path):
    big = tmp_path / "big.npy"
    with open(big, "wb") as f:  # sparse: takes no disk space
        f.truncate(int(3.5 * 1024 ** 3))
    out = limited_repl(soma_bin, tmp_path, [f'load("{big}")', 'print("alive")'])
    assert "MemoryError: cannot read" in out
    assert "alive" in out
