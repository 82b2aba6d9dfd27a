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

# Schedulers that combine or cycle, over 20 steps or more.
SCHEDULES += [
    Schedule("one_cycle", "OneCycleLR(opt, 1.0, totalSteps: 25)",
             lambda o: lr_sched.OneCycleLR(o, 1.0, total_steps=25), steps=25),
    Schedule("one_cycle_options", 'OneCycleLR(opt, [0.5, 2.0], epochs: 4, stepsPerEpoch: 6, pctStart: 0.25, annealStrategy: "linear", divFactor: 10, finalDivFactor: 100)',
             lambda o: lr_sched.OneCycleLR(o, [0.5, 2.0], epochs=4, steps_per_epoch=6, pct_start=0.25, anneal_strategy="linear",
                                           div_factor=10, final_div_factor=100), steps=24, groups=2),
    Schedule("one_cycle_three_phase", "OneCycleLR(opt, 0.8, totalSteps: 30, threePhase: true)",
             lambda o: lr_sched.OneCycleLR(o, 0.8, total_steps=30, three_phase=True), steps=30, groups=2),
    Schedule("warm_restarts", "CosineAnnealingWarmRestarts(opt, 5)", lambda o: lr_sched.CosineAnnealingWarmRestarts(o, 5), steps=22),
    Schedule("warm_restarts_mult", "CosineAnnealingWarmRestarts(opt, 3, tMult: 2, etaMin: 0.001)",
             lambda o: lr_sched.CosineAnnealingWarmRestarts(o, 3, T_mult=2, eta_min=0.001), steps=25, groups=2),
    Schedule("sequential", "SequentialLR(opt, [LinearLR(opt, startFactor: 0.1, totalIters: 5), ExponentialLR(opt, 0.9)], [5])",
             lambda o: lr_sched.SequentialLR(o, [lr_sched.LinearLR(o, start_factor=0.1, total_iters=5), lr_sched.ExponentialLR(o, 0.9)], [5]),
             steps=20, groups=2),
    Schedule("sequential_three", "SequentialLR(opt, [LinearLR(opt, startFactor: 0.5, totalIters: 3), StepLR(opt, 4, gamma: 0.5), CosineLR(opt, 8, minLr: 0.001)], [3, 10])",
             lambda o: lr_sched.SequentialLR(o, [lr_sched.LinearLR(o, start_factor=0.5, total_iters=3), lr_sched.StepLR(o, 4, gamma=0.5),
                                                 lr_sched.CosineAnnealingLR(o, 8, eta_min=0.001)], [3, 10]), steps=18),
    Schedule("chained", "ChainedScheduler([ExponentialLR(opt, 0.9), StepLR(opt, 3, gamma: 0.5)])",
             lambda o: lr_sched.ChainedScheduler([lr_sched.ExponentialLR(o, 0.9), lr_sched.StepLR(o, 3, gamma=0.5)]), steps=20, groups=2),
    Schedule("chained_warmup", "ChainedScheduler([LinearLR(opt, startFactor: 0.2, totalIters: 4), MultiStepLR(opt, [6, 12], gamma: 0.3)])",
             lambda o: lr_sched.ChainedScheduler([lr_sched.LinearLR(o, start_factor=0.2, total_iters=4),
                                                  lr_sched.MultiStepLR(o, [6, 12], gamma=0.3)]), steps=20),
]
