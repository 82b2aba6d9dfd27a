"""Shape changes against PyTorch, with their gradients."""
from cases import Op, normal

OPS = [
    Op("unflatten", {"x": normal(2, 12)}, "x.unflatten(1, [3, 4]) * 2", lambda x: x.unflatten(1, (3, 4)) * 2),
    Op("unflatten_inferred", {"x": normal(3, 4, 5)}, "x.unflatten(-2, [2, -1]).sum(axis: 1)", lambda x: x.unflatten(-2, (2, -1)).sum(dim=1)),
]
