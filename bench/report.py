"""Writes bench/RESULTS.md from the measurements bench/run.py took (standard library only).

Also usable alone: `python3 bench/report.py bench/RESULTS.json` renders a saved run again.
"""
import json
import re
import subprocess
import sys

# Every workload in the order shown: name → (description, target of Soma language / PyTorch or None, toy).
# A toy workload's step is so short that a fixed cost per call dominates it; the interpreter-cost target
# (INTERPRETER_TARGET) leaves toys out, as the issue that set it does.
WORKLOADS = {
    **{f"matmul_{n}": (f"matmul {n}×{n}×{n}", None, False) for n in (64, 128, 256, 512, 1024, 2048)},
    "xor_2_8_1": ("XOR 2-8-1 MLP, MSE, Adam — train step", 25.0, True),
    "mlp_784_128_10_b64": ("784-128-10 MLP, batch 64, CE, Adam — train step", 3.0, False),
    "mlp_1024x3_10_b256": ("1024-1024-1024-10 MLP, batch 256, CE, Adam — train step (GEMM-bound)", 1.1, False),
    "mlp_1024x3_10_b256_f64": ("the same 1024-wide MLP in float64 — train step (GEMM-bound)", 1.1, False),
    "cnn_28x28_b32": ("CNN 1×28×28, conv16-pool-conv32-pool-linear, batch 32, CE, Adam — train step", 2.5, False),
    "digits_fit": ("digits CNN 1×8×8 through `fit`, batch 32: read the file, build the loader, one epoch of 1797",
                   2.5, False),
    "resnet_32_b32": ("ResNet 3×32×32, stem + three stages of basic blocks (16/32/64 ch., batch norm, residuals), "
                      "batch 32, SGD — train step", 1.2, False),
    "conv3d_16c8_b4": ("Conv3d 8→16, kernel 3, 16³ volumes, batch 4 — forward + backward", None, False),
    "lstm_s32_b16_h64": ("LSTM 32→64, 32 steps, batch 16, MSE of last output, Adam — train step", 2.0, False),
    "lstm_lm": ("character LSTM language model: Embedding 64 → LSTM 128 → Linear, 16 windows of 64, Adam — "
                "training tokens", 2.0, False),
    "transformer_s64_b8_d128": ("pre-norm Transformer block d128, 4 heads, FFN 512, seq 64, batch 8, MSE, Adam — "
                                "train step", 1.5, False),
    "chargpt_train": ("character GPT: 4 pre-norm blocks, d 128, 4 heads, FFN 512, context 128, batch 16, AdamW — "
                      "training tokens", 1.3, False),
    "chargpt_generate": ("the same GPT, batch 1, greedy decoding with a KV cache from a 16-token prompt to 128 — "
                         "generated tokens", 3.0, False),
    "string_append_100k": ("a 100,000-character string built with += one character at a time (Python's str)",
                           None, True),
    "tensor_nested": ("`tensor()` of a nested list [256, 3, 8, 8] made beforehand (torch.tensor)", None, False),
    "infer_mlp_b1": ("784-128-10 MLP, batch 1, eval, no grad — inference call", 5.0, False),
    "infer_cnn_b1": ("CNN 1×28×28 of the CNN row, batch 1, eval, no grad — inference call", 5.0, False),
}
INTERPRETER_TARGET = 0.05  # the language's extra time over the engine's, for every workload but the toys
MEMORY_TARGET = 0.5  # Soma language's peak resident memory / PyTorch's
MATMUL_TARGET = 0.95  # Tensor.matmul / a direct cblas_sgemm


def describe(name):
    return WORKLOADS.get(name, (name, None, False))


def cpu_name():
    with open("/proc/cpuinfo") as f:
        text = f.read()
    name = re.search(r"^model name\s*:\s*(.*)$", text, re.M)
    flags = re.search(r"^flags\s*:\s*(.*)$", text, re.M)
    simd = [f for f in ("avx2", "avx512f") if flags and f in flags.group(1).split()]
    return (name.group(1).strip() if name else "unknown") + (f" ({' '.join(simd)})" if simd else "")


def memory_total():
    with open("/proc/meminfo") as f:
        kib = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1))
    return f"{kib / 1048576:.0f} GiB"


def swift_version():
    try:
        out = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout + ""
    except OSError:
        return "unknown"
    found = re.search(r"Swift version \S+( \([^)]*\))?", out)
    return found.group(0) if found else "unknown"


def fmt(v, digits=3):
    if v is None:
        return "n/a"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.{max(digits - 1, 0)}f}"


def ratio(a, b):
    return a / b if a and b else None


