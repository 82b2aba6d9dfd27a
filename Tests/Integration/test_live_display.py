"""fit() and progress() through the real kernel: one display, updated in place, and an interrupt that
returns the partial history with the weights kept."""
import re
import time

from test_kernel_client import TIMEOUT, iopub_of, kernel, outputs, result_text, run  # noqa: F401 (fixture)

SETUP = """seed(0)
let data = moons(512, noise: 0.1)
let model = Sequential(Linear(2, 32), ReLU(), Linear(32, 2))
let opt = Adam(model.parameters(), lr: 0.01)
"""


def display_ids(messages):
    return [m["content"]["transient"]["display_id"] for m in messages
            if m["msg_type"] in ("display_data", "update_display_data")]


def test_fit_updates_one_display_in_place(kernel):
    km, kc = kernel
    run(kc, SETUP)
    # Epochs slow enough (a sleep in the metric) that several refreshes fall inside the run.
    code = """fn slowAccuracy(out, y) { sleep(0.02)
accuracy(out, y) }
let h = fit(model, data: DataLoader(data[0], data[1], batchSize: 64, shuffle: true), loss: crossEntropy,
            optimizer: opt, epochs: 8, validation: [data[0], data[1]], metrics: [slowAccuracy])
h.epochs"""
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    shown = outputs(messages, "display_data")
    updates = outputs(messages, "update_display_data")
    assert len(shown) == 1, "fit shows exactly one display"
    assert len(updates) >= 3, "the display is updated while fit runs"
    assert len(set(display_ids(messages))) == 1, "every update targets the first display"
    final = updates[-1]["data"]
    assert "epoch 8/8" in final["text/plain"] and "100%" in final["text/plain"]
    assert "<svg" in final["text/html"] and "validation" in final["text/html"]
    assert re.search(r"valSlowAccuracy 0\.\d+", final["text/plain"])
    # Refreshes are throttled: far fewer than the 64 steps.
    assert len(updates) < 40
    assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == "8"
    assert float(result_text(kc, "h.valSlowAccuracy[-1]")) > 0.8


def axis_scales(updates):
    """The y-axis scale (linear or log) of the chart in each display that has one."""
    return [m.group(1) for u in updates if (m := re.search(r'class="y-ticks" data-scale="(\w+)"', u["data"]["text/html"]))]


def test_fit_keeps_one_loss_axis_while_training(kernel):
    km, kc = kernel
    run(kc, SETUP)
    # The loss falls by far more than 30× while the display is redrawn: the axis must not switch
    # (it used to start linear and turn log part of the way).
    code = """fn slow(out, y) { sleep(0.01)
accuracy(out, y) }
fit(model, data: DataLoader(data[0], data[1], batchSize: 64), loss: crossEntropy, optimizer: opt, epochs: 12,
    metrics: [slow]).loss[-1]"""
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    scales = axis_scales(outputs(messages, "display_data") + outputs(messages, "update_display_data"))
    assert len(scales) >= 3, "several drawings with a chart"
    assert set(scales) == {"log"}, scales


def test_interrupting_fit_keeps_weights_and_returns_partial_history(kernel):
    km, kc = kernel
    run(kc, SETUP)
    before = result_text(kc, "model[0].weight.sum().item()")
    msg_id = kc.execute("let h = fit(model, data: DataLoader(data[0], data[1], batchSize: 8), loss: crossEntropy, "
                        "optimizer: opt, epochs: 100000)")
    time.sleep(1.5)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "ok", "an interrupted fit returns its history instead of failing"
    # The display's last drawing says it was interrupted, with no stale time left, on one status line.
    final = outputs(iopub_of(kc, msg_id), "update_display_data")[-1]["data"]
    status = final["text/plain"].split("\n")[0]
    assert "interrupted" in status and "ETA" not in status, status
    assert "interrupted" in final["text/html"] and "ETA" not in final["text/html"]
    assert "flex-wrap:nowrap" in final["text/html"]
    assert result_text(kc, "h.interrupted") == "true"
    epochs = int(result_text(kc, "h.epochs"))
    assert epochs >= 1 and epochs < 100000
    assert int(result_text(kc, "len(h.loss)")) == epochs
    assert int(result_text(kc, "len(h.stepLosses)")) > epochs * 64 - 1
    assert result_text(kc, "model[0].weight.sum().item()") != before
    # The kernel goes on as before.
    assert result_text(kc, "1 + 1") == "2"


def test_progress_updates_one_display(kernel):
    km, kc = kernel
    code = """var total = 0
let p = progress(0..<40, label: "work")
for i in p { sleep(0.03)
total += i
p.set(total: total) }
total"""
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    assert len(outputs(messages, "display_data")) == 1
    updates = outputs(messages, "update_display_data")
    assert len(updates) >= 2 and len(set(display_ids(messages))) == 1
    final = updates[-1]["data"]["text/plain"]
    assert final.startswith("work") and "40/40" in final and "total 780" in final
    assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == "780"


def test_fit_shows_the_latest_recorded_frame_beside_the_loss(kernel):
    km, kc = kernel
    run(kc, SETUP)
    code = """let h = fit(model, data: DataLoader(data[0], data[1], batchSize: 64), loss: crossEntropy, optimizer: opt,
            epochs: 4, recordEvery: 4, record: fn() { sleep(0.05)
                decisionBoundary(model, data[0][0:64], data[1][0:64], steps: 8, title: "boundary now") })
replay(h).count"""
    content, messages = run(kc, code)
    assert content["status"] == "ok", content
    drawn = [u["data"]["text/html"] for u in outputs(messages, "display_data") + outputs(messages, "update_display_data")]
    assert any("boundary now" in html and "loss" in html for html in drawn), "the frame shows beside the loss while fit runs"
    assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == "9"   # step 0 and every 4 of 32
