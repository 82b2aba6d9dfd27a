"""Kernel latency: Soma against ipykernel, measured in the same run on the same machine.

Measures (medians over repetitions):
  start     — process start to the first kernel_info_reply
  execute   — a trivial execute round trip (request sent to idle received)
  print10k  — a cell printing 10,000 lines, request to idle

usage: .venv/bin/python bench/kernel_bench.py [--repeat N] [--json]
Both kernels must be installed as kernelspecs named `soma` and `python3` (make bench does this).
"""
import argparse
import json
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import time

import zmq
from jupyter_client import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

CELLS = {
    "soma": {"trivial": "1", "print10k": 'for i in 0..<10000 { print("line \\(i)") }'},
    "python3": {"trivial": "1", "print10k": 'for i in range(10000): print(f"line {i}")'},
}


def wait_idle(kc, msg_id, timeout=60):
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" \
                and msg["content"]["execution_state"] == "idle":
            return


def measure_start(name):
    """Process start to the first kernel_info_reply: the connection file is written first, then the
    clock starts as the kernel's own command is launched, and a client waits for the reply."""
    spec = KernelSpecManager().get_kernel_spec(name)
    directory = tempfile.mkdtemp()
    path, _ = write_connection_file(os.path.join(directory, "connection.json"), ip="127.0.0.1")
    argv = [a.replace("{connection_file}", path) for a in spec.argv]
    if argv[0] in ("python", "python3"):
        argv[0] = sys.executable  # as jupyter_client does: the kernelspec means this interpreter
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=dict(os.environ, JPY_PARENT_PID=str(os.getpid())))
    kc = BlockingKernelClient(connection_file=path)
    kc.load_connection_file()
    # Retry the connection every 2 ms rather than ZeroMQ's default 100 ms, so the time measured is the
    # kernel's start, not the client's back-off (the same for both kernels).
    kc.context.setsockopt(zmq.RECONNECT_IVL, 2)
    kc.start_channels()
    deadline = started + 30
    while True:
        if time.perf_counter() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"{name}: no kernel_info_reply within 30 s (exit status {process.poll()})")
        kc.kernel_info()
        try:
            kc.get_shell_msg(timeout=0.02)
            break
        except queue.Empty:
            continue
    elapsed = time.perf_counter() - started
    kc.stop_channels()
    process.kill()
    process.wait()
    return elapsed


def run_cell(kc, code):
    started = time.perf_counter()
    msg_id = kc.execute(code)
    wait_idle(kc, msg_id)
    kc.get_shell_msg(timeout=60)
    return time.perf_counter() - started


def bench(name, repeat):
    starts = [measure_start(name) for _ in range(max(5, repeat // 10))]
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    for _ in range(20):
        run_cell(kc, CELLS[name]["trivial"])
    trivial = [run_cell(kc, CELLS[name]["trivial"]) for _ in range(repeat)]
    printing = [run_cell(kc, CELLS[name]["print10k"]) for _ in range(max(5, repeat // 20))]
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return {"start": statistics.median(starts), "execute": statistics.median(trivial),
            "print10k": statistics.median(printing)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {name: bench(name, args.repeat) for name in ("soma", "python3")}
    if args.json:
        print(json.dumps(results))
        return
    targets = {"start": 0.100, "execute": 0.001, "print10k": 0.040}
    labels = {"start": "start to first kernel_info_reply", "execute": "trivial execute round trip (median)",
              "print10k": "cell printing 10,000 lines"}
    print("| measure | Soma | ipykernel | target (Soma) | met? |")
    print("|---|--:|--:|--:|:-:|")
    for key in ("start", "execute", "print10k"):
        s, p = results["soma"][key], results["python3"][key]
        met = "yes" if s <= targets[key] else "**MISSED**"
        print(f"| {labels[key]} | {s * 1000:.2f} ms | {p * 1000:.2f} ms | ≤ {targets[key] * 1000:.0f} ms | {met} |")


if __name__ == "__main__":
    main()
