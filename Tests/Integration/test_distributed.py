"""Data-parallel Soma under Open MPI: `mpirun -np N soma script.soma`, the collectives one by one, the
errors that must end a job instead of hanging it, and training on 2 processes reaching the parameters
one process reaches with the same global batch."""
import os
import pathlib
import shutil
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from safetensors.numpy import load_file

HERE = pathlib.Path(__file__).resolve().parent / "distributed"
# Root may run the job here (a container's only user), and two processes share two cores.
MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe"]
# Two processes summing a batch in two halves round differently from one summing it whole; after two
# epochs of SGD with momentum the parameters (of size ~1) differ by about 5e-7.
TOLERANCE = 1e-5


def mpirun(soma_bin, n, script, *args, timeout=120):
    assert shutil.which("mpirun"), "mpirun is missing: make test installs openmpi-bin"
    env = dict(os.environ, SOMA_NUM_THREADS="1")
    return subprocess.run([*MPIRUN, "-np", str(n), soma_bin, str(script), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def alone(soma_bin, script, *args):
    return subprocess.run([soma_bin, str(script), *map(str, args)], capture_output=True, text=True, timeout=120)


def script(tmp_path, code, name="job.soma"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    return path


def lines_of(stdout, rank_count):
    """Each process's lines of collectives.soma, which start with the rank and a bar."""
    by_rank = {}
    for line in stdout.splitlines():
        rank, _, text = line.partition("| ")
        by_rank.setdefault(int(rank), []).append(text)
    assert sorted(by_rank) == list(range(rank_count)), stdout
    return by_rank


def expected_collectives(n):
    """What collectives.soma prints on every rank of a job of n (float32 and int lines alike)."""
    f = lambda vs: "[" + ", ".join(str(v) for v in vs) + "]"
    out = []
    for dtype in ["float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8"]:
        per_rank = [[v * (r + 1) for v in (1, 2, 3)] for r in range(n)]
        out.append(f"{dtype} sum {f([sum(c) for c in zip(*per_rank)])}")
        out.append(f"{dtype} max {f([max(c) for c in zip(*per_rank)])}")
        out.append(f"{dtype} min {f([min(c) for c in zip(*per_rank)])}")
        # Integer products wrap around as C's do (3 processes overflow int8).
        wrap = getattr(np, dtype) if dtype.startswith(("int", "uint")) else np.int64
        out.append(f"{dtype} product {f([int(np.prod(np.array(c, dtype=wrap), dtype=wrap)) for c in zip(*per_rank)])}")
        root = [7 + n - 1, 8 + n - 1]
        out.append(f"{dtype} broadcast {f(root)} {f(root)}")
        out.append(f"{dtype} allGather [" + ", ".join(f"[{r}]" for r in range(n)) + "]")
    mean = [sum((r + 1) * v for r in range(n)) / n for v in (1, 2)]
    for dtype in ["float32", "float64"]:
        out.append(f"{dtype} mean [{mean[0]:g}, {mean[1]:g}]")
    return out


def test_a_script_run_alone_is_rank_0_of_1(soma_bin):
    r = alone(soma_bin, HERE / "collectives.soma")
    assert r.returncode == 0, r.stderr
    lines = lines_of(r.stdout, 1)[0]
    assert lines[0] == "job 0 1 true"
    assert lines[1:1 + len(expected_collectives(1))] == expected_collectives(1)


@pytest.mark.parametrize("n", [2, 3])
def test_every_collective_on_every_dtype(soma_bin, n):
    r = mpirun(soma_bin, n, HERE / "collectives.soma")
    assert r.returncode == 0, r.stderr
    by_rank = lines_of(r.stdout, n)
    want = expected_collectives(n)
    for rank in range(n):
        got = by_rank[rank]
        assert got[0] == f"job {rank} {n} {'true' if rank == 0 else 'false'}"
        assert got[1:1 + len(want)] == want, f"rank {rank}"
        rest = got[1 + len(want):]
        assert rest[0] == f"bool sum [true, true, false] min [{'true' if n == 1 else 'false'}, true, false]"
        assert rest[1] == f"big {300000 * n * (n + 1) // 2}"
        assert rest[2] == f"scalar {2.5 * n:g}"


def test_processes_that_disagree_on_a_shape_both_say_so_and_the_job_ends(soma_bin, tmp_path):
    r = mpirun(soma_bin, 2, script(tmp_path, """\
        let t = zeros([dist.rank() + 2])
        dist.allReduce(t)
        print("not reached")
        """), timeout=60)
    assert r.returncode != 0
    assert "not reached" not in r.stdout
    message = "DistributedError: the processes disagree at collective call 1: rank 0 calls allReduce(sum) of [2] float32; rank 1 calls allReduce(sum) of [3] float32"
    assert f"rank 0: {message}" in r.stderr and f"rank 1: {message}" in r.stderr
    assert "rank 0:  2 | dist.allReduce(t)" in r.stderr


def test_three_processes_are_grouped_by_the_call_they_make(soma_bin, tmp_path):
    r = mpirun(soma_bin, 3, script(tmp_path, """\
        if dist.rank() == 1 { dist.broadcast(ones([2]), from: 0) } else { dist.allReduce(ones([2]), op: "max") }
        """), timeout=60)
    assert r.returncode != 0
    assert ("ranks 0, 2 call allReduce(max) of [2] float32; rank 1 calls broadcast from rank 0 of [2] float32") in r.stderr


def test_a_failing_process_stops_the_job_with_its_rank_and_message(soma_bin, tmp_path):
    r = mpirun(soma_bin, 2, script(tmp_path, """\
        if dist.rank() == 1 { let x = zeros([2]) @ zeros([3]) }
        dist.barrier()
        print("not reached", dist.rank())
        """), timeout=60)
    assert r.returncode != 0
    assert "not reached" not in r.stdout
    assert "rank 1: ShapeError: matmul: [2] @ [3]" in r.stderr
    assert "job.soma:1:" in r.stderr


def test_a_process_left_waiting_at_the_end_is_told_which_call_it_waits_in(soma_bin, tmp_path):
    r = mpirun(soma_bin, 2, script(tmp_path, """\
        if dist.isMain() { dist.allReduce(ones([3])) }
        print("done", dist.rank())
        """), timeout=60)
    assert r.returncode != 0
    assert "rank 0 calls allReduce(sum) of [3] float32; rank 1 calls the end of the script" in r.stderr


def test_bad_arguments_are_errors_on_every_process(soma_bin, tmp_path):
    r = mpirun(soma_bin, 2, script(tmp_path, """\
        try { dist.allReduce(ones([2]), op: "median") } catch e { print(dist.rank(), e.message) }
        try { dist.broadcast(ones([2]), from: 2) } catch e { print(dist.rank(), e.message) }
        try { dist.allReduce(tensor([1, 2]).to(int64), op: "mean") } catch e { print(dist.rank(), e.message) }
        """), timeout=60)
    assert r.returncode == 0, r.stderr
    for rank in (0, 1):
        assert f'{rank} allReduce: op must be one of "sum", "mean", "max", "min", "product", not "median"' in r.stdout
        assert f"{rank} broadcast: from must be a rank from 0 to 1, not 2" in r.stdout
        assert f"{rank} allReduce: mean of a int64 tensor would round" in r.stdout


def test_sharded_loaders_split_every_pass_and_reshuffle_it_alike(soma_bin, tmp_path):
    r = mpirun(soma_bin, 2, script(tmp_path, """\
        seed(dist.rank())  # the processes' generators differ; the shard's order must not
        let x = arange(0, 10).reshape([10, 1])
        let loader = DataLoader(x, x, batchSize: 2, shuffle: true, shard: true)
        for epoch in 0..<2 {
            var mine = []
            for [xb, yb] in loader { mine = mine + xb.reshape([-1]).tolist() }
            let all = dist.allGather(tensor(mine))
            if dist.isMain() { print(epoch, len(loader), all[0].tolist(), all[1].tolist()) }
        }
        """), timeout=60)
    assert r.returncode == 0, r.stderr
    passes = [line.split(" ", 2) for line in r.stdout.splitlines()]
    assert len(passes) == 2
    orders = []
    for epoch, batches, parts in passes:
        assert batches == "3"
        first, second = (list(map(int, p.strip("[] ").split(", "))) for p in parts.split("] [", 1))
        assert len(first) == len(second) == 5
        assert sorted(first + second) == list(range(10))
        orders.append((first, second))
    assert orders[0] != orders[1]


def test_fit_shows_progress_once_and_refuses_an_unsharded_loader(soma_bin, tmp_path):
    r = mpirun(soma_bin, 2, script(tmp_path, """\
        seed(0)
        let x = randn([64, 4])
        let y = (x.sum(axis: 1, keepDims: true) > 0).to(float32)
        let model = Sequential(Linear(4, 8), ReLU(), Linear(8, 1))
        let opt = Adam(model.parameters(), lr: 0.01)
        let loader = DataLoader(x, y, batchSize: 16, shuffle: true, shard: true)
        fit(model, data: loader, loss: binaryCrossEntropyWithLogits, optimizer: opt, epochs: 3, distributed: true)
        try {
            fit(model, data: DataLoader(x, y, batchSize: 16), loss: binaryCrossEntropyWithLogits, optimizer: opt, distributed: true, display: false)
        } catch e { print(dist.rank(), e.message) }
        """), timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("epoch 3/3") == 1
    for rank in (0, 1):
        assert f"{rank} fit(distributed: true): make the DataLoader with shard: true" in r.stdout


CASES = [("mlp", "manual"), ("mlp", "fit"), ("mlp", "whole"), ("cnn", "manual"), ("cnn", "fit")]


@pytest.mark.parametrize("model,loop", CASES)
def test_two_processes_reach_one_processs_parameters(soma_bin, tmp_path, model, loop):
    one, two = tmp_path / "one.safetensors", tmp_path / "two.safetensors"
    r1 = alone(soma_bin, HERE / "equivalence.soma", model, loop, one)
    assert r1.returncode == 0, r1.stderr
    r2 = mpirun(soma_bin, 2, HERE / "equivalence.soma", model, loop, two)
    assert r2.returncode == 0, r2.stderr
    a, b = load_file(str(one)), load_file(str(two))
    assert sorted(a) == sorted(b)
    for name in a:
        assert np.abs(a[name] - b[name]).max() <= TOLERANCE, name
    # Training moved the weights (equal files from two untrained models would prove nothing): the loss
    # on all the data fell from about ln 10 = 2.3.
    final = [line for line in r1.stdout.splitlines() if line.startswith("final loss")]
    assert final and float(final[0].split()[-1]) < 1.0
    assert final[0] in r2.stdout
    if loop == "fit":
        # The history is the job's: both runs print the same averaged loss and accuracy.
        assert r1.stdout.splitlines()[0] == r2.stdout.splitlines()[0]


def test_the_scaling_benchmark_runs_both_workloads_on_one_and_two_processes(soma_bin):
    root = HERE.parents[2]
    done = subprocess.run([sys.executable, str(root / "bench" / "scaling_bench.py"), "--smoke", "--soma", soma_bin],
                          capture_output=True, text=True, timeout=300, cwd=root)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "samples/s" in line]
    assert [row.split(" | ")[0] for row in rows] == ["| 28×28 CNN, global batch 32", "| 1024-wide MLP, global batch 256"]
    for row in rows:
        cells = row.strip("| ").split(" | ")
        assert float(cells[3].rstrip("×")) > 0 and 0 <= float(cells[4].rstrip("%")) <= 100


def test_distributed_data_parallel_on_unused_frozen_parameters_and_buffers(soma_bin):
    r = mpirun(soma_bin, 2, HERE / "ddp_edges.soma", timeout=60)
    assert r.returncode == 0, r.stderr
    lines = sorted(r.stdout.splitlines())
    # Each line twice, once per process: the same start; b (used by rank 1 alone) gets the average on
    # both; a parameter no process used keeps no gradient; the frozen one is rank 0's and gets none;
    # the buffers rank 1 changed are rank 0's again after a training forward pass.
    assert lines == sorted(2 * ["same start true", "b grad false unused bias grad true", "b grads agree true",
                                "running means agree true", "frozen true true"])
