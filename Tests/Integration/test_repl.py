"""The REPL driven through a pseudo-terminal, as a person types into it."""
import os
import re
import signal
import termios
import time

import pexpect
import pytest

PROMPT = r"soma \[\d+\]> "
UP, DOWN = "\x1b[A", "\x1b[B"


def expect_prompt(child, pattern=PROMPT):
    """Waits for a prompt, then for the line editor to take the terminal (canonical mode off): libedit
    shows the prompt first, and a Ctrl-D sent before it switches is taken by the terminal driver."""
    child.expect(pattern)
    deadline = time.monotonic() + 20
    while termios.tcgetattr(child.child_fd)[3] & termios.ICANON:
        assert time.monotonic() < deadline, "the line editor never took the terminal"
        time.sleep(0.01)


def spawn(soma_bin, home, columns=120):
    env = dict(os.environ, HOME=str(home), TERM="xterm")
    env.pop("COLUMNS", None)
    child = pexpect.spawn(soma_bin, env=env, encoding="utf-8", timeout=20, dimensions=(40, columns))
    expect_prompt(child)
    return child


@pytest.fixture
def repl(soma_bin, tmp_path):
    child = spawn(soma_bin, tmp_path)
    yield child
    child.close(force=True)


def send(child, line):
    child.sendline(line)
    expect_prompt(child)
    return child.before


def test_expression_result_is_shown(repl):
    assert "42" in send(repl, "40 + 2")


def test_multiline_block_continues_until_closed(repl):
    repl.sendline("fn double(x) {")
    repl.expect_exact("...> ")
    repl.sendline("x * 2")
    repl.expect_exact("...> ")
    out = send(repl, "}")
    assert "Error" not in out
    assert "14" in send(repl, "double(7)")


def test_ctrl_c_stops_a_loop_and_keeps_state(repl):
    send(repl, "var n = 0")
    send(repl, "let w = tensor([1, 2, 3])")
    repl.sendline("while true { n += 1 }")
    repl.expect_exact("while true")
    import time
    time.sleep(0.8)
    repl.sendintr()
    repl.expect("Interrupted")
    repl.expect(PROMPT)
    assert "true" in send(repl, "n > 0")
    assert "tensor([1., 2., 3.])" in send(repl, "w")


def test_ctrl_c_at_the_prompt_right_after_a_run_keeps_the_session(repl):
    """Ctrl-C pressed a moment too late, when the code has finished, only clears the prompt."""
    repl.sendline("var total = 0\nfor i in 0..<1000 { total += i }")
    repl.expect(r"soma \[2\]> ")
    expect_prompt(repl, r"soma \[3\]> ")
    repl.sendintr()
    repl.expect_exact("^C")
    repl.expect(r"soma \[3\]> ")
    assert repl.isalive()
    assert "499500" in send(repl, "total")


def test_ctrl_c_drops_a_half_typed_line(repl):
    send(repl, "let kept = 41")
    repl.send("kept + 1000")
    repl.expect_exact("kept + 1000")
    repl.sendintr()
    repl.expect(r"soma \[2\]> ")
    out = send(repl, "kept + 1")
    assert "42" in out and "1041" not in out


def test_ctrl_c_at_a_continuation_drops_the_block(repl):
    send(repl, "let kept = 7")
    repl.sendline("fn broken() {")
    expect_prompt(repl, r"\.\.\.> ")
    repl.send("kept +")
    repl.sendintr()
    repl.expect(r"soma \[2\]> ")
    out = send(repl, "kept * 6")
    assert "42" in out and "Error" not in out
    assert "NameError" in send(repl, "broken")


def test_only_ctrl_d_on_an_empty_line_leaves(repl):
    repl.sendintr()
    expect_prompt(repl)
    repl.sendintr()
    expect_prompt(repl)
    repl.sendeof()
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 0


