"""Runs every benchmark workload three ways and writes the report (bench/RESULTS.md).

The three sides of a workload: the Soma language (bench/soma/*.soma, run by `soma`, what users run),
Soma's engine through its Swift API (bench/SomaBench, the `soma-bench` binary) and PyTorch
(bench/torch_bench.py). Each (side, workload) runs in a process of its own, so that its peak resident
memory is its own, and the sides take turns workload by workload, so that a change in the machine's
load reaches all alike. Two settings: one core (every side pinned with taskset to the same CPU, one
thread) and all cores. A measurement taken while other processes used the CPU, or whose timed batches
spread too far, is marked and not counted as a result.

usage: run.py [--quick | --smoke] [--filter TEXT] [--settings one,all] [--no-kernel] [--no-scaling] [--results PATH]
environment: SOMA_BENCH_BUILD (folder with soma and soma-bench, default .build/release),
             BENCH_NOTE (a line for the report)
Only the standard library is used; the PyTorch side runs under the interpreter that runs this script.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import report  # noqa: E402

# Other processes may use this share of a core during a measurement before it is marked as loaded.
LOADED_SHARE = 0.15
# The slowest timed batch over the fastest above which a measurement is marked as unsteady.
UNSTEADY_SPREAD = 1.3


def cpu_jiffies(cpu=None):
    """(busy, total) jiffies of one CPU, or of all together when cpu is None, from /proc/stat."""
    key = "cpu" if cpu is None else f"cpu{cpu}"
    with open("/proc/stat") as f:
        for line in f:
            parts = line.split()
            if parts[0] == key:
                values = [int(v) for v in parts[1:]]
                idle = values[3] + (values[4] if len(values) > 4 else 0)
                return sum(values) - idle, sum(values)
    return 0, 0


def run_process(command, env, timeout, pin):
    """Runs one side of one workload; returns its JSON lines, wall time, first-call time, peak memory and
    how much CPU other processes took meanwhile (in cores, on the pinned CPU or on all)."""
    hz = os.sysconf("SC_CLK_TCK")
    busy0, _ = cpu_jiffies(pin)
    start = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
                            text=True, bufsize=1)
    lines, first = [], None
    for line in proc.stdout:
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if row.get("event") == "first":
            first = first or time.monotonic() - start
        elif not row.get("name", "").startswith("_"):
            lines.append(row)
        if time.monotonic() - start > timeout:
            proc.kill()
            break
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    busy1, _ = cpu_jiffies(pin)
    own = usage.ru_utime + usage.ru_stime
    foreign = max(0.0, (busy1 - busy0) / hz - own) / max(wall, 1e-3)
    code = os.waitstatus_to_exitcode(status)
    return dict(rows=lines, wall=wall, first=first, peak_mib=usage.ru_maxrss / 1024, cpu=own,
                foreign=foreign, status=code, stderr=stderr.strip()[-2000:])


class Sides:
    """How to start each side of a workload, and which workloads each side has."""

    def __init__(self, build, python, config):
        self.soma = os.path.join(build, "soma")
        self.engine = os.path.join(build, "soma-bench")
        self.python = python
        self.config = config
        for path in (self.soma, self.engine):
            if not os.access(path, os.X_OK):
                sys.exit(f"run.py: {path} not found; build it first: make bench, or swift build -c release")
        self.scripts = sorted(f[:-5] for f in os.listdir(os.path.join(HERE, "soma"))
                              if f.endswith(".soma") and not f.startswith("_") and f != "startup.soma")

    def names(self):
        """Every workload of the engine or of PyTorch, in the engine's order, then PyTorch's."""
        engine = subprocess.run([self.engine, "--list"], capture_output=True, text=True, check=True).stdout.split()
        torch = subprocess.run([self.python, os.path.join(HERE, "torch_bench.py"), "--list"], capture_output=True,
                               text=True, check=True).stdout.split()
        return engine + [n for n in torch if n not in engine], set(engine), set(torch)

    def script(self, name):
        """The Soma script serving a workload: the file whose name is the longest prefix of it."""
        best = max((s for s in self.scripts if name == s or name.startswith(s + "_")), key=len, default=None)
        return os.path.join(HERE, "soma", best + ".soma") if best else None

    def commands(self, name, threads, has_engine, has_torch):
        flag = {"full": [], "quick": ["--quick"], "smoke": ["--smoke"]}[self.config]
        out = []
        script = self.script(name)
        if script:
            out.append(("lang", [self.soma, script, name, self.config]))
        if has_engine:
            out.append(("engine", [self.engine, "--json", "--threads", str(threads), "--only", name] + flag))
        if has_torch:
            out.append(("torch", [self.python, "-u", os.path.join(HERE, "torch_bench.py"), "--json", "--threads",
                                  str(threads), "--only", name] + flag))
        return out


def thread_env(threads):
    env = dict(os.environ)
    for key in ("SOMA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[key] = str(threads)
    env["PYTHONWARNINGS"] = "ignore"
    return env


def measure_startup(sides, pin, repeat):
    """(median wall seconds, peak MiB) of `soma` running a one-line script, and of Python importing torch."""
    def median_wall(command):
        walls, peak = [], 0
        for _ in range(repeat):
            t0 = time.monotonic()
            proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(proc.pid, 0)
            walls.append(time.monotonic() - t0)
            peak = max(peak, usage.ru_maxrss / 1024)
        return statistics.median(walls), peak
    prefix = ["taskset", "-c", str(pin)] if pin is not None else []
    return {
        "soma one-line script": median_wall(prefix + [sides.soma, os.path.join(HERE, "soma", "startup.soma")]),
        "python -c 'import torch'": median_wall(prefix + [sides.python, "-c", "import torch"]),
        "python -c 'pass'": median_wall(prefix + [sides.python, "-c", "pass"]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="0.25 s of timed calls per workload instead of 1 s")
    parser.add_argument("--smoke", action="store_true", help="one call per workload (checks that all run)")
    parser.add_argument("--filter", default="", help="only the workloads whose name contains this")
    parser.add_argument("--settings", default="one,all", help="one (one pinned core), all (every core), or both")
    parser.add_argument("--no-kernel", action="store_true", help="skip the kernel latency and live display parts")
    parser.add_argument("--no-scaling", action="store_true", help="skip the data-parallel scaling part (mpirun)")
    parser.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    parser.add_argument("--timeout", type=float, default=300, help="seconds one process may run")
    args = parser.parse_args()
    config = "smoke" if args.smoke else "quick" if args.quick else "full"
    build = os.environ.get("SOMA_BENCH_BUILD", os.path.join(ROOT, ".build", "release"))
    sides = Sides(build, sys.executable, config)
    names, engine_names, torch_names = sides.names()
    names = [n for n in names if args.filter in n]
    if not names:
        sys.exit(f"run.py: no workload matches '{args.filter}'")
    cores = os.cpu_count() or 1
    pin = cores - 1  # the one-core setting pins every side here
    settings = []
    for s in args.settings.split(","):
        if s == "one":
            settings.append(dict(key="one", threads=1, pin=pin))
        elif s == "all":
            settings.append(dict(key="all", threads=cores, pin=None))
        else:
            sys.exit(f"run.py: unknown setting '{s}' (one, all)")
    if any(s["pin"] is not None for s in settings) and not shutil.which("taskset"):
        sys.exit("run.py: taskset not found (Debian's util-linux has it)")

    with open("/proc/loadavg") as f:
        load_before = " ".join(f.read().split()[:3])
    results = dict(config=config, settings=[], startup={})
    for setting in settings:
        rows = []
        env = thread_env(setting["threads"])
        prefix = ["taskset", "-c", str(setting["pin"])] if setting["pin"] is not None else []
        print(f"== {setting['key']} ({setting['threads']} thread(s))", file=sys.stderr)
        for name in names:
            for side, command in sides.commands(name, setting["threads"], name in engine_names, name in torch_names):
                r = run_process(prefix + command, env, args.timeout, setting["pin"])
                if r["status"] != 0 or not r["rows"]:
                    print(f"   {name} {side}: failed ({r['status']}): {r['stderr']}", file=sys.stderr)
                for row in r["rows"] or [dict(name=name, impl=side, value=None, unit="")]:
                    impl = "lang" if side == "lang" else row.get("impl", side)
                    impl = "engine" if impl == "soma" else impl
                    rows.append(dict(name=name, side=side, impl=impl, unit=row.get("unit", ""),
                                     value=row.get("value"), spread=row.get("spread", 1.0), params=row.get("params", 0),
                                     first=r["first"],
                                     peak_mib=r["peak_mib"], foreign=r["foreign"], wall=r["wall"],
                                     failed=r["status"] != 0, error=r["stderr"] if r["status"] else ""))
                    print(f"   {name:<28} {impl:<7} {row.get('value') or 0:12.4g} {row.get('unit', '')}"
                          f"  first {r['first'] or 0:.2f}s  peak {r['peak_mib']:.0f} MiB  others {r['foreign']:.2f} cores",
                          file=sys.stderr)
        results["settings"].append(dict(setting, rows=rows))
        results["startup"][setting["key"]] = measure_startup(sides, setting["pin"], 3 if config == "smoke" else 7)
    with open("/proc/loadavg") as f:
        load_after = " ".join(f.read().split()[:3])

    torch_meta = json.loads(subprocess.run([sys.executable, os.path.join(HERE, "torch_bench.py"), "--json", "--only",
                                            "_none_"], capture_output=True, text=True).stdout.splitlines()[0])
    engine_meta = json.loads(subprocess.run([sides.engine, "--json", "--only", "_none_"], capture_output=True,
                                            text=True).stdout.splitlines()[0])
    results["meta"] = dict(
        cpu=report.cpu_name(), cores=cores, memory=report.memory_total(),
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        swift=report.swift_version(), openblas=engine_meta.get("openblas", "?"),
        torch=f"{torch_meta.get('torch')} (BLAS: {torch_meta.get('blas')}, CPU capability {torch_meta.get('cpu_capability')})",
        load_before=load_before, load_after=load_after,
        command="bench/run.py " + " ".join(sys.argv[1:]), note=os.environ.get("BENCH_NOTE", ""),
        loaded_share=LOADED_SHARE, unsteady_spread=UNSTEADY_SPREAD, pin=pin)
    text = report.render(results)
    if not args.no_kernel and config != "smoke":
        text += kernel_sections(sides)
    if not args.no_scaling and config != "smoke":
        text += scaling_section(sides, config)
    if config != "smoke":
        text += instruments_section(sides)
    notes = os.path.join(HERE, "notes.md")
    if os.path.exists(notes) and config != "smoke":
        with open(notes) as f:
            text += "\n" + f.read()
    with open(args.results, "w") as f:
        f.write(text)
    with open(os.path.splitext(args.results)[0] + ".json", "w") as f:
        json.dump(results, f, indent=1)
    sys.stdout.write(text)
    print(f"run.py: wrote {args.results}", file=sys.stderr)


def kernel_sections(sides):
    """The kernel's latency against ipykernel and the live display's cost in fit, as Markdown."""
    with tempfile.TemporaryDirectory() as spec:
        subprocess.run([sides.soma, "kernel", "install", "--prefix", spec], check=True, stdout=subprocess.DEVNULL)
        env = dict(os.environ, JUPYTER_PATH=os.path.join(spec, "share", "jupyter"))
        out = []
        try:
            import ipykernel
            version = ipykernel.__version__
        except ImportError:
            return ""
        for title, script in (
                (f"Kernel latency (Soma release build and ipykernel {version}, same run, through jupyter_client)",
                 "kernel_bench.py"),
                ("The live display of fit (Soma kernel, release build; display on against display: false)",
                 "fit_display_bench.py")):
            done = subprocess.run([sys.executable, os.path.join(HERE, script)], env=env, cwd=ROOT,
                                  capture_output=True, text=True)
            out += ["", f"## {title}", "", done.stdout.strip() or f"(failed: {done.stderr.strip()[-500:]})"]
        return "\n".join(out) + "\n"


def scaling_section(sides, config):
    """Data-parallel scaling on 1 and 2 processes under mpirun, as Markdown."""
    done = subprocess.run([sys.executable, os.path.join(HERE, "scaling_bench.py"), "--soma", sides.soma]
                          + (["--quick"] if config == "quick" else []), cwd=ROOT, capture_output=True, text=True)
    body = done.stdout.strip() if done.returncode == 0 else f"(failed: {done.stderr.strip()[-500:]})"
    return "\n".join(["", "## Data-parallel scaling (Soma language, release build, Open MPI)", "", body]) + "\n"


def instruments_section(sides):
    """The cost of fit's instruments (the X-ray, recording frames for a replay) against plain training, as Markdown."""
    done = subprocess.run([sides.soma, os.path.join(HERE, "soma", "instruments.soma"), "full"], cwd=os.path.join(HERE, "soma"),
                          capture_output=True, text=True)
    body = done.stdout.strip() if done.returncode == 0 else f"(failed: {done.stderr.strip()[-500:]})"
    note = ("Recording costs what its function costs: a decision boundary over 24 × 24 points (most of it the "
            "drawing) every 50 steps of a tiny MLP, a heatmap of the first convolution's filters for the CNN. With "
            "neither, `fit` runs as before.")
    return "\n".join(["", "## The cost of fit's instruments (Soma language, release build, all cores)", "", body, "", note]) + "\n"


if __name__ == "__main__":
    main()
