"""A replay's animation in a real browser: headless Chromium plays the SVG's SMIL timeline with no
script, showing each frame in its turn with the progress bar under it. Screenshots taken after
different amounts of virtual time (which Chromium honours only roughly: loading takes some of it) must
each show one whole frame, and together all of them."""
import shutil
import subprocess

import pytest

Image = pytest.importorskip("PIL.Image")

BLUE = (0, 114, 178)


def screenshot(svg, at_ms, out):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("headless Chromium is needed: install Debian's chromium (`make test` does)")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--virtual-time-budget={at_ms}", "--window-size=640,440", f"--screenshot={out}",
                    svg.as_uri()], capture_output=True, timeout=120, check=True)
    return Image.open(out).convert("RGB")


def test_the_animation_shows_each_frame_in_its_turn(soma_bin, tmp_path):
    script = tmp_path / "replay.soma"
    script.write_text('let frames = [1, 2, 3].map(fn(k) { plot([k, 2, 1], title: "frame \\(k)") })\n'
                      'replay(frames, fps: 1).save("run.svg")\n')
    subprocess.run([soma_bin, str(script)], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    svg = tmp_path / "run.svg"
    # The bar under the frames (640 wide, at y 429 to 434) fills a third for each frame; the loop is 4 s.
    seen = set()
    for at_ms in range(100, 4000, 300):
        picture = screenshot(svg, at_ms, tmp_path / f"at{at_ms}.png")
        filled = next(x for x in range(0, 641) if x == 640 or picture.getpixel((x, 431)) != BLUE)
        assert filled in (213, 214, 426, 427, 640), f"after {at_ms} ms the bar ends at {filled}, between frames"
        seen.add(round(filled / 213.3))
    assert seen == {1, 2, 3}, f"the frames shown: {sorted(seen)}"
