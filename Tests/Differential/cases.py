"""Soma against PyTorch, case by case: PyTorch computes each case in float64 and writes its inputs,
parameters, outputs and gradients to safetensors; Soma reproduces it from the language, as a user
writes it, and reports every value that differs beyond the case's tolerance.

A case is one of
- `Op`: an expression over input tensors (`soma`, a Soma expression; `torch`, the same in PyTorch);
  the gradient of sum(output · w) for a random w is compared for every input that takes one;
- `Layer`: a module built on both sides (Soma's constructor, PyTorch's), with PyTorch's parameters
  loaded into Soma's by `loadState`; output, input gradient and every parameter gradient are compared;
- `Optimizer`: three steps from the same parameters with the same gradients; the parameters after
  each step are compared.

Inputs are drawn once in float32, so both sides start from the same numbers; PyTorch then computes in
float64, so the reference carries no float32 error of its own.
"""
import math
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F


# Inputs -------------------------------------------------------------------------------------------

@dataclass
class Draw:
    """How to draw one input: `kind` normal, uniform (between low and high), positive, probability,
    steps (whole numbers −2…2, so ties are common; with gradient), labels (whole numbers below
    `classes`, no gradient) or mask (0/1, no gradient)."""
    shape: tuple
    kind: str = "normal"
    low: float = -1.0
    high: float = 1.0
    classes: int = 2

    def sample(self, rng):
        if self.kind == "normal":
            return rng.standard_normal(self.shape)
        if self.kind == "uniform":
            return rng.uniform(self.low, self.high, self.shape)
        if self.kind == "positive":
            return rng.uniform(0.2, 2.0, self.shape)
        if self.kind == "probability":
            return rng.uniform(0.05, 0.95, self.shape)
        if self.kind == "labels":
            return rng.integers(0, self.classes, self.shape).astype(np.float64)
        if self.kind == "steps":
            return rng.integers(-2, 3, self.shape).astype(np.float64)
        if self.kind == "mask":
            return (rng.uniform(0, 1, self.shape) < 0.4).astype(np.float64)
        raise ValueError(self.kind)

    @property
    def differentiable(self):
        return self.kind not in ("labels", "mask")


def normal(*shape):
    return Draw(shape)


def positive(*shape):
    return Draw(shape, "positive")


def probability(*shape):
    return Draw(shape, "probability")


def steps(*shape):
    return Draw(shape, "steps")


def labels(*shape, classes):
    return Draw(shape, "labels", classes=classes)


def mask(*shape):
    return Draw(shape, "mask")


# Cases --------------------------------------------------------------------------------------------

@dataclass
class Op:
    name: str
    inputs: dict
    soma: str
    torch: object
    atol: float = 1e-5
    rtol: float = 1e-4
    grad: bool = True
    # The tolerance when both sides compute in float64.
    atol64: float = 1e-10
    rtol64: float = 1e-9


@dataclass
class Layer:
    name: str
    soma: str
    torch: object
    input: Draw
    atol: float = 1e-5
    rtol: float = 1e-4
    train: bool = True
    output: object = None  # picks the output tensor from what the PyTorch module returns
    # More inputs (masks, a decoder's memory) for a call beyond `m(x)`: `call` is the Soma call over m, x
    # and their names, `forward(module, x, **inputs)` PyTorch's.
    inputs: dict = field(default_factory=dict)
    call: str = "m(x)"
    pick: str = "result[0]"  # the Soma pick of the output that `output` picks
    forward: object = None
    # The tolerance when both sides compute in float64 (the model converted with `double()`).
    atol64: float = 1e-10
    rtol64: float = 1e-9


@dataclass
class Optimizer:
    name: str
    soma: str
    torch: object
    atol: float = 1e-6
    rtol: float = 1e-5
    steps: int = 3
    shapes: list = field(default_factory=lambda: [(3, 4), (4,)])
    # The tolerance when the parameters are float64.
    atol64: float = 1e-12
    rtol64: float = 1e-11


@dataclass
class Schedule:
    """A learning-rate schedule over SGD(lr: 0.1): the rate after each of `steps` steps is compared."""
    name: str
    soma: str
    torch: object
    steps: int = 12
    # With two groups the optimizer is SGD with a second group at lr 0.05, and both groups' rates are compared.
    groups: int = 1
    # Rates are Doubles on both sides, computed by the same formulas.
    atol: float = 1e-15
    rtol: float = 1e-13


