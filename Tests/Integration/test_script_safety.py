"""Scripts keep the user's output and stop when asked: line-buffered stdout into pipes, exit codes after
signals, interruptible input(), `soma < file` as a script, and short recursion tracebacks."""
import os
import random
import signal
import subprocess
import textwrap
import time

FIT_THEN_LOOP = """seed(0)
let X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let Y = tensor([[0], [1], [1], [0]])
let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
let h = fit(model, data: [X, Y], loss: mse, optimizer: Adam(model.parameters(), lr: 0.05), epochs: EPOCHS)
for i in progress(0..<3) { }
print("fit done")
var n = 0
while true { n += 1 }
"""


def script(tmp_path, code, name="script.soma"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(code))
    return str(path)


def start(soma_bin, path, **kwargs):
    return subprocess.Popen([soma_bin, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def test_a_printed_line_reaches_a_pipe_while_the_script_runs(soma_bin, tmp_path):
    p = start(soma_bin, script(tmp_path, 'print("first")\nsleep(30)\nprint("never")\n'))
    try:
        line = p.stdout.readline()  # blocks until the line is written
        assert line == "first\n"
        assert p.poll() is None, "the line must arrive while the script still runs"
    finally:
        p.kill()
        p.wait()


def test_output_comes_before_the_error_and_nothing_is_lost(soma_bin, tmp_path):
    path = script(tmp_path, 'for i in 0..<3 { print("line \\(i)") }\nlet x = missing\n')
    r = subprocess.run([soma_bin, path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    assert r.returncode == 1
    assert r.stdout.index("line 2\n") < r.stdout.index("NameError")


def test_sigterm_keeps_every_printed_line_and_exits_143(soma_bin, tmp_path):
    out = tmp_path / "out.txt"
    with open(out, "w") as sink:
        p = subprocess.Popen([soma_bin, script(tmp_path, 'var i = 0\nwhile true { print("tick \\(i)")\nsleep(0.01)\ni += 1 }\n')],
                             stdout=sink, stderr=subprocess.PIPE, text=True)
        time.sleep(1.0)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=10)
    assert p.returncode == 143
    lines = out.read_text().splitlines()
    assert len(lines) > 5 and lines == [f"tick {i}" for i in range(len(lines))]


def test_printing_ten_thousand_lines_into_a_pipe_stays_fast(soma_bin, tmp_path):
    quiet = script(tmp_path, 'print("x")\n', "one.soma")
    loud = script(tmp_path, 'for i in 0..<10000 { print("line \\(i)") }\n', "many.soma")

    def best(path):
        times = []
        for _ in range(3):
            t = time.monotonic()
            r = subprocess.run([soma_bin, path], capture_output=True, text=True, timeout=60)
            times.append(time.monotonic() - t)
        return min(times), r.stdout

    base, _ = best(quiet)
    loaded, out = best(loud)
    print(f"10,000 lines into a pipe: {1000 * (loaded - base):.0f} ms over an empty script")
    assert out.splitlines()[-1] == "line 9999"
    assert loaded - base < 1.0  # a system call per line, not a stall per line


def test_sigint_after_fit_and_progress_stops_the_script(soma_bin, tmp_path):
    p = start(soma_bin, script(tmp_path, FIT_THEN_LOOP.replace("EPOCHS", "20")))
    assert p.stdout.readline().startswith("epoch")  # fit prints plain epoch lines into a pipe
    deadline = time.monotonic() + 30
    while "fit done" not in p.stdout.readline():
        assert time.monotonic() < deadline
    time.sleep(0.3)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=5)
    assert p.returncode == 130
    assert "Interrupted" in err


def test_sigint_at_any_moment_of_a_script_with_fit_ends_it_with_130(soma_bin, tmp_path):
    path = script(tmp_path, FIT_THEN_LOOP.replace("EPOCHS", "400"))
    rng = random.Random(11)
    for trial in range(8):
        p = start(soma_bin, path)
        time.sleep(rng.uniform(0.02, 1.5))
        p.send_signal(signal.SIGINT)
        if trial % 2:
            time.sleep(rng.uniform(0, 0.05))
            p.send_signal(signal.SIGINT)  # a second Ctrl-C right after
        out, err = p.communicate(timeout=10)
        assert p.returncode == 130, (trial, err[-500:])
        assert "Interrupted" in err or "interrupted" in err


def test_input_shows_its_prompt_before_reading(soma_bin, tmp_path):
    p = subprocess.Popen([soma_bin, script(tmp_path, 'let a = input("name? ")\nprint("hi \\(a)")\n')],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.set_blocking(p.stdout.fileno(), False)
    prompt = b""
    deadline = time.monotonic() + 10
    while not prompt.endswith(b"name? ") and time.monotonic() < deadline:
        time.sleep(0.02)
        prompt += p.stdout.read() or b""
    assert prompt == b"name? "
    p.stdin.write(b"Ada\n")
    p.stdin.close()
    p.wait(timeout=10)
    os.set_blocking(p.stdout.fileno(), True)
    assert (prompt + p.stdout.read()).decode() == "name? hi Ada\n"
    assert p.returncode == 0


def test_ctrl_c_while_input_waits_ends_the_script_with_130(soma_bin, tmp_path):
    p = subprocess.Popen([soma_bin, script(tmp_path, 'let a = input("name? ")\nprint("never")\n')],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    p.wait(timeout=5)  # stdin stays open: the interrupt alone must end the wait
    out, err = p.communicate(timeout=5)
    assert p.returncode == 130
    assert "never" not in out and "Interrupted" in err


def feed(soma_bin, text):
    return subprocess.run([soma_bin], input=text, capture_output=True, text=True, timeout=60)


def test_soma_reading_a_piped_script_exits_like_a_script(soma_bin):
    ok = feed(soma_bin, 'print(1)\n1 + 1\n')
    assert (ok.returncode, ok.stdout) == (0, "1\n2\n")
    runtime = feed(soma_bin, 'print("before")\nlet x = missing\nprint("after")\n')
    assert runtime.returncode == 1
    assert runtime.stdout == "before\n" and "NameError" in runtime.stderr
    syntax = feed(soma_bin, 'print("before")\nlet = 3\nprint("after")\n')
    assert syntax.returncode == 2
    assert "after" not in syntax.stdout and "SyntaxError" in syntax.stderr
    unfinished = feed(soma_bin, 'fn f() {\n')
    assert unfinished.returncode == 2


def test_recursion_error_traceback_is_short(soma_bin, tmp_path):
    r = subprocess.run([soma_bin, script(tmp_path, "fn f(n) { f(n + 1) }\nf(0)\n")], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "RecursionError" in r.stderr
    assert len(r.stderr.splitlines()) < 60
    assert "repeated 3998 more times" in r.stderr

    mutual = "fn even(n) { odd(n + 1) }\nfn odd(n) { even(n + 1) }\neven(0)\n"
    r = subprocess.run([soma_bin, script(tmp_path, mutual, "mutual.soma")], capture_output=True, text=True, timeout=60)
    assert "RecursionError" in r.stderr
    assert len(r.stderr.splitlines()) < 80
    assert "frames omitted" in r.stderr


def test_running_out_of_memory_loses_no_output(soma_bin, tmp_path):
    """Whether the engine reports a MemoryError or the process dies of it, the text printed before is out,
    the unfinished last line included."""
    import resource

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    path = script(tmp_path, 'print("line")\nprint("partial", terminator: "")\nvar xs = []\n'
                            'while true { xs.append(zeros([1000, 1000])) }\n')
    r = subprocess.run([soma_bin, path], capture_output=True, text=True, timeout=120, preexec_fn=limit_memory)
    assert r.returncode != 0
    assert r.stdout == "line\npartial"
