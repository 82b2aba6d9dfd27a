"""Shape changes against PyTorch, with their gradients."""
from cases import Op, normal

OPS = [
    Op("unflatten", {"x": normal(2, 12)}, "x.unflatten(1, [3, 4]) * 2", lambda x: x.unflatten(1, (3, 4)) * 2),
    Op("unflatten_inferred", {"x": normal(3, 4, 5)}, "x.unflatten(-2, [2, -1]).sum(axis: 1)", lambda x: x.unflatten(-2, (2, -1)).sum(dim=1)),
]

# Indexing by a bool mask over the leading dimensions (the picked values get the gradient).
OPS += [
    Op("mask_index", {"x": normal(3, 4)}, "x[x > 0.1] * 3", lambda x: x[x > 0.1] * 3),
    Op("mask_index_rows", {"x": normal(2, 3, 4)}, "x[x.sum(axis: 2) > 0].sum(axis: 0)", lambda x: x[x.sum(dim=2) > 0].sum(dim=0)),
]
