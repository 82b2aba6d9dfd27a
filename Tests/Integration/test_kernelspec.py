"""`soma kernel install` as a user runs it, and `jupyter console` on the installed kernel."""
import json
import os
import pathlib
import subprocess
import sys

import pexpect

VENV_BIN = pathlib.Path(sys.executable).parent


def test_install_writes_a_kernelspec_that_jupyter_lists(soma_bin, tmp_path):
    r = subprocess.run([soma_bin, "kernel", "install", "--prefix", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "soma"
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["argv"][1:] == ["kernel", "-f", "{connection_file}"]
    assert os.path.isabs(spec["argv"][0]) and os.path.exists(spec["argv"][0])
    assert spec["display_name"] == "Soma" and spec["language"] == "soma"
    assert spec["interrupt_mode"] == "message"
    for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        assert (spec_dir / logo).stat().st_size > 0
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "share" / "jupyter"))
    listed = subprocess.run([str(VENV_BIN / "jupyter"), "kernelspec", "list", "--json"], capture_output=True, text=True, env=env)
    specs = json.loads(listed.stdout)["kernelspecs"]
    assert pathlib.Path(specs["soma"]["resource_dir"]) == spec_dir


def test_install_options_conflict_is_a_usage_error(soma_bin, tmp_path):
    r = subprocess.run([soma_bin, "kernel", "install", "--user", "--prefix", str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 64


def test_jupyter_console_runs_cells(tmp_path):
    env = dict(os.environ, TERM="dumb", HOME=str(tmp_path))
    child = pexpect.spawn(str(VENV_BIN / "jupyter"), ["console", "--kernel", "soma", "--simple-prompt"],
                          env=env, encoding="utf-8", timeout=60)
    child.expect(r"In \[1\]: ")
    child.sendline("let xs = [1, 2, 3]")
    child.expect(r"In \[2\]: ")
    child.sendline("len(xs) * 2")
    child.expect(r"Out\[2\]: 6")
    child.expect(r"In \[3\]: ")
    child.sendline('print("from soma")')
    child.expect("from soma")
    child.expect(r"In \[4\]: ")
    child.sendeof()
    if child.expect([pexpect.EOF, r"exit.*\?"]) == 1:
        child.sendline("y")
        child.expect(pexpect.EOF)


def test_kernel_exits_when_its_frontend_dies(soma_bin, tmp_path):
    """A kernel whose launching process dies without a shutdown request ends by itself."""
    import signal
    import time
    from jupyter_client.connect import write_connection_file
    path, _ = write_connection_file(str(tmp_path / "connection.json"), ip="127.0.0.1")
    pid_file = tmp_path / "kernel.pid"
    launcher = subprocess.Popen([sys.executable, "-c", (
        "import os, subprocess, sys, time\n"
        f"p = subprocess.Popen([{soma_bin!r}, 'kernel', '-f', {path!r}], env=dict(os.environ, JPY_PARENT_PID=str(os.getpid())))\n"
        f"open({str(pid_file)!r}, 'w').write(str(p.pid))\n"
        "time.sleep(60)\n")])
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    kernel_pid = int(pid_file.read_text())
    time.sleep(1.0)  # let the kernel come up, as a frontend would before it dies
    launcher.send_signal(signal.SIGKILL)
    launcher.wait()
    status = pathlib.Path(f"/proc/{kernel_pid}/status")
    for _ in range(60):
        # Gone, or a zombie waiting for its new parent to reap it: either way it has exited.
        if not status.exists() or "State:\tZ" in status.read_text():
            return
        time.sleep(0.1)
    os.kill(kernel_pid, signal.SIGKILL)
    raise AssertionError("the kernel outlived its frontend")