def unary(name, method, torch_fn, draw=None, **tol):
    return Op(name, {"x": draw or normal(3, 4)}, f"x.{method}()", lambda x: torch_fn(x), **tol)


OPS = [
    # Elementwise
    unary("exp", "exp", torch.exp),
    unary("log", "log", torch.log, positive(3, 4)),
    unary("sqrt", "sqrt", torch.sqrt, positive(3, 4)),
    unary("abs", "abs", torch.abs),
    unary("sin", "sin", torch.sin),
    unary("cos", "cos", torch.cos),
    unary("tanh", "tanh", torch.tanh),
    unary("sigmoid", "sigmoid", torch.sigmoid),
    unary("relu", "relu", torch.relu),
    unary("neg", "neg", torch.neg),
    Op("pow_scalar", {"x": positive(3, 4)}, "x.pow(2.5)", lambda x: x.pow(2.5)),
    Op("pow_tensor", {"x": positive(3, 4), "y": normal(3, 4)}, "x.pow(y)", lambda x, y: x.pow(y)),
    Op("add_broadcast", {"x": normal(3, 4), "y": normal(4)}, "x + y", lambda x, y: x + y),
    Op("sub_broadcast", {"x": normal(2, 1, 4), "y": normal(3, 1)}, "x - y", lambda x, y: x - y),
    Op("mul_broadcast", {"x": normal(3, 4), "y": normal(3, 1)}, "x * y", lambda x, y: x * y),
    Op("div", {"x": normal(3, 4), "y": positive(3, 4)}, "x / y", lambda x, y: x / y),
    Op("scalar_arithmetic", {"x": normal(3, 4)}, "(x * 3 - 1) / 2 + x * x", lambda x: (x * 3 - 1) / 2 + x * x),
    # Matrix products
    Op("matmul", {"a": normal(3, 5), "b": normal(5, 4)}, "a @ b", lambda a, b: a @ b),
    Op("matmul_batched", {"a": normal(2, 3, 5), "b": normal(5, 4)}, "a @ b", lambda a, b: a @ b),
    Op("matmul_vector", {"a": normal(3, 5), "b": normal(5)}, "a @ b", lambda a, b: a @ b),
    Op("matmul_transposed", {"a": normal(5, 3), "b": normal(4, 5)}, "a.T @ b.T", lambda a, b: a.T @ b.T),
    # Reductions
    Op("sum_all", {"x": normal(3, 4)}, "x.sum()", lambda x: x.sum()),
    Op("sum_axis", {"x": normal(3, 4, 2)}, "x.sum(axis: 1)", lambda x: x.sum(1)),
    Op("sum_keepdims", {"x": normal(3, 4)}, "x.sum(axis: -1, keepDims: true)", lambda x: x.sum(-1, keepdim=True)),
    Op("mean_axis", {"x": normal(3, 4)}, "x.mean(axis: 0)", lambda x: x.mean(0)),
    Op("var_axis", {"x": normal(5, 4)}, "x.var(axis: 0)", lambda x: x.var(0)),
    Op("std_axis", {"x": normal(5, 4)}, "x.std(axis: 1)", lambda x: x.std(1)),
    Op("std_all", {"x": normal(5, 4)}, "x.std()", lambda x: x.std()),
    Op("max_axis", {"x": normal(3, 6)}, "x.max(axis: 1)", lambda x: x.max(1).values),
    Op("min_axis", {"x": normal(3, 6)}, "x.min(axis: 0)", lambda x: x.min(0).values),
    Op("logsumexp", {"x": normal(3, 6)}, "x.logsumexp(axis: -1)", lambda x: x.logsumexp(-1)),
    Op("logsumexp_axes", {"x": normal(2, 3, 4)}, "logsumexp(x, axis: [0, 2], keepDims: true)", lambda x: x.logsumexp((0, 2), keepdim=True)),
    Op("softmax", {"x": normal(3, 6)}, "softmax(x)", lambda x: F.softmax(x, -1)),
    Op("softmax_axis0", {"x": normal(3, 6)}, "x.softmax(axis: 0)", lambda x: F.softmax(x, 0)),
    Op("log_softmax", {"x": normal(3, 6)}, "logSoftmax(x)", lambda x: F.log_softmax(x, -1)),
    Op("maximum", {"x": normal(3, 4), "y": normal(3, 4)}, "maximum(x, y)", lambda x, y: torch.maximum(x, y)),
    Op("minimum", {"x": normal(3, 4), "y": normal(4)}, "minimum(x, y)", lambda x, y: torch.minimum(x, y)),
    Op("clamp", {"x": normal(3, 4)}, "x.clamp(min: -0.5, max: 0.7)", lambda x: x.clamp(-0.5, 0.7)),
    # Shapes and indexing
    Op("transpose", {"x": normal(2, 3, 4)}, "x.transpose(0, 2)", lambda x: x.transpose(0, 2)),
    Op("permute", {"x": normal(2, 3, 4)}, "x.permute(2, 0, 1)", lambda x: x.permute(2, 0, 1)),
    Op("reshape", {"x": normal(2, 3, 4)}, "x.reshape(4, -1)", lambda x: x.reshape(4, -1)),
    Op("expand", {"x": normal(3, 1)}, "x.expand(3, 4)", lambda x: x.expand(3, 4)),
    Op("flatten", {"x": normal(2, 3, 4)}, "x.flatten(from: 1)", lambda x: x.flatten(1)),
    Op("squeeze_unsqueeze", {"x": normal(3, 1, 4)}, "x.squeeze(axis: 1).unsqueeze(0)", lambda x: x.squeeze(1).unsqueeze(0)),
    Op("gather", {"x": normal(3, 5), "i": labels(3, 2, classes=5)}, "x.gather(1, i)", lambda x, i: x.gather(1, i.long())),
    Op("index_select", {"x": normal(5, 3), "i": labels(4, classes=5)}, "x.indexSelect(0, i)", lambda x, i: x.index_select(0, i.long())),
    Op("concat", {"x": normal(2, 3), "y": normal(4, 3)}, "concat([x, y])", lambda x, y: torch.cat([x, y])),
    Op("stack", {"x": normal(2, 3), "y": normal(2, 3)}, "stack([x, y], axis: 1)", lambda x, y: torch.stack([x, y], 1)),
    Op("split", {"x": normal(5, 3)}, "x.split([2, 3])[1]", lambda x: x.split([2, 3])[1]),
    Op("chunk", {"x": normal(3, 6)}, "x.chunk(3, axis: 1)[2]", lambda x: x.chunk(3, 1)[2]),
    Op("where", {"c": mask(3, 4), "x": normal(3, 4), "y": normal(3, 4)}, "where(c, x, y)",
       lambda c, x, y: torch.where(c != 0, x, y)),
    Op("masked_fill", {"x": normal(3, 4), "m": mask(3, 4)}, "x.maskedFill(m, -2)", lambda x, m: x.masked_fill(m != 0, -2)),
    # Activations
    Op("leaky_relu", {"x": normal(3, 4)}, "leakyRelu(x, negativeSlope: 0.2)", lambda x: F.leaky_relu(x, 0.2)),
    Op("elu", {"x": normal(3, 4)}, "elu(x, alpha: 1.5)", lambda x: F.elu(x, 1.5)),
    Op("gelu", {"x": normal(3, 4)}, "gelu(x)", lambda x: F.gelu(x)),
    Op("gelu_tanh", {"x": normal(3, 4)}, "gelu(x, approximate: \"tanh\")", lambda x: F.gelu(x, approximate="tanh")),
    Op("silu", {"x": normal(3, 4)}, "silu(x)", lambda x: F.silu(x)),
    Op("softplus", {"x": normal(3, 4)}, "softplus(x, beta: 2)", lambda x: F.softplus(x, beta=2)),
    Op("hard_swish", {"x": Draw((3, 4), "uniform", -4, 4)}, "hardSwish(x)", lambda x: F.hardswish(x)),
    Op("relu6", {"x": Draw((3, 4), "uniform", -2, 8)}, "relu6(x)", lambda x: F.relu6(x)),
    # Normalization
    Op("layer_norm", {"x": normal(3, 4, 5), "w": normal(5), "b": normal(5)}, "layerNorm(x, [5], weight: w, bias: b)",
       lambda x, w, b: F.layer_norm(x, [5], w, b), atol=1e-4),
    # Convolution and pooling
    Op("conv1d", {"x": normal(2, 3, 9), "w": normal(4, 3, 3), "b": normal(4)}, "conv1d(x, w, bias: b, stride: 2, padding: 1)",
       lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1), atol=1e-4),
    Op("conv2d", {"x": normal(2, 3, 6, 7), "w": normal(4, 3, 3, 3), "b": normal(4)}, "conv2d(x, w, bias: b, padding: 1)",
       lambda x, w, b: F.conv2d(x, w, b, padding=1), atol=1e-4),
    Op("conv2d_strided_dilated", {"x": normal(1, 2, 9, 9), "w": normal(3, 2, 3, 3)}, "conv2d(x, w, stride: 2, dilation: 2)",
       lambda x, w: F.conv2d(x, w, stride=2, dilation=2), atol=1e-4),
    Op("conv2d_groups", {"x": normal(2, 4, 5, 5), "w": normal(6, 2, 3, 3)}, "conv2d(x, w, groups: 2, padding: 1)",
       lambda x, w: F.conv2d(x, w, groups=2, padding=1), atol=1e-4),
    Op("max_pool2d", {"x": normal(2, 3, 6, 6)}, "maxPool2d(x, 2)", lambda x: F.max_pool2d(x, 2)),
    Op("max_pool2d_padded", {"x": normal(1, 2, 7, 7)}, "maxPool2d(x, 3, stride: 2, padding: 1)",
       lambda x: F.max_pool2d(x, 3, 2, 1)),
    Op("avg_pool2d", {"x": normal(2, 3, 6, 6)}, "avgPool2d(x, 2)", lambda x: F.avg_pool2d(x, 2)),
    Op("avg_pool2d_padded", {"x": normal(1, 2, 7, 7)}, "avgPool2d(x, 3, stride: 2, padding: 1, countIncludePad: false)",
       lambda x: F.avg_pool2d(x, 3, 2, 1, count_include_pad=False)),
    Op("max_pool1d", {"x": normal(2, 3, 8)}, "maxPool1d(x, 2)", lambda x: F.max_pool1d(x, 2)),
    Op("avg_pool1d", {"x": normal(2, 3, 8)}, "avgPool1d(x, 2)", lambda x: F.avg_pool1d(x, 2)),
    # Attention
    Op("attention", {"q": normal(2, 2, 5, 4), "k": normal(2, 2, 6, 4), "v": normal(2, 2, 6, 4)},
       "scaledDotProductAttention(q, k, v)", lambda q, k, v: F.scaled_dot_product_attention(q, k, v), atol=1e-4),
    Op("attention_causal", {"q": normal(2, 2, 5, 4), "k": normal(2, 2, 5, 4), "v": normal(2, 2, 5, 4)},
       "scaledDotProductAttention(q, k, v, causal: true)",
       lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), atol=1e-4),
    # Ties, bounds and reductions over several axes, as PyTorch splits and passes their gradients
    Op("max_all_ties", {"x": steps(4, 5)}, "x.max()", lambda x: x.max()),
    Op("min_all_ties", {"x": steps(4, 5)}, "x.min()", lambda x: x.min()),
    Op("maximum_ties", {"x": steps(3, 4), "y": steps(3, 4)}, "maximum(x, y)", lambda x, y: torch.maximum(x, y)),
    Op("amax_axes", {"x": steps(2, 3, 4)}, "x.amax(axis: [0, 2])", lambda x: x.amax((0, 2))),
    Op("clamp_at_bounds", {"x": steps(3, 4)}, "x.clamp(min: -1, max: 1)", lambda x: x.clamp(-1, 1)),
    Op("clamp_tensor_bounds", {"x": normal(3, 4), "lo": normal(4), "hi": positive(3, 1)}, "x.clamp(min: lo, max: hi)",
       lambda x, lo, hi: torch.clamp(x, lo, hi)),
    Op("sum_axes", {"x": normal(2, 3, 4)}, "x.sum(axis: [0, 2])", lambda x: x.sum((0, 2))),
    Op("mean_axes_keepdims", {"x": normal(2, 3, 4)}, "x.mean(axis: [1, 2], keepDims: true)", lambda x: x.mean((1, 2), keepdim=True)),
    Op("var_biased_axes", {"x": normal(3, 4, 2)}, "x.var(axis: [0, 2], correction: 0)", lambda x: x.var((0, 2), correction=0)),
    Op("std_constant_feature", {"x": Draw((4, 3), "uniform", 1, 1)}, "x.std(axis: 0)", lambda x: x.std(0)),
    Op("log_softmax_large", {"x": Draw((3, 5), "uniform", 795, 805)}, "logSoftmax(x)", lambda x: F.log_softmax(x, -1)),
    Op("cross_entropy_large", {"x": Draw((4, 5), "uniform", 795, 805), "y": labels(4, classes=5)}, "crossEntropy(x, y)",
       lambda x, y: F.cross_entropy(x, y.long())),
    Op("sum_long", {"x": Draw((1_000_000,), "uniform", 0, 1)}, "x.sum()", lambda x: x.sum(), atol=0, rtol=1e-6, grad=False),
    # Sorting, scans, special functions, rearranging, products, norms
    Op("sort", {"x": normal(3, 5)}, "x.sort(axis: 1)[0]", lambda x: x.sort(1).values),
    Op("sort_descending", {"x": normal(4, 3)}, "x.sort(axis: 0, descending: true)[0]", lambda x: x.sort(0, descending=True).values),
    Op("topk", {"x": normal(3, 6)}, "x.topk(2)[0]", lambda x: x.topk(2).values),
    Op("cumsum", {"x": normal(3, 4)}, "x.cumsum(axis: 1)", lambda x: x.cumsum(1)),
    Op("cumprod", {"x": normal(3, 4)}, "x.cumprod(axis: 1)", lambda x: x.cumprod(1)),
    Op("erf", {"x": normal(3, 4)}, "x.erf()", lambda x: torch.erf(x)),
    Op("erfc", {"x": normal(3, 4)}, "x.erfc()", lambda x: torch.erfc(x)),
    Op("lgamma", {"x": positive(3, 4)}, "x.lgamma()", lambda x: torch.lgamma(x)),
    Op("digamma", {"x": positive(3, 4)}, "x.digamma()", lambda x: torch.digamma(x), atol=1e-4),
    Op("flip", {"x": normal(2, 3, 4)}, "x.flip([0, 2])", lambda x: x.flip((0, 2))),
    Op("roll", {"x": normal(3, 4)}, "x.roll(1, axes: 1)", lambda x: x.roll(1, 1)),
    Op("tril", {"x": normal(4, 4)}, "x.tril()", lambda x: x.tril()),
    Op("triu_offset", {"x": normal(3, 5)}, "x.triu(diagonal: 1)", lambda x: x.triu(1)),
    Op("diag_of_matrix", {"x": normal(4, 4)}, "x.diag()", lambda x: x.diag()),
    Op("repeat_interleave", {"x": normal(2, 3)}, "x.repeatInterleave(2, axis: 1)", lambda x: x.repeat_interleave(2, 1)),
    Op("outer", {"x": normal(3), "y": normal(4)}, "outer(x, y)", lambda x, y: torch.outer(x, y)),
    Op("kron", {"x": normal(2, 2), "y": normal(2, 3)}, "kron(x, y)", lambda x, y: torch.kron(x, y)),
    Op("norm", {"x": normal(3, 4)}, "x.norm()", lambda x: x.norm()),
    Op("norm_p1_axis", {"x": normal(3, 4)}, "x.norm(p: 1, axis: 1)", lambda x: torch.linalg.vector_norm(x, 1, dim=1)),
    Op("norm_inf", {"x": normal(3, 4)}, "x.norm(p: inf)", lambda x: torch.linalg.vector_norm(x, float("inf"))),
    Op("norm_p3_axes", {"x": normal(2, 3, 4)}, "x.norm(p: 3, axis: [0, 2])", lambda x: torch.linalg.vector_norm(x, 3, dim=(0, 2))),
    Op("cdist", {"x": normal(3, 4), "y": normal(2, 4)}, "cdist(x, y)", lambda x, y: torch.cdist(x, y), atol=1e-4),
    Op("einsum_matmul", {"a": normal(3, 4), "b": normal(4, 2)}, "einsum(\"ij,jk->ik\", a, b)",
       lambda a, b: torch.einsum("ij,jk->ik", a, b)),
    Op("einsum_batched_trace", {"a": normal(2, 3, 3)}, "einsum(\"bii->b\", a)", lambda a: torch.einsum("bii->b", a)),
    Op("einsum_three", {"a": normal(2, 3), "b": normal(3, 4), "c": normal(4)}, "einsum(\"ij,jk,k->i\", a, b, c)",
       lambda a, b, c: torch.einsum("ij,jk,k->i", a, b, c), atol=1e-4),
    # Linear algebra (inputs shifted or symmetrised into the domain each function needs)
    Op("linalg_solve", {"a": normal(3, 3), "b": normal(3, 2)}, "linalg.solve(a + eye(3) * 3, b)",
       lambda a, b: torch.linalg.solve(a + 3 * torch.eye(3, dtype=a.dtype), b), atol=1e-4),
    Op("linalg_inv", {"a": normal(2, 3, 3)}, "linalg.inv(a + eye(3) * 3)",
       lambda a: torch.linalg.inv(a + 3 * torch.eye(3, dtype=a.dtype)), atol=1e-4),
    Op("linalg_det", {"a": normal(3, 3)}, "linalg.det(a + eye(3) * 2)",
       lambda a: torch.linalg.det(a + 2 * torch.eye(3, dtype=a.dtype)), atol=1e-4),
    Op("linalg_slogdet", {"a": normal(3, 3)}, "linalg.slogdet(a + eye(3) * 2).logabsdet",
       lambda a: torch.linalg.slogdet(a + 2 * torch.eye(3, dtype=a.dtype)).logabsdet, atol=1e-4),
    Op("linalg_cholesky", {"a": normal(3, 3)}, "linalg.cholesky(a @ a.T + eye(3))",
       lambda a: torch.linalg.cholesky(a @ a.T + torch.eye(3, dtype=a.dtype)), atol=1e-4),
    Op("linalg_qr", {"a": normal(4, 3)}, "linalg.qr(a).R", lambda a: torch.linalg.qr(a).R, atol=1e-4),
    Op("linalg_svdvals", {"a": normal(4, 3)}, "linalg.svdvals(a)", lambda a: torch.linalg.svdvals(a), atol=1e-4),
    Op("linalg_eigh", {"a": normal(3, 3)}, "linalg.eigh(a + a.T).eigenvalues",
       lambda a: torch.linalg.eigh(a + a.T).eigenvalues, atol=1e-4),
    Op("linalg_pinv", {"a": normal(4, 3)}, "linalg.pinv(a)", lambda a: torch.linalg.pinv(a), atol=1e-4),
    Op("linalg_lstsq", {"a": normal(5, 3), "b": normal(5, 2)}, "linalg.lstsq(a, b)",
       lambda a, b: torch.linalg.lstsq(a, b).solution, atol=1e-4),
    # Losses
    Op("mse", {"x": normal(4, 3), "y": normal(4, 3)}, "mse(x, y)", lambda x, y: F.mse_loss(x, y)),
    Op("mse_sum", {"x": normal(4, 3), "y": normal(4, 3)}, "mse(x, y, reduction: \"sum\")",
       lambda x, y: F.mse_loss(x, y, reduction="sum")),
    Op("l1", {"x": normal(4, 3), "y": normal(4, 3)}, "l1(x, y)", lambda x, y: F.l1_loss(x, y)),
    Op("cross_entropy", {"x": normal(5, 4), "y": labels(5, classes=4)}, "crossEntropy(x, y)",
       lambda x, y: F.cross_entropy(x, y.long())),
    Op("cross_entropy_smoothing", {"x": normal(5, 4), "y": labels(5, classes=4)}, "crossEntropy(x, y, labelSmoothing: 0.1)",
       lambda x, y: F.cross_entropy(x, y.long(), label_smoothing=0.1)),
    Op("nll", {"x": normal(5, 4), "y": labels(5, classes=4)}, "nll(logSoftmax(x), y)",
       lambda x, y: F.nll_loss(F.log_softmax(x, -1), y.long())),
    Op("binary_cross_entropy", {"p": probability(6), "t": probability(6)}, "binaryCrossEntropy(p, t)",
       lambda p, t: F.binary_cross_entropy(p, t)),
    Op("bce_with_logits", {"x": normal(6), "t": probability(6)}, "binaryCrossEntropyWithLogits(x, t)",
       lambda x, t: F.binary_cross_entropy_with_logits(x, t)),
    Op("kl_div", {"x": normal(3, 4), "t": probability(3, 4)}, "klDiv(logSoftmax(x), t)",
       lambda x, t: F.kl_div(F.log_softmax(x, -1), t, reduction="batchmean")),
]


