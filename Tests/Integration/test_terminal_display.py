"""fit's live display and printed charts in a real pseudo-terminal, replayed through a terminal emulator
(pyte): redrawn in place at any width with no stale line and no line wider than the terminal, following a
resize; colors only on a terminal and never with NO_COLOR; real durations in a pipe."""
import os
import re
import subprocess

import pexpect
import pyte
import pytest
from wcwidth import wcswidth

FIT = """seed(0)
fn slowAccuracy(out, y) { sleep(0.01)
accuracy(out, y) }
let X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
let Y = tensor([[0], [1], [1], [0]])
let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
let opt = Adam(model.parameters(), lr: 0.05)
let h = fit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: EPOCHS, validation: [X, Y], metrics: [slowAccuracy])
print("trained \\(h.epochs) epochs")
"""

CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def script(tmp_path, epochs=120, metric="slowAccuracy"):
    path = tmp_path / "fit.soma"
    path.write_text(FIT.replace("EPOCHS", str(epochs)).replace("metrics: [slowAccuracy]", f"metrics: [{metric}]"))
    return str(path)


def terminal_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", **extra)
    return env


def written_lines(output):
    """Each line as written (escapes removed; a carriage return starts the line over)."""
    lines = []
    for line in output.replace("\r\n", "\n").split("\n"):
        lines.append(CSI.sub("", line.split("\r")[-1]))
    return lines


def replay(output, columns, rows):
    """The screen and the lines scrolled off its top, after the terminal emulator has run the output."""
    screen = pyte.HistoryScreen(columns, rows, history=1000)
    pyte.Stream(screen).feed(output)
    scrolled = ["".join(line[x].data for x in range(columns)) for line in screen.history.top]
    return scrolled + screen.display


def check_one_drawing(text_lines, epochs):
    """The final drawing is there once, whole, with nothing stale around it."""
    statuses = [line for line in text_lines if line.startswith("epoch ")]
    assert len(statuses) == 1, "a stale status line is left: " + repr(statuses)
    assert statuses[0].startswith(f"epoch {epochs}/{epochs}") and "100%" in statuses[0], statuses[0]
    assert sum("└" in line for line in text_lines) == 1, "one chart"
    assert sum("train" in line and "validation" in line for line in text_lines) == 1, "one legend"
    # The chart ends right above the line printed after fit: nothing between them.
    trained = next(i for i, line in enumerate(text_lines) if line.startswith("trained "))
    assert "train" in text_lines[trained - 1] and "validation" in text_lines[trained - 1]


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_fit_redraws_in_place_in_a_terminal(soma_bin, tmp_path, columns):
    rows = 30
    child = pexpect.spawn(soma_bin, [script(tmp_path)], env=terminal_env(), encoding="utf-8",
                          dimensions=(rows, columns), timeout=120)
    output = child.read()
    child.close()
    assert child.exitstatus == 0, output[-2000:]
    redraws = len(re.findall(r"\x1b\[\d+A\r\x1b\[J", output))
    assert redraws >= 3, "the display is redrawn in place while fit runs"
    for line in written_lines(output):
        assert wcswidth(line) < columns, f"wider than the terminal ({columns}): {line!r}"
    screen = replay(output, columns, rows)
    check_one_drawing([line.rstrip() for line in screen], 120)
    assert "\x1b[38;5;" in output, "a terminal gets colors"


def test_fit_follows_a_narrowed_terminal(soma_bin, tmp_path):
    rows, wide, narrow = 30, 120, 60
    child = pexpect.spawn(soma_bin, [script(tmp_path, epochs=200)], env=terminal_env(), encoding="utf-8",
                          dimensions=(rows, wide), timeout=120)
    child.expect("epoch \\d+/200")
    before = child.before + child.after
    child.setwinsize(rows, narrow)
    after = child.read()
    child.close()
    assert child.exitstatus == 0
    # Everything drawn after the resize fits the new width (the drawing under way may finish first).
    later = after[after.find("\x1b[", 1):]
    for line in written_lines(later.split("\x1b[J", 1)[-1]):
        assert wcswidth(line) < narrow, f"wider than the narrowed terminal: {line!r}"
    screen = pyte.HistoryScreen(wide, rows, history=1000)
    stream = pyte.Stream(screen)
    stream.feed(before)
    screen.resize(rows, narrow)
    stream.feed(after)
    scrolled = ["".join(line[x].data for x in range(narrow)) for line in screen.history.top]
    check_one_drawing([line.rstrip() for line in scrolled + screen.display], 200)


