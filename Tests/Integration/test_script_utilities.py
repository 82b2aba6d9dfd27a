"""exit(code), env and args as a script, the REPL and a notebook's kernel see them."""
import json
import os
import subprocess
import textwrap

import pytest


def run(soma_bin, tmp_path, code, *args, env=None):
    script = tmp_path / "script.soma"
    script.write_text(textwrap.dedent(code))
    return subprocess.run([soma_bin, str(script), *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **(env or {})))


def test_exit_ends_a_script_with_its_status_after_its_output(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, 'print("before")\nfn stop() { exit(3) }\nstop()\nprint("never")\n')
    assert (r.returncode, r.stdout, r.stderr) == (3, "before\n", "")


def test_exit_zero_and_default(soma_bin, tmp_path):
    assert run(soma_bin, tmp_path, "exit()\nprint(1)\n").returncode == 0
    assert run(soma_bin, tmp_path, "exit(0)\n1 + nil\n").returncode == 0


def test_env_and_args(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, 'print(env("SOMA_TEST_VALUE"), args)\n', "a", env={"SOMA_TEST_VALUE": "42"})
    assert r.stdout == '42 ["a"]\n'


def test_exit_ends_a_piped_repl(soma_bin):
    r = subprocess.run([soma_bin], input='print("a")\nexit(4)\nprint("b")\n', capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout) == (4, "a\n")


def test_exit_in_a_kernel_stops_the_cell_and_keeps_the_kernel(soma_bin, tmp_path):
    pytest.importorskip("jupyter_client")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    # A kernel spec for the binary under test, whatever kernel is installed.
    spec = tmp_path / "kernels" / "soma-under-test"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(json.dumps({
        "argv": [os.path.abspath(soma_bin), "kernel", "-f", "{connection_file}"],
        "display_name": "Soma", "language": "soma", "interrupt_mode": "message"}))
    km = KernelManager(kernel_name="soma-under-test",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(tmp_path / "kernels")]))
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    try:
        kc.execute_interactive("let kept = 7", timeout=30)
        reply = kc.execute_interactive('print("ran")\nexit(2)\nprint("not run")', timeout=30)
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "SystemExit"
        assert "kernel keeps running" in reply["content"]["evalue"]
        outputs = []
        kc.execute_interactive("print(kept)", timeout=30, output_hook=outputs.append)
        assert any(m["msg_type"] == "stream" and m["content"]["text"] == "7\n" for m in outputs)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_exit_ends_the_interactive_repl(soma_bin, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(soma_bin, env=dict(os.environ, HOME=str(tmp_path), TERM="xterm"), encoding="utf-8", timeout=20)
    try:
        child.expect(r"soma \[1\]> ")
        child.sendline('print("bye")')
        child.expect("bye")
        child.expect(r"soma \[2\]> ")
        child.sendline("exit(5)")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 5
    finally:
        child.close(force=True)
