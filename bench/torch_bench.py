"""The workloads of soma-bench (bench/SomaBench) in PyTorch on the CPU, printing the same JSON lines.

usage: torch_bench.py [--threads N] [--quick | --smoke] [--json] [--filter TEXT | --only NAME] | --list
"""
import argparse
import csv
import gzip
import json
import math
import os
import re
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=".*NumPy.*")  # torch warns when numpy is absent; it is not needed

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

import torch_chargpt  # noqa: E402

# Same rule as bench/SomaBench/Timing.swift.
FULL = dict(min_time=1.0, warmup=0.2, batches=7)
QUICK = dict(min_time=0.25, warmup=0.05, batches=5)
SMOKE = dict(min_time=0.0, warmup=0.0, batches=1)  # one call, so that the tests check each workload runs

MATMUL_SIZES = [64, 128, 256, 512, 1024, 2048]
DIGITS = Path(__file__).resolve().parent.parent / "data" / "digits.csv.gz"


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


def rate(name, unit, config, body, count=1.0, model=None):
    """Times body() and gives count units per call (1 step, 2n³ flops, …) as count per second, with the
    model's parameter count, which the tests compare across the three sides."""
    t, spread = measure(config, body)
    params = sum(p.numel() for p in model.parameters()) if model is not None else 0
    return dict(name=name, unit=unit, value=count / t, spread=spread, params=params)


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
    return rate("xor_2_8_1", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.mse_loss), model=model)


def bench_mlp(name, widths, batch, config, dtype=torch.float32):
    """A ReLU MLP of the given widths on a fixed random batch, the model and inputs in dtype."""
    torch.manual_seed(0)
    layers = []
    for i in range(len(widths) - 1):
        if i > 0:
            layers.append(nn.ReLU())
        layers.append(nn.Linear(widths[i], widths[i + 1]))
    model = nn.Sequential(*layers).to(dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(batch, widths[0], dtype=dtype)
    y = torch.randint(0, widths[-1], (batch,))
    return rate(name, "steps/s", config, lambda: train_step(model, optimizer, x, y, F.cross_entropy), model=model)


def small_cnn(side):
    """Two conv/relu/maxpool stages and a linear head, for side×side single-channel images."""
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(32 * (side // 4) ** 2, 10))


def bench_cnn(config):
    """The small CNN of bench/SomaBench/Workloads+CNN.swift: two conv/relu/maxpool stages and a linear head."""
    torch.manual_seed(0)
    model = small_cnn(28)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(32, 1, 28, 28)
    y = torch.randint(0, 10, (32,))
    return rate("cnn_28x28_b32", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.cross_entropy),
                model=model)


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

    return rate("conv3d_16c8_b4", "passes/s", config, step, model=conv)


def bench_lstm(config):
    """The LSTM of bench/SomaBench/Workloads+Sequence.swift: input 32, hidden 64, 16 sequences of 32 steps,
    MSE of the last output."""
    torch.manual_seed(0)
    model = nn.LSTM(32, 64, batch_first=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(16, 32, 32)
    y = torch.randn(16, 64)
    return rate("lstm_s32_b16_h64", "steps/s", config,
                lambda: train_step(lambda v: model(v)[0][:, -1], optimizer, x, y, F.mse_loss), model=model)


def bench_transformer(config):
    """The pre-norm Transformer encoder block of bench/SomaBench/Workloads+Sequence.swift: d 128, 4 heads,
    GELU feed-forward 512, no dropout, 8 sequences of 64 positions, MSE."""
    torch.manual_seed(0)
    model = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, dropout=0.0, activation="gelu",
                                       batch_first=True, norm_first=True)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    x = torch.randn(8, 64, 128)
    y = torch.randn(8, 64, 128)
    return rate("transformer_s64_b8_d128", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.mse_loss),
                model=model)


def load_digits(path=DIGITS):
    """The 1797 8×8 digits of data/digits.csv.gz: pixels scaled to 0…1 as [1797, 1, 8, 8], labels [1797]."""
    with gzip.open(path, "rt", newline="") as f:
        rows = [[int(v) for v in row] for row in csv.reader(f)]
    x = torch.tensor([row[:64] for row in rows], dtype=torch.float32) / 16
    y = torch.tensor([row[64] for row in rows])
    return x.reshape(-1, 1, 8, 8), y


def bench_digits_fit(config):
    """The digits CNN end to end, as Soma's fit trains it: each call reads the file, builds a shuffled
    DataLoader of batches of 32 and trains one epoch, reading each step's loss."""
    torch.manual_seed(0)
    model = small_cnn(8)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)

    def epoch():
        x, y = load_digits()
        loader = DataLoader(TensorDataset(x, y), batch_size=32, shuffle=True)
        model.train()
        for xb, yb in loader:
            loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss.item()

    return rate("digits_fit", "epochs/s", config, epoch, model=model)


def bench_inference(name, model, x, config):
    """Forward passes per second of model on the one sample x, in eval mode without gradients."""
    model.eval()

    def call():
        with torch.no_grad():
            model(x)

    return rate(name, "calls/s", config, call, model=model)


def bench_infer_mlp(config):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return bench_inference("infer_mlp_b1", model, torch.randn(1, 784), config)


