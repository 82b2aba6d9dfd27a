"""SGD's default learning rate (PyTorch 2's 1e-3), alone and under parameter groups that give their own."""
import torch

from cases import Optimizer

OPTIMIZERS = [
    Optimizer("sgd_default_lr", "SGD(params, momentum: 0.9)", lambda p: torch.optim.SGD(p, momentum=0.9)),
    Optimizer("sgd_groups_without_lr", 'SGD([["params": [p0], "lr": 0.1], ["params": [p1], "lr": 0.05]])',
              lambda p: torch.optim.SGD([{"params": [p[0]], "lr": 0.1}, {"params": [p[1]], "lr": 0.05}])),
]
