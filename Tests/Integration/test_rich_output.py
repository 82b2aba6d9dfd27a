"""image() lays out a batch as torchvision's make_grid does and writes the pixels save_image would: the
reference below is make_grid's own code (torchvision 0.20, transcribed with torch ops), and the PNG Soma
writes is decoded by Pillow."""
import json
import math
import subprocess

import numpy as np
import pytest

torch = pytest.importorskip("torch")
Image = pytest.importorskip("PIL.Image")


def make_grid(tensor, nrow=8, padding=2, normalize=False, pad_value=0.0):
    if tensor.dim() == 2:
        tensor = tensor.unsqueeze(0)
    if tensor.dim() == 3:
        if tensor.size(0) == 1:
            tensor = torch.cat((tensor, tensor, tensor), 0)
        tensor = tensor.unsqueeze(0)
    if tensor.dim() == 4 and tensor.size(1) == 1:
        tensor = torch.cat((tensor, tensor, tensor), 1)
    if normalize:
        tensor = tensor.clone()
        low, high = float(tensor.min()), float(tensor.max())
        tensor.clamp_(min=low, max=high)
        tensor.sub_(low).div_(max(high - low, 1e-5))
    if tensor.size(0) == 1:
        return tensor.squeeze(0)
    nmaps = tensor.size(0)
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    height, width = int(tensor.size(2) + padding), int(tensor.size(3) + padding)
    grid = tensor.new_full((tensor.size(1), height * ymaps + padding, width * xmaps + padding), pad_value)
    k = 0
    for y in range(ymaps):
        for x in range(xmaps):
            if k >= nmaps:
                break
            grid.narrow(1, y * height + padding, height - padding).narrow(2, x * width + padding, width - padding).copy_(tensor[k])
            k += 1
    return grid


def save_image_pixels(grid):
    """What save_image writes for a grid [3, H, W]: [H, W, 3] uint8."""
    return grid.mul(255).add_(0.5).clamp_(0, 255).permute(1, 2, 0).to(torch.uint8).numpy()


CASES = [
    ("gray batch, nrow 2", [5, 1, 6, 7], dict(nrow=2, padding=1, pad_value=0.3), False),
    ("RGB batch, default layout", [3, 3, 4, 5], dict(), False),
    ("normalized, wide padding", [10, 1, 3, 3], dict(nrow=4, padding=3, pad_value=1.0), True),
    ("one RGB image, no padding", [3, 5, 4], dict(padding=5), False),
]


@pytest.mark.parametrize("name,shape,options,normalize", CASES, ids=[c[0] for c in CASES])
def test_image_grid_matches_make_grid(soma_bin, tmp_path, name, shape, options, normalize):
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    # Values beyond [0, 1] check the clamping too.
    x = torch.tensor(rng.uniform(-0.3, 1.3, size=shape), dtype=torch.float32)
    want = save_image_pixels(make_grid(x, normalize=normalize, **options))
    labels = {"nrow": "nrow", "padding": "padding", "pad_value": "padValue"}
    args = "".join(f", {labels[k]}: {v}" for k, v in options.items())
    script = tmp_path / "grid.soma"
    script.write_text(f"let x = tensor({json.dumps(x.tolist())})\n"
                      f'image(x{args}, normalize: {str(normalize).lower()}, scale: 1).save("grid.png")\n')
    r = subprocess.run([soma_bin, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    got = np.array(Image.open(tmp_path / "grid.png").convert("RGB"))
    assert got.shape == want.shape
    assert np.array_equal(got, want), np.argwhere(got != want)[:5]