def bench_infer_cnn(config):
    torch.manual_seed(0)
    return bench_inference("infer_cnn_b1", small_cnn(28), torch.randn(1, 1, 28, 28), config)


class BasicBlock(nn.Module):
    """conv3×3-BN-ReLU-conv3×3-BN plus the shortcut, then ReLU; the shortcut is a 1×1 convolution with batch
    norm where the shape changes, the input itself elsewhere."""

    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(out_channels))

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + self.shortcut(x))


def bench_resnet(config):
    """The small ResNet of bench/SomaBench/Workloads+ResNet.swift: a 16-channel stem, one basic block per
    stage (16, 32, 64 channels), global average pooling and a linear head, batch 32 of 3×32×32, SGD."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
                          BasicBlock(16, 16), BasicBlock(16, 32, stride=2), BasicBlock(32, 64, stride=2),
                          nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x = torch.randn(32, 3, 32, 32)
    y = torch.randint(0, 10, (32,))
    return rate("resnet_32_b32", "steps/s", config, lambda: train_step(model, optimizer, x, y, F.cross_entropy),
                model=model)


class CharLSTM(nn.Module):
    """Embedding(vocab, 64), LSTM(64, 128) and Linear(128, vocab) at every position."""

    def __init__(self, vocab_size):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 64)
        self.lstm = nn.LSTM(64, 128, batch_first=True)
        self.head = nn.Linear(128, vocab_size)

    def forward(self, tokens):
        return self.head(self.lstm(self.embed(tokens))[0])


def bench_lstm_lm(config):
    """The character-level LSTM language model of bench/SomaBench/Workloads+LSTMLM.swift on
    data/tiny-tales.txt: 16 random windows of 64 characters per step, next-character cross-entropy, Adam."""
    torch.manual_seed(0)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "tiny-tales.txt"),
              encoding="utf-8") as f:
        text = f.read()
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    ids = torch.tensor([index[c] for c in text])
    batch, length = 16, 64
    model = CharLSTM(len(vocab))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.002)

    def step():
        starts = torch.randint(0, len(ids) - length, (batch, 1))
        window = ids[starts + torch.arange(length + 1)]
        logits = model(window[:, :length])
        loss = F.cross_entropy(logits.reshape(-1, len(vocab)), window[:, 1:].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return rate("lstm_lm", "tokens/s", config, step, count=batch * length, model=model)


def bench_chargpt_train(config):
    """The character-level GPT of bench/torch_chargpt.py (4 blocks, d 128, 4 heads, context 128) trained on
    batches of 16 random windows of data/tiny-tales.txt with cross-entropy and AdamW(lr 3e-4)."""
    torch.manual_seed(0)
    data, vocab_size = torch_chargpt.load_text()
    model = torch_chargpt.GPT(vocab_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

    def step():
        x, y = torch_chargpt.get_batch(data, 16, 128)
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, vocab_size), y.view(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return rate("chargpt_train", "tokens/s", config, step, count=16 * 128, model=model)


def bench_chargpt_generate(config):
    """Greedy generation with the KV cache by the untrained GPT of bench/torch_chargpt.py, batch 1: a
    16-character prompt in one call, then one token a call until the context holds 128."""
    torch.manual_seed(0)
    data, vocab_size = torch_chargpt.load_text()
    model = torch_chargpt.GPT(vocab_size)
    model.eval()
    prompt = data[:16].tolist()
    if config is SMOKE:
        torch_chargpt.check_cache(model, prompt, 128)
    return rate("chargpt_generate", "tokens/s", config, lambda: torch_chargpt.generate(model, prompt, 128),
                count=128 - 16, model=model)


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
    out.append(("mlp_1024x3_10_b256_f64",
                lambda: bench_mlp("mlp_1024x3_10_b256_f64", [1024, 1024, 1024, 10], 256, config, torch.float64)))
    out.append(("cnn_28x28_b32", lambda: bench_cnn(config)))
    out.append(("conv3d_16c8_b4", lambda: bench_conv3d(config)))
    out.append(("lstm_s32_b16_h64", lambda: bench_lstm(config)))
    out.append(("transformer_s64_b8_d128", lambda: bench_transformer(config)))
    out.append(("digits_fit", lambda: bench_digits_fit(config)))
    out.append(("infer_mlp_b1", lambda: bench_infer_mlp(config)))
    out.append(("infer_cnn_b1", lambda: bench_infer_cnn(config)))
    out.append(("resnet_32_b32", lambda: bench_resnet(config)))
    out.append(("lstm_lm", lambda: bench_lstm_lm(config)))
    out.append(("chargpt_train", lambda: bench_chargpt_train(config)))
    out.append(("chargpt_generate", lambda: bench_chargpt_generate(config)))
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
    parser.add_argument("--only", default=None, help="only the workload of this name")
    parser.add_argument("--list", action="store_true", help="print the workload names, one a line")
    args = parser.parse_args()
    if args.threads < 1:
        parser.error("--threads needs a positive number")
    if args.list:
        for name, _ in workloads(FULL):
            print(name)
        return
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

    for name, fn in table:
        if (not args.filter or args.filter in name) and (not args.only or args.only == name):
            run(fn)


if __name__ == "__main__":
    main()
