"""`distributed(processes: N) { … }`: a block run on N MPI processes that the session launches, from a
script and from a notebook (the kernel driven by jupyter_client), with its output, its value, its errors
and an interrupt that stops every process."""
import subprocess
import textwrap
import time

from test_kernel_client import TIMEOUT, kernel, outputs, reply_to, run  # noqa: F401 (fixture)


def run_script(soma_bin, tmp_path, code):
    path = tmp_path / "main.soma"
    path.write_text(textwrap.dedent(code))
    return subprocess.run([soma_bin, str(path)], capture_output=True, text=True, timeout=120, cwd=tmp_path)


def test_a_block_runs_on_every_process_and_returns_rank_0s_value(soma_bin, tmp_path):
    (tmp_path / "numbers.txt").write_text("5\n")
    r = run_script(soma_bin, tmp_path, """\
        let local = 41
        let r = distributed(processes: 2) {
            print("hello from", dist.rank(), "of", dist.size())
            let t = dist.allReduce(tensor([dist.rank() + 1.0]))
            ["sum": t, "rank": dist.rank(), "file": readText("numbers.txt").trim(), "list": [1, nil, true, 2.5]]
        }
        print(r)
        print(type(r["sum"]), local + 1)
        """)
    assert r.returncode == 0, r.stderr
    # Only rank 0's output streams in; the block ran in the session's folder; the value came back.
    assert r.stdout == ("hello from 0 of 2\n"
                        '["sum": tensor([3.]), "rank": 0, "file": "5", "list": [1, nil, true, 2.5]]\n'
                        "Tensor 42\n")


def test_output_all_shows_every_rank_line_by_line(soma_bin, tmp_path):
    r = run_script(soma_bin, tmp_path, """\
        let h = distributed(processes: 2, output: "all") {
            print("line of", dist.rank())
            seed(0)
            let x = randn([32, 2])
            let model = Linear(2, 1)
            fit(model, data: DataLoader(x, x.sum(axis: 1, keepDims: true), batchSize: 8, shard: true), loss: mse,
                optimizer: SGD(model.parameters(), lr: 0.1), epochs: 2, distributed: true, display: false)
        }
        print(h.epochs, len(h.stepLosses))
        """)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert sorted(lines[:2]) == ["[rank 0] line of 0", "[rank 1] line of 1"]
    # fit's history came back whole: 2 epochs of 2 steps (16 samples a process, batches of 8).
    assert lines[2] == "2 4"


def test_an_error_on_one_process_is_raised_with_its_rank_and_the_cells_line(soma_bin, tmp_path):
    r = run_script(soma_bin, tmp_path, """\
        try {
            distributed(processes: 2) {
                print("x")
                if dist.rank() == 1 { zeros([2]) @ zeros([3]) }
            }
        } catch e { print("caught", e.kind) }
        print("still here")
        """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["x", "caught DistributedError", "still here"]
    assert "rank 1: ShapeError: matmul: [2] @ [3]" in r.stderr
    assert ":4:" in r.stderr  # the line in main.soma, not in a file of the launcher's


def test_a_syntax_error_in_the_block_is_found_before_anything_runs(soma_bin, tmp_path):
    r = run_script(soma_bin, tmp_path, """\
        print("never")
        distributed(processes: 2) {
            let = 3
        }
        """)
    assert r.returncode == 2
    assert r.stdout == ""
    assert "main.soma:3:" in r.stderr


def test_bad_arguments(soma_bin, tmp_path):
    r = run_script(soma_bin, tmp_path, """\
        for call in [fn() { distributed(processes: 0) { 1 } }, fn() { distributed(output: "some") { 1 } },
                     fn() { distributed(processes: 2) }, fn() { distributed(code: "1", line: 1e12) }] {
            try { call() } catch e { print(e.kind, e.message) }
        }
        """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "ValueError distributed: processes must be from 1 to 1024, not 0",
        'ValueError distributed: output must be "main" or "all", not "some"',
        "TypeError distributed needs a block to run: distributed(processes: 2) { … }",
        "ValueError distributed: line must be from 1 to 10000000, not 1000000000000",
    ]


def test_a_missing_launcher_is_named(soma_bin, tmp_path):
    path = tmp_path / "main.soma"
    path.write_text("distributed(processes: 2) { 1 }\n")
    r = subprocess.run([soma_bin, str(path)], capture_output=True, text=True, timeout=60,
                       env={"PATH": "/usr/bin:/bin", "SOMA_MPIRUN": "no-such-launcher"})
    assert r.returncode == 1
    assert "DistributedError: distributed: the launcher (no-such-launcher) was not found" in r.stderr


def block_processes():
    found = subprocess.run(["pgrep", "-f", "soma-distributed-"], capture_output=True, text=True)
    return found.stdout.split()


def test_a_notebook_cell_streams_rank_0_returns_its_value_and_an_interrupt_stops_every_process(kernel):
    km, kc = kernel
    content, messages = run(kc, "distributed(processes: 2) {\n  print(\"from\", dist.rank())\n  dist.size() * 10\n}", timeout=120)
    assert content["status"] == "ok", content
    streamed = "".join(m["text"] for m in outputs(messages, "stream") if m["name"] == "stdout")
    assert streamed == "from 0\n"
    assert outputs(messages, "execute_result")[0]["data"]["text/plain"] == "20"

    msg_id = kc.execute("distributed(processes: 2) {\n  print(\"working\")\n  while true { dist.barrier() }\n}")
    deadline = time.monotonic() + 60
    while len(block_processes()) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(block_processes()) >= 2
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=TIMEOUT)
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted"
    deadline = time.monotonic() + 10
    while block_processes() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert block_processes() == []
    content, _ = run(kc, "1 + 1")
    assert content["status"] == "ok"