LAYERS = [
    Layer("linear", "Linear(4, 3)", lambda: torch.nn.Linear(4, 3), normal(5, 4)),
    Layer("linear_no_bias", "Linear(4, 3, bias: false)", lambda: torch.nn.Linear(4, 3, bias=False), normal(2, 5, 4)),
    Layer("conv2d", "Conv2d(3, 4, 3, padding: 1)", lambda: torch.nn.Conv2d(3, 4, 3, padding=1), normal(2, 3, 5, 5), atol=1e-4),
    Layer("conv1d", "Conv1d(3, 4, 3, stride: 2)", lambda: torch.nn.Conv1d(3, 4, 3, stride=2), normal(2, 3, 9), atol=1e-4),
    Layer("batch_norm1d", "BatchNorm1d(4)", lambda: torch.nn.BatchNorm1d(4), normal(6, 4), atol=1e-4),
    Layer("batch_norm2d", "BatchNorm2d(3)", lambda: torch.nn.BatchNorm2d(3), normal(2, 3, 4, 4), atol=1e-4),
    Layer("layer_norm", "LayerNorm(5)", lambda: torch.nn.LayerNorm(5), normal(3, 5), atol=1e-4),
    Layer("embedding", "Embedding(7, 3)", lambda: torch.nn.Embedding(7, 3), labels(2, 4, classes=7)),
    Layer("rnn", "RNN(3, 4)", lambda: torch.nn.RNN(3, 4, batch_first=True), normal(2, 5, 3), atol=1e-4, output=lambda o: o[0]),
    Layer("lstm", "LSTM(3, 4, numLayers: 2)", lambda: torch.nn.LSTM(3, 4, num_layers=2, batch_first=True), normal(2, 5, 3),
          atol=1e-4, output=lambda o: o[0]),
    Layer("gru", "GRU(3, 4)", lambda: torch.nn.GRU(3, 4, batch_first=True), normal(2, 5, 3), atol=1e-4, output=lambda o: o[0]),
    Layer("mlp", "Sequential(Linear(4, 8), Tanh(), Linear(8, 2))",
          lambda: torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 2)), normal(5, 4)),
]


