"""The kernel's IPython comforts through jupyter_client: `!command`, interrupting a shell command,
`_`/`Out` across cells, and completing a file path inside a string."""
import os
import time

import pytest

from test_kernel_client import TIMEOUT, kernel, outputs, reply_to, result_text, run  # noqa: F401


def stream_text(messages):
    return "".join(m["text"] for m in outputs(messages, "stream"))


def test_bang_streams_its_output(kernel):
    km, kc = kernel
    content, messages = run(kc, "!echo hi")
    assert content["status"] == "ok"
    assert stream_text(messages) == "hi\n"


def test_shell_output_streams_while_the_command_runs(kernel, tmp_path):
    """The first line arrives while the command still waits for a file that only the test makes."""
    km, kc = kernel
    release = tmp_path / "release"
    msg_id = kc.execute(f'!echo started; while [ ! -e "{release}" ]; do sleep 0.05; done; echo finished')
    seen = ""
    while "started" not in seen:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            seen += msg["content"]["text"]
    assert "finished" not in seen
    release.write_text("")
    reply = reply_to(kc, msg_id)
    assert reply["content"]["status"] == "ok"


def test_interrupt_stops_a_shell_command_and_the_kernel_answers(kernel, tmp_path):
    km, kc = kernel
    pid_file = tmp_path / "pid"
    msg_id = kc.execute(f'shell("echo $$ > {pid_file}; exec sleep 30")')
    deadline = time.monotonic() + TIMEOUT
    while not (pid_file.exists() and pid_file.read_text().strip()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    km.interrupt_kernel()
    # Far less than the 30 seconds the command would take: it was stopped, not waited for.
    reply = reply_to(kc, msg_id, timeout=15)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert result_text(kc, "1 + 1") == "2"


def test_underscore_and_out_across_cells(kernel):
    km, kc = kernel
    content, messages = run(kc, "6 * 7")
    count = content["execution_count"]
    assert result_text(kc, "_ + 1") == "43"
    assert result_text(kc, f"_{count}") == "42"
    assert result_text(kc, f"Out[{count}]") == "42"
    assert result_text(kc, f"In[{count}]") == '"6 * 7"'


def test_completion_of_a_file_path_in_a_string(kernel, tmp_path):
    km, kc = kernel
    (tmp_path / "train-data.csv").write_text("a\n")
    (tmp_path / "train-labels").mkdir()
    code = f'let rows = readCSV("{tmp_path}/train-'
    msg_id = kc.complete(code, len(code))
    reply = reply_to(kc, msg_id)["content"]
    assert reply["status"] == "ok"
    assert reply["matches"] == [f"{tmp_path}/train-data.csv", f"{tmp_path}/train-labels/"]
    assert reply["cursor_start"] == len('let rows = readCSV("')
    assert reply["cursor_end"] == len(code)
