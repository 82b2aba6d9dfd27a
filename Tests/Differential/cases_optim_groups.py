"""Parameter groups: optimizers whose groups set their own hyperparameters, and schedules that scale
each group's rate from its own starting rate."""
import torch

from cases import Optimizer, Schedule

lr_sched = torch.optim.lr_scheduler


def groups(p, **second):
    """Two groups over the case's two parameters: the first with lr 0.1, the second with `second`."""
    return [{"params": [p[0]], "lr": 0.1}, {"params": [p[1]], **second}]


OPTIMIZERS = [
    Optimizer("groups_sgd", 'SGD([["params": [p0], "lr": 0.1], ["params": [p1]]], lr: 0.01, momentum: 0.9)',
              lambda p: torch.optim.SGD(groups(p), lr=0.01, momentum=0.9)),
    Optimizer("groups_sgd_settings", 'SGD([["params": [p0], "lr": 0.1], ["params": [p1], "momentum": 0.5, "weightDecay": 0.1, "nesterov": true]], lr: 0.01)',
              lambda p: torch.optim.SGD(groups(p, momentum=0.5, weight_decay=0.1, nesterov=True), lr=0.01)),
    Optimizer("groups_adamw", 'AdamW([["params": [p0], "lr": 0.1], ["params": [p1], "weightDecay": 0.5, "beta1": 0.8]], lr: 0.01)',
              lambda p: torch.optim.AdamW(groups(p, weight_decay=0.5, betas=(0.8, 0.999)), lr=0.01), steps=4),
    Optimizer("groups_adam_amsgrad", 'Adam([["params": [p0], "lr": 0.1], ["params": [p1], "amsgrad": true]], lr: 0.05)',
              lambda p: torch.optim.Adam(groups(p, amsgrad=True), lr=0.05), steps=5, atol=1e-5),
    Optimizer("groups_rmsprop", 'RMSProp([["params": [p0], "lr": 0.1], ["params": [p1], "centered": true, "momentum": 0.5]])',
              lambda p: torch.optim.RMSprop(groups(p, centered=True, momentum=0.5))),
    Optimizer("groups_nadam", 'NAdam([["params": [p0], "lr": 0.1], ["params": [p1], "momentumDecay": 0.01]], lr: 0.01)',
              lambda p: torch.optim.NAdam(groups(p, momentum_decay=0.01), lr=0.01), atol64=1e-8, rtol64=1e-8),
]

SCHEDULES = [
    Schedule("groups_step", "StepLR(opt, 3, gamma: 0.5)", lambda o: lr_sched.StepLR(o, 3, gamma=0.5), groups=2),
    Schedule("groups_exponential", "ExponentialLR(opt, 0.9)", lambda o: lr_sched.ExponentialLR(o, 0.9), groups=2),
    Schedule("groups_linear", "LinearLR(opt, startFactor: 0.25, totalIters: 6)",
             lambda o: lr_sched.LinearLR(o, start_factor=0.25, total_iters=6), groups=2),
    Schedule("groups_cosine", "CosineLR(opt, 10, minLr: 0.01)", lambda o: lr_sched.CosineAnnealingLR(o, 10, eta_min=0.01),
             groups=2, steps=10),
    Schedule("groups_cyclic", "CyclicLR(opt, [0.01, 0.02], [0.1, 0.3], stepSizeUp: 3)",
             lambda o: lr_sched.CyclicLR(o, [0.01, 0.02], [0.1, 0.3], step_size_up=3, cycle_momentum=False), groups=2, steps=15),
    Schedule("groups_lambda", "LambdaLR(opt, fn(t) { 1 / (1 + t) })", lambda o: lr_sched.LambdaLR(o, lambda t: 1 / (1 + t)), groups=2),
    Schedule("groups_multi_step", "MultiStepLR(opt, [2, 5, 9], gamma: 0.3)", lambda o: lr_sched.MultiStepLR(o, [2, 5, 9], gamma=0.3),
             groups=2),
]
