"""The kernel under user code that never ends, "Run All" after an error, floods of output, ill-typed
requests and several kernels sharing one history, driven by jupyter_client and nbclient."""
import os
import queue
import signal
import sqlite3
import threading
import time

import nbformat
import pytest
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from test_kernel_client import iopub_of, reply_to, shown_output

TIMEOUT = 30


def kernel_env(tmp_path, **extra):
    return dict(os.environ, SOMA_KERNEL_HISTORY=str(tmp_path / "history.sqlite"), **extra)


@pytest.fixture
def kernel(tmp_path):
    km, kc = start_new_kernel(kernel_name="soma", startup_timeout=60, env=kernel_env(tmp_path))
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def value(kc, code):
    msg_id = kc.execute(code)
    content = reply_to(kc, msg_id)["content"]
    assert content["status"] == "ok", content
    results = [m for m in iopub_of(kc, msg_id) if m["msg_type"] == "execute_result"]
    return results[0]["content"]["data"]["text/plain"] if results else None


ENDLESS = "fn spin() { while true { } }\n"


@pytest.mark.parametrize("how", ["interrupt_request", "SIGINT"])
def test_an_endless_user_expression_is_interrupted(kernel, how):
    km, kc = kernel
    value(kc, ENDLESS)
    msg_id = kc.execute("let ready = 1", user_expressions={"x": "spin()"})
    time.sleep(1.0)
    if how == "SIGINT":
        km.signal_kernel(signal.SIGINT)
    else:
        km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=10)["content"]
    assert reply["status"] == "ok"
    assert reply["user_expressions"]["x"]["status"] == "error"
    assert reply["user_expressions"]["x"]["ename"] == "Interrupted"
    assert value(kc, "ready + 1") == "2"


def test_shutdown_during_an_endless_user_expression_ends_the_process(tmp_path):
    km, kc = start_new_kernel(kernel_name="soma", startup_timeout=60, env=kernel_env(tmp_path))
    try:
        value(kc, ENDLESS)
        kc.execute("1", user_expressions={"x": "spin()"})
        time.sleep(0.5)
        started = time.monotonic()
        km.request_shutdown()
        deadline = started + 10
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not km.is_alive()
        assert time.monotonic() - started < 6  # the kernel ended itself; jupyter_client kills only after 5 s more
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


RUN_ALL = ["let a = 1", 'throw error("ValueError", "cell 2 fails")', 'let third = "ran"\nprint("cell 3 ran")']


def test_run_all_never_runs_a_cell_after_an_error(kernel):
    """Every cell sent at once, as JupyterLab's Run All does: the cells behind the error are aborted."""
    km, kc = kernel
    for trial in range(25):
        ids = [kc.execute(code) for code in RUN_ALL]
        replies = [reply_to(kc, msg_id)["content"] for msg_id in ids]
        assert [r["status"] for r in replies] == ["ok", "error", "aborted"], trial
        after = kc.execute("print(third)")  # sent after the error reply: runs
        content = reply_to(kc, after)["content"]
        assert content["status"] == "error" and content["ename"] == "NameError", trial


def test_a_cell_sent_right_after_the_error_reply_runs(kernel):
    km, kc = kernel
    for _ in range(10):
        failing = kc.execute('throw error("ValueError", "boom")')
        assert reply_to(kc, failing)["content"]["status"] == "error"
        assert value(kc, "40 + 2") == "42"


def test_no_abort_after_a_silent_error_or_without_stop_on_error(kernel):
    km, kc = kernel
    ids = [kc.execute('throw error("ValueError", "quiet")', silent=True), kc.execute("1 + 1"),
           kc.execute('throw error("ValueError", "loud")', stop_on_error=False), kc.execute("2 + 2")]
    assert [reply_to(kc, i)["content"]["status"] for i in ids] == ["error", "ok", "error", "ok"]


def test_aborted_requests_are_bracketed_by_busy_and_idle(kernel):
    km, kc = kernel
    ids = [kc.execute('throw error("ValueError", "x")'), kc.execute("1")]
    assert reply_to(kc, ids[1])["content"]["status"] == "aborted"
    states = [m["content"]["execution_state"] for m in iopub_of(kc, ids[1]) if m["msg_type"] == "status"]
    assert states == ["busy", "idle"]