OPTIMIZERS = [
    Optimizer("sgd", "SGD(params, lr: 0.1)", lambda p: torch.optim.SGD(p, lr=0.1)),
    Optimizer("sgd_momentum", "SGD(params, lr: 0.1, momentum: 0.9, weightDecay: 0.01)",
              lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01)),
    Optimizer("sgd_nesterov", "SGD(params, lr: 0.1, momentum: 0.9, nesterov: true)",
              lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
    Optimizer("adam", "Adam(params, lr: 0.01)", lambda p: torch.optim.Adam(p, lr=0.01)),
    Optimizer("adam_weight_decay", "Adam(params, lr: 0.01, weightDecay: 0.1)", lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=0.1)),
    Optimizer("adamw", "AdamW(params, lr: 0.01)", lambda p: torch.optim.AdamW(p, lr=0.01)),
    # PyTorch keeps NAdam's momentum product as a float32 scalar, also for float64 parameters.
    Optimizer("nadam", "NAdam(params, lr: 0.01)", lambda p: torch.optim.NAdam(p, lr=0.01), atol64=1e-9, rtol64=1e-8),
    Optimizer("rmsprop", "RMSProp(params, lr: 0.01)", lambda p: torch.optim.RMSprop(p, lr=0.01)),
    Optimizer("rmsprop_centered", "RMSProp(params, lr: 0.01, momentum: 0.5, centered: true)",
              lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True)),
    Optimizer("adagrad", "Adagrad(params, lr: 0.1)", lambda p: torch.optim.Adagrad(p, lr=0.1)),
    Optimizer("adamax", "Adamax(params, lr: 0.01)", lambda p: torch.optim.Adamax(p, lr=0.01)),
    Optimizer("adamax_weight_decay", "Adamax(params, lr: 0.01, weightDecay: 0.1)", lambda p: torch.optim.Adamax(p, lr=0.01, weight_decay=0.1)),
    Optimizer("adam_amsgrad", "Adam(params, lr: 0.05, amsgrad: true)", lambda p: torch.optim.Adam(p, lr=0.05, amsgrad=True), steps=5),
    Optimizer("adamw_amsgrad", "AdamW(params, lr: 0.05, amsgrad: true)", lambda p: torch.optim.AdamW(p, lr=0.05, amsgrad=True), steps=5),
    Optimizer("sgd_maximize", "SGD(params, lr: 0.1, momentum: 0.9, maximize: true)",
              lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, maximize=True)),
    Optimizer("adam_maximize", "Adam(params, lr: 0.01, maximize: true)", lambda p: torch.optim.Adam(p, lr=0.01, maximize=True)),
    Optimizer("nadam_maximize", "NAdam(params, lr: 0.01, maximize: true)", lambda p: torch.optim.NAdam(p, lr=0.01, maximize=True),
              atol64=1e-9, rtol64=1e-8),
    Optimizer("rmsprop_maximize", "RMSProp(params, lr: 0.01, maximize: true)", lambda p: torch.optim.RMSprop(p, lr=0.01, maximize=True)),
    Optimizer("adagrad_maximize", "Adagrad(params, lr: 0.1, maximize: true)", lambda p: torch.optim.Adagrad(p, lr=0.1, maximize=True)),
    Optimizer("adamax_maximize", "Adamax(params, lr: 0.01, maximize: true)", lambda p: torch.optim.Adamax(p, lr=0.01, maximize=True)),
    Optimizer("adadelta", "Adadelta(params)", lambda p: torch.optim.Adadelta(p)),
    Optimizer("adadelta_options", "Adadelta(params, lr: 0.5, rho: 0.8, epsilon: 1e-5, weightDecay: 0.1, maximize: true)",
              lambda p: torch.optim.Adadelta(p, lr=0.5, rho=0.8, eps=1e-5, weight_decay=0.1, maximize=True)),
    # Eight steps: RAdam takes plain momentum steps until the rectification term exists (step 6 here).
    Optimizer("radam", "RAdam(params, lr: 0.01, beta2: 0.9)", lambda p: torch.optim.RAdam(p, lr=0.01, betas=(0.9, 0.9)), steps=8),
    Optimizer("radam_decoupled", "RAdam(params, lr: 0.01, beta2: 0.9, weightDecay: 0.1, decoupledWeightDecay: true)",
              lambda p: torch.optim.RAdam(p, lr=0.01, betas=(0.9, 0.9), weight_decay=0.1, decoupled_weight_decay=True), steps=8),
    Optimizer("radam_weight_decay", "RAdam(params, weightDecay: 0.1)", lambda p: torch.optim.RAdam(p, weight_decay=0.1)),
]


