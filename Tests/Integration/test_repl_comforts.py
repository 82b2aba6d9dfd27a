"""The REPL's IPython comforts through a pseudo-terminal: Tab completion, `!command`, `_` and `Out`."""
import time

import pytest

from test_repl import PROMPT, expect_prompt, send, spawn


@pytest.fixture
def repl(soma_bin, tmp_path):
    child = spawn(soma_bin, tmp_path)
    yield child
    child.close(force=True)


def test_tab_completes_a_builtin_name(repl):
    """`zer` has two candidates, zeros and zerosLike: Tab lists them and completes what they share."""
    repl.send("zer\t")
    repl.expect_exact("zerosLike")
    repl.expect(PROMPT)  # the line is drawn again below the list
    repl.sendline("([2])")
    repl.expect_exact("tensor([0., 0.])")
    expect_prompt(repl)


def test_tab_completes_a_member(repl):
    """`w.transp` has one candidate: Tab inserts it, and the line runs as `w.transpose(0, 1)`."""
    send(repl, "let w = tensor([[1.0, 2.0], [3.0, 4.0]])")
    repl.send("w.transp\t")
    time.sleep(0.3)
    assert "tensor([[1., 3.]," in send(repl, "(0, 1)")


def test_tab_lists_several_candidates_and_keeps_the_line(repl):
    send(repl, "let alpha1 = 1")
    send(repl, "let alpha2 = 20")
    repl.send("1 + alp\t")
    repl.expect_exact("alpha1  alpha2")
    repl.expect(PROMPT)
    repl.sendline("2")
    repl.expect_exact("21")
    expect_prompt(repl)


def test_tab_completes_a_file_path_in_a_string(soma_bin, tmp_path):
    """Inside a string Tab completes paths: `exists(".../weights-f` becomes the whole file name."""
    (tmp_path / "weights-final.txt").write_text("x")
    child = spawn(soma_bin, tmp_path)
    try:
        child.send(f'exists("{tmp_path}/weights-f\t')
        time.sleep(0.3)
        assert "true" in send(child, '")')
    finally:
        child.close(force=True)


def test_bang_runs_a_shell_command(repl):
    out = send(repl, "!echo hi from the shell")
    assert "hi from the shell" in out


def test_bang_inside_brackets_is_not_a_shell_command(repl):
    """Only a line where a top-level statement may start runs the shell; inside brackets `!` stays
    the parser's, which points at `not`."""
    repl.sendline("let both = [")
    repl.expect_exact("...> ")
    repl.sendline("  !true")
    repl.expect_exact("...> ")
    out = send(repl, "]")
    assert "use 'not'" in out


def test_ctrl_c_stops_a_shell_command_and_keeps_the_session(repl):
    send(repl, "let kept = 7")
    repl.sendline('shell("sleep 30")')
    repl.expect_exact('shell("sleep 30")')
    time.sleep(0.5)
    repl.sendintr()
    repl.expect("Interrupted", timeout=15)
    expect_prompt(repl)
    assert "7" in send(repl, "kept")


def test_underscore_and_out_hold_earlier_results(repl):
    send(repl, "40 + 2")  # input 1
    assert "43" in send(repl, "_ + 1")  # input 2
    send(repl, "let unshown = 5")  # input 3 shows nothing
    assert "42" in send(repl, "_1")
    assert "43" in send(repl, "Out[2]")
    assert "40 + 2" in send(repl, "In[1]")
