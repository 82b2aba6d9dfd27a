"""The kernel driven by jupyter_client as notebooks and consoles drive it."""
import queue
import time

import pytest
from jupyter_client.manager import start_new_kernel

TIMEOUT = 30


@pytest.fixture
def kernel():
    km, kc = start_new_kernel(kernel_name="soma", startup_timeout=60)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def reply_to(kc, msg_id, timeout=TIMEOUT):
    """The shell reply to request `msg_id` (replies to other requests are skipped)."""
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply


def iopub_of(kc, msg_id, timeout=TIMEOUT):
    """The iopub messages of request `msg_id`, up to its idle status."""
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def run(kc, code, timeout=TIMEOUT, **kwargs):
    """Executes code, returns (reply content, iopub messages of this request)."""
    msg_id = kc.execute(code, **kwargs)
    reply = reply_to(kc, msg_id, timeout)
    return reply["content"], iopub_of(kc, msg_id, timeout)


def outputs(messages, kind):
    return [m["content"] for m in messages if m["msg_type"] == kind]


def result_text(kc, code):
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    return outputs(messages, "execute_result")[0]["data"]["text/plain"]


def test_interrupt_stops_a_training_loop_and_keeps_weights(kernel):
    km, kc = kernel
    run(kc, "seed(0)\nlet model = Linear(2, 1)\nlet opt = SGD(model.parameters(), lr: 0.01)\nvar steps = 0")
    before = result_text(kc, "model.weight.sum().item()")
    msg_id = kc.execute("while true {\n  let loss = mse(model(ones([4, 2])), zeros([4, 1]))\n  opt.zeroGrad()\n  loss.backward()\n  opt.step()\n  steps += 1\n}")
    time.sleep(1.0)
    started = time.monotonic()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert time.monotonic() - started < 2.0
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "Interrupted"
    assert int(result_text(kc, "steps")) > 0
    after = result_text(kc, "model.weight.sum().item()")
    assert after != before  # the trained weights are kept


def test_restart_forgets_state_and_answers(kernel):
    km, kc = kernel
    run(kc, "let before = 1")
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=60)
    content, messages = run(kc, "before")
    assert content["status"] == "error" and content["ename"] == "NameError"
    assert result_text(kc, "2 + 2") == "4"


def test_input_round_trip(kernel):
    km, kc = kernel
    msg_id = kc.execute('let name = input("name? ")\nprint("hi \\(name)")', allow_stdin=True)
    request = kc.get_stdin_msg(timeout=TIMEOUT)
    assert request["content"]["prompt"] == "name? "
    kc.input("Ada")
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["content"]["status"] == "ok"
    content, messages = run(kc, "name")
    assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == '"Ada"'


def test_input_refused_without_stdin(kernel):
    km, kc = kernel
    content, _ = run(kc, 'input("x")', allow_stdin=False)
    assert content["status"] == "error"
    assert "input" in content["evalue"].lower() or "stdin" in content["evalue"].lower()


def test_bad_signature_is_rejected_and_kernel_still_answers(kernel):
    km, kc = kernel
    session = kc.session
    good_key = session.key
    session.key = b"not-the-key"
    bad_id = kc.execute("let stolen = 1")
    session.key = good_key
    with pytest.raises(queue.Empty):
        reply = kc.get_shell_msg(timeout=2)
        while reply["parent_header"].get("msg_id") != bad_id:
            reply = kc.get_shell_msg(timeout=2)
    content, messages = run(kc, "stolen")
    assert content["status"] == "error" and content["ename"] == "NameError"
    assert result_text(kc, "1 + 1") == "2"


def test_streams_arrive_before_the_cell_ends(kernel):
    km, kc = kernel
    msg_id = kc.execute('print("first")\nvar i = 0\nwhile i < 3000000 { i += 1 }\nprint("last")')
    first_stream_at = None
    idle_at = None
    while idle_at is None:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and first_stream_at is None:
            first_stream_at = time.monotonic()
            assert msg["content"]["text"].startswith("first")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            idle_at = time.monotonic()
    assert first_stream_at is not None and idle_at - first_stream_at > 0.05


def test_update_display_data(kernel):
    km, kc = kernel
    content, messages = run(kc, 'display("step 0", id: "progress")\nupdateDisplay("step 1", id: "progress")')
    shown = outputs(messages, "display_data")
    updated = outputs(messages, "update_display_data")
    assert shown[0]["transient"]["display_id"] == "progress"
    assert updated[0]["transient"]["display_id"] == "progress"
    assert updated[0]["data"]["text/plain"] == '"step 1"'


