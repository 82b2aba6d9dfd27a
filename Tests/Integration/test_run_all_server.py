"""JupyterLab's "Run All" through a real jupyter_server: every cell goes over the kernel's websocket at
once, as the browser sends them; after a cell fails, the cells behind it must be aborted, every time."""
import base64
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
import websocket

TRIALS = 20
CELLS = ["let a = 1", 'throw error("ValueError", "cell 2 fails")', 'let third = "ran"\nprint("cell 3 ran")']


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, soma_bin):
    prefix = tmp_path / "prefix"
    subprocess.run([soma_bin, "kernel", "install", "--prefix", str(prefix)], check=True, capture_output=True)
    port, token = free_port(), base64.b16encode(os.urandom(16)).decode().lower()
    (tmp_path / "root").mkdir()
    env = dict(os.environ, JUPYTER_PATH=str(prefix / "share" / "jupyter"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), SOMA_KERNEL_HISTORY=str(tmp_path / "history.sqlite"))
    log = open(tmp_path / "server.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={tmp_path / 'root'}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/api"

    def api(path, method="GET", body=None):
        request = urllib.request.Request(f"{base}/{path}?token={token}", method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as reply:
            return json.load(reply)

    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, (tmp_path / "server.log").read_text()
        try:
            api("status")
            break
        except OSError:
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
    yield api, port, token
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)
    log.close()


def request(session, code):
    return {
        "header": {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request", "username": "lab", "session": session,
                   "date": datetime.datetime.now(datetime.timezone.utc).isoformat(), "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }


def replies(ws, ids, timeout=60):
    """The execute_reply status of each request id, in the order given."""
    found = {}
    deadline = time.monotonic() + timeout
    while len(found) < len(ids):
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        msg = json.loads(ws.recv())
        if msg.get("channel") == "shell" and msg["msg_type"] == "execute_reply":
            found[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
    return [found[i] for i in ids]


def test_run_all_through_jupyter_server_never_runs_a_cell_after_an_error(server):
    api, port, token = server
    kernel = api("kernels", "POST", {"name": "soma"})
    session = uuid.uuid4().hex
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{port}/api/kernels/{kernel['id']}/channels?session_id={session}&token={token}", timeout=60)
    try:
        for trial in range(TRIALS):
            messages = [request(session, code) for code in CELLS]
            for m in messages:  # back to back, as the notebook's Run All sends them
                ws.send(json.dumps(m))
            assert replies(ws, [m["header"]["msg_id"] for m in messages]) == ["ok", "error", "aborted"], trial
            check = request(session, "third")  # sent after the error reply: runs, and finds no `third`
            ws.send(json.dumps(check))
            assert replies(ws, [check["header"]["msg_id"]]) == ["error"], trial
    finally:
        ws.close()
