"""The workloads of soma-bench (bench/SomaBench) in PyTorch on the CPU, printing the same JSON lines.

usage: torch_bench.py [--threads N] [--quick] [--json] [--filter TEXT | --serve]
"""
import argparse
import json
import math
import os
import re
import sys
import time
import warnings

warnings.filterwarnings("ignore", message=".*NumPy.*")  # torch warns when numpy is absent; it is not needed

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402

# Same rule as bench/SomaBench/Timing.swift.
FULL = dict(min_time=1.0, warmup=0.2, batches=7)
QUICK = dict(min_time=0.25, warmup=0.05, batches=5)
SMOKE = dict(min_time=0.0, warmup=0.0, batches=1)  # one call, so that the tests check each workload runs

MATMUL_SIZES = [64, 128, 256, 512, 1024, 2048]


def report_first_call():
    """Tells bench/run.py that the first call is done (the end of start-up: import, data, model, one call)."""
    print(json.dumps(dict(event="first")), flush=True)


def measure(config, body):
    """(median seconds per call of body(), slowest batch / fastest), timed as soma-bench times its workloads."""
    start = time.perf_counter()
    body()
    report_first_call()
    calls = 1
    while time.perf_counter() - start < config["warmup"]:
        body()
        calls += 1
    per_call = max((time.perf_counter() - start) / calls, 1e-9)
    batches = 1 if config["batches"] == 1 else min(config["batches"], max(3, int(2 * config["min_time"] / per_call)))
    reps = max(1, math.ceil(config["min_time"] / batches / per_call))
    samples = []
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(reps):
            body()
        samples.append((time.perf_counter() - t0) / reps)
    samples.sort()
    return samples[len(samples) // 2], samples[-1] / max(samples[0], 1e-12)


def rate(name, unit, config, body, count=1.0):
    """Times body() and gives count units per call (1 step, 2n³ flops, …) as count per second."""
    t, spread = measure(config, body)
    return dict(name=name, unit=unit, value=count / t, spread=spread)


def bench_matmul(n, config):
    g = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=g, dtype=torch.float32)
    b = torch.randn(n, n, generator=g, dtype=torch.float32)
    return rate(f"matmul_{n}", "GFLOP/s", config, lambda: torch.mm(a, b), count=2 * n**3 / 1e9)


def train_step(model, optimizer, x, y, loss_fn):
    """One training step as a user writes it: forward, zero_grad, backward, step."""
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


def bench_xor(config):
    torch.manual_seed(0)
    x = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float32)
    y = torch.tensor([[0], [1], [1], [0]], dtype=torch.float32)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1), nn.Sigmoid())
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    return rate("xor_2_8_1", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.mse_loss))


def bench_mlp(name, widths, batch, config):
    torch.manual_seed(0)
    layers = []
    for i in range(len(widths) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(widths[i], widths[i + 1]))
    model = nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(batch, widths[0])
    y = torch.randint(0, widths[-1], (batch,))
    return rate(name, "steps/s", config, lambda: train_step(model, optimizer, x, y, F.cross_entropy))


def bench_cnn(config):
    """The small CNN of bench/SomaBench/Workloads+CNN.swift: two conv/relu/maxpool stages and a linear head."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(32, 1, 28, 28)
    y = torch.randint(0, 10, (32,))
    return rate("cnn_28x28_b32", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.cross_entropy))


def bench_conv3d(config):
    """The 3-D convolution of bench/SomaBench/Workloads+CNN.swift: Conv3d(8, 16, 3) over 4 volumes of 16³,
    forward and backward of the output's sum."""
    torch.manual_seed(0)
    conv = nn.Conv3d(8, 16, 3)
    x = torch.randn(4, 8, 16, 16, 16, requires_grad=True)

    def step():
        conv.zero_grad()
        x.grad = None
        conv(x).sum().backward()

    return rate("conv3d_16c8_b4", "passes/s", config, step)


