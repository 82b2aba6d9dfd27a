"""Elementwise logic against PyTorch's logical_* (as 0/1 floats: the comparison is of values, not dtypes)."""
import torch

from cases import Op, mask, normal

OPS = [
    Op("logical_and", {"x": normal(3, 4), "y": normal(4)}, "logicalAnd(x > 0, y > 0).float()",
       lambda x, y: torch.logical_and(x > 0, y > 0).float(), grad=False),
    Op("logical_or_values", {"x": mask(3, 4), "y": normal(3, 1)}, "logicalOr(x, y > 0.5).float()",
       lambda x, y: torch.logical_or(x, y > 0.5).float(), grad=False),
    Op("logical_xor", {"x": mask(2, 5), "y": mask(2, 5)}, "x.logicalXor(y).float()",
       lambda x, y: torch.logical_xor(x, y).float(), grad=False),
    Op("logical_not", {"x": mask(6)}, "logicalNot(x).float()", lambda x: torch.logical_not(x).float(), grad=False),
]
