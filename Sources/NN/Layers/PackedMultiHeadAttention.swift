import TensorEngine

/// Multi-head attention laid out as PyTorch's `nn.MultiheadAttention`: the query, key and value
/// projections packed in `in_proj_weight` `[3·dim, dim]` and `in_proj_bias` `[3·dim]`, then `out_proj`.
///
/// The Transformer layers use it so that their state dicts carry PyTorch's names and load PyTorch
/// checkpoints as they are. Initialization is PyTorch's: Xavier-uniform packed weights, zero biases,
/// `out_proj.weight` as a Linear's. Inputs are batch-first `[batch, L, dim]` (or unbatched `[L, dim]`).
public final class PackedMultiHeadAttention: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int, heads: Int, headDim: Int
    /// The probability of zeroing each attention weight in training mode.
    public let dropout: Double
    public let inProjWeight: Tensor
    public let inProjBias: Tensor?
    public let outProj: Linear
    public var isTraining = true

    public init(_ dim: Int, heads: Int, dropout: Double = MultiHeadAttention.Defaults.dropout, bias: Bool = MultiHeadAttention.Defaults.bias,
                owner: String = "MultiheadAttention") throws {
        guard dim > 0, heads > 0 else {
            throw TensorError(.value, "\(owner): dModel (\(dim)) and nhead (\(heads)) must be positive")
        }
        guard dim % heads == 0 else {
            throw TensorError(.value, "\(owner): dModel \(dim) is not divisible by nhead \(heads)")
        }
        guard dropout >= 0, dropout <= 1 else {
            throw TensorError(.value, "\(owner): dropout must be between 0 and 1, got \(dropout)")
        }
        self.dim = dim
        self.heads = heads
        headDim = dim / heads
        self.dropout = dropout
        inProjWeight = try Tensor.zeros([3 * dim, dim])
        try Init.xavierUniform(inProjWeight)
        inProjWeight.requiresGrad = true
        inProjBias = bias ? try Tensor.zeros([3 * dim]) : nil
        inProjBias?.requiresGrad = true
        outProj = try Linear(dim, dim, bias: bias)
        if let b = outProj.bias { try Init.zeros(b) }
    }

    /// Self-attention over `x`.
    public func forward(_ x: Tensor) throws -> Tensor { try forward(query: x, key: x, value: x, masks: AttentionMasks()).output }

    /// Attention of `query` over `key` and `value` with PyTorch's masks (see `AttentionMasks`); `causal`
    /// also hides the keys after each query's position (query `i` at position `i`, PyTorch's `is_causal`).
    public func forward(query: Tensor, key: Tensor, value: Tensor, masks: AttentionMasks, causal: Bool = false,
                        owner: String = "MultiheadAttention") throws -> (output: Tensor, weights: Tensor?) {
        let batched = query.rank == 3
        let q = try project(query, 0, "query", owner), k = try project(key, 1, "key", owner), v = try project(value, 2, "value", owner)
        guard k.shape[0] == q.shape[0], v.shape[0] == q.shape[0], v.shape[1] == k.shape[1], key.rank == query.rank, value.rank == query.rank else {
            throw TensorError(.shape, "\(owner): query \(query.shape), key \(key.shape) and value \(value.shape) must share the batch size, and key and value their length")
        }
        let out: Tensor, weights: Tensor?
        if masks.needComposed(dropout: dropout, training: isTraining) {
            (out, weights) = try ComposedAttention.attend(
                q, k, v, heads: heads, kvHeads: heads, visibility: .init(causal: causal, alignment: .topLeft),
                masks: try AttentionMasks.batched(masks, batched: batched), dropout: dropout, training: isTraining, op: owner,
                selfAttention: key === query)
        } else {
            out = try Tensor.multiHeadAttention(query: q, key: k, value: v, heads: heads, kvHeads: heads, causal: causal,
                                                causalAlignment: .topLeft, selfAttention: key === query)
            weights = nil
        }
        let projected = try outProj(out)
        guard !batched else { return (projected, weights) }
        return (try projected.squeeze(axis: 0), try weights?.squeeze(axis: 0))
    }

    /// Part `part` (0 query, 1 key, 2 value) of the packed projection applied to `x`, batched.
    private func project(_ x: Tensor, _ part: Int, _ what: String, _ owner: String) throws -> Tensor {
        guard x.rank == 3 || x.rank == 2, x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "\(owner): \(what) must be [batch, length, \(dim)] or [length, \(dim)], got \(x.shape)")
        }
        let rows = IndexSpec.range(part * dim, (part + 1) * dim, 1)
        let y = try Tensor.linear(x, weight: try inProjWeight[rows], bias: try inProjBias.map { try $0[rows] })
        return x.rank == 3 ? y : try y.unsqueeze(axis: 0)
    }

    public var ownParameters: [(String, Tensor)] {
        [("in_proj_weight", inProjWeight)] + (inProjBias.map { [("in_proj_bias", $0)] } ?? [])
    }

    public var children: [(String, any Module)] { [("out_proj", outProj)] }

    public var summaryName: String {
        "MultiheadAttention(\(dim), nhead: \(heads)\(dropout > 0 ? ", dropout: \(dropout)" : ""))"
    }
}
