"""The mixture of experts against a PyTorch reference of top-k routing with Switch-style expert capacity
(first come first served in token order) and DeepSeekMoE shared experts, and its router z-loss (ST-MoE)."""
import math

import torch

from cases import Layer, normal

F = torch.nn.functional


class FeedForward(torch.nn.Module):
    """Soma's GELU FeedForward: fc2(gelu(fc1(x)))."""

    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1, self.fc2 = torch.nn.Linear(dim, hidden), torch.nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class MoE(torch.nn.Module):
    """Top-k routing over softmax gates; with a capacity factor each expert takes at most
    ceil(factor · tokens · k / experts) assignments in token order, the rest give the token nothing."""

    def __init__(self, dim, hidden, experts, top_k=1, normalize=False, capacity_factor=None, shared=0):
        super().__init__()
        self.router = torch.nn.Linear(dim, experts, bias=False)
        self.experts = torch.nn.ModuleList(FeedForward(dim, hidden) for _ in range(experts))
        self.sharedExperts = torch.nn.ModuleList(FeedForward(dim, hidden) for _ in range(shared))
        self.top_k, self.normalize, self.capacity_factor = top_k, normalize, capacity_factor
        self.z_loss = None

    def forward(self, x):
        tokens = x.reshape(-1, x.shape[-1])
        n, e = tokens.shape[0], len(self.experts)
        logits = self.router(tokens)
        self.z_loss = (torch.logsumexp(logits, dim=1) ** 2).mean()
        probs = logits.softmax(dim=1)
        gates, chosen = probs.topk(self.top_k, dim=1)
        if self.normalize:
            gates = gates / gates.sum(dim=1, keepdim=True)
        capacity = math.ceil(self.capacity_factor * n * self.top_k / e) if self.capacity_factor else n * self.top_k
        taken = [0] * e
        out = torch.zeros_like(tokens)
        for t in range(n):
            for s in range(self.top_k):
                c = int(chosen[t, s])
                if taken[c] < capacity:
                    taken[c] += 1
                    out = out.index_add(0, torch.tensor([t]), self.experts[c](tokens[t:t + 1]) * gates[t, s])
        for shared in self.sharedExperts:
            out = out + shared(tokens)
        return out.reshape(x.shape)


def z_loss(module, x):
    """The z-loss, plus zero times the output so that every parameter has a gradient to compare."""
    return 0 * module(x).sum() + module.z_loss


LAYERS = [
    Layer("moe_capacity_top1", "MixtureOfExperts(4, 8, experts: 3, capacityFactor: 0.75)",
          lambda: MoE(4, 8, 3, capacity_factor=0.75), normal(2, 6, 4)),
    Layer("moe_capacity_top2_normalized", "MixtureOfExperts(4, 8, experts: 4, topK: 2, normalize: true, capacityFactor: 0.6)",
          lambda: MoE(4, 8, 4, top_k=2, normalize=True, capacity_factor=0.6), normal(10, 4)),
    Layer("moe_shared_experts", "MixtureOfExperts(4, 8, experts: 3, topK: 2, sharedExperts: 2)",
          lambda: MoE(4, 8, 3, top_k=2, shared=2), normal(7, 4)),
    Layer("moe_z_loss", "MixtureOfExperts(4, 8, experts: 3, topK: 2)", lambda: MoE(4, 8, 3, top_k=2), normal(7, 4),
          call="0 * m(x).sum() + m.zLoss", forward=z_loss),
]
