import TensorEngine

/// The masks of a Transformer decoder call, with PyTorch's names: `tgtMask` and `memoryMask` are
/// attention masks (`[T, T]` and `[T, S]`, or one per batch and head), the key padding masks
/// `[batch, T]` and `[batch, S]`; `tgtIsCausal` / `memoryIsCausal` apply the causal mask (PyTorch takes
/// them as hints about the masks given; here they need no mask).
public struct DecoderMasks {
    public var tgtMask: Tensor?, memoryMask: Tensor?
    public var tgtKeyPaddingMask: Tensor?, memoryKeyPaddingMask: Tensor?
    public var tgtIsCausal: Bool, memoryIsCausal: Bool

    public init(tgtMask: Tensor? = nil, memoryMask: Tensor? = nil, tgtKeyPaddingMask: Tensor? = nil,
                memoryKeyPaddingMask: Tensor? = nil, tgtIsCausal: Bool = false, memoryIsCausal: Bool = false) {
        self.tgtMask = tgtMask
        self.memoryMask = memoryMask
        self.tgtKeyPaddingMask = tgtKeyPaddingMask
        self.memoryKeyPaddingMask = memoryKeyPaddingMask
        self.tgtIsCausal = tgtIsCausal
        self.memoryIsCausal = memoryIsCausal
    }
}

/// PyTorch's `nn.TransformerDecoderLayer`: self-attention over the target, cross-attention over the
/// encoder's `memory`, then a feed-forward block, each with dropout, a residual and a LayerNorm.
///
/// Parameters carry PyTorch's state-dict names (`self_attn.*`, `multihead_attn.*`, `linear1`, `linear2`,
/// `norm1`, `norm2`, `norm3`). Calling it needs the memory: `forward(tgt, memory:)`.
public final class TransformerDecoderLayer: Module {
    public let forwardHooks = ForwardHooks()
    public let dModel: Int, nhead: Int
    public let options: TransformerLayerOptions
    public let selfAttn: PackedMultiHeadAttention, multiheadAttn: PackedMultiHeadAttention
    public let linear1: Linear, linear2: Linear
    public let norm1: LayerNorm, norm2: LayerNorm, norm3: LayerNorm
    public var isTraining = true

    public init(_ dModel: Int, nhead: Int, options: TransformerLayerOptions = TransformerLayerOptions()) throws {
        try options.check(dModel: dModel, nhead: nhead, owner: "TransformerDecoderLayer")
        self.dModel = dModel
        self.nhead = nhead
        self.options = options
        selfAttn = try PackedMultiHeadAttention(dModel, heads: nhead, dropout: options.dropout, bias: options.bias)
        multiheadAttn = try PackedMultiHeadAttention(dModel, heads: nhead, dropout: options.dropout, bias: options.bias)
        linear1 = try Linear(dModel, options.dimFeedforward, bias: options.bias)
        linear2 = try Linear(options.dimFeedforward, dModel, bias: options.bias)
        norm1 = try TransformerParts.layerNorm(dModel, options)
        norm2 = try TransformerParts.layerNorm(dModel, options)
        norm3 = try TransformerParts.layerNorm(dModel, options)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        throw TensorError(.value, "TransformerDecoderLayer: call it with the target and the encoder's memory, (tgt, memory)")
    }

    /// The layer over `tgt`, attending to `memory`.
    public func forward(_ tgt: Tensor, memory: Tensor, masks: DecoderMasks = DecoderMasks()) throws -> Tensor {
        let owner = "TransformerDecoderLayer"
        let x = try TransformerParts.batchFirst(tgt, options, dModel: dModel, "tgt", owner)
        let m = try TransformerParts.batchFirst(memory, options, dModel: dModel, "memory", owner)
        guard m.rank == x.rank, m.rank == 2 || m.shape[0] == x.shape[0] else {
            throw TensorError(.shape, "\(owner): memory \(memory.shape) and tgt \(tgt.shape) must have the same batch size")
        }
        let selfMasks = AttentionMasks(attnMask: masks.tgtMask, keyPaddingMask: masks.tgtKeyPaddingMask)
        let crossMasks = AttentionMasks(attnMask: masks.memoryMask, keyPaddingMask: masks.memoryKeyPaddingMask)
        let training = isTraining, p = options.dropout
        var h = try TransformerParts.residual(x, norm1, normFirst: options.normFirst) { y in
            try selfAttn.calling(y) { try selfAttn.forward(query: $0, key: $0, value: $0, masks: selfMasks, causal: masks.tgtIsCausal, owner: owner).output }
                .dropout(p: p, training: training)
        }
        h = try TransformerParts.residual(h, norm2, normFirst: options.normFirst) { y in
            try multiheadAttn.calling(y) { try multiheadAttn.forward(query: $0, key: m, value: m, masks: crossMasks, causal: masks.memoryIsCausal, owner: owner).output }
                .dropout(p: p, training: training)
        }
        h = try TransformerParts.residual(h, norm3, normFirst: options.normFirst) { y in
            try TransformerParts.feedForward(y, linear1, linear2, options, training: training)
        }
        return try TransformerParts.restore(h, options)
    }

    /// A layer with the same settings and a copy of these parameters.
    public func copy() throws -> TransformerDecoderLayer {
        let c = try TransformerDecoderLayer(dModel, nhead: nhead, options: options)
        try c.loadStateDict(stateDict())
        c.setTraining(isTraining)
        return c
    }

    public var children: [(String, any Module)] {
        [("self_attn", selfAttn), ("multihead_attn", multiheadAttn), ("linear1", linear1), ("linear2", linear2),
         ("norm1", norm1), ("norm2", norm2), ("norm3", norm3)]
    }

    public var summaryName: String { "TransformerDecoderLayer(\(dModel), nhead: \(nhead)\(options.summary()))" }
}