class Setting:
    """The measurements of one setting, by workload and side, with the checks on each."""

    def __init__(self, setting, meta):
        self.key, self.threads, self.pin = setting["key"], setting["threads"], setting["pin"]
        self.meta = meta
        self.rows = {}
        self.order = []
        for r in setting["rows"]:
            if r["name"] not in self.order:
                self.order.append(r["name"])
            self.rows[(r["name"], r["impl"])] = r

    @property
    def title(self):
        if self.pin is not None:
            return f"One core (every side pinned to CPU {self.pin} with taskset, one thread)"
        return f"All cores ({self.threads} threads on every side)"

    def get(self, name, impl):
        return self.rows.get((name, impl))

    def value(self, name, impl):
        r = self.get(name, impl)
        return r["value"] if r and not r["failed"] else None

    def disturbed(self, name, impls):
        """Why the measurements of these sides are not counted (machine loaded, unsteady), or ''."""
        why = []
        for impl in impls:
            r = self.get(name, impl)
            if not r:
                continue
            if r["foreign"] > self.meta["loaded_share"]:
                why.append(f"{impl}: other processes used {r['foreign']:.2f} cores")
            if (r.get("spread") or 1) > self.meta["unsteady_spread"]:
                why.append(f"{impl}: batches spread {r['spread']:.2f}×")
        return "; ".join(why)


def tally(findings, v, missed, uncounted):
    """Counts a verdict in the findings: a miss or an uncounted result with the text that says which."""
    if v == "**MISSED**":
        findings["missed"].append(missed)
    elif v == "yes":
        findings["met"] += 1
    elif v == "not counted":
        findings["uncounted"].append(uncounted)


def verdict(value, target, findings, at_least=True, disturbed=""):
    """yes, **MISSED**, not counted, or — where there is no target or the run checks none (a smoke run)."""
    if target is None or not findings["judge"]:
        return "—"
    if value is None:
        return "**no result**"
    if disturbed:
        return "not counted"
    return "yes" if (value >= target if at_least else value <= target) else "**MISSED**"


def speed_table(s, findings):
    out = ["| workload | unit | Soma language | Soma engine | PyTorch | language / PyTorch | target | met? | "
           "interpreter cost | |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | --- |"]
    for name in s.order:
        if name.startswith("matmul_"):
            continue
        label, target, toy = describe(name)
        lang, engine, torch = s.value(name, "lang"), s.value(name, "engine"), s.value(name, "torch")
        unit = next((s.get(name, i)["unit"] for i in ("lang", "engine", "torch") if s.get(name, i)), "")
        vs_torch = ratio(lang, torch)
        disturbed = s.disturbed(name, ("lang", "torch"))
        v = verdict(vs_torch, target, findings, disturbed=disturbed)
        cost = engine / lang - 1 if lang and engine else None
        cost_text = "n/a" if cost is None else f"{cost * 100:+.0f}%"
        if cost is not None and not toy:
            cost_disturbed = s.disturbed(name, ("lang", "engine"))
            cv = verdict(cost, INTERPRETER_TARGET, findings, at_least=False, disturbed=cost_disturbed)
            if cv == "**MISSED**":
                cost_text = f"**{cost_text}**"
            tally(findings, cv, f"{name} ({s.key}): the interpreter costs {cost * 100:.0f}% "
                                f"(target ≤ {INTERPRETER_TARGET * 100:.0f}%)",
                  f"{name} ({s.key}) interpreter cost: {cost_disturbed}")
        tally(findings, v, f"{name} ({s.key}): language / PyTorch {fmt(vs_torch)}× < {target:g}×"
              if target else "", f"{name} ({s.key}): {disturbed}")
        note = "toy size" if toy else ""
        for impl in ("lang", "engine", "torch"):
            r = s.get(name, impl)
            if r and r["failed"]:
                note = (note + "; " if note else "") + f"{impl} failed"
        if disturbed:
            note = (note + "; " if note else "") + "loaded or unsteady"
        out.append(f"| {label} | {unit} | {fmt(lang)} | {fmt(engine)} | {fmt(torch)} | "
                   f"{fmt(vs_torch) + '×' if vs_torch else 'n/a'} | {'≥ %g×' % target if target else '—'} | {v} | "
                   f"{cost_text} | {note} |")
    return out


