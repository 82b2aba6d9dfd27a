import TensorEngine

/// Multi-head attention with separate query and key/value head counts: MHA when they are equal,
/// grouped-query attention (GQA) when `kvHeads` divides `heads`, multi-query attention (MQA) at one.
///
/// Four `Linear` projections (`qProj`, `kProj`, `vProj`, `outProj`, PyTorch's Linear init); the key and
/// value projections produce `kvHeads · headDim` features, with `headDim = dim / heads`. The heads are
/// read in place by the fused `Tensor.multiHeadAttention`, so no reshapes or permutes are recorded.
public final class MultiHeadAttention: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int, heads: Int, kvHeads: Int, headDim: Int
    /// Whether a query sees only keys at or before its position.
    public let causal: Bool
    /// Where the queries sit among the keys when there are fewer of them (cross-attention): the last
    /// positions (`.bottomRight`, the default, as decoding with a cache does) or the first (`.topLeft`,
    /// PyTorch's `is_causal`). `step` always decodes bottom-right.
    public let causalAlignment: CausalAlignment
    /// When set, a query sees only the last `window` keys up to its own position.
    public let window: Int?
    /// The probability of zeroing each attention weight in training mode (PyTorch's `dropout`).
    public let dropout: Double
    public let qProj: Linear, kProj: Linear, vProj: Linear, outProj: Linear
    public var isTraining = true

    public init(_ dim: Int, heads: Int, kvHeads: Int? = nil, causal: Bool = Defaults.causal,
                causalAlignment: CausalAlignment = .bottomRight, window: Int? = nil, bias: Bool = Defaults.bias,
                dropout: Double = Defaults.dropout) throws {
        let kv = kvHeads ?? heads
        guard dim > 0, heads > 0, kv > 0 else {
            throw TensorError(.value, "MultiHeadAttention: dim (\(dim)), heads (\(heads)) and kvHeads (\(kv)) must be positive")
        }
        guard dim % heads == 0 else {
            throw TensorError(.value, "MultiHeadAttention: dim \(dim) is not divisible by heads \(heads)")
        }
        guard heads % kv == 0 else {
            throw TensorError(.value, "MultiHeadAttention: kvHeads \(kv) must divide heads \(heads)")
        }
        if let window, window < 1 {
            throw TensorError(.value, "MultiHeadAttention: window must be at least 1, got \(window)")
        }
        guard dropout >= 0, dropout <= 1 else {
            throw TensorError(.value, "MultiHeadAttention: dropout must be between 0 and 1, got \(dropout)")
        }
        self.dropout = dropout
        self.dim = dim
        self.heads = heads
        self.kvHeads = kv
        headDim = dim / heads
        self.causal = causal
        self.causalAlignment = causalAlignment
        self.window = window
        qProj = try Linear(dim, dim, bias: bias)
        kProj = try Linear(dim, kv * headDim, bias: bias)
        vProj = try Linear(dim, kv * headDim, bias: bias)
        outProj = try Linear(dim, dim, bias: bias)
    }

    /// Self-attention over `x` `[batch, seq, dim]` (or `[seq, dim]`).
    public func forward(_ x: Tensor) throws -> Tensor { try forward(query: x, key: x, value: x) }

    /// Attention of `query` `[batch, Lq, dim]` over `key` and `value` `[batch, Lk, dim]` (cross-attention
    /// when they differ); unbatched `[L, dim]` inputs work too.
    public func forward(query: Tensor, key: Tensor, value: Tensor) throws -> Tensor {
        if isTraining && dropout > 0 { return try forward(query: query, key: key, value: value, masks: AttentionMasks()).output }
        let batched = query.rank == 3
        let (q, k, v) = (try batch(query, "query"), try batch(key, "key"), try batch(value, "value"))
        let out = try attend(qProj(q), kProj(k), vProj(v), selfAttention: key === query)
        return batched ? out : try out.squeeze(axis: 0)
    }

    /// Attention with PyTorch's masks and optionally its weights (see `AttentionMasks`); dropout on the
    /// weights in training mode. Returns the output and, when `masks.needWeights`, the weights.
    public func forward(query: Tensor, key: Tensor, value: Tensor, masks: AttentionMasks) throws -> (output: Tensor, weights: Tensor?) {
        guard masks.needComposed(dropout: dropout, training: isTraining) else {
            return (try forward(query: query, key: key, value: value), nil)
        }
        let batched = query.rank == 3
        let (q, k, v) = (try batch(query, "query"), try batch(key, "key"), try batch(value, "value"))
        let (out, weights) = try ComposedAttention.attend(
            try qProj(q), try kProj(k), try vProj(v), heads: heads, kvHeads: kvHeads,
            visibility: .init(causal: causal, alignment: causalAlignment, window: window),
            masks: try AttentionMasks.batched(masks, batched: batched), dropout: dropout, training: isTraining,
            op: "MultiHeadAttention", selfAttention: key === query)
        let projected = try outProj(out)
        guard !batched else { return (projected, weights) }
        return (try projected.squeeze(axis: 0), try weights?.squeeze(axis: 0))
    }

    /// One decoding step: attends the new positions `x` `[batch, n, dim]` (often n = 1) over themselves
    /// and everything `cache` holds, then adds their keys and values to it. Decoding is always causal.
    public func step(_ x: Tensor, cache: KVCache) throws -> Tensor {
        let batched = x.rank == 3
        let xb = try batch(x, "input")
        let (keys, values) = try cache.append(keys: try kProj(xb), values: try vProj(xb), window: window)
        let out = try outProj(try Tensor.multiHeadAttention(query: try qProj(xb), key: keys, value: values,
                                                            heads: heads, kvHeads: kvHeads, causal: true, window: window))
        return batched ? out : try out.squeeze(axis: 0)
    }

    /// The elements a full cache of this layer takes for `batch` sequences of `length` positions.
    public func cacheElements(batch: Int, length: Int) -> Int {
        KVCache.elements(layers: 1, batch: batch, length: length, kvHeads: kvHeads, headDim: headDim)
    }

    private func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, selfAttention: Bool) throws -> Tensor {
        try outProj(try Tensor.multiHeadAttention(query: q, key: k, value: v, heads: heads, kvHeads: kvHeads,
                                                  causal: causal, causalAlignment: causalAlignment, window: window,
                                                  selfAttention: selfAttention))
    }

    /// A `[batch, L, dim]` view of an input, adding the batch dimension to an unbatched one.
    private func batch(_ x: Tensor, _ what: String) throws -> Tensor {
        guard (x.rank == 3 || x.rank == 2), x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "MultiHeadAttention: \(what) must be [batch, seq, \(dim)] or [seq, \(dim)], got \(x.shape)")
        }
        return x.rank == 3 ? x : try x.unsqueeze(axis: 0)
    }

    public var children: [(String, any Module)] {
        [("qProj", qProj), ("kProj", kProj), ("vProj", vProj), ("outProj", outProj)]
    }

    public var summaryName: String {
        var s = "MultiHeadAttention(\(dim), heads: \(heads)"
        if kvHeads != heads { s += ", kvHeads: \(kvHeads)" }
        if causal { s += ", causal: true" }
        if causalAlignment != .bottomRight { s += ", causalAlignment: \"\(causalAlignment.rawValue)\"" }
        if let window { s += ", window: \(window)" }
        if dropout > 0 { s += ", dropout: \(dropout)" }
        return s + ")"
    }
}

extension MultiHeadAttention {
    /// The defaults the language's `MultiHeadAttention` and `TransformerBlock` declare too.
    public enum Defaults {
        public static let causal = false, bias = true
        public static let dropout = 0.0
    }
}