def test_ctrl_d_at_a_continuation_ends_the_block_not_the_session(repl):
    send(repl, "let kept = 3")
    repl.sendline("fn unfinished() {")
    expect_prompt(repl, r"\.\.\.> ")
    repl.sendeof()
    repl.expect(r"soma \[3\]> ")
    assert "SyntaxError" in repl.before and "input 2, line 1" in repl.before
    assert "3" in send(repl, "kept")


def test_sigterm_at_the_prompt_ends_with_143(repl):
    repl.kill(signal.SIGTERM)
    repl.expect(pexpect.EOF)
    repl.close()
    assert repl.exitstatus == 143


def test_prompts_are_numbered_and_errors_name_the_input(repl):
    send(repl, "let kept = 5")
    repl.sendline("kept + missing")
    repl.expect(r"soma \[3\]> ")
    out = repl.before
    assert "NameError: name 'missing' is not defined" in out
    assert "input 2, line 1" in out
    assert "cell" not in out
    assert "5" in send(repl, "kept")


def test_an_error_in_a_function_from_an_earlier_input_quotes_that_input(repl):
    repl.sendline("fn halve(x) {")
    repl.expect_exact("...> ")
    repl.sendline("    return x.half")
    repl.expect_exact("...> ")
    send(repl, "}")
    out = send(repl, "let n = 4; halve(n)")
    lines = [line.rstrip() for line in out.replace("\r", "").split("\n")]
    at = lines.index("  --> input 1, line 2, in halve")
    assert lines[at + 2] == " 2 |     return x.half"
    assert lines[at + 3].endswith("^^^^^^")
    site = lines.index("  called from input 2, line 1")
    assert lines[site + 2] == " 1 | let n = 4; halve(n)"


def test_the_continuation_prompt_lines_up_with_the_prompt(repl):
    repl.sendline("if true {")
    repl.expect(r"\n( *)\.\.\.> ")
    assert len(repl.match.group(1)) + len("...> ") == len("soma [1]> ")
    send(repl, "}")


def test_a_syntax_error_in_a_block_is_reported_once(repl):
    repl.sendline("fn f(x) {")
    repl.expect_exact("...> ")
    repl.sendline("let = x")
    out = send(repl, "}")
    assert out.count("SyntaxError") == 1, out


def test_unicode_input_round_trips(repl):
    assert "héllo ∑ 🙂" in send(repl, '"héllo ∑ 🙂"')


def test_commands(repl, tmp_path):
    send(repl, "let alpha = 1")
    assert "alpha: number = 1" in send(repl, ":vars")
    assert ":reset" in send(repl, ":help")
    send(repl, ":reset")
    assert "NameError" in send(repl, "alpha")
    repl.sendline(":quit")
    repl.expect(pexpect.EOF)
    history = (tmp_path / ".soma_history").read_text()
    assert "let alpha = 1" in history.replace("\\040", " ")


def test_vars_shows_every_variable_with_multiline_values(repl):
    send(repl, "let accuracy = 0.5")  # shadows a builtin of the same name
    send(repl, "let grid = tensor([[1, 2], [3, 4]])")
    send(repl, "var many = []")
    send(repl, "for i in 0..<500 { many.append(i) }")
    send(repl, "let big = zeros([30, 2])")
    out = send(repl, ":vars").replace("\r", "")
    assert "accuracy: number = 0.5" in out
    assert "nan" not in out  # builtins the user left alone are not theirs
    grid = out[out.index("grid: "):].splitlines()
    assert grid[0].startswith("grid: Tensor = tensor([[1., 2.],")
    assert grid[1].index("[3., 4.]]") == grid[0].index("[1., 2.]")  # the rows still line up
    many = next(line for line in out.splitlines() if line.startswith("many: list"))
    assert len(many) <= 120 and re.search(r"… \d+ more characters$", many)
    big = out[out.index("big: Tensor"):].splitlines()
    assert all(line.startswith(" " * len("big: Tensor = ")) for line in big[1:8]), big
    assert re.fullmatch(r" +… 23 more lines", big[7]), big


