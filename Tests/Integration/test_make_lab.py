"""`make lab` as a newcomer runs it: JupyterLab from the venv, serving Notebooks/, with the Soma kernel
listed and pointing at this checkout's build."""
import base64
import json
import os
import pathlib
import subprocess
import time
import urllib.request

from test_browser import LAB_START_TIMEOUT, free_port, stop_group

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_make_lab_serves_the_notebooks_with_the_soma_kernel(tmp_path):
    port = free_port()
    token = base64.b16encode(os.urandom(16)).decode().lower()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    env.pop("JUPYTER_PATH", None)  # make lab sets its own
    log_path = tmp_path / "lab.log"
    # The debug build is the one the tests built already; a newcomer's `make lab` builds release.
    args = f"--no-browser --ip=127.0.0.1 --port={port} --port-retries=0 --IdentityProvider.token={token}"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(["make", "--no-print-directory", "lab", "LAB_CONFIG=debug", f"LAB_ARGS={args}"],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            def api(path):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/{path}?token={token}", timeout=5) as reply:
                    return json.load(reply)

            deadline = time.monotonic() + LAB_START_TIMEOUT + 120  # make may build first
            while True:
                assert process.poll() is None, f"make lab exited with {process.returncode}:\n{log_path.read_text()}"
                try:
                    specs = api("kernelspecs")
                    break
                except OSError:
                    assert time.monotonic() < deadline, f"make lab did not serve:\n{log_path.read_text()}"
                    time.sleep(0.3)
            assert "soma" in specs["kernelspecs"], specs["kernelspecs"].keys()
            soma = specs["kernelspecs"]["soma"]["spec"]
            assert soma["display_name"] == "Soma" and soma["language"] == "soma"
            assert pathlib.Path(soma["argv"][0]).resolve() == (ROOT / ".build" / "debug" / "soma").resolve()
            listed = {item["name"] for item in api("contents")["content"]}
            assert {p.name for p in (ROOT / "Notebooks").glob("*.ipynb")} <= listed
        finally:
            stop_group(process)
