"""The REPL driven through a pseudo-terminal, as a person types into it."""
import os

import pexpect
import pytest

PROMPT = "soma> "


@pytest.fixture
def repl(soma_bin, tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), TERM="xterm")
    child = pexpect.spawn(soma_bin, env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def send(child, line):
    child.sendline(line)
    child.expect_exact(PROMPT)
    return child.before


def test_expression_result_is_shown(repl):
    assert "42" in send(repl, "40 + 2")


def test_multiline_block_continues_until_closed(repl):
    repl.sendline("fn double(x) {")
    repl.expect_exact("... ")
    repl.sendline("x * 2")
    repl.expect_exact("... ")
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
    repl.expect_exact(PROMPT)
    assert "true" in send(repl, "n > 0")
    assert "tensor([1., 2., 3.])" in send(repl, "w")


def test_errors_keep_the_session(repl):
    send(repl, "let kept = 5")
    out = send(repl, "kept + missing")
    assert "NameError: name 'missing' is not defined" in out
    assert "cell 2, line 1" in out
    assert "5" in send(repl, "kept")


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


def test_ctrl_d_exits(repl):
    repl.sendeof()
    repl.expect(pexpect.EOF)