SCHEDULES = [
    Schedule("step", "StepLR(opt, 3, gamma: 0.5)", lambda o: torch.optim.lr_scheduler.StepLR(o, 3, gamma=0.5)),
    Schedule("multi_step", "MultiStepLR(opt, [2, 5, 9], gamma: 0.3)", lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [2, 5, 9], gamma=0.3)),
    Schedule("exponential", "ExponentialLR(opt, 0.9)", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9)),
    Schedule("linear", "LinearLR(opt, startFactor: 0.25, totalIters: 6)",
             lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, total_iters=6)),
    Schedule("linear_defaults", "LinearLR(opt)", lambda o: torch.optim.lr_scheduler.LinearLR(o)),
    Schedule("polynomial", "PolynomialLR(opt, totalIters: 8, power: 2)", lambda o: torch.optim.lr_scheduler.PolynomialLR(o, 8, 2.0)),
    Schedule("lambda", "LambdaLR(opt, fn(t) { 1 / (1 + t) })", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda t: 1 / (1 + t))),
]


# Cases kept with the subject they check, in cases_<subject>.py beside this file: each may define OPS,
# LAYERS, OPTIMIZERS and SCHEDULES lists, which join these.
def _gather():
    import importlib
    import pathlib
    for path in sorted(pathlib.Path(__file__).parent.glob("cases_*.py")):
        module = importlib.import_module(path.stem)
        for name in ("OPS", "LAYERS", "OPTIMIZERS", "SCHEDULES"):
            globals()[name].extend(getattr(module, name, []))


_gather()
