"""The cost of fit()'s live display: the same training run in the Soma kernel with the display on
(a progress bar and an SVG loss chart updated in place through update_display_data) and off
(display: false), alternating, medians over repetitions.

usage: .venv/bin/python bench/fit_display_bench.py [--repeat N]
The Soma kernelspec must be installed (bench/run.py installs the release build's).
"""
import argparse
import statistics
import time

from jupyter_client.manager import KernelManager

SETUP = """seed(0)
let data = moons(8192, noise: 0.1)
let loader = DataLoader(data[0], data[1], batchSize: 32, shuffle: true)
let X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let Y = tensor([[0], [1], [1], [0]])
fn mlp(show) {
    seed(1)
    let model = Sequential(Linear(2, 64), ReLU(), Linear(64, 64), ReLU(), Linear(64, 2))
    fit(model, data: loader, loss: crossEntropy, optimizer: Adam(model.parameters(), lr: 0.01),
        epochs: 6, validation: [data[0], data[1]], metrics: [accuracy], display: show)
}
fn xor(show) {
    seed(1)
    let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
    fit(model, data: [X, Y], loss: mse, optimizer: Adam(model.parameters(), lr: 0.05), epochs: 20000, display: show)
}
"""
# Two shapes of run: minibatch epochs of a few hundred steps, and many one-step epochs (where a
# redraw per epoch would cost the most).
WORKLOADS = {
    "mlp": "moons MLP 2-64-64-2, batch 32, 6 epochs × 256 steps, validation, accuracy",
    "xor": "XOR 2-8-1, full batch, 20,000 one-step epochs",
}


def run_cell(kc, code):
    """Request to idle, counting the display messages the cell sent."""
    started = time.perf_counter()
    msg_id = kc.execute(code)
    displays = 0
    while True:
        msg = kc.get_iopub_msg(timeout=120)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("display_data", "update_display_data"):
            displays += 1
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    return time.perf_counter() - started, displays


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    km = KernelManager(kernel_name="soma")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    results = {}
    try:
        run_cell(kc, SETUP)
        for name in WORKLOADS:
            run_cell(kc, f"{name}(false)")  # warm-up
            on, off, messages = [], [], []
            for _ in range(args.repeat):
                off.append(run_cell(kc, f"{name}(false)")[0])
                t, n = run_cell(kc, f"{name}(true)")
                on.append(t)
                messages.append(n)
            results[name] = (statistics.median(off), statistics.median(on), statistics.median(messages))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print(f"| fit (median of {args.repeat}) | display off | display on | display messages | overhead | target | met? |")
    print("|---|--:|--:|--:|--:|--:|:-:|")
    for name, (t_off, t_on, n) in results.items():
        overhead = t_on / t_off - 1
        met = "yes" if overhead < 0.05 else "**MISSED**"
        print(f"| {WORKLOADS[name]} | {t_off * 1000:.0f} ms | {t_on * 1000:.0f} ms | {n:.0f} "
              f"| {overhead * 100:+.1f}% | < 5% | {met} |")


if __name__ == "__main__":
    main()