def bench_lstm(config):
    """The LSTM of bench/SomaBench/Workloads+Sequence.swift: input 32, hidden 64, 16 sequences of 32 steps,
    MSE of the last output."""
    torch.manual_seed(0)
    model = nn.LSTM(32, 64, batch_first=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(16, 32, 32)
    y = torch.randn(16, 64)
    return rate("lstm_s32_b16_h64", "steps/s", config, lambda: train_step(lambda v: model(v)[0][:, -1], optimizer, x, y, F.mse_loss))


def bench_transformer(config):
    """The pre-norm Transformer encoder block of bench/SomaBench/Workloads+Sequence.swift: d 128, 4 heads,
    GELU feed-forward 512, no dropout, 8 sequences of 64 positions, MSE."""
    torch.manual_seed(0)
    model = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.0, activation="gelu",
                                       batch_first=True, norm_first=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(8, 64, 128)
    y = torch.randn(8, 64, 128)
    return rate("transformer_s64_b8_d128", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.mse_loss))


def bench_string_append(config):
    """A 100,000-character string built with += one character at a time."""
    n = 100_000

    def build():
        s = ""
        for _ in range(n):
            s += "x"
        return s
    return rate("string_append_100k", "appends/s", config, build, count=n)


def bench_tensor_nested(config):
    """torch.tensor of nested lists of shape [256, 3, 8, 8] (floats), made beforehand."""
    g = torch.Generator().manual_seed(0)
    nested = torch.randn(256, 3, 8, 8, generator=g).tolist()
    return rate("tensor_nested", "elements/s", config, lambda: torch.tensor(nested), count=256 * 3 * 8 * 8)


def workloads(config):
    """(name, run) for every workload, in soma-bench's order and with its names."""
    out = [(f"matmul_{n}", lambda n=n: bench_matmul(n, config)) for n in MATMUL_SIZES]
    out.append(("xor_2_8_1", lambda: bench_xor(config)))
    out.append(("mlp_784_128_10_b64", lambda: bench_mlp("mlp_784_128_10_b64", [784, 128, 10], 64, config)))
    out.append(("mlp_1024x3_10_b256",
                lambda: bench_mlp("mlp_1024x3_10_b256", [1024, 1024, 1024, 10], 256, config)))
    out.append(("cnn_28x28_b32", lambda: bench_cnn(config)))
    out.append(("conv3d_16c8_b4", lambda: bench_conv3d(config)))
    out.append(("lstm_s32_b16_h64", lambda: bench_lstm(config)))
    out.append(("transformer_s64_b8_d128", lambda: bench_transformer(config)))
    out.append(("string_append_100k", lambda: bench_string_append(config)))
    out.append(("tensor_nested", lambda: bench_tensor_nested(config)))
    return out


def blas_info():
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return found.group(1) if found else "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="one call of each workload")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--filter", default=None, help="only the workloads whose name contains this")
    parser.add_argument("--serve", action="store_true",
                        help="read workload names from standard input, one a line, and run each; after each, "
                             'print {"name": "_done"} (bench/run.sh alternates the two sides this way)')
    args = parser.parse_args()
    if args.threads < 1:
        parser.error("--threads needs a positive number")
    torch.set_num_threads(args.threads)
    config = SMOKE if args.smoke else QUICK if args.quick else FULL
    meta = dict(side="torch", name="_meta", threads=torch.get_num_threads(), cores=os.cpu_count(),
                torch=torch.__version__, blas=blas_info(),
                cpu_capability=torch.backends.cpu.get_cpu_capability())
    print(json.dumps(meta) if args.json else
          f"torch_bench: {meta['threads']} thread(s), torch {meta['torch']}, BLAS {meta['blas']}, {meta['cpu_capability']}",
          flush=True)
    table = workloads(config)

    def run(fn):
        r = fn()
        r.update(side="torch", impl="torch", threads=args.threads)
        print(json.dumps(r) if args.json else f"{r['name']:<22} torch   {r['value']:12.2f} {r['unit']}", flush=True)

    if args.serve:
        for line in sys.stdin:
            for name, fn in table:
                if name == line.strip():
                    run(fn)
            print(json.dumps(dict(side="torch", name="_done")), flush=True)
        return
    for name, fn in table:
        if not args.filter or args.filter in name:
            run(fn)


if __name__ == "__main__":
    main()