def test_help_wraps_at_word_boundaries(soma_bin, tmp_path):
    child = spawn(soma_bin, tmp_path, columns=40)
    try:
        child.sendline(":help")
        child.expect(PROMPT)
        lines = child.before.replace("\r", "").splitlines()[1:]
        assert lines and all(len(line) <= 40 for line in lines), lines
        text = " ".join(" ".join(lines).split())
        assert "at the prompt it drops the line or block being typed." in text
        assert ":vars the variables you defined, each with its type and value" in text
    finally:
        child.close(force=True)


def test_help_follows_a_resized_terminal(repl):
    repl.setwinsize(40, 50)
    lines = send(repl, ":help").replace("\r", "").splitlines()[1:]
    assert lines and all(len(line) <= 50 for line in lines), lines


def test_help_without_a_terminal_wraps_to_columns(soma_bin, tmp_path):
    import subprocess
    r = subprocess.run([soma_bin], input=":help\n", capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, HOME=str(tmp_path), COLUMNS="30"))
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and len(lines) > 5 and all(len(line) <= 30 for line in lines), lines


def test_up_and_down_move_through_the_lines_of_a_block(repl):
    send(repl, "let first = 0")
    for line in ["fn tripled(x) {", "    x * 3", "}"]:
        repl.sendline(line)
        expect_prompt(repl, r"\.\.\.> |" + PROMPT)
    send(repl, ":reset")
    # History: "let first = 0", the block's three lines, ":reset"; each line recalled is added again at
    # the end, so the next line of the block is always four entries back: five up, then one down.
    for _ in range(3):
        repl.send(UP * 5 + DOWN)
        repl.sendline("")
        expect_prompt(repl, r"\.\.\.> |" + PROMPT)
    assert "21" in send(repl, "tripled(7)")


def test_ctrl_d_exits(repl):
    repl.sendeof()
    repl.expect(pexpect.EOF)


def test_the_repl_imports_from_its_working_directory_and_reset_forgets_modules(soma_bin, tmp_path):
    (tmp_path / "tools.soma").write_text('print("tools loaded")\nfn triple(x) { x * 3 }\n')
    env = dict(os.environ, HOME=str(tmp_path), TERM="xterm")
    child = pexpect.spawn(soma_bin, env=env, encoding="utf-8", timeout=20, dimensions=(40, 120), cwd=str(tmp_path))
    try:
        expect_prompt(child)
        assert "tools loaded" in send(child, 'import "tools" as T')
        out = send(child, 'import "tools.soma"')
        assert "tools loaded" not in out and "Error" not in out
        assert "21" in send(child, "T.triple(7)")
        send(child, ":reset")
        assert "tools loaded" in send(child, 'import "tools"')
        assert "12" in send(child, "triple(4)")
    finally:
        child.close(force=True)


def test_a_backward_stepper_steps_with_enter(repl):
    send(repl, "let a = tensor(2.0, requiresGrad: true)")
    send(repl, "let L = a * a + a")
    send(repl, "let s = stepBackward(L)")
    repl.sendline("s.play()")
    repl.expect_exact("(Enter next, p back, q stop) ")
    assert "backward, step 0 of 2" in repl.before
    repl.sendline("")
    repl.expect_exact("(Enter next, p back, q stop) ")
    assert "∂L/∂mul += ∂L/∂L · 1 = 1 · 1 = 1" in repl.before
    repl.sendline("")
    repl.expect_exact("(end: p back, q stop) ")
    assert "∂L/∂a += ∂L/∂mul · a = 1 · 2 = 2" in repl.before
    repl.sendline("q")
    expect_prompt(repl)
    assert "2" in send(repl, "s.position")


def test_a_replay_plays_its_frames_in_place(repl):
    send(repl, 'let r = replay(["alpha", "beta", "gamma"], fps: 50)')
    out = send(repl, "r.play()")
    # Each frame after the first moves back over the one before and clears it.
    assert out.index("alpha") < out.index("beta") < out.index("gamma")
    assert out.count("\x1b[2F\x1b[J") == 2
