"""Joins the JSON lines of soma-bench and torch_bench.py by workload and writes the Markdown report.

usage: report.py --meta KEY=VALUE ... -- RUN_DIR
RUN_DIR holds soma-<threads>.jsonl and torch-<threads>.jsonl for each thread count that was run.
Only the standard library is used, so any python3 runs it.
"""
import glob
import json
import os
import re
import sys

# Workloads in the order shown: (name, label, target ratio Soma/PyTorch or None).
WORKLOADS = [(f"matmul_{n}", f"matmul {n}×{n}×{n}", None) for n in (64, 128, 256, 512, 1024, 2048)] + [
    ("xor_2_8_1", "XOR 2-8-1 MLP, MSE, Adam — train step", 10.0),
    ("mlp_784_128_10_b64", "784-128-10 MLP, batch 64, CE, Adam — train step", 2.0),
    ("mlp_1024x3_10_b256", "1024-1024-1024-10 MLP, batch 256, CE, Adam — train step", 1.0),
    ("cnn_28x28_b32", "CNN 1×28×28, conv16-pool-conv32-pool-linear, batch 32, CE, Adam — train step", 1.0),
    ("conv3d_16c8_b4", "Conv3d 8→16, kernel 3, 16³ volumes, batch 4 — forward + backward", None),
    ("lstm_s32_b16_h64", "LSTM 32→64, 32 steps, batch 16, MSE of last output, Adam — train step", 1.0),
    ("transformer_s64_b8_d128", "pre-norm Transformer block d128, 4 heads, FFN 512, seq 64, batch 8, MSE, Adam — train step", 1.0),
]
MATMUL_TARGET = 0.9  # Tensor.matmul / direct cblas_sgemm


def load(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    return rows


def fmt(v):
    if v is None:
        return "n/a"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def verdict(ratio, target):
    if target is None:
        return "—"
    if ratio is None:
        return "**no result**"
    return "yes" if ratio >= target else "**MISSED**"


def tables(run_dir, threads):
    soma = load(os.path.join(run_dir, f"soma-{threads}.jsonl"))
    torch = load(os.path.join(run_dir, f"torch-{threads}.jsonl"))
    value = {}
    for r in soma + torch:
        if r.get("name", "").startswith("_"):
            continue
        value[(r["name"], r.get("impl", r.get("side")))] = (r.get("value"), r.get("unit", ""))
    missed = []
    out = [f"### {threads} thread{'s' if threads != 1 else ''}", "",
           "| workload | Soma | PyTorch | ratio | target | met? |",
           "| --- | ---: | ---: | ---: | ---: | :---: |"]
    present = {name for name, _ in value}
    for name, label, target in WORKLOADS:
        if name not in present:
            continue
        s, unit = value.get((name, "soma"), (None, ""))
        t, unit_t = value.get((name, "torch"), (None, unit))
        unit = unit or unit_t
        ratio = s / t if s and t else None
        v = verdict(ratio, target)
        if target is not None and v != "yes":
            missed.append(f"{label} at {threads} thread(s): ratio {fmt(ratio)} < {target:g}")
        out.append(f"| {label} ({unit}) | {fmt(s)} | {fmt(t)} | {fmt(ratio) + '×' if ratio else 'n/a'} | "
                   f"{'≥ %g×' % target if target else '—'} | {v} |")
    sizes = [n for n in (64, 128, 256, 512, 1024, 2048) if f"matmul_{n}" in present]
    if not sizes:
        return out, missed, {r.get("side"): r for r in soma + torch if r.get("name") == "_meta"}
    out += ["", f"Tensor.matmul against a direct `cblas_sgemm` of the same size (same OpenBLAS, same thread cap), GFLOP/s:", "",
            "| n | Tensor.matmul | cblas_sgemm | ratio | target | met? |",
            "| ---: | ---: | ---: | ---: | ---: | :---: |"]
    for n in sizes:
        s, _ = value.get((f"matmul_{n}", "soma"), (None, ""))
        c, _ = value.get((f"matmul_{n}", "cblas"), (None, ""))
        ratio = s / c if s and c else None
        v = verdict(ratio, MATMUL_TARGET)
        if v != "yes":
            missed.append(f"matmul {n}³ Tensor.matmul/cblas_sgemm at {threads} thread(s): ratio {fmt(ratio)} < {MATMUL_TARGET}")
        out.append(f"| {n} | {fmt(s)} | {fmt(c)} | {fmt(ratio) + '×' if ratio else 'n/a'} | ≥ {MATMUL_TARGET}× | {v} |")
    metas = {r.get("side"): r for r in soma + torch if r.get("name") == "_meta"}
    return out, missed, metas


def main():
    args = sys.argv[1:]
    sep = args.index("--") if "--" in args else len(args)
    meta = dict(a.split("=", 1) for a in args[:sep] if "=" in a)
    run_dir = args[sep + 1] if sep + 1 < len(args) else "."
    thread_counts = sorted({int(m.group(1)) for p in glob.glob(os.path.join(run_dir, "*-*.jsonl"))
                            if (m := re.search(r"-(\d+)\.jsonl$", p))}, reverse=True)
    body, missed, metas = [], [], {}
    for t in thread_counts:
        out, miss, m = tables(run_dir, t)
        body += out + [""]
        missed += miss
        metas.update(m)
    soma_meta, torch_meta = metas.get("soma", {}), metas.get("torch", {})
    lines = ["# Soma against PyTorch (CPU)", "",
             "Each workload is timed in the same run on both sides, with the same thread count, model and batch: "
             "warm-up, then batches of calls filling about "
             f"{meta.get('seconds', '1')} s per workload, and the median batch is reported. "
             "Ratio = Soma / PyTorch (higher is better for Soma); for the matmul check it is Tensor.matmul / cblas_sgemm. "
             "A training step is forward + zeroGrad + backward + optimizer step.", "",
             "| | |", "| --- | --- |",
             f"| machine | {meta.get('cpu', '?')}, {meta.get('cores', '?')} cores, {meta.get('memory', '?')} |",
             f"| date | {meta.get('date', '?')} |",
             f"| Swift | {meta.get('swift', '?')} |",
             f"| OpenBLAS (Soma) | {soma_meta.get('openblas', '?')} |",
             f"| PyTorch | {torch_meta.get('torch', '?')} (BLAS: {torch_meta.get('blas', '?')}, CPU capability {torch_meta.get('cpu_capability', '?')}) |",
             f"| load average before / after | {meta.get('load_before', '?')} / {meta.get('load_after', '?')} |",
             f"| command | `{meta.get('command', '?')}` |", ""]
    if meta.get("note"):
        lines += [f"**Note:** {meta['note']}", ""]
    if not any(line.startswith("| ") and "|" in line[2:] and not line.startswith("| workload") and not line.startswith("| ---")
               and not line.startswith("| n ") and not line.startswith("| ---:") for line in body):
        lines += ["**No results were recorded.**", ""]
    elif missed:
        lines += ["**Targets missed in this run:**", ""] + [f"- {m}" for m in missed] + [""]
    else:
        lines += ["All targets were met in this run.", ""]
    print("\n".join(lines + body).rstrip() + "\n")


if __name__ == "__main__":
    main()
