"""Class losses with every option against PyTorch: crossEntropy (class indices and probabilities) and
nll with weight, ignoreIndex, labelSmoothing and each reduction, on [N, C], [N, C, d1, d2] and unbatched
inputs; the binary cross-entropies with weight and posWeight."""
import torch.nn.functional as F

from cases import Draw, Op, labels, mask, normal, probability


def weights(classes):
    """Class weights 0.5, 1, 1.5, ... drawn without a gradient (PyTorch does not differentiate them)."""
    return labels(classes, classes=4)


def ignoring(y, m):
    """The labels with the masked ones replaced by PyTorch's ignore_index, -100."""
    return y - m * (y + 100)


SOMA_IGNORING = "y - m * (y + 100)"


def ce(**options):
    return lambda x, y: F.cross_entropy(x, y.long(), **options)


OPS = [
    # Class indices, each option alone.
    Op("ce_weight", {"x": normal(6, 4), "y": labels(6, classes=4), "w": weights(4)},
       "crossEntropy(x, y, weight: w * 0.5 + 0.5)", lambda x, y, w: F.cross_entropy(x, y.long(), weight=w * 0.5 + 0.5)),
    Op("ce_ignore_default", {"x": normal(7, 5), "y": labels(7, classes=5), "m": mask(7)},
       f"crossEntropy(x, {SOMA_IGNORING})", lambda x, y, m: F.cross_entropy(x, ignoring(y, m).long())),
    Op("ce_ignore_class", {"x": normal(7, 3), "y": labels(7, classes=3)},
       "crossEntropy(x, y, ignoreIndex: 1)", lambda x, y: F.cross_entropy(x, y.long(), ignore_index=1)),
    Op("ce_sum", {"x": normal(5, 4), "y": labels(5, classes=4)}, "crossEntropy(x, y, reduction: \"sum\")", ce(reduction="sum")),
    Op("ce_none", {"x": normal(5, 4), "y": labels(5, classes=4)}, "crossEntropy(x, y, reduction: \"none\")", ce(reduction="none")),
    # Combined.
    Op("ce_weight_ignore", {"x": normal(8, 4), "y": labels(8, classes=4), "m": mask(8), "w": weights(4)},
       f"crossEntropy(x, {SOMA_IGNORING}, weight: w + 1)",
       lambda x, y, m, w: F.cross_entropy(x, ignoring(y, m).long(), weight=w + 1)),
    Op("ce_weight_smoothing", {"x": normal(6, 5), "y": labels(6, classes=5), "w": weights(5)},
       "crossEntropy(x, y, weight: w + 0.5, labelSmoothing: 0.2)",
       lambda x, y, w: F.cross_entropy(x, y.long(), weight=w + 0.5, label_smoothing=0.2)),
    Op("ce_all_options", {"x": normal(8, 4), "y": labels(8, classes=4), "m": mask(8), "w": weights(4)},
       f"crossEntropy(x, {SOMA_IGNORING}, weight: w + 1, labelSmoothing: 0.15)",
       lambda x, y, m, w: F.cross_entropy(x, ignoring(y, m).long(), weight=w + 1, label_smoothing=0.15)),
    Op("ce_all_options_sum", {"x": normal(8, 4), "y": labels(8, classes=4), "m": mask(8), "w": weights(4)},
       f"crossEntropy(x, {SOMA_IGNORING}, weight: w + 1, reduction: \"sum\", labelSmoothing: 0.3)",
       lambda x, y, m, w: F.cross_entropy(x, ignoring(y, m).long(), weight=w + 1, reduction="sum", label_smoothing=0.3)),
    Op("ce_all_options_none", {"x": normal(8, 4), "y": labels(8, classes=4), "m": mask(8), "w": weights(4)},
       f"crossEntropy(x, {SOMA_IGNORING}, weight: w + 1, reduction: \"none\", labelSmoothing: 0.3)",
       lambda x, y, m, w: F.cross_entropy(x, ignoring(y, m).long(), weight=w + 1, reduction="none", label_smoothing=0.3)),
    Op("ce_smoothing_ignore", {"x": normal(7, 3), "y": labels(7, classes=3)},
       "crossEntropy(x, y, ignoreIndex: 2, labelSmoothing: 0.25)",
       lambda x, y: F.cross_entropy(x, y.long(), ignore_index=2, label_smoothing=0.25)),
    # [N, C, d1, d2] and unbatched [C].
    Op("ce_spatial", {"x": normal(2, 4, 3, 2), "y": labels(2, 3, 2, classes=4)}, "crossEntropy(x, y)", ce()),
    Op("ce_spatial_all_options", {"x": normal(2, 4, 3, 2), "y": labels(2, 3, 2, classes=4), "m": mask(2, 3, 2), "w": weights(4)},
       f"crossEntropy(x, {SOMA_IGNORING}, weight: w + 1, labelSmoothing: 0.1)",
       lambda x, y, m, w: F.cross_entropy(x, ignoring(y, m).long(), weight=w + 1, label_smoothing=0.1)),
    Op("ce_spatial_none", {"x": normal(2, 3, 4), "y": labels(2, 4, classes=3), "w": weights(3)},
       "crossEntropy(x, y, weight: w + 1, reduction: \"none\", labelSmoothing: 0.2)",
       lambda x, y, w: F.cross_entropy(x, y.long(), weight=w + 1, reduction="none", label_smoothing=0.2)),
    Op("ce_unbatched", {"x": normal(5), "y": labels(classes=5), "w": weights(5)},
       "crossEntropy(x, y, weight: w + 1, labelSmoothing: 0.1)",
       lambda x, y, w: F.cross_entropy(x, y.long(), weight=w + 1, label_smoothing=0.1)),
    Op("ce_unbatched_none", {"x": normal(4), "y": labels(classes=4)}, "crossEntropy(x, y, reduction: \"none\")", ce(reduction="none")),
    # Class probabilities (the target takes a gradient too).
    Op("ce_probabilities", {"x": normal(4, 5), "t": probability(4, 5)}, "crossEntropy(x, t)", lambda x, t: F.cross_entropy(x, t)),
    Op("ce_probabilities_options", {"x": normal(4, 5), "t": probability(4, 5), "w": weights(5)},
       "crossEntropy(x, t, weight: w + 1, labelSmoothing: 0.2)",
       lambda x, t, w: F.cross_entropy(x, t, weight=w + 1, label_smoothing=0.2)),
    Op("ce_probabilities_spatial_none", {"x": normal(2, 3, 2, 2), "t": probability(2, 3, 2, 2), "w": weights(3)},
       "crossEntropy(x, t, weight: w + 1, reduction: \"none\", labelSmoothing: 0.1)",
       lambda x, t, w: F.cross_entropy(x, t, weight=w + 1, reduction="none", label_smoothing=0.1)),
    Op("ce_probabilities_spatial_sum", {"x": normal(2, 3, 2, 2), "t": probability(2, 3, 2, 2)},
       "crossEntropy(x, t, reduction: \"sum\")", lambda x, t: F.cross_entropy(x, t, reduction="sum")),
    Op("ce_probabilities_unbatched", {"x": normal(6), "t": probability(6)}, "crossEntropy(x, t, labelSmoothing: 0.3)",
       lambda x, t: F.cross_entropy(x, t, label_smoothing=0.3)),
    # nll: of a log-softmax, and of raw inputs (its gradient is then only the picked entries).
    Op("nll_weight", {"x": normal(6, 4), "y": labels(6, classes=4), "w": weights(4)},
       "nll(logSoftmax(x), y, weight: w + 1)", lambda x, y, w: F.nll_loss(F.log_softmax(x, 1), y.long(), weight=w + 1)),
    Op("nll_ignore", {"x": normal(7, 5), "y": labels(7, classes=5), "m": mask(7)},
       f"nll(x, {SOMA_IGNORING})", lambda x, y, m: F.nll_loss(x, ignoring(y, m).long())),
    Op("nll_weight_ignore_sum", {"x": normal(8, 3), "y": labels(8, classes=3), "w": weights(3)},
       "nll(x, y, weight: w + 1, ignoreIndex: 0, reduction: \"sum\")",
       lambda x, y, w: F.nll_loss(x, y.long(), weight=w + 1, ignore_index=0, reduction="sum")),
    Op("nll_weight_ignore_none", {"x": normal(8, 3), "y": labels(8, classes=3), "m": mask(8), "w": weights(3)},
       f"nll(x, {SOMA_IGNORING}, weight: w + 1, reduction: \"none\")",
       lambda x, y, m, w: F.nll_loss(x, ignoring(y, m).long(), weight=w + 1, reduction="none")),
    Op("nll_spatial", {"x": normal(2, 4, 3, 2), "y": labels(2, 3, 2, classes=4), "m": mask(2, 3, 2), "w": weights(4)},
       f"nll(logSoftmax(x, axis: 1), {SOMA_IGNORING}, weight: w + 1)",
       lambda x, y, m, w: F.nll_loss(F.log_softmax(x, 1), ignoring(y, m).long(), weight=w + 1)),
    Op("nll_unbatched", {"x": normal(5), "y": labels(classes=5)}, "nll(x, y, reduction: \"none\")",
       lambda x, y: F.nll_loss(x, y.long(), reduction="none")),
    # The binary cross-entropies with per-element weights (broadcast) and positive weights.
    Op("bce_weight", {"p": probability(4, 3), "t": probability(4, 3), "w": weights(3)}, "binaryCrossEntropy(p, t, weight: w + 0.5)",
       lambda p, t, w: F.binary_cross_entropy(p, t, weight=w + 0.5)),
    Op("bce_weight_rows_sum", {"p": probability(4, 3), "t": probability(4, 3), "w": Draw((4, 1), "labels", classes=3)},
       "binaryCrossEntropy(p, t, weight: w + 1, reduction: \"sum\")",
       lambda p, t, w: F.binary_cross_entropy(p, t, weight=w + 1, reduction="sum")),
    Op("bce_logits_weight", {"x": normal(4, 3), "t": probability(4, 3), "w": weights(3)},
       "binaryCrossEntropyWithLogits(x, t, weight: w + 0.5)",
       lambda x, t, w: F.binary_cross_entropy_with_logits(x, t, weight=w + 0.5)),
    Op("bce_logits_weight_pos_weight_none", {"x": normal(4, 3), "t": probability(4, 3), "w": Draw((4, 1), "labels", classes=3),
                                            "pw": weights(3)},
       "binaryCrossEntropyWithLogits(x, t, weight: w + 1, reduction: \"none\", posWeight: pw + 0.5)",
       lambda x, t, w, pw: F.binary_cross_entropy_with_logits(x, t, weight=w + 1, reduction="none", pos_weight=pw + 0.5)),
]
