"""scaledDotProductAttention against F.scaled_dot_product_attention (bool and float attn_mask, is_causal,
dropout_p 0, grouped heads), and MultiHeadLatentAttention against its equations (DeepSeek-V2) written
in PyTorch with Soma's parameter names."""
import torch

from cases import Layer, Op, mask, normal
from cases_attention import rope

F = torch.nn.functional


def qkv(lq=5, lk=6, heads=2, kv_heads=2, n=2, d=4):
    return {"q": normal(n, heads, lq, d), "k": normal(n, kv_heads, lk, d), "v": normal(n, kv_heads, lk, d)}


# A drawn bool mask with the first key always let through, so that no query sees no key.
SOMA_BOOL = "(am + tensor([1, 0, 0, 0, 0, 0])) > 0"


def torch_bool(am):
    return (am + torch.tensor([1, 0, 0, 0, 0, 0], dtype=am.dtype)) > 0


def causal_float(length):
    return torch.nn.Transformer.generate_square_subsequent_mask(length, dtype=torch.float64)


OPS = [
    # A bool mask: True lets the query attend (PyTorch's rule for F.scaled_dot_product_attention).
    Op("sdpa_bool_mask", {**qkv(), "am": mask(5, 6)}, f"scaledDotProductAttention(q, k, v, attnMask: {SOMA_BOOL})",
       lambda q, k, v, am: F.scaled_dot_product_attention(q, k, v, attn_mask=torch_bool(am)), atol=1e-4),
    Op("sdpa_bool_mask_per_batch", {**qkv(), "am": mask(2, 1, 5, 6)}, f"scaledDotProductAttention(q, k, v, attnMask: {SOMA_BOOL})",
       lambda q, k, v, am: F.scaled_dot_product_attention(q, k, v, attn_mask=torch_bool(am)), atol=1e-4),
    # A float mask is added to the scores, and takes a gradient as in PyTorch.
    Op("sdpa_float_mask", {**qkv(), "am": normal(5, 6)}, "scaledDotProductAttention(q, k, v, attnMask: am)",
       lambda q, k, v, am: F.scaled_dot_product_attention(q, k, v, attn_mask=am), atol=1e-4),
    Op("sdpa_float_mask_per_head", {**qkv(), "am": normal(2, 5, 6)}, "scaledDotProductAttention(q, k, v, attnMask: am, scale: 0.3)",
       lambda q, k, v, am: F.scaled_dot_product_attention(q, k, v, attn_mask=am, scale=0.3), atol=1e-4),
    # −∞ terms hide keys: a causal float mask plus a drawn bias.
    Op("sdpa_float_mask_infinite", {**qkv(5, 5), "am": normal(5, 5)},
       "scaledDotProductAttention(q, k, v, attnMask: generateSquareSubsequentMask(5) + am)",
       lambda q, k, v, am: F.scaled_dot_product_attention(q, k, v, attn_mask=causal_float(5) + am), atol=1e-4),
    # PyTorch's is_causal puts query i at position i (top-left) when there are fewer queries than keys.
    Op("sdpa_is_causal_top_left", qkv(4, 6), "scaledDotProductAttention(q, k, v, causal: true, causalAlignment: \"topLeft\")",
       lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), atol=1e-4),
    Op("sdpa_dropout_zero", qkv(), "scaledDotProductAttention(q, k, v, dropoutP: 0, scale: 0.7)",
       lambda q, k, v: F.scaled_dot_product_attention(q, k, v, dropout_p=0.0, scale=0.7), atol=1e-4),
    Op("sdpa_grouped_heads", qkv(heads=4, kv_heads=2), "scaledDotProductAttention(q, k, v)",
       lambda q, k, v: F.scaled_dot_product_attention(q, k, v, enable_gqa=True), atol=1e-4),
    Op("sdpa_grouped_heads_causal", qkv(5, 5, heads=4, kv_heads=1), "scaledDotProductAttention(q, k, v, causal: true)",
       lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True), atol=1e-4),
]


class MLA(torch.nn.Module):
    """Multi-head latent attention from its equations: c = x·W_DKV, k = c·W_UK, v = c·W_UV per head, the
    queries from x (or a compressed query), and with rope_dim a rotated query part per head and one
    rotated key part shared by all heads. The parameters carry Soma's names."""

    def __init__(self, dim, heads, kv_latent, q_latent=None, rope_dim=None, causal=False, window=None):
        super().__init__()
        self.heads, self.d, self.r = heads, dim // heads, rope_dim or 0
        self.causal, self.window = causal, window
        linear = lambda i, o: torch.nn.Linear(i, o, bias=False)
        self.qDown = linear(dim, q_latent) if q_latent else None
        self.qProj = linear(q_latent or dim, heads * (self.d + self.r))
        self.kvDown = linear(dim, kv_latent)
        self.kRope = linear(dim, rope_dim) if rope_dim else None
        self.kUp, self.vUp, self.outProj = linear(kv_latent, dim), linear(kv_latent, dim), linear(dim, dim)

    def forward(self, x):
        n, length, _ = x.shape
        h, d, r = self.heads, self.d, self.r
        c = self.kvDown(x)
        k = self.kUp(c).view(n, length, h, d).transpose(1, 2)
        v = self.vUp(c).view(n, length, h, d).transpose(1, 2)
        q = self.qProj(self.qDown(x) if self.qDown is not None else x).view(n, length, h, d + r).transpose(1, 2)
        if r:
            q = torch.cat([q[..., :d], rope(q[..., d:])], dim=-1)
            k = torch.cat([k, rope(self.kRope(x))[:, None].expand(n, h, length, r)], dim=-1)
        i = torch.arange(length)[:, None]
        j = torch.arange(length)[None, :]
        visible = torch.ones(length, length, dtype=torch.bool)
        if self.causal or self.window:
            visible &= j <= i
        if self.window:
            visible &= j > i - self.window
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=visible)
        return self.outProj(out.transpose(1, 2).reshape(n, length, h * d))


LAYERS = [
    Layer("mla_plain", "MultiHeadLatentAttention(8, 2, 3)", lambda: MLA(8, 2, 3), normal(2, 5, 8), atol=1e-4),
    Layer("mla_rope_causal", "MultiHeadLatentAttention(8, 2, 3, ropeDim: 4, causal: true)",
          lambda: MLA(8, 2, 3, rope_dim=4, causal=True), normal(2, 5, 8), atol=1e-4),
    Layer("mla_compressed_queries_window", "MultiHeadLatentAttention(12, 3, 4, qLatentDim: 5, ropeDim: 2, causal: true, window: 2)",
          lambda: MLA(12, 3, 4, q_latent=5, rope_dim=2, causal=True, window=2), normal(2, 6, 12), atol=1e-4),
]
