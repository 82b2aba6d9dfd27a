"""PNG and JPEG files between Soma and Pillow: Soma reads what Pillow writes with the same pixels (its
own libpng and libjpeg-turbo decoding), Pillow reads what Soma writes with the same pixels, damaged
files are clear errors that leave the session running, and an image folder becomes a labelled data set."""
import json
import subprocess

import numpy as np
import pytest

Image = pytest.importorskip("PIL.Image")


def run(soma_bin, tmp_path, source):
    script = tmp_path / "images.soma"
    script.write_text(source)
    return subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)


def pixels(soma_bin, tmp_path, path, mode=None):
    """The image Soma reads from `path`, as a NumPy array [C, H, W]."""
    mode_arg = f', mode: "{mode}"' if mode else ""
    r = run(soma_bin, tmp_path, f'let img = readImage("{path}"{mode_arg})\nprint(img.dtype, img.shape)\nprint(img.tolist())\n')
    assert r.returncode == 0, r.stderr
    first, second = r.stdout.splitlines()[:2]
    assert first.startswith("uint8 ")
    return np.array(json.loads(second), dtype=np.uint8)


def image_array(rng, h, w, channels):
    shape = (h, w) if channels == 1 else (h, w, channels)
    return rng.integers(0, 256, size=shape, dtype=np.uint8)


@pytest.mark.parametrize("mode,channels", [("L", 1), ("LA", 2), ("RGB", 3), ("RGBA", 4)])
def test_png_pixels_match_pillow(soma_bin, tmp_path, mode, channels):
    rng = np.random.default_rng(channels)
    array = image_array(rng, 5, 7, channels)
    Image.fromarray(array).save(tmp_path / "a.png")
    got = pixels(soma_bin, tmp_path, "a.png")
    want = array[None] if channels == 1 else array.transpose(2, 0, 1)
    assert got.shape == want.shape
    assert np.array_equal(got, want)


def test_sixteen_bit_png_reads_as_eight_bits(soma_bin, tmp_path):
    array = np.array([[0, 65535], [32896, 257]], dtype=np.uint16)
    Image.fromarray(array).save(tmp_path / "deep.png")
    got = pixels(soma_bin, tmp_path, "deep.png")
    assert got.shape == (1, 2, 2)
    assert np.array_equal(got[0], np.array([[0, 255], [128, 1]], dtype=np.uint8))


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_jpeg_pixels_match_pillow(soma_bin, tmp_path, mode):
    rng = np.random.default_rng(7)
    array = image_array(rng, 16, 24, 3 if mode == "RGB" else 1)
    Image.fromarray(array).save(tmp_path / "a.jpg", quality=90)
    decoded = np.asarray(Image.open(tmp_path / "a.jpg").convert(mode))
    got = pixels(soma_bin, tmp_path, "a.jpg")
    want = decoded[None] if mode == "L" else decoded.transpose(2, 0, 1)
    assert got.shape == want.shape
    # Both decode with libjpeg-turbo's accurate integer transform; allow a unit for the upsampler.
    assert np.abs(got.astype(int) - want.astype(int)).max() <= 1


def test_modes_convert_channels(soma_bin, tmp_path):
    rng = np.random.default_rng(3)
    Image.fromarray(image_array(rng, 3, 4, 3)).save(tmp_path / "c.png")
    assert pixels(soma_bin, tmp_path, "c.png", "RGBA").shape == (4, 3, 4)
    assert pixels(soma_bin, tmp_path, "c.png", "L").shape == (1, 3, 4)
    assert (pixels(soma_bin, tmp_path, "c.png", "RGBA")[3] == 255).all()


def test_pillow_reads_what_soma_writes(soma_bin, tmp_path):
    r = run(soma_bin, tmp_path, "\n".join([
        'let rgb = tensor([[[0, 255], [10, 20]], [[30, 40], [50, 60]], [[70, 80], [90, 100]]], dtype: uint8)',
        'saveImage(rgb, "rgb.png")',
        'saveImage(tensor([[0, 0.5], [1, 2]]), "gray.png")',   # floats in [0, 1], clamped
        'print("ok")',
    ]) + "\n")
    assert r.returncode == 0, r.stderr
    rgb = np.asarray(Image.open(tmp_path / "rgb.png"))
    assert rgb.shape == (2, 2, 3)
    assert rgb[:, :, 0].tolist() == [[0, 255], [10, 20]] and rgb[1, 1].tolist() == [20, 60, 100]
    gray = np.asarray(Image.open(tmp_path / "gray.png"))
    assert gray.tolist() == [[0, 128], [255, 255]]


def test_damaged_files_are_clear_errors(soma_bin, tmp_path):
    rng = np.random.default_rng(1)
    Image.fromarray(image_array(rng, 32, 32, 3)).save(tmp_path / "whole.png")
    Image.fromarray(image_array(rng, 32, 32, 3)).save(tmp_path / "whole.jpg")
    for name in ["whole.png", "whole.jpg"]:
        data = (tmp_path / name).read_bytes()
        (tmp_path / ("cut-" + name)).write_bytes(data[: len(data) // 3])
        (tmp_path / ("head-" + name)).write_bytes(data[:40])
    (tmp_path / "text.png").write_text("not an image")
    for name in ["cut-whole.png", "cut-whole.jpg", "head-whole.png", "head-whole.jpg", "text.png", "missing.png"]:
        r = run(soma_bin, tmp_path, f'print(readImage("{name}").shape)\n')
        # A truncated JPEG still decodes (the missing rows gray), as libjpeg and Pillow allow.
        if name == "cut-whole.jpg" and r.returncode == 0:
            assert r.stdout.strip() == "[3, 32, 32]"
            continue
        assert r.returncode == 1, (name, r.returncode, r.stderr)
        assert "ValueError" in r.stderr and name in r.stderr, (name, r.stderr)
    r = run(soma_bin, tmp_path, 'print(readImage("whole.png").shape)\n')
    assert r.stdout.strip() == "[3, 32, 32]"


def test_image_folder_is_a_labelled_data_set(soma_bin, tmp_path):
    rng = np.random.default_rng(2)
    for name, count in [("cats", 2), ("dogs", 3)]:
        folder = tmp_path / "pets" / name
        folder.mkdir(parents=True)
        for i in range(count):
            Image.fromarray(image_array(rng, 6 + i, 8, 3)).save(folder / f"{i}.png")
        (folder / "notes.txt").write_text("skipped")
    r = run(soma_bin, tmp_path, "\n".join([
        'let data = ImageFolder("pets", size: [4, 4])',
        'print(data[0].shape, data[0].dtype, data[1].tolist(), data[2])',
        'print(data[0].min().item() >= 0, data[0].max().item() <= 1)',
    ]) + "\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ['[5, 3, 4, 4] float32 [0, 0, 1, 1, 1] ["cats", "dogs"]', "true true"]
