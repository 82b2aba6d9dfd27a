import TensorEngine

/// Multi-head latent attention (MLA, DeepSeek-V2): every head's keys and values are up-projections of
/// one compressed latent per token, so decoding caches that latent alone instead of per-head keys and values.
///
/// - The latent is `c = x·W_DKV` (`kvDown`, `kvLatentDim` features); head `h` reads the keys
///   `c·W_UK` (`kUp`) and the values `c·W_UV` (`vUp`), `headDim = dim / heads` features each.
/// - Queries come from `qProj(x)`, or with `qLatentDim` from a compressed query `qProj(qDown(x))`.
/// - RoPE cannot be applied to keys rebuilt from a cached latent without caching them, so with `ropeDim`
///   position comes in a decoupled part: `qProj` gives each head `ropeDim` more query features, rotated,
///   and every head's key gains the same rotated `kRope(x)` (`ropeDim` features shared by all heads).
///   The scores are scaled by `1/√(headDim + ropeDim)`.
/// - `outProj` maps the heads back to `dim`. There are no biases unless `bias` (DeepSeek-V2 has none).
///
/// `step` stores in the `KVCache` the latents as its keys and the rotated shared keys as its values:
/// `kvLatentDim + ropeDim` numbers per token against multi-head attention's `2·heads·headDim`.
/// Causal and windowed visibility, masks and dropout are those of `MultiHeadAttention`.
public final class MultiHeadLatentAttention: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int, heads: Int, headDim: Int, kvLatentDim: Int
    /// The width of the compressed query, or nil when queries are projected from the input directly.
    public let qLatentDim: Int?
    /// The rotary features per head (and of the shared rotary key), or nil for none.
    public let ropeDim: Int?
    /// The base of the rotary frequencies.
    public let ropeBase: Double
    public let causal: Bool
    /// Where the queries sit among the keys when there are fewer of them (see `MultiHeadAttention`);
    /// it also places the queries' rotary positions. `step` always decodes bottom-right.
    public let causalAlignment: CausalAlignment
    /// When set, a query sees only the last `window` keys up to its own position.
    public let window: Int?
    public let dropout: Double
    public let kvDown: Linear, kUp: Linear, vUp: Linear, qProj: Linear, outProj: Linear
    public let qDown: Linear?, kRope: Linear?
    public var isTraining = true

    public init(_ dim: Int, heads: Int, kvLatentDim: Int, qLatentDim: Int? = nil, ropeDim: Int? = nil,
                ropeBase: Double = RotaryEmbedding.Defaults.base, causal: Bool = MultiHeadAttention.Defaults.causal,
                causalAlignment: CausalAlignment = .bottomRight, window: Int? = nil, bias: Bool = Defaults.bias,
                dropout: Double = MultiHeadAttention.Defaults.dropout) throws {
        let op = "MultiHeadLatentAttention"
        guard dim > 0, heads > 0, kvLatentDim > 0 else {
            throw TensorError(.value, "\(op): dim (\(dim)), heads (\(heads)) and kvLatentDim (\(kvLatentDim)) must be positive")
        }
        guard dim % heads == 0 else { throw TensorError(.value, "\(op): dim \(dim) is not divisible by heads \(heads)") }
        if let qLatentDim, qLatentDim < 1 { throw TensorError(.value, "\(op): qLatentDim must be positive, got \(qLatentDim)") }
        if let ropeDim, ropeDim < 2 || ropeDim % 2 != 0 {
            throw TensorError(.value, "\(op): ropeDim must be positive and even (RoPE turns pairs of features), got \(ropeDim)")
        }
        guard ropeBase > 0, ropeBase.isFinite else { throw TensorError(.value, "\(op): ropeBase must be positive, got \(ropeBase)") }
        if let window, window < 1 { throw TensorError(.value, "\(op): window must be at least 1, got \(window)") }
        guard dropout >= 0, dropout <= 1 else { throw TensorError(.value, "\(op): dropout must be between 0 and 1, got \(dropout)") }
        self.dim = dim
        self.heads = heads
        headDim = dim / heads
        self.kvLatentDim = kvLatentDim
        self.qLatentDim = qLatentDim
        self.ropeDim = ropeDim
        self.ropeBase = ropeBase
        self.causal = causal
        self.causalAlignment = causalAlignment
        self.window = window
        self.dropout = dropout
        let rope = ropeDim ?? 0
        kvDown = try Linear(dim, kvLatentDim, bias: bias)
        kUp = try Linear(kvLatentDim, dim, bias: bias)
        vUp = try Linear(kvLatentDim, dim, bias: bias)
        kRope = try ropeDim.map { try Linear(dim, $0, bias: bias) }
        qDown = try qLatentDim.map { try Linear(dim, $0, bias: bias) }
        qProj = try Linear(qLatentDim ?? dim, heads * (headDim + rope), bias: bias)
        outProj = try Linear(dim, dim, bias: bias)
    }

    /// Self-attention over `x` `[batch, seq, dim]` (or `[seq, dim]`).
    public func forward(_ x: Tensor) throws -> Tensor { try forward(query: x, key: x) }

    /// Attention of `query` `[batch, Lq, dim]` over the latents of `key` `[batch, Lk, dim]`, which give
    /// both keys and values; unbatched `[L, dim]` inputs work too.
    public func forward(query: Tensor, key: Tensor) throws -> Tensor {
        try forward(query: query, key: key, masks: AttentionMasks()).output
    }

    /// Attention with PyTorch's masks and optionally its weights (see `AttentionMasks`); dropout on the
    /// weights in training mode. Returns the output and, when `masks.needWeights`, the weights.
    public func forward(query: Tensor, key: Tensor, masks: AttentionMasks) throws -> (output: Tensor, weights: Tensor?) {
        let batched = query.rank == 3
        let qb = try batch(query, "query"), kb = try batch(key, "key")
        let start = causalAlignment == .bottomRight ? kb.shape[1] - qb.shape[1] : 0
        let (latent, ropeKey) = try compress(kb, start: 0)
        let (k, v) = try expand(latent: latent, ropeKey: ropeKey)
        let q = try queries(qb, start: start)
        var out: Tensor, weights: Tensor?
        if masks.needComposed(dropout: dropout, training: isTraining) {
            (out, weights) = try ComposedAttention.attend(
                q, k, v, heads: heads, kvHeads: heads,
                visibility: .init(causal: causal, alignment: causalAlignment, window: window),
                masks: try AttentionMasks.batched(masks, batched: batched), dropout: dropout, training: isTraining,
                op: "MultiHeadLatentAttention")
        } else {
            out = try Tensor.multiHeadAttention(query: q, key: k, value: v, heads: heads, kvHeads: heads, causal: causal,
                                                causalAlignment: causalAlignment, window: window)
        }
        out = try outProj(out)
        guard !batched else { return (out, weights) }
        return (try out.squeeze(axis: 0), try weights?.squeeze(axis: 0))
    }

    /// One decoding step: attends the new positions `x` `[batch, n, dim]` over themselves and everything
    /// `cache` holds, then adds their latents (as the cache's keys) and rotary keys (as its values).
    ///
    /// The cached latents are never up-projected: `W_UK` is folded into the queries and `W_UV` applied
    /// after the attention, so every head reads the latents themselves, as multi-query attention over
    /// keys `[c; k_R]` and values `c` (DeepSeek-V2's absorbed form).
    public func step(_ x: Tensor, cache: KVCache) throws -> Tensor {
        let batched = x.rank == 3
        let xb = try batch(x, "input")
        let start = cache.position
        let (latent, ropeKey) = try compress(xb, start: start)
        let (latents, ropeKeys) = try cache.append(keys: latent, values: ropeKey, window: window)
        let out = try absorbedAttention(try queries(xb, start: start), latents: latents, ropeKeys: ropeKeys)
        return batched ? out : try out.squeeze(axis: 0)
    }

    /// The numbers a cache holds per token: the latent and the shared rotary key.
    public var cacheElementsPerToken: Int { kvLatentDim + (ropeDim ?? 0) }

    /// The elements a full cache of this layer takes for `batch` sequences of `length` positions.
    public func cacheElements(batch: Int, length: Int) -> Int { batch * length * cacheElementsPerToken }

    /// What the cache keeps of `x` `[batch, n, dim]` at positions `start…`: the latent `[batch, n,
    /// kvLatentDim]` and the rotated shared key `[batch, n, ropeDim]` (`[batch, n, 0]` without RoPE).
    private func compress(_ x: Tensor, start: Int) throws -> (latent: Tensor, ropeKey: Tensor) {
        let latent = try kvDown(x)
        guard let kRope else { return (latent, try Tensor.zeros([x.shape[0], x.shape[1], 0], dtype: latent.dtype)) }
        return (latent, try PositionalEncoding.rope(try kRope(x), positions: positions(start, x.shape[1]), base: ropeBase))
    }

    /// Keys `[batch, S, heads·(headDim + ropeDim)]` (each head's up-projected part, then the shared
    /// rotary part) and values `[batch, S, heads·headDim]` of cached latents and rotary keys.
    private func expand(latent: Tensor, ropeKey: Tensor) throws -> (keys: Tensor, values: Tensor) {
        let content = try kUp(latent), values = try vUp(latent)
        guard let ropeDim else { return (content, values) }
        let (n, s) = (latent.shape[0], latent.shape[1])
        let shared = try ropeKey.reshape([n, s, 1, ropeDim]).expand(to: [n, s, heads, ropeDim])
        let keys = try Tensor.concat([try content.reshape([n, s, heads, headDim]), shared], axis: -1)
        return (try keys.reshape([n, s, heads * (headDim + ropeDim)]), values)
    }

    /// Causal attention of queries `[batch, n, heads·(headDim + ropeDim)]`, the last `n` positions, over
    /// latents `[batch, S, kvLatentDim]` and rotary keys `[batch, S, ropeDim]`, projected by `outProj`.
    /// A query's score against `c·W_UK + b` is `(q·W_UKᵀ)·c` plus the same `q·b` for every key, which the
    /// softmax ignores; the value bias is added once, as the weights sum to 1.
    private func absorbedAttention(_ q: Tensor, latents: Tensor, ropeKeys: Tensor) throws -> Tensor {
        let (n, l, rope) = (q.shape[0], q.shape[1], ropeDim ?? 0)
        let perHead = try q.reshape([n, l, heads, headDim + rope]).permute([0, 2, 1, 3])
        // [batch, heads, n, headDim] · [heads, headDim, kvLatentDim]: each head's query in latent space.
        let content = try perHead[.ellipsis, .range(0, headDim, 1)].matmul(try kUp.weight.reshape([heads, headDim, kvLatentDim]))
        let parts = rope > 0 ? [content, try perHead[.ellipsis, .range(headDim, headDim + rope, 1)]] : [content]
        let query = try Tensor.concat(parts, axis: -1).permute([0, 2, 1, 3]).reshape([n, l, heads * (kvLatentDim + rope)])
        let key = rope > 0 ? try Tensor.concat([latents, ropeKeys], axis: -1) : latents
        let mixed = try Tensor.multiHeadAttention(query: query, key: key, value: latents, heads: heads, kvHeads: 1, causal: true,
                                                  window: window, scale: 1 / Double(headDim + rope).squareRoot())
        // [batch, heads, n, kvLatentDim] · [heads, kvLatentDim, headDim]: each head's values.
        let up = try vUp.weight.reshape([heads, headDim, kvLatentDim]).transpose(-2, -1)
        var out = try mixed.reshape([n, l, heads, kvLatentDim]).permute([0, 2, 1, 3]).matmul(up)
            .permute([0, 2, 1, 3]).reshape([n, l, heads * headDim])
        if let bias = vUp.bias { out = try out + bias }
        return try outProj(out)
    }

    /// Queries `[batch, L, heads·(headDim + ropeDim)]` of `x` at positions `start…`, their rotary
    /// features turned.
    private func queries(_ x: Tensor, start: Int) throws -> Tensor {
        let q = try qProj(try qDown.map { try $0(x) } ?? x)
        guard let ropeDim else { return q }
        let (n, l) = (x.shape[0], x.shape[1])
        let perHead = try q.reshape([n, l, heads, headDim + ropeDim])
        // RoPE turns along the length axis, so the heads go in front of it and back.
        let turned = try PositionalEncoding.rope(try perHead[.ellipsis, .range(headDim, headDim + ropeDim, 1)].permute([0, 2, 1, 3]),
                                                 positions: positions(start, l), base: ropeBase).permute([0, 2, 1, 3])
        let joined = try Tensor.concat([try perHead[.ellipsis, .range(0, headDim, 1)], turned], axis: -1)
        return try joined.reshape([n, l, heads * (headDim + ropeDim)])
    }

    private func positions(_ start: Int, _ count: Int) -> [Double] { (start..<(start + count)).map(Double.init) }

    /// A `[batch, L, dim]` view of an input, adding the batch dimension to an unbatched one.
    private func batch(_ x: Tensor, _ what: String) throws -> Tensor {
        guard x.rank == 3 || x.rank == 2, x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "MultiHeadLatentAttention: \(what) must be [batch, seq, \(dim)] or [seq, \(dim)], got \(x.shape)")
        }
        return x.rank == 3 ? x : try x.unsqueeze(axis: 0)
    }

    public var children: [(String, any Module)] {
        var c: [(String, any Module)] = []
        if let qDown { c.append(("qDown", qDown)) }
        c += [("qProj", qProj), ("kvDown", kvDown)]
        if let kRope { c.append(("kRope", kRope)) }
        return c + [("kUp", kUp), ("vUp", vUp), ("outProj", outProj)]
    }

    public var summaryName: String {
        var s = "MultiHeadLatentAttention(\(dim), heads: \(heads), kvLatentDim: \(kvLatentDim)"
        if let qLatentDim { s += ", qLatentDim: \(qLatentDim)" }
        if let ropeDim { s += ", ropeDim: \(ropeDim)" }
        if ropeBase != RotaryEmbedding.Defaults.base { s += ", ropeBase: \(ropeBase)" }
        if causal { s += ", causal: true" }
        if causalAlignment != .bottomRight { s += ", causalAlignment: \"\(causalAlignment.rawValue)\"" }
        if let window { s += ", window: \(window)" }
        if kUp.bias != nil { s += ", bias: true" }
        if dropout > 0 { s += ", dropout: \(dropout)" }
        return s + ")"
    }
}

extension MultiHeadLatentAttention {
    /// The defaults the language's `MultiHeadLatentAttention` declares too.
    public enum Defaults {
        /// DeepSeek-V2's projections have no biases.
        public static let bias = false
    }
}
