"""summary's MACs against PyTorch's FlopCounterMode (FLOPs = 2 · MACs) for the same models and inputs."""
import subprocess

import pytest

torch = pytest.importorskip("torch")
nn = torch.nn
F = torch.nn.functional
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402


class Attention(nn.Module):
    """MultiHeadAttention(dim, heads) as Soma computes it: four projections around SDPA."""

    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(dim, dim) for _ in range(4))

    def forward(self, x):
        b, n, d = x.shape
        split = lambda t: t.view(b, n, self.heads, d // self.heads).transpose(1, 2)  # noqa: E731
        out = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)))
        return self.o(out.transpose(1, 2).reshape(b, n, d))


class Block(nn.Module):
    """TransformerBlock(dim, heads) as Soma computes it: pre-norm attention and feed-forward."""

    def __init__(self, dim, heads):
        super().__init__()
        self.n1, self.n2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attention = Attention(dim, heads)
        self.ff = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, x):
        h = x + self.attention(self.n1(x))
        return h + self.ff(self.n2(h))


# (Soma model, input shape, the same model in PyTorch)
MODELS = [
    ("Sequential(Linear(784, 128), ReLU(), Linear(128, 10))", [4, 784],
     lambda: nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))),
    ("Sequential(Conv2d(3, 8, 3, padding: 1), ReLU(), Conv2d(8, 4, 3, stride: 2, groups: 2), Flatten(), Linear(4 * 7 * 7, 10))",
     [2, 3, 16, 16],
     lambda: nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 4, 3, stride=2, groups=2),
                           nn.Flatten(), nn.Linear(4 * 7 * 7, 10))),
    ("Conv1d(3, 6, 5, dilation: 2)", [2, 3, 20], lambda: nn.Conv1d(3, 6, 5, dilation=2)),
    ("Conv3d(2, 4, 3, groups: 2)", [1, 2, 6, 6, 6], lambda: nn.Conv3d(2, 4, 3, groups=2)),
    ("ConvTranspose2d(4, 2, 3, stride: 2)", [1, 4, 5, 5], lambda: nn.ConvTranspose2d(4, 2, 3, stride=2)),
    ("ConvTranspose1d(4, 6, 3, stride: 2, groups: 2)", [2, 4, 7], lambda: nn.ConvTranspose1d(4, 6, 3, stride=2, groups=2)),
    ("GRU(8, 16, numLayers: 2)", [2, 10, 8], lambda: nn.GRU(8, 16, num_layers=2, batch_first=True)),
    ("MultiHeadAttention(32, 4)", [2, 12, 32], lambda: Attention(32, 4)),
    ("TransformerBlock(16, 4)", [2, 8, 16], lambda: Block(16, 4)),
]


def torch_macs(make, shape):
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        make()(torch.zeros(shape))
    return counter.get_total_flops() // 2


def soma_macs(soma_bin, tmp_path):
    script = "\n".join(f"print(summary({model}, input: {shape}).macs)" for model, shape, _ in MODELS)
    path = tmp_path / "macs.soma"
    path.write_text(script + "\n")
    out = subprocess.run([soma_bin, str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [int(line) for line in out.stdout.split()]


def test_macs_match_flop_counter_mode(soma_bin, tmp_path):
    ours = soma_macs(soma_bin, tmp_path)
    for (model, shape, make), got in zip(MODELS, ours):
        assert got == torch_macs(make, shape), model


def test_lstm_macs_match_the_hand_count(soma_bin, tmp_path):
    # FlopCounterMode sees no product in PyTorch's fused CPU LSTM (it reports 0), so this one is by hand:
    # each step multiplies [batch, in + hidden] by the four gates' [in + hidden, 4 · hidden].
    path = tmp_path / "lstm.soma"
    path.write_text("print(summary(LSTM(8, 16, numLayers: 2, bidirectional: true), input: [3, 5, 8]).macs)\n")
    out = subprocess.run([soma_bin, str(path)], capture_output=True, text=True, timeout=60)
    first, second = 2 * 4 * (8 + 16) * 16, 2 * 4 * (32 + 16) * 16   # both directions, per sample and step
    assert int(out.stdout) == 3 * 5 * (first + second)