def chart_script(tmp_path):
    path = tmp_path / "chart.soma"
    path.write_text('print(plot(["train": [1, 0.5, 0.2, 0.1], "validation": [1.1, 0.7, 0.6, 0.55]], title: "loss", ylabel: "loss"))\n')
    return str(path)


def test_printed_charts_fit_the_terminal_and_take_colors_unless_no_color(soma_bin, tmp_path):
    widths = {}
    for columns in (60, 120):
        child = pexpect.spawn(soma_bin, [chart_script(tmp_path)], env=terminal_env(), encoding="utf-8",
                              dimensions=(40, columns), timeout=60)
        output = child.read()
        child.close()
        assert "\x1b[38;5;" in output, "colors on a terminal"
        widths[columns] = max(wcswidth(line) for line in written_lines(output))
        assert widths[columns] < columns
        lines = written_lines(output)
        assert lines.count("loss") == 1, "the title and the y label are the same: shown once"
    assert widths[120] > widths[60] + 30, f"sized to the terminal: {widths}"
    child = pexpect.spawn(soma_bin, [chart_script(tmp_path)], env=terminal_env(NO_COLOR="1"), encoding="utf-8",
                          dimensions=(40, 120), timeout=60)
    output = child.read()
    child.close()
    assert "\x1b" not in output, "NO_COLOR turns colors off"
    assert "⠂⠂⠂⠂ validation" in output, "series still read apart by their dot pattern"
    piped = subprocess.run([soma_bin, chart_script(tmp_path)], env=terminal_env(), capture_output=True, text=True, timeout=60)
    assert "\x1b" not in piped.stdout, "no colors into a pipe"
    axis = next(line for line in piped.stdout.split("\n") if "└" in line)
    assert len(axis.split("└")[1]) == 60, "a fixed width into a pipe, for stable outputs"


def test_fit_prints_real_durations_into_a_pipe(soma_bin, tmp_path):
    # Epochs of four samples take well under a millisecond: they used to print "(0 ms)".
    done = subprocess.run([soma_bin, script(tmp_path, epochs=400, metric="accuracy")], env=terminal_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    epochs = [line for line in done.stdout.split("\n") if line.startswith("epoch ")]
    assert len(epochs) == 20 and "\x1b" not in done.stdout
    for line in epochs:
        match = re.search(r"\((\d+(?:\.\d+)?) (µs|ms|s) for 20 epochs\)$", line)
        assert match, line
        assert float(match.group(1)) > 0, line


def test_printed_images_fit_the_terminal_in_half_blocks_or_a_gray_ramp(soma_bin, tmp_path):
    path = tmp_path / "image.soma"
    path.write_text("let x = zeros([3, 40, 200])\nx[0, :, :100] = ones([40, 100])\nprint(image(x))\n")
    child = pexpect.spawn(soma_bin, [str(path)], env=terminal_env(), encoding="utf-8", dimensions=(40, 60), timeout=60)
    output = child.read()
    child.close()
    assert "\x1b[38;5;196;48;5;196m▀" in output, "red pixels as colored half blocks"
    picture = [line for line in written_lines(output) if "▀" in line]
    assert len(picture) == 5 and all(wcswidth(line) == 50 for line in picture), "shrunk 4 times to fit 59 columns"
    child = pexpect.spawn(soma_bin, [str(path)], env=terminal_env(NO_COLOR="1"), encoding="utf-8", dimensions=(40, 60), timeout=60)
    output = child.read()
    child.close()
    assert "\x1b" not in output and "▀" not in output, "NO_COLOR draws a gray ramp"
    assert max(wcswidth(line) for line in written_lines(output)) < 60
    piped = subprocess.run([soma_bin, str(path)], env=terminal_env(), capture_output=True, text=True, timeout=60)
    assert "\x1b" not in piped.stdout
    assert max(len(line) for line in piped.stdout.split("\n")) <= 80, "80 columns into a pipe"
