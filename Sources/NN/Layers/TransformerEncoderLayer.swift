import TensorEngine

/// PyTorch's `nn.TransformerEncoderLayer`: self-attention, then a feed-forward block, each with dropout,
/// a residual connection and a LayerNorm (after the residual by default, before the block with `normFirst`).
///
/// Parameters carry PyTorch's state-dict names (`self_attn.in_proj_weight`, `self_attn.out_proj.weight`,
/// `linear1.weight`, `linear2.weight`, `norm1.weight`, `norm2.weight` and the biases), so a PyTorch
/// checkpoint loads as it is. Inputs are batch-first unless `batchFirst` is false.
public final class TransformerEncoderLayer: Module {
    public let forwardHooks = ForwardHooks()
    public let dModel: Int, nhead: Int
    public let options: TransformerLayerOptions
    public let selfAttn: PackedMultiHeadAttention
    public let linear1: Linear, linear2: Linear
    public let norm1: LayerNorm, norm2: LayerNorm
    public var isTraining = true

    public init(_ dModel: Int, nhead: Int, options: TransformerLayerOptions = TransformerLayerOptions()) throws {
        try options.check(dModel: dModel, nhead: nhead, owner: "TransformerEncoderLayer")
        self.dModel = dModel
        self.nhead = nhead
        self.options = options
        selfAttn = try PackedMultiHeadAttention(dModel, heads: nhead, dropout: options.dropout, bias: options.bias)
        linear1 = try Linear(dModel, options.dimFeedforward, bias: options.bias)
        linear2 = try Linear(options.dimFeedforward, dModel, bias: options.bias)
        norm1 = try TransformerParts.layerNorm(dModel, options)
        norm2 = try TransformerParts.layerNorm(dModel, options)
    }

    public func forward(_ x: Tensor) throws -> Tensor { try forward(x, srcMask: nil) }

    /// The layer over `src` with PyTorch's `src_mask` (`attnMask`), `src_key_padding_mask` and `is_causal`
    /// (which here applies the causal mask itself).
    public func forward(_ src: Tensor, srcMask: Tensor?, srcKeyPaddingMask: Tensor? = nil, isCausal: Bool = false) throws -> Tensor {
        let owner = "TransformerEncoderLayer"
        let x = try TransformerParts.batchFirst(src, options, dModel: dModel, "src", owner)
        let masks = AttentionMasks(attnMask: srcMask, keyPaddingMask: srcKeyPaddingMask)
        let h = try TransformerParts.residual(x, norm1, normFirst: options.normFirst) { y in
            try selfAttn.calling(y) { try selfAttn.forward(query: $0, key: $0, value: $0, masks: masks, causal: isCausal, owner: owner).output }
                .dropout(p: options.dropout, training: isTraining)
        }
        let out = try TransformerParts.residual(h, norm2, normFirst: options.normFirst) { y in
            try TransformerParts.feedForward(y, linear1, linear2, options, training: isTraining)
        }
        return try TransformerParts.restore(out, options)
    }

    /// A layer with the same settings and a copy of these parameters.
    public func copy() throws -> TransformerEncoderLayer {
        let c = try TransformerEncoderLayer(dModel, nhead: nhead, options: options)
        try c.loadStateDict(stateDict())
        c.setTraining(isTraining)
        return c
    }

    public var children: [(String, any Module)] {
        [("self_attn", selfAttn), ("linear1", linear1), ("linear2", linear2), ("norm1", norm1), ("norm2", norm2)]
    }

    public var summaryName: String { "TransformerEncoderLayer(\(dModel), nhead: \(nhead)\(options.summary()))" }
}
