"""Data-parallel scaling on this machine: bench/soma/scaling.soma alone and under `mpirun -np 2`, one
thread a process, and the share of the 2-process time spent in the gradient all-reduce; prints Markdown.

usage: scaling_bench.py [--smoke | --quick] [--soma PATH]   (default: .build/release/soma)
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORKLOADS = [("cnn_28x28_b32", "28×28 CNN, global batch 32"), ("mlp_1024x3_10_b256", "1024-wide MLP, global batch 256")]


def run(soma, name, processes, config):
    """Rank 0's JSON line for `name` on `processes` processes of one thread each."""
    env = dict(os.environ, SOMA_NUM_THREADS="1", OMP_NUM_THREADS="1")
    script = [soma, os.path.join(HERE, "soma", "scaling.soma"), name, config]
    if processes == 1:
        command = (["taskset", "-c", str((os.cpu_count() or 1) - 1)] if shutil.which("taskset") else []) + script
    else:
        command = ["mpirun", "--oversubscribe", "--bind-to", "core", "-np", str(processes)] + script
        if os.geteuid() == 0:
            command.insert(1, "--allow-run-as-root")
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=os.path.join(HERE, "soma"), timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{name} on {processes}: status {done.returncode}: {done.stderr.strip()[-400:]}")
    return json.loads(lines[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--soma", default=os.path.join(ROOT, ".build", "release", "soma"))
    args = parser.parse_args()
    soma = os.path.abspath(args.soma)
    config = "smoke" if args.smoke else "quick" if args.quick else "full"
    cores = os.cpu_count() or 1
    print("Strong scaling: the global batch stays the same and each process takes its part. One thread a")
    print(f"process, on this machine's {cores} cores; one process is pinned to one core, two are bound a core")
    print("each by mpirun. The all-reduce share is rank 0's time inside the gradient all-reduce, waiting for")
    print("the slower process included.")
    print()
    print("| workload | 1 process | 2 processes | speed-up | all-reduce share (2 processes) | spread (1 / 2) |")
    print("|---|---|---|---|---|---|")
    for name, title in WORKLOADS:
        one, two = run(soma, name, 1, config), run(soma, name, 2, config)
        assert one["params"] == two["params"]
        print(f"| {title} | {one['value']:,.0f} samples/s | {two['value']:,.0f} samples/s | "
              f"{two['value'] / one['value']:.2f}× | {100 * two['allreduce_share']:.1f}% | "
              f"{one['spread']:.2f} / {two['spread']:.2f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
