"""ctc against PyTorch's ctc_loss, on log-softmax outputs (where PyTorch's gradient and the exact one
agree): padded and concatenated targets, repeated labels, another blank, every reduction, one
unbatched sequence and impossible alignments with zeroInfinity."""
import torch
import torch.nn.functional as F

from cases import Op, labels, normal


def lengths(*values):
    return torch.tensor(values)


def ctc(inputs, targets, blank=0, shift=1, **options):
    """PyTorch's ctc_loss of log_softmax(x) against the drawn labels plus `shift` (past the blank)."""
    return lambda x, y: F.ctc_loss(F.log_softmax(x, -1), (y + shift).long(), lengths(*inputs), lengths(*targets), blank=blank, **options)


TOLERANCE = {"atol64": 1e-9, "rtol64": 1e-8}

OPS = [
    Op("ctc_mean", {"x": normal(8, 3, 5), "y": labels(3, 3, classes=4)},
       "ctc(logSoftmax(x, axis: 2), y + 1, [8, 6, 5], [3, 2, 3])", ctc([8, 6, 5], [3, 2, 3]), **TOLERANCE),
    Op("ctc_repeats_sum", {"x": normal(9, 2, 3), "y": labels(2, 4, classes=2)},
       "ctc(logSoftmax(x, axis: 2), y + 1, [9, 9], [4, 3], reduction: \"sum\")", ctc([9, 9], [4, 3], reduction="sum"), **TOLERANCE),
    Op("ctc_blank_none", {"x": normal(7, 3, 4), "y": labels(3, 2, classes=3)},
       "ctc(logSoftmax(x, axis: 2), y, [7, 4, 6], [2, 1, 2], blank: 3, reduction: \"none\")",
       ctc([7, 4, 6], [2, 1, 2], blank=3, shift=0, reduction="none"), **TOLERANCE),
    Op("ctc_concatenated", {"x": normal(6, 3, 5), "y": labels(6, classes=4)},
       "ctc(logSoftmax(x, axis: 2), y + 1, [6, 6, 5], [3, 1, 2])", ctc([6, 6, 5], [3, 1, 2]), **TOLERANCE),
    Op("ctc_empty_target", {"x": normal(5, 2, 3), "y": labels(2, 2, classes=2)},
       "ctc(logSoftmax(x, axis: 2), y + 1, [5, 3], [0, 2])", ctc([5, 3], [0, 2]), **TOLERANCE),
    Op("ctc_zero_infinity", {"x": normal(6, 3, 4), "y": labels(3, 3, classes=3)},
       "ctc(logSoftmax(x, axis: 2), y + 1, [2, 6, 6], [3, 3, 2], zeroInfinity: true)", ctc([2, 6, 6], [3, 3, 2], zero_infinity=True),
       **TOLERANCE),
    Op("ctc_unbatched", {"x": normal(7, 4), "y": labels(3, classes=3)},
       "ctc(logSoftmax(x, axis: 1), y + 1, [7], [3], reduction: \"sum\")",
       lambda x, y: F.ctc_loss(F.log_softmax(x, -1), (y + 1).long(), torch.tensor(7), torch.tensor(3), reduction="sum"), **TOLERANCE),
]
