"""Attention and Transformers against PyTorch: MultiHeadAttention with masks and returned weights against
nn.MultiheadAttention(batch_first=True), the Transformer layers, stacks and model against torch.nn's
(eval mode, dropout off, PyTorch's state-dict names), rope against the rotate-half formula and ALiBi
biases against the formula of Press et al."""
import math

import torch

from cases import Layer, Op, mask, normal

F = torch.nn.functional


class MHA(torch.nn.Module):
    """nn.MultiheadAttention(batch_first=True) whose packed in_proj_weight is Soma's qProj, kProj and
    vProj stacked (and in_proj_bias their biases), out_proj Soma's outProj: the parameters carry Soma's
    names, and the attention is PyTorch's own, called with them."""

    def __init__(self, dim, heads, bias=True):
        super().__init__()
        self.qProj, self.kProj, self.vProj, self.outProj = (torch.nn.Linear(dim, dim, bias=bias) for _ in range(4))
        # A tuple, so the module's own parameters are not registered (Soma has no such names).
        self.attention = (torch.nn.MultiheadAttention(dim, heads, bias=bias, batch_first=True).double(),)
        self.bias = bias

    def forward(self, query, key=None, value=None, **options):
        key = query if key is None else key
        value = key if value is None else value
        params = {"in_proj_weight": torch.cat([self.qProj.weight, self.kProj.weight, self.vProj.weight]),
                  "out_proj.weight": self.outProj.weight}
        if self.bias:
            params["in_proj_bias"] = torch.cat([self.qProj.bias, self.kProj.bias, self.vProj.bias])
            params["out_proj.bias"] = self.outProj.bias
        return torch.func.functional_call(self.attention[0], params, (query, key, value), options)


# Masks are drawn at random but always leave the first key visible, so no query sees no key (NaN on both sides).
PAD = "(pad * tensor([0, 1, 1, 1, 1, 1])) > 0"


def pad_mask(pad):
    return (pad * torch.tensor([0, 1, 1, 1, 1, 1], dtype=pad.dtype)) > 0


BOOL_MASK = "(am * tensor([0, 1, 1, 1, 1, 1])) > 0"


def bool_mask(am):
    return (am * torch.tensor([0, 1, 1, 1, 1, 1], dtype=am.dtype)) > 0


def alibi(heads, length):
    """The causal ALiBi bias [heads, length, length] by its formula: slopes 2^(−8k/heads) (heads a power of two)."""
    slopes = torch.tensor([2 ** (-8 * (k + 1) / heads) for k in range(heads)], dtype=torch.float64)
    i = torch.arange(length, dtype=torch.float64)
    distance = i[:, None] - i[None, :]
    bias = -slopes[:, None, None] * distance
    return bias.masked_fill(distance < 0, float("-inf"))


def rope(x, positions=None, base=10000.0):
    """RoPE in the rotate-half convention (GPT-NeoX, LLaMA), written out from its definition."""
    length, dim = x.shape[-2], x.shape[-1]
    pos = torch.arange(length, dtype=torch.float64) if positions is None else torch.tensor(positions, dtype=torch.float64)
    inv = base ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    angles = pos[:, None] * inv[None, :]
    emb = torch.cat([angles, angles], dim=-1)
    half = dim // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * emb.cos() + rotated * emb.sin()


# The weights do not depend on the value and output projections: the output joins in at zero weight, so
# that their gradients are zeros on both sides rather than missing.
WEIGHTS = "fn(r) {{ r[1] + r[0].mean() * 0 }}({})"


def weights(result):
    return result[1] + result[0].mean() * 0


def kv(n=2, s=6, e=8):
    return {"k": normal(n, s, e), "v": normal(n, s, e)}


