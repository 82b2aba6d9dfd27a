"""Widgets through jupyter_client, as a notebook's widget manager drives them: a slider, dropdown and
button open their models (ipywidgets 8 state) on comms, the frontend's updates change Soma values,
interact re-runs its function into its output area, and a click runs the Soma callback."""
import subprocess

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from test_kernel_client import iopub_of

TIMEOUT = 30
VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def kc(soma_bin, tmp_path_factory):
    prefix = tmp_path_factory.mktemp("kernel")
    subprocess.run([soma_bin, "kernel", "install", "--prefix", str(prefix)], check=True, capture_output=True)
    specs = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
    km = KernelManager(kernel_name="soma", kernel_spec_manager=specs)
    km.start_kernel()
    client = km.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code):
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    assert reply["content"]["status"] == "ok", reply["content"]
    return iopub_of(kc, msg_id)


def value_of(kc, expression):
    results = [m for m in run(kc, expression) if m["msg_type"] == "execute_result"]
    return results[0]["content"]["data"]["text/plain"]


def send_comm(kc, comm_id, data):
    """A comm_msg from the frontend; returns the iopub messages it caused."""
    msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
    kc.shell_channel.send(msg)
    return iopub_of(kc, msg["header"]["msg_id"])


def opened(messages):
    """comm_id → state of every model opened."""
    return {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in messages if m["msg_type"] == "comm_open"}


def updates(messages, comm_id):
    return [m["content"]["data"]["state"] for m in messages
            if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id]


def reference(model_id):
    return "IPY_MODEL_" + model_id


