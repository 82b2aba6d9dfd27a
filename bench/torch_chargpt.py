"""The character-level GPT of the chargpt workloads in PyTorch, written as nanoGPT writes it, with a KV cache.

It matches Soma's CharGPT (bench/soma/chargpt.soma, bench/SomaBench/Workloads+GPT.swift) layer for layer:
token embedding plus the sinusoidal position encoding, pre-norm blocks (LayerNorm, causal self-attention
with biased projections, LayerNorm, GELU MLP of 4·d with biases, no dropout), a final LayerNorm and an
output projection tied to the embedding, so that the parameter counts are equal.
"""
import os

import torch
import torch.nn.functional as F
from torch import nn

TEXT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "tiny-tales.txt")


def load_text():
    """(token ids of data/tiny-tales.txt as an int64 tensor, vocabulary size): one token per character."""
    with open(TEXT_PATH, encoding="utf-8") as f:
        text = f.read()
    vocab = sorted(set(text))
    index = {c: i for i, c in enumerate(vocab)}
    return torch.tensor([index[c] for c in text], dtype=torch.long), len(vocab)


def sinusoidal(length, dim):
    """The position encoding of "Attention Is All You Need", [length, dim] (Soma's positionalEncoding)."""
    pe = torch.zeros(length, dim, dtype=torch.float64)
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    div = 10000 ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    pe[:, 0::2] = torch.sin(pos / div)
    pe[:, 1::2] = torch.cos(pos / div)
    return pe.float()


class KVCache:
    """One attention layer's past keys and values, [batch, heads, length, head_dim]."""

    def __init__(self):
        self.k = None
        self.v = None

    @property
    def length(self):
        return 0 if self.k is None else self.k.shape[2]


class CausalSelfAttention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.c_attn = nn.Linear(dim, 3 * dim)
        self.c_proj = nn.Linear(dim, dim)

    def forward(self, x, cache=None):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        k = k.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        v = v.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        causal = True
        if cache is not None:
            if cache.k is not None:
                # a decoding step: its one query sees every cached key (is_causal would align it top-left)
                assert T == 1, "after the prompt, decode one token at a time"
                k = torch.cat([cache.k, k], dim=2)
                v = torch.cat([cache.v, v], dim=2)
                causal = False
            cache.k, cache.v = k, v
        y = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class MLP(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.c_fc = nn.Linear(dim, 4 * dim)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * dim, dim)

    def forward(self, x):
        return self.c_proj(self.gelu(self.c_fc(x)))


class Block(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.ln_1 = nn.LayerNorm(dim)
        self.attn = CausalSelfAttention(dim, heads)
        self.ln_2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim)

    def forward(self, x, cache=None):
        x = x + self.attn(self.ln_1(x), cache)
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, vocab_size, dim=128, heads=4, depth=4, context=128):
        super().__init__()
        self.wte = nn.Embedding(vocab_size, dim)
        self.register_buffer("pe", sinusoidal(context, dim))
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(depth))
        self.ln_f = nn.LayerNorm(dim)
        self.lm_head = nn.Linear(dim, vocab_size, bias=False)
        self.lm_head.weight = self.wte.weight  # weight tying

    def forward(self, idx, caches=None):
        """Logits [B, T, vocab]; with caches (one KVCache per block) idx continues what they hold."""
        start = caches[0].length if caches else 0
        x = self.wte(idx) + self.pe[start:start + idx.shape[1]]
        for i, block in enumerate(self.blocks):
            x = block(x, caches[i] if caches else None)
        return self.lm_head(self.ln_f(x))


def get_batch(data, batch, context):
    """batch random windows of the text: inputs [batch, context] and the next characters as targets."""
    ix = torch.randint(len(data) - context, (batch,))
    x = torch.stack([data[i:i + context] for i in ix])
    y = torch.stack([data[i + 1:i + 1 + context] for i in ix])
    return x, y


@torch.no_grad()
def generate(model, prompt, total):
    """Greedy decoding with a KV cache: the prompt in one call, then one token a call until total tokens."""
    caches = [KVCache() for _ in model.blocks]
    tokens = list(prompt)
    logits = model(torch.tensor([tokens]), caches)
    while len(tokens) < total:
        tokens.append(int(logits[0, -1].argmax()))
        if len(tokens) < total:
            logits = model(torch.tensor([[tokens[-1]]]), caches)
    return tokens


@torch.no_grad()
def check_cache(model, prompt, total):
    """Raises unless the cached steps of generate() give the logits of one run over the whole sequence, and
    greedy the tokens of that run. (Untrained, the model picks tokens that hardly depend on the context,
    so equal tokens alone would not catch a broken cache.)"""
    tokens = generate(model, prompt, total)
    caches = [KVCache() for _ in model.blocks]
    steps = [model(torch.tensor([prompt]), caches)]
    steps += [model(torch.tensor([[t]]), caches) for t in tokens[len(prompt):-1]]
    full = model(torch.tensor([tokens[:-1]]))
    assert (torch.cat(steps, dim=1) - full).abs().max() < 1e-3, "the KV cache changes the logits"
    assert full[0, len(prompt) - 1:].argmax(-1).tolist() == tokens[len(prompt):], "greedy picks other tokens"


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())

