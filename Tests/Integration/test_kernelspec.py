"""`soma kernel install` as a user runs it, and `jupyter console` on the installed kernel."""
import json
import os
import pathlib
import subprocess
import sys

import pexpect
import pytest

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


def isolated_env(tmp_path, **extra):
    """An environment with its own HOME, the venv's jupyter first on PATH and nothing else of Jupyter's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER_", "XDG_")) and k not in (
        "VIRTUAL_ENV", "CONDA_PREFIX", "CONDA_DEFAULT_ENV", "SOMA_KERNEL_DIR")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), PATH=f"{VENV_BIN}{os.pathsep}/usr/bin{os.pathsep}/bin")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def jupyter_pick(env):
    """The folder of the soma kernelspec that Jupyter itself would start."""
    listed = subprocess.run([str(VENV_BIN / "jupyter"), "kernelspec", "list", "--json"],
                            capture_output=True, text=True, env=env, check=True)
    return os.path.realpath(json.loads(listed.stdout)["kernelspecs"]["soma"]["resource_dir"])


def soma_pick(soma_bin, env):
    """The folder `soma kernel list` says Jupyter starts, and its whole output."""
    r = subprocess.run([soma_bin, "kernel", "list"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith("Jupyter starts: "), r.stdout
    return os.path.realpath(last.removeprefix("Jupyter starts: ")), r.stdout


def venv_kernelspec(soma_bin):
    """The soma kernelspec in the venv that runs Jupyter (what `make test` installs there)."""
    spec = pathlib.Path(sys.prefix) / "share" / "jupyter" / "kernels" / "soma"
    if not (spec / "kernel.json").exists():
        subprocess.run([soma_bin, "kernel", "install", "--prefix", sys.prefix], check=True, capture_output=True)
    return os.path.realpath(spec)


def test_a_user_install_shadowed_by_the_venv_is_reported(soma_bin, tmp_path):
    """Jupyter in a virtual environment searches the environment before the user's folder."""
    shadowing = venv_kernelspec(soma_bin)
    env = isolated_env(tmp_path)
    r = subprocess.run([soma_bin, "kernel", "install", "--user"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    user_spec = tmp_path / "home" / ".local" / "share" / "jupyter" / "kernels" / "soma"
    assert f"Installed the Soma kernelspec in {user_spec}" in r.stdout
    assert (user_spec / "kernel.json").exists()
    assert jupyter_pick(env) == shadowing
    warning = r.stderr.replace("\n", " ")
    assert warning.startswith("warning: ") and "not this one" in warning
    assert any(os.path.realpath(word.rstrip(",")) == shadowing for word in warning.split()), warning
    picked, listing = soma_pick(soma_bin, env)
    assert picked == shadowing
    assert f"{user_spec} runs" in listing and "(shadowed)" in listing


def test_a_kernelspec_on_jupyter_path_shadows_a_user_install(soma_bin, tmp_path):
    prefix = tmp_path / "prefix"
    env = isolated_env(tmp_path, JUPYTER_PATH=prefix / "share" / "jupyter")
    subprocess.run([soma_bin, "kernel", "install", "--prefix", str(prefix)], check=True, capture_output=True, env=env)
    r = subprocess.run([soma_bin, "kernel", "install", "--user"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    expected = os.path.realpath(prefix / "share" / "jupyter" / "kernels" / "soma")
    assert jupyter_pick(env) == expected
    assert "warning: " in r.stderr and str(prefix / "share" / "jupyter" / "kernels" / "soma") in r.stderr
    assert soma_pick(soma_bin, env)[0] == expected


def test_an_install_jupyter_picks_says_so(soma_bin, tmp_path):
    venv_kernelspec(soma_bin)
    env = isolated_env(tmp_path, JUPYTER_PREFER_ENV_PATH="0")  # the user's folder before the venv's
    r = subprocess.run([soma_bin, "kernel", "install", "--user"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert "will start this kernelspec" in r.stdout
    user_spec = os.path.realpath(tmp_path / "home" / ".local" / "share" / "jupyter" / "kernels" / "soma")
    assert jupyter_pick(env) == user_spec
    assert soma_pick(soma_bin, env)[0] == user_spec


def test_a_user_install_follows_jupyter_data_dir(soma_bin, tmp_path):
    data = tmp_path / "data"
    env = isolated_env(tmp_path, JUPYTER_DATA_DIR=data, JUPYTER_PREFER_ENV_PATH="0")
    r = subprocess.run([soma_bin, "kernel", "install", "--user"], capture_output=True, text=True, env=env)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert jupyter_pick(env) == os.path.realpath(data / "kernels" / "soma")


def test_an_install_where_jupyter_does_not_look_is_reported(soma_bin, tmp_path):
    env = isolated_env(tmp_path)
    r = subprocess.run([soma_bin, "kernel", "install", "--prefix", str(tmp_path / "elsewhere")],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0
    assert "does not look in" in r.stderr and "JUPYTER_PATH" in r.stderr


@pytest.mark.parametrize("configuration", ["debug", "release"])
def test_every_build_configuration_installs_the_logos(soma_bin, tmp_path, configuration):
    """A binary in a project's .build/<configuration> (a link to .build/<triple>/<configuration>) finds
    the project's Kernel/ folder, however it is started."""
    project = tmp_path / "project"
    real = project / ".build" / "x86_64-unknown-linux-gnu" / configuration
    real.mkdir(parents=True)
    os.link(soma_bin, real / "soma")
    (project / ".build" / configuration).symlink_to(real.relative_to(project / ".build"))
    (project / "Kernel").mkdir()
    (project / "Kernel" / "kernel.json").write_text("{}")
    for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        (project / "Kernel" / logo).write_text(f"{configuration} {logo}")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "soma").symlink_to(project / ".build" / configuration / "soma")
    env = isolated_env(tmp_path)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    out = tmp_path / "out"
    r = subprocess.run(["soma", "kernel", "install", "--prefix", str(out)], capture_output=True, text=True,
                       env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    spec_dir = out / "share" / "jupyter" / "kernels" / "soma"
    for logo in ("logo-32x32.png", "logo-64x64.png", "logo-svg.svg"):
        assert (spec_dir / logo).read_text() == f"{configuration} {logo}"
    assert json.loads((spec_dir / "kernel.json").read_text())["argv"][0] == str(real / "soma")


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