LAYERS = [
    # MultiHeadAttention against nn.MultiheadAttention
    Layer("mha_self", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          forward=lambda m, x: m(x)[0]),
    Layer("mha_cross", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4, inputs=kv(),
          call="m(x, k, v)", forward=lambda m, x, k, v: m(x, k, v)[0]),
    Layer("mha_no_bias", "MultiHeadAttention(8, 4, bias: false)", lambda: MHA(8, 4, bias=False), normal(2, 5, 8), atol=1e-4,
          inputs=kv(), call="m(x, k, v)", forward=lambda m, x, k, v: m(x, k, v)[0]),
    Layer("mha_key_padding", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          inputs={**kv(), "pad": mask(2, 6)}, call=f"m(x, k, v, keyPaddingMask: {PAD})",
          forward=lambda m, x, k, v, pad: m(x, k, v, key_padding_mask=pad_mask(pad))[0]),
    Layer("mha_key_padding_unbatched", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(5, 8), atol=1e-4,
          inputs={"k": normal(6, 8), "v": normal(6, 8), "pad": mask(6)}, call=f"m(x, k, v, keyPaddingMask: {PAD})",
          forward=lambda m, x, k, v, pad: m(x, k, v, key_padding_mask=pad_mask(pad))[0]),
    Layer("mha_bool_attn_mask", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          inputs={**kv(), "am": mask(5, 6)}, call=f"m(x, k, v, attnMask: {BOOL_MASK})",
          forward=lambda m, x, k, v, am: m(x, k, v, attn_mask=bool_mask(am))[0]),
    # A float mask is added to the scores, and its gradient is compared too.
    Layer("mha_float_attn_mask", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          inputs={**kv(), "am": normal(5, 6)}, call="m(x, k, v, attnMask: am)",
          forward=lambda m, x, k, v, am: m(x, k, v, attn_mask=am)[0]),
    Layer("mha_attn_mask_per_head", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          inputs={**kv(), "am": normal(4, 5, 6), "pad": mask(2, 6)}, call=f"m(x, k, v, attnMask: am, keyPaddingMask: {PAD})",
          forward=lambda m, x, k, v, am, pad: m(x, k, v, attn_mask=am, key_padding_mask=pad_mask(pad))[0]),
    Layer("mha_need_weights", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          inputs={"k": normal(2, 6, 8), "pad": mask(2, 6)}, call=WEIGHTS.format(f"m(x, k, k, keyPaddingMask: {PAD}, needWeights: true)"),
          forward=lambda m, x, k, pad: weights(m(x, k, k, key_padding_mask=pad_mask(pad), need_weights=True))),
    Layer("mha_need_weights_per_head", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          inputs={"k": normal(2, 6, 8), "am": mask(5, 6)}, call=WEIGHTS.format(f"m(x, k, k, attnMask: {BOOL_MASK}, needWeights: true, averageAttnWeights: false)"),
          forward=lambda m, x, k, am: weights(m(x, k, k, attn_mask=bool_mask(am), need_weights=True, average_attn_weights=False))),
    Layer("mha_output_with_weights", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(2, 5, 8), atol=1e-4,
          call="m(x, needWeights: true)[0]", forward=lambda m, x: m(x, need_weights=True)[0]),
    # ALiBi: Soma's [heads, L, L] bias is the same for every batch; PyTorch takes it repeated per batch.
    Layer("mha_alibi", "MultiHeadAttention(8, 2)", lambda: MHA(8, 2), normal(3, 5, 8), atol=1e-4,
          call="m(x, attnMask: alibiBias(2, 5))", forward=lambda m, x: m(x, attn_mask=alibi(2, 5).repeat(3, 1, 1))[0]),
    Layer("mha_alibi_batched_form", "MultiHeadAttention(8, 4)", lambda: MHA(8, 4), normal(2, 5, 8), atol=1e-4,
          call="m(x, attnMask: concat([alibiBias(4, 5), alibiBias(4, 5)]))", forward=lambda m, x: m(x, attn_mask=alibi(4, 5).repeat(2, 1, 1))[0]),

    # Transformer layers against torch.nn's, eval mode, PyTorch's state-dict names
    Layer("transformer_encoder_layer", "TransformerEncoderLayer(8, 2, dimFeedforward: 16)",
          lambda: torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), normal(2, 5, 8), atol=1e-4, train=False),
    Layer("transformer_encoder_layer_masks", "TransformerEncoderLayer(8, 2, dimFeedforward: 16, activation: \"gelu\", normFirst: true)",
          lambda: torch.nn.TransformerEncoderLayer(8, 2, 16, activation="gelu", batch_first=True, norm_first=True),
          normal(2, 6, 8), atol=1e-4, train=False, inputs={"pad": mask(2, 6)},
          call=f"m(x, srcMask: generateSquareSubsequentMask(6), srcKeyPaddingMask: {PAD})",
          forward=lambda m, x, pad: m(x, src_mask=torch.nn.Transformer.generate_square_subsequent_mask(6, dtype=torch.float64),
                                      src_key_padding_mask=pad_mask(pad))),
    Layer("transformer_encoder_layer_seq_first", "TransformerEncoderLayer(8, 4, dimFeedforward: 12, batchFirst: false, layerNormEps: 0.001)",
          lambda: torch.nn.TransformerEncoderLayer(8, 4, 12, layer_norm_eps=1e-3), normal(5, 2, 8), atol=1e-4, train=False,
          call="m(x, isCausal: true)",
          forward=lambda m, x: m(x, src_mask=torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64), is_causal=True)),
    Layer("transformer_decoder_layer", "TransformerDecoderLayer(8, 2, dimFeedforward: 16)",
          lambda: torch.nn.TransformerDecoderLayer(8, 2, 16, batch_first=True), normal(2, 5, 8), atol=1e-4, train=False,
          inputs={"memory": normal(2, 6, 8)}, call="m(x, memory)", forward=lambda m, x, memory: m(x, memory)),
    Layer("transformer_decoder_layer_masks", "TransformerDecoderLayer(8, 2, dimFeedforward: 16, activation: \"gelu\", normFirst: true)",
          lambda: torch.nn.TransformerDecoderLayer(8, 2, 16, activation="gelu", batch_first=True, norm_first=True),
          normal(2, 5, 8), atol=1e-4, train=False, inputs={"memory": normal(2, 6, 8), "pad": mask(2, 6), "mm": mask(5, 6)},
          call=f"m(x, memory, tgtIsCausal: true, memoryMask: (mm * tensor([0, 1, 1, 1, 1, 1])) > 0, memoryKeyPaddingMask: {PAD})",
          forward=lambda m, x, memory, pad, mm: m(x, memory, tgt_mask=torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64),
                                                   tgt_is_causal=True, memory_mask=bool_mask(mm), memory_key_padding_mask=pad_mask(pad))),
    Layer("transformer_encoder", "TransformerEncoder(TransformerEncoderLayer(8, 2, dimFeedforward: 16), 2, norm: LayerNorm(8))",
          lambda: torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2,
                                              norm=torch.nn.LayerNorm(8), enable_nested_tensor=False),
          normal(2, 5, 8), atol=1e-4, train=False, inputs={"pad": mask(2, 5)},
          call="m(x, srcKeyPaddingMask: (pad * tensor([0, 1, 1, 1, 1])) > 0)",
          forward=lambda m, x, pad: m(x, src_key_padding_mask=(pad * torch.tensor([0, 1, 1, 1, 1.], dtype=pad.dtype)) > 0)),
    Layer("transformer_decoder", "TransformerDecoder(TransformerDecoderLayer(8, 2, dimFeedforward: 16), 2, norm: LayerNorm(8))",
          lambda: torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(8, 2, 16, batch_first=True), 2, norm=torch.nn.LayerNorm(8)),
          normal(2, 5, 8), atol=1e-4, train=False, inputs={"memory": normal(2, 6, 8)},
          call="m(x, memory, tgtMask: generateSquareSubsequentMask(5))",
          forward=lambda m, x, memory: m(x, memory, tgt_mask=torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64))),
    Layer("transformer", "Transformer(dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 1, dimFeedforward: 16)",
          lambda: torch.nn.Transformer(8, 2, 2, 1, 16, batch_first=True), normal(2, 6, 8), atol=1e-4, train=False,
          inputs={"tgt": normal(2, 5, 8)}, call="m(x, tgt, tgtIsCausal: true)",
          forward=lambda m, x, tgt: m(x, tgt, tgt_mask=torch.nn.Transformer.generate_square_subsequent_mask(5, dtype=torch.float64),
                                       tgt_is_causal=True)),
]

OPS = [
    Op("rope", {"x": normal(2, 3, 5, 8)}, "rope(x)", lambda x: rope(x)),
    Op("rope_positions_base", {"x": normal(4, 6)}, "rope(x, positions: [3, 5, 7, 11], base: 500)",
       lambda x: rope(x, [3, 5, 7, 11], 500.0)),
    Op("rotary_embedding_layer", {"x": normal(2, 5, 4)}, "RotaryEmbedding(4)(x)", lambda x: rope(x)),
    # ALiBi with a head count that is not a power of two: the slopes of 4 heads, then every other one of 8.
    Op("alibi_bias_six_heads", {"x": normal(6, 4, 4)}, "x + alibiBias(6, 4, causal: false)",
       lambda x: x + torch.tensor([2 ** (-8 * k / 4) for k in range(1, 5)] + [2 ** (-8 * k / 8) for k in (1, 3)],
                                  dtype=torch.float64)[:, None, None]
       * -(torch.arange(4.0, dtype=torch.float64)[:, None] - torch.arange(4.0, dtype=torch.float64)[None, :]).abs()),
]
