import TensorEngine

/// A pre-norm Transformer block: `x + attention(norm1(x))`, then `+ feedForward(norm2(x))`.
///
/// The attention is a `MultiHeadAttention` (MHA, GQA or MQA by `kvHeads`, optionally causal or
/// windowed) and the feed-forward a GELU MLP or SwiGLU; both norms are LayerNorms over `dim`.
public final class TransformerBlock: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int
    public let norm1: LayerNorm, norm2: LayerNorm
    public let attention: MultiHeadAttention
    public let feedForward: FeedForward
    public var isTraining = true

    public init(_ dim: Int, heads: Int, kvHeads: Int? = nil, hidden: Int? = nil, causal: Bool = MultiHeadAttention.Defaults.causal,
                window: Int? = nil, kind: FeedForwardKind = FeedForward.Defaults.kind) throws {
        self.dim = dim
        attention = try MultiHeadAttention(dim, heads: heads, kvHeads: kvHeads, causal: causal, window: window)
        feedForward = try FeedForward(dim, hidden ?? 4 * dim, kind: kind)
        norm1 = try LayerNorm(dim)
        norm2 = try LayerNorm(dim)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        let h = try x + attention(try norm1(x))
        return try h + feedForward(try norm2(h))
    }

    /// One decoding step through the block with `cache` as its attention's key/value cache; the
    /// outputs equal those of `forward` on the whole sequence with a causal attention.
    public func step(_ x: Tensor, cache: KVCache) throws -> Tensor {
        let h = try x + attention.step(try norm1(x), cache: cache)
        return try h + feedForward(try norm2(h))
    }

    public var children: [(String, any Module)] {
        [("norm1", norm1), ("attention", attention), ("norm2", norm2), ("feedForward", feedForward)]
    }

    public var summaryName: String {
        var s = "TransformerBlock(\(dim), heads: \(attention.heads)"
        if attention.kvHeads != attention.heads { s += ", kvHeads: \(attention.kvHeads)" }
        s += ", hidden: \(feedForward.hidden)"
        if attention.causal { s += ", causal: true" }
        if let w = attention.window { s += ", window: \(w)" }
        if feedForward.kind != FeedForward.Defaults.kind { s += ", kind: \"\(feedForward.kind.rawValue)\"" }
        return s + ")"
    }
}