def test_error_is_one_message_with_place(kernel):
    km, kc = kernel
    content, messages = run(kc, "let a = 1\nlet b = ones([4, 2]) @ ones([3, 8])")
    errors = outputs(messages, "error")
    assert len(errors) == 1
    assert errors[0]["ename"] == "ShapeError"
    assert "inner dimensions 2 and 3 differ" in errors[0]["evalue"]
    assert any("line 2" in line for line in errors[0]["traceback"])
    assert any("^" in line for line in errors[0]["traceback"])


def test_error_in_a_function_from_an_earlier_cell_quotes_both_cells(kernel):
    km, kc = kernel
    first, _ = run(kc, "fn shrink(x) {\n    let half = x / 2\n    return half.reshape([3])\n}")
    assert first["status"] == "ok"
    content, messages = run(kc, "let t = ones([4])\nshrink(t)")
    assert content["status"] == "error"
    (error,) = outputs(messages, "error")
    lines = "\n".join(error["traceback"]).split("\n")
    defined, called = first["execution_count"], content["execution_count"]
    at = lines.index(f"  --> cell {defined}, line 3, in shrink")
    assert lines[at + 2] == " 3 |     return half.reshape([3])"
    assert lines[at + 3].strip(" |").startswith("^")
    site = lines.index(f"  called from cell {called}, line 2")
    assert site > at and lines[site + 2] == " 2 | shrink(t)"


def test_help_stays_in_the_cell_and_a_question_mark_pages(kernel):
    km, kc = kernel
    content, messages = run(kc, "help(zeros)")
    assert content["status"] == "ok" and not content.get("payload")
    assert "".join(m["text"] for m in outputs(messages, "stream")).startswith("zeros(shape")
    content, messages = run(kc, "?zeros")
    assert not outputs(messages, "stream")
    (page,) = content["payload"]
    assert page["source"] == "page" and page["data"]["text/plain"].startswith("zeros(shape")


def shown_output(messages):
    """The text a notebook shows for a cell's streams: the stream text, then the last state of the
    display that holds the lines past the output cap (updated in place while the cell ran)."""
    text = "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream")
    tail = [m for m in messages if m["msg_type"] in ("display_data", "update_display_data")
            and m["content"]["transient"].get("display_id", "").startswith("output-tail-")]
    if tail:
        assert tail[0]["msg_type"] == "display_data"
        assert all(m["msg_type"] == "update_display_data" for m in tail[1:])
        assert len({m["content"]["transient"]["display_id"] for m in tail}) == 1
        text += tail[-1]["content"]["data"]["text/plain"]
    return text


def test_huge_output_is_truncated_with_a_note(kernel):
    km, kc = kernel
    content, messages = run(kc, 'for i in 0..<200000 { print("line \\(i) of a long output") }', timeout=120)
    assert content["status"] == "ok"
    text = shown_output(messages)
    assert len(text) < 2_000_000
    assert "truncated" in text.lower() or "omitted" in text.lower()


def test_html_markdown_and_latex_bundles(kernel):
    km, kc = kernel
    content, messages = run(kc, 'display(html("<b>bold</b> &amp; plain"))\ndisplay(markdown("# Title"))\nlatex("$$\\\\sigma(x) = \\\\frac{1}{1+e^{-x}}$$")')
    assert content["status"] == "ok", content
    html, markdown = (m["data"] for m in outputs(messages, "display_data"))
    assert html == {"text/html": "<b>bold</b> &amp; plain", "text/plain": "bold & plain"}
    assert markdown == {"text/markdown": "# Title", "text/plain": "# Title"}
    (result,) = outputs(messages, "execute_result")
    assert result["data"]["text/latex"] == "$$\\sigma(x) = \\frac{1}{1+e^{-x}}$$"
    assert result["data"]["text/plain"] == result["data"]["text/latex"]


def test_image_is_a_png_that_decodes(kernel):
    import base64
    import io
    from PIL import Image
    km, kc = kernel
    content, messages = run(kc, "let x = zeros([3, 8, 8])\nx[0, 0, 0] = 1\nimage(x)")
    assert content["status"] == "ok", content
    (result,) = outputs(messages, "execute_result")
    picture = Image.open(io.BytesIO(base64.b64decode(result["data"]["image/png"])))
    assert picture.size == (128, 128) and picture.mode == "RGB"
    assert picture.getpixel((0, 0)) == (255, 0, 0) and picture.getpixel((15, 15)) == (255, 0, 0)
    assert picture.getpixel((16, 0)) == (0, 0, 0)
    assert result["data"]["text/plain"].startswith("Image 8×8 RGB, shown 16×\n")