def matmul_table(s, findings):
    sizes = [n for n in (64, 128, 256, 512, 1024, 2048) if (f"matmul_{n}", "engine") in s.rows]
    if not sizes:
        return []
    out = ["", "Matrix products, GFLOP/s: Tensor.matmul (the engine) against a direct `cblas_sgemm` of the same "
           "size (same OpenBLAS, same thread cap), with the language's `a.matmul(b)` and PyTorch's `torch.mm`:", "",
           "| n | Soma language | Tensor.matmul | cblas_sgemm | PyTorch | Tensor.matmul / cblas_sgemm | target | met? |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for n in sizes:
        name = f"matmul_{n}"
        engine, cblas = s.value(name, "engine"), s.value(name, "cblas")
        r = ratio(engine, cblas)
        disturbed = s.disturbed(name, ("engine",))
        v = verdict(r, MATMUL_TARGET, findings, disturbed=disturbed)
        tally(findings, v, f"matmul {n}³ ({s.key}): Tensor.matmul / cblas_sgemm {fmt(r)} < {MATMUL_TARGET}",
              f"matmul {n}³ ({s.key}): {disturbed}")
        out.append(f"| {n} | {fmt(s.value(name, 'lang'))} | {fmt(engine)} | {fmt(cblas)} | {fmt(s.value(name, 'torch'))} | "
                   f"{fmt(r) + '×' if r else 'n/a'} | ≥ {MATMUL_TARGET}× | {v} |")
    return out


def memory_table(s, findings):
    out = ["", "Start-up and memory, each side in a process of its own: seconds from the process's start to the end "
           "of the workload's first call (loading libraries, data and model included), and the process's peak "
           "resident memory (MiB).", "",
           "| workload | first call: language | engine | PyTorch | peak MiB: language | engine | PyTorch | "
           "language / PyTorch | target | met? |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |"]
    for name in s.order:
        label, _, _ = describe(name)
        first = [s.get(name, i)["first"] if s.get(name, i) else None for i in ("lang", "engine", "torch")]
        peak = [s.get(name, i)["peak_mib"] if s.get(name, i) else None for i in ("lang", "engine", "torch")]
        r = ratio(peak[0], peak[2])
        v = verdict(r, MEMORY_TARGET, findings, at_least=False)
        tally(findings, v, f"{name} ({s.key}): peak memory language / PyTorch {fmt(r)} > {MEMORY_TARGET}", "")
        seconds = [f"{fmt(f)} s" if f is not None else "n/a" for f in first]
        out.append(f"| {label} | {' | '.join(seconds)} | {' | '.join(fmt(p) for p in peak)} | "
                   f"{fmt(r) + '×' if r else 'n/a'} | ≤ {MEMORY_TARGET}× | {v} |")
    return out


def render(results):
    meta = results["meta"]
    # A smoke run times one call of each side: it checks that all run, not the targets.
    findings = dict(missed=[], uncounted=[], met=0, judge=results["config"] != "smoke")
    body = []
    for setting in results["settings"]:
        s = Setting(setting, meta)
        body += ["", f"## {s.title}", ""] + speed_table(s, findings) + matmul_table(s, findings) \
            + memory_table(s, findings)
        startup = results.get("startup", {}).get(s.key)
        if startup:
            body += ["", "Start-up alone (whole processes: median wall time, peak resident memory):", "",
                     "| process | seconds | peak MiB |", "| --- | ---: | ---: |"] \
                + [f"| `{k}` | {wall:.3f} | {fmt(peak)} |" for k, (wall, peak) in startup.items()]
    head = [
        "# Soma against PyTorch (CPU), measured from the language",
        "",
        "Every workload runs three ways, each in a process of its own, the three taking turns workload by "
        "workload: as a Soma script (`bench/soma/*.soma`, what users run, timed inside the script so that "
        "start-up is left out), through Soma's engine from Swift (`bench/SomaBench`), and as the same PyTorch "
        "script (`bench/torch_bench.py`). Each side warms up, then times batches of calls filling about "
        f"{'0.25' if results['config'] == 'quick' else '1'} s and reports the median batch; rates are per second, "
        "higher is better. *language / PyTorch* is the speed-up of the Soma script over PyTorch; *interpreter "
        "cost* is the time the script takes beyond the engine's for the same work. A training step is forward + "
        "zeroGrad + backward + optimizer step.",
        "",
        f"A measurement during which other processes used more than {meta['loaded_share']:.2f} of a core (read "
        "from /proc/stat, less the process's own CPU time), or whose slowest timed batch was more than "
        f"{meta['unsteady_spread']}× its fastest, is marked and not counted.",
        "",
        "| | |", "| --- | --- |",
        f"| machine | {meta['cpu']}, {meta['cores']} cores, {meta['memory']} |",
        f"| date | {meta['date']} |",
        f"| Swift | {meta['swift']} |",
        f"| OpenBLAS (Soma) | {meta['openblas']} |",
        f"| PyTorch | {meta['torch']} |",
        f"| load average before / after | {meta['load_before']} / {meta['load_after']} |",
        f"| command | `{meta['command']}` |",
        "",
    ]
    if meta.get("note"):
        head += [f"**Note:** {meta['note']}", ""]
    if not findings["judge"]:
        head += ["**A smoke run:** each side ran one call of each workload, to check that all run; nothing here is "
                 "a measurement, and no target is checked.", ""]
    head += [f"**Targets:** {findings['met']} met, {len(findings['missed'])} missed, "
             f"{len(findings['uncounted'])} not counted (machine loaded or run unsteady).", ""]
    if findings["missed"]:
        head += ["Missed:", ""] + [f"- {m}" for m in findings["missed"]] + [""]
    if findings["uncounted"]:
        head += ["Not counted:", ""] + [f"- {m}" for m in findings["uncounted"]] + [""]
    return "\n".join(head + body).rstrip() + "\n"


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        sys.stdout.write(render(json.load(f)))