def test_nbclient_stops_at_the_failing_cell(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in RUN_ALL])
    for trial in range(10):
        run = nbformat.from_dict(nb)
        with pytest.raises(CellExecutionError):
            NotebookClient(run, kernel_name="soma", timeout=60, allow_errors=False).execute(env=kernel_env(tmp_path))
        assert run.cells[2].outputs == [] and run.cells[2].execution_count is None, trial


def test_a_flood_of_output_keeps_its_first_and_last_lines(kernel):
    km, kc = kernel
    msg_id = kc.execute('for i in 0..<200000 { print("line \\(i) of a long training log") }')
    assert reply_to(kc, msg_id, timeout=120)["content"]["status"] == "ok"
    messages = iopub_of(kc, msg_id, timeout=120)
    text = shown_output(messages)
    # The lines past the head are one display, updated in place while the cell ran.
    assert [m["msg_type"] for m in messages].count("display_data") == 1
    lines = text.splitlines()
    assert lines[0] == "line 0 of a long training log"
    assert lines[-1] == "line 199999 of a long training log"
    markers = [line for line in lines if "omitted" in line]
    assert len(markers) == 1
    numbers = [int(line.split()[1]) for line in lines if line.startswith("line ")]
    assert numbers == sorted(numbers) and int(markers[0].split()[1]) == 200000 - len(numbers)
    assert len(text.encode()) < 1_100_000


def test_the_output_limit_is_a_setting(tmp_path):
    km, kc = start_new_kernel(kernel_name="soma", startup_timeout=60, env=kernel_env(tmp_path, SOMA_OUTPUT_LIMIT="2000"))
    try:
        msg_id = kc.execute('for i in 0..<1000 { print("line \\(i)") }')
        reply_to(kc, msg_id)
        text = shown_output(iopub_of(kc, msg_id))
        assert len(text) < 2200 and "omitted" in text and text.endswith("line 999\n")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def send_raw(kc, msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


@pytest.mark.parametrize("msg_type,content,field", [
    ("execute_request", {"code": 5}, "code"),
    ("execute_request", {"code": "1", "silent": "no"}, "silent"),
    ("execute_request", {"code": "1", "user_expressions": ["x"]}, "user_expressions"),
    ("complete_request", {"code": "ze", "cursor_pos": "2"}, "cursor_pos"),
    ("inspect_request", {"code": "zeros", "cursor_pos": 2, "detail_level": "all"}, "detail_level"),
    ("history_request", {"hist_access_type": "tail", "n": "3"}, "n"),
])
def test_ill_typed_requests_get_an_error_naming_the_field(kernel, msg_type, content, field):
    km, kc = kernel
    reply = reply_to(kc, send_raw(kc, msg_type, content))["content"]
    assert reply["status"] == "error"
    assert f"'{field}'" in reply["evalue"]
    assert value(kc, "1 + 1") == "2"


def own_history(kc):
    msg_id = kc.history(hist_access_type="range", session=0, start=1, stop=None, output=False, raw=True)
    return reply_to(kc, msg_id)["content"]["history"]


def test_kernels_started_together_get_their_own_sessions_and_lose_no_entry(tmp_path):
    count, cells = 8, 150
    env = kernel_env(tmp_path)
    started = [None] * count

    def start(i):
        started[i] = start_new_kernel(kernel_name="soma", startup_timeout=120, env=env)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        def work(i):
            km, kc = started[i]
            for n in range(cells):
                msg_id = kc.execute(f"let k{i}_{n} = {n}")
                reply_to(kc, msg_id, timeout=60)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        histories = [own_history(kc) for _, kc in started]
        assert len({h[0][0] for h in histories}) == count
        for i, h in enumerate(histories):
            assert [entry[2] for entry in h] == [f"let k{i}_{n} = {n}" for n in range(cells)]
    finally:
        for km, kc in started:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    db = sqlite3.connect(tmp_path / "history.sqlite")
    assert db.execute("SELECT COUNT(*) FROM history").fetchone()[0] == count * cells
    assert db.execute("SELECT COUNT(DISTINCT session) FROM history").fetchone()[0] == count