def test_clear_output_waits_when_asked(kernel):
    km, kc = kernel
    content, messages = run(kc, 'print("old")\nclearOutput(wait: true)\nprint("new")')
    assert content["status"] == "ok", content
    (cleared,) = outputs(messages, "clear_output")
    assert cleared["wait"] is True
    kinds = [m["msg_type"] for m in messages if m["msg_type"] in ("stream", "clear_output")]
    assert kinds[kinds.index("clear_output") - 1] == "stream"


def test_table_shows_as_html_and_aligned_text(kernel):
    km, kc = kernel
    content, messages = run(kc, 'table([["name": "a", "loss": 0.5], ["name": "bb", "loss": 12]])')
    assert content["status"] == "ok", content
    (result,) = outputs(messages, "execute_result")
    assert result["data"]["text/html"].startswith("<table><thead><tr><th")
    assert result["data"]["text/plain"] == "name  loss\n----  ----\na      0.5\nbb      12"


def test_a_display_method_error_keeps_the_session(kernel):
    km, kc = kernel
    first, _ = run(kc, 'let kept = 7\nlayer Bad() {\n    fn display() { 1 + "x" }\n}')
    assert first["status"] == "ok"
    content, messages = run(kc, "Bad()")
    (error,) = outputs(messages, "error")
    assert error["ename"] == "TypeError" and error["evalue"].endswith("(in Bad.display(), which shows a Bad)")
    lines = "\n".join(error["traceback"]).split("\n")
    assert f"  --> cell {first['execution_count']}, line 3, in Bad.display" in lines
    site = lines.index(f"  called from cell {content['execution_count']}, line 1")
    assert lines[site + 2] == " 1 | Bad()"
    assert result_text(kc, "kept") == "7"


def test_readme_example_shows_its_chart_when_pasted_as_one_cell(kernel):
    import pathlib
    import re
    km, kc = kernel
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text()
    code = re.search(r"```soma\n(.*?)```", readme, re.S).group(1)
    content, messages = run(kc, code, timeout=120)
    assert content["status"] == "ok", content
    shown = outputs(messages, "display_data")
    assert any("image/svg+xml" in m["data"] and "XOR" in m["data"]["image/svg+xml"] for m in shown)
    (result,) = outputs(messages, "execute_result")
    assert result["data"]["text/plain"].replace(" ", "").replace("\n", "").startswith("tensor([[0.],[1.],[1.],[0.]]")


def test_a_cell_imports_a_module_beside_the_notebook_and_sees_its_edits(tmp_path):
    # Jupyter starts a kernel in the notebook's folder: that is where a cell's imports are found.
    (tmp_path / "helpers.soma").write_text('print("helpers loaded")\nfn double(x) { x * 2 }\n')
    km, kc = start_new_kernel(kernel_name="soma", startup_timeout=60, cwd=str(tmp_path))
    try:
        content, messages = run(kc, 'import "helpers.soma" as H\nH.double(21)')
        assert content["status"] == "ok", content
        assert [s["text"] for s in outputs(messages, "stream")] == ["helpers loaded\n"]
        assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == "42"
        # Imported again unchanged, the module does not run again.
        content, messages = run(kc, 'import "helpers"')
        assert content["status"] == "ok" and outputs(messages, "stream") == []
        # Edited beside the notebook, it runs again at its next import.
        (tmp_path / "helpers.soma").write_text('print("helpers edited")\nfn double(x) { x * 3 }\nfn broken() { nil + 1 }\n')
        content, messages = run(kc, 'import "helpers.soma" as H\nH.double(21)')
        assert [s["text"] for s in outputs(messages, "stream")] == ["helpers edited\n"]
        assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == "63"
        # An error inside the module quotes the module's line and the cell's call.
        content, messages = run(kc, "let x = 1\nH.broken()")
        (error,) = outputs(messages, "error")
        lines = "\n".join(error["traceback"]).split("\n")
        assert "  --> helpers.soma:3:15, in broken" in lines
        assert f"  called from cell {content['execution_count']}, line 2" in lines
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
