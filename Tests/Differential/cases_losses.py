"""Losses beyond the basic ones, each against PyTorch with the gradient of every differentiable input."""
import numpy as np
import torch
import torch.nn.functional as F

from cases import Draw, Op, labels, normal, positive


def signs(*shape):
    """±1 targets, drawn from a mask; no gradient."""
    return Draw(shape, "mask")


OPS = [
    Op("smooth_l1", {"x": Draw((4, 5), "uniform", -3, 3), "y": normal(4, 5)}, "smoothL1(x, y)", lambda x, y: F.smooth_l1_loss(x, y)),
    Op("smooth_l1_beta", {"x": Draw((4, 5), "uniform", -3, 3), "y": normal(4, 5)}, "smoothL1(x, y, beta: 0.5, reduction: \"sum\")",
       lambda x, y: F.smooth_l1_loss(x, y, beta=0.5, reduction="sum")),
    Op("huber", {"x": Draw((4, 5), "uniform", -3, 3), "y": normal(4, 5)}, "huber(x, y, delta: 2)", lambda x, y: F.huber_loss(x, y, delta=2.0)),
    Op("margin_ranking", {"a": normal(6), "b": normal(6), "m": signs(6)}, "marginRanking(a, b, m * 2 - 1, margin: 0.3)",
       lambda a, b, m: F.margin_ranking_loss(a, b, m * 2 - 1, margin=0.3)),
    Op("hinge_embedding", {"x": Draw((6,), "uniform", 0, 2), "m": signs(6)}, "hingeEmbedding(x, m * 2 - 1, margin: 1.5)",
       lambda x, m: F.hinge_embedding_loss(x, m * 2 - 1, margin=1.5)),
    Op("triplet_margin", {"a": normal(4, 3), "p": normal(4, 3), "n": normal(4, 3)}, "tripletMargin(a, p, n)",
       lambda a, p, n: F.triplet_margin_loss(a, p, n)),
    Op("triplet_margin_swap", {"a": normal(4, 3), "p": normal(4, 3), "n": normal(4, 3)}, "tripletMargin(a, p, n, margin: 2, p: 1, swap: true)",
       lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=2.0, p=1, swap=True)),
    Op("poisson_nll", {"x": normal(3, 4), "t": positive(3, 4)}, "poissonNll(x, t)", lambda x, t: F.poisson_nll_loss(x, t)),
    Op("poisson_nll_rates_full", {"x": positive(3, 4), "t": Draw((3, 4), "uniform", 0, 5)}, "poissonNll(x, t, logInput: false, full: true)",
       lambda x, t: F.poisson_nll_loss(x, t, log_input=False, full=True)),
    Op("gaussian_nll", {"x": normal(4, 3), "t": normal(4, 3), "v": positive(4, 3)}, "gaussianNll(x, t, v)",
       lambda x, t, v: F.gaussian_nll_loss(x, t, v)),
    Op("gaussian_nll_full", {"x": normal(4, 3), "t": normal(4, 3), "v": positive(4, 1)}, "gaussianNll(x, t, v, full: true, reduction: \"sum\")",
       lambda x, t, v: F.gaussian_nll_loss(x, t, v, full=True, reduction="sum")),
    Op("cosine_embedding", {"a": normal(5, 3), "b": normal(5, 3), "m": signs(5)}, "cosineEmbedding(a, b, m * 2 - 1, margin: 0.2)",
       lambda a, b, m: F.cosine_embedding_loss(a, b, m * 2 - 1, margin=0.2)),
    # PyTorch does not differentiate pos_weight: whole-number weights 1…3, drawn without a gradient.
    Op("bce_with_logits_pos_weight", {"x": normal(4, 3), "t": Draw((4, 3), "probability"), "w": labels(3, classes=3)},
       "binaryCrossEntropyWithLogits(x, t, posWeight: w + 1)",
       lambda x, t, w: F.binary_cross_entropy_with_logits(x, t, pos_weight=w + 1)),
]
