"""The `soma` command as a user runs it: scripts, exit codes, stderr diagnostics, arguments."""
import os
import subprocess
import textwrap


def run(soma_bin, tmp_path, code, *args, name="script.soma"):
    script = tmp_path / name
    script.write_text(textwrap.dedent(code))
    return subprocess.run([soma_bin, str(script), *args], capture_output=True, text=True, timeout=60)


def test_script_prints_and_exits_zero(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, 'print("hi")\nprint(tensor([1, 2]) * 2)\n')
    assert r.returncode == 0
    assert r.stdout == "hi\ntensor([2., 4.])\n"
    assert r.stderr == ""


def test_runtime_error_exit_1_with_place_and_caret(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, 'print("before")\nlet y = ones([4, 2]) @ ones([3, 8])\n', name="shapes.soma")
    assert r.returncode == 1
    assert r.stdout == "before\n"
    assert "ShapeError: matmul: [4, 2] @ [3, 8] — inner dimensions 2 and 3 differ" in r.stderr
    assert "shapes.soma:2:" in r.stderr
    assert "let y = ones([4, 2]) @ ones([3, 8])" in r.stderr
    assert "^" in r.stderr


def test_syntax_errors_exit_2_and_all_reported(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, 'print("never")\nlet = 3\nlet x = (1 + \nfn f( { }\n')
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("SyntaxError") >= 2


def test_missing_file_is_usage_error(soma_bin, tmp_path):
    r = subprocess.run([soma_bin, str(tmp_path / "nope.soma")], capture_output=True, text=True)
    assert r.returncode == 64
    assert "nope.soma" in r.stderr


def test_bad_option_is_usage_error(soma_bin):
    r = subprocess.run([soma_bin, "--no-such-option"], capture_output=True, text=True)
    assert r.returncode == 64


def test_arguments_reach_the_script(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, "print(args)\n", "a", "b c")
    assert r.stdout == '["a", "b c"]\n'


def test_shebang_line_runs(soma_bin, tmp_path):
    script = tmp_path / "tool.soma"
    script.write_text("#!/usr/bin/env soma\nprint(40 + 2)\n")
    r = subprocess.run([soma_bin, str(script)], capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (0, "42\n")


def test_version_and_help(soma_bin):
    v = subprocess.run([soma_bin, "--version"], capture_output=True, text=True)
    assert v.returncode == 0 and v.stdout.strip()
    h = subprocess.run([soma_bin, "--help"], capture_output=True, text=True)
    assert h.returncode == 0 and "REPL" in h.stdout


def test_sigint_stops_a_script_with_interrupted(soma_bin, tmp_path):
    import signal
    import time
    script = tmp_path / "loop.soma"
    script.write_text('print("start")\nvar n = 0\nwhile true { n += 1 }\n')
    p = subprocess.Popen([soma_bin, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 130
    assert "Interrupted" in err
    assert "loop.soma:3" in err


FIT = """seed(0)
let X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let Y = tensor([[0], [1], [1], [0]])
let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
let h = fit(model, data: [X, Y], loss: mse, optimizer: Adam(model.parameters(), lr: 0.05), epochs: 40)
print(h.epochs)
"""


def test_fit_prints_plain_epoch_lines_into_a_pipe(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, FIT)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert "\x1b" not in r.stdout
    assert [line.split("  ")[0] for line in lines[:-1]] == [f"epoch {n}/40" for n in range(2, 41, 2)]
    assert all("  loss " in line for line in lines[:-1])
    assert lines[-1] == "40"


def test_fit_redraws_in_place_on_a_terminal(soma_bin, tmp_path):
    import os
    import pexpect
    script = tmp_path / "fit.soma"
    script.write_text(FIT.replace("epochs: 40", "epochs: 3000"))
    child = pexpect.spawn(soma_bin, [str(script)], env=dict(os.environ, TERM="xterm"), encoding="utf-8",
                          timeout=60, dimensions=(40, 120))
    child.expect(pexpect.EOF)
    out = child.before
    # The first drawing, then the same block redrawn in place (cursor up over it, clear below).
    assert out.count("\x1b[") >= 1 and "\x1b[J" in out
    assert "epoch 3000/3000" in out and "100%" in out
    assert "loss" in out and "epoch" in out.splitlines()[-3]  # the chart's x-axis title
    assert out.rstrip().endswith("3000")


def test_thread_count_comes_from_the_environment(soma_bin, tmp_path):
    script = tmp_path / "threads.soma"
    script.write_text("print(threads())\nthreads(1)\nprint(threads())\n")
    def threads(**env):
        base = {k: v for k, v in os.environ.items() if k not in ("SOMA_NUM_THREADS", "OMP_NUM_THREADS")}
        r = subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=60, env={**base, **env})
        assert r.returncode == 0, r.stderr
        return r.stdout.split()
    assert threads(SOMA_NUM_THREADS="3") == ["3", "1"]
    assert threads(OMP_NUM_THREADS="2") == ["2", "1"]
    assert threads(SOMA_NUM_THREADS="3", OMP_NUM_THREADS="2") == ["3", "1"]
    assert threads(SOMA_NUM_THREADS="0")[0] == str(os.cpu_count())  # not a count: every core


def test_a_script_imports_a_module_beside_it_from_any_working_folder(soma_bin, tmp_path):
    project = tmp_path / "project"
    (project / "lib").mkdir(parents=True)
    (project / "lib" / "layers.soma").write_text('print("layers loaded")\nfn double(x) { x * 2 }\nfn fail() { [1][3] }\n')
    (project / "train.soma").write_text('import "lib/layers.soma" as L\nimport "lib/layers"\nprint(L.double(4), double(5))\nL.fail()\n')
    r = subprocess.run([soma_bin, "project/train.soma"], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert r.returncode == 1
    assert r.stdout == "layers loaded\n8 10\n"
    assert "project/lib/layers.soma:3:13, in fail" in r.stderr
    assert "called from project/train.soma:4:1" in r.stderr


def test_a_script_imports_from_soma_path(soma_bin, tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "util.soma").write_text("fn answer() { 42 }\n")
    script = tmp_path / "main.soma"
    script.write_text('import "util" as U\nprint(U.answer())\n')
    env = dict(os.environ, SOMA_PATH=f"{tmp_path / 'nowhere'}:{tmp_path / 'shared'}")
    r = subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=60, env=env)
    assert (r.returncode, r.stdout, r.stderr) == (0, "42\n", "")
    r = subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=60,
                       env={k: v for k, v in os.environ.items() if k != "SOMA_PATH"})
    assert r.returncode == 1
    assert f"ImportError: cannot find module 'util.soma': looked in {tmp_path}/ (the importing file's folder); SOMA_PATH names no other folders" in r.stderr