def test_a_log_slider_opens_its_models_and_follows_the_frontend(kc):
    messages = run(kc, 'let lr = slider("lr", 0.001, 1, log: true, value: 0.01)\nlr')
    opens = [m for m in messages if m["msg_type"] == "comm_open"]
    assert [m["content"]["target_name"] for m in opens] == ["jupyter.widget"] * 3
    assert all(m["metadata"]["version"] == "2.1.0" for m in opens)
    layout, style, model = (m["content"]["data"]["state"] for m in opens)
    layout_id, style_id, slider_id = (m["content"]["comm_id"] for m in opens)
    assert (layout["_model_name"], layout["_model_module"], layout["_model_module_version"]) == (
        "LayoutModel", "@jupyter-widgets/base", "2.0.0")
    assert (style["_model_name"], style["_view_name"], style["_view_module"]) == (
        "SliderStyleModel", "StyleView", "@jupyter-widgets/base")
    assert model["_model_name"] == "FloatLogSliderModel" and model["_view_name"] == "FloatLogSliderView"
    assert model["_model_module"] == model["_view_module"] == "@jupyter-widgets/controls"
    assert model["_model_module_version"] == "2.0.0"
    assert (model["min"], model["max"], model["base"], model["value"]) == (-3, 0, 10, 0.01)
    assert model["description"] == "lr"
    assert model["layout"] == reference(layout_id) and model["style"] == reference(style_id)

    result = [m for m in messages if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert result[VIEW] == {"model_id": slider_id, "version_major": 2, "version_minor": 0}
    assert result["text/plain"] == "lr: 0.01 (log slider 0.001…1)"

    send_comm(kc, slider_id, {"method": "update", "state": {"value": 0.5}, "buffer_paths": []})
    assert value_of(kc, "lr.value") == "0.5"

    # Code sets the value: the frontend is told, and the observers run.
    run(kc, 'lr.observe(fn(v) { print("now \\(v)") })')
    messages = run(kc, "lr.value = 0.1")
    assert updates(messages, slider_id) == [{"value": 0.1}]
    assert "now 0.1\n" in [m["content"]["text"] for m in messages if m["msg_type"] == "stream"]

    # The frontend moves it: the observer's output has the comm message as parent.
    messages = send_comm(kc, slider_id, {"method": "update", "state": {"value": 0.2}, "buffer_paths": []})
    assert [m["content"]["text"] for m in messages if m["msg_type"] == "stream"] == ["now 0.2\n"]

    # A reloading manager asks for the whole state.
    messages = send_comm(kc, slider_id, {"method": "request_state"})
    assert updates(messages, slider_id)[0]["value"] == 0.2

    msg_id = kc.comm_info(target_name="jupyter.widget")
    comms = kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"]
    assert {layout_id, style_id, slider_id} <= set(comms)
    assert comms[slider_id] == {"target_name": "jupyter.widget"}
    assert msg_id


def test_interact_reruns_its_function_into_its_output(kc):
    messages = run(kc, 'let n = slider("", 0...10, value: 2)\n'
                       'fn show(n, act, k) {\n  print(n, act, k)\n  if n > 8 { throw error("ValueError", "too big") }\n  return n * k\n}\n'
                       'interact(show, n: n, act: dropdown("act", ["relu", "tanh"]), k: 3)')
    models = opened(messages)
    names = {i: s["_model_name"] for i, s in models.items()}
    slider_id = next(i for i, name in names.items() if name == "IntSliderModel")
    dropdown_id = next(i for i, name in names.items() if name == "DropdownModel")
    output_id = next(i for i, name in names.items() if name == "OutputModel")
    box_id = next(i for i, name in names.items() if name == "VBoxModel")
    assert models[output_id]["_model_module"] == "@jupyter-widgets/output"
    assert models[box_id]["children"] == [reference(slider_id), reference(dropdown_id), reference(output_id)]
    assert models[dropdown_id]["_options_labels"] == ["relu", "tanh"] and models[dropdown_id]["index"] == 0
    assert models[slider_id]["value"] == 2 and models[slider_id]["step"] == 1
    displays = [m["content"]["data"] for m in messages if m["msg_type"] == "display_data"]
    assert displays[-1][VIEW]["model_id"] == box_id
    # The unlabelled slider is named after its parameter.
    assert {"description": "n"} in updates(messages, slider_id)

    def shown(messages):
        outputs = updates(messages, output_id)[-1]["outputs"]
        return [o.get("text") or o.get("data", {}).get("text/plain") or o.get("ename") for o in outputs]

    assert shown(messages) == ["2 relu 3\n", "6"]
    assert shown(send_comm(kc, slider_id, {"method": "update", "state": {"value": 5}, "buffer_paths": []})) == ["5 relu 3\n", "15"]
    assert shown(send_comm(kc, dropdown_id, {"method": "update", "state": {"index": 1}, "buffer_paths": []})) == ["5 tanh 3\n", "15"]
    # An error of the function shows in the output; the kernel goes on.
    assert shown(send_comm(kc, slider_id, {"method": "update", "state": {"value": 9}, "buffer_paths": []})) == ["9 tanh 3\n", "ValueError"]
    assert value_of(kc, "n.value") == "9"


def test_a_button_click_runs_its_callback(kc):
    messages = run(kc, 'var clicks = 0\nlet go = button("go")\ngo.onClick(fn() { clicks += 1 })\ngo')
    button_id = next(i for i, s in opened(messages).items() if s["_model_name"] == "ButtonModel")
    assert opened(messages)[button_id]["description"] == "go"
    for _ in range(2):
        send_comm(kc, button_id, {"method": "custom", "content": {"event": "click"}})
    assert value_of(kc, "clicks") == "2"


def test_a_control_moved_while_a_cell_runs_is_handled_after_it(kc):
    messages = run(kc, 'let k = slider("k", 0...10, value: 1)\nk.observe(fn(v) { print("k is \\(v) after \\(steps)") })\nvar steps = 0')
    slider_id = next(i for i, s in opened(messages).items() if s["_model_name"] == "IntSliderModel")
    cell = kc.execute("sleep(0.5)\nsteps = 1")
    move = kc.session.msg("comm_msg", {"comm_id": slider_id, "data": {"method": "update", "state": {"value": 7}}})
    kc.shell_channel.send(move)
    # The shell handles one request at a time: the cell's reply comes first, then the move's outputs.
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == cell and reply["content"]["status"] == "ok"
    printed = [m["content"]["text"] for m in iopub_of(kc, move["header"]["msg_id"]) if m["msg_type"] == "stream"]
    assert printed == ["k is 7 after 1\n"]


def test_a_backward_stepper_plays_with_previous_and_next_buttons(kc):
    messages = run(kc, "let a = tensor(2.0, requiresGrad: true)\nlet b = tensor(-3.0, requiresGrad: true)\n"
                       "let L = a * b + a\nlet s = stepBackward(L)\ns.play()")
    models = opened(messages)
    buttons = {s["description"]: i for i, s in models.items() if s["_model_name"] == "ButtonModel"}
    output_id = next(i for i, s in models.items() if s["_model_name"] == "OutputModel")
    assert set(buttons) == {"◀ Previous", "Next ▶"}

    def shown(messages):
        outputs = updates(messages, output_id)[-1]["outputs"]
        return [o["data"]["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]

    assert "backward, step 0 of 2" in shown(messages)[0]
    svg = shown(send_comm(kc, buttons["Next ▶"], {"method": "custom", "content": {"event": "click"}}))[0]
    assert "backward, step 1 of 2" in svg and "∂L/∂a += ∂L/∂L · 1 = 1 · 1 = 1" in svg
    svg = shown(send_comm(kc, buttons["Next ▶"], {"method": "custom", "content": {"event": "click"}}))[0]
    assert "∂L/∂a += ∂L/∂mul · b = 1 · -3 = -3" in svg
    svg = shown(send_comm(kc, buttons["◀ Previous"], {"method": "custom", "content": {"event": "click"}}))[0]
    assert "backward, step 1 of 2" in svg
    assert value_of(kc, "s.position") == "1"


def test_a_replay_scrubs_through_its_frames_with_a_slider(kc):
    messages = run(kc, 'let r = replay([scatter([[0, 0]], title: "first"), scatter([[1, 1]], title: "second"), '
                       'scatter([[2, 2]], title: "third")])\nr.play()')
    models = opened(messages)
    slider_id = next(i for i, s in models.items() if s["_model_name"] == "IntSliderModel")
    output_id = next(i for i, s in models.items() if s["_model_name"] == "OutputModel")
    assert models[slider_id]["min"] == 0 and models[slider_id]["max"] == 2 and models[slider_id]["value"] == 2

    def shown(messages):
        outputs = updates(messages, output_id)[-1]["outputs"]
        return [o["data"]["image/svg+xml"] for o in outputs if "image/svg+xml" in o.get("data", {})]

    assert "third" in shown(messages)[0] and "frame 3 of 3" in shown(messages)[0]
    svg = shown(send_comm(kc, slider_id, {"method": "update", "state": {"value": 0}}))[0]
    assert "first" in svg and "frame 1 of 3" in svg and "second" not in svg
