import TensorEngine

/// What PyTorch's `nn.MultiheadAttention.forward` takes besides its inputs: masks and whether to return
/// the attention weights.
///
/// - `attnMask` `[L, S]`, or `[batch·heads, L, S]` (one per batch and head, batch-major, as PyTorch),
///   or `[heads, L, S]` (the same for every batch, e.g. an ALiBi bias; PyTorch has no such form): a bool
///   mask hides the keys where it is true; a floating mask is added to the scores.
/// - `keyPaddingMask` `[batch, S]` (`[S]` for an unbatched input): a bool mask hides the padded keys
///   where it is true; a floating one is added to each query's scores.
/// - `needWeights` returns the attention weights (after dropout, as PyTorch), averaged over the heads
///   `[batch, L, S]` unless `averageAttnWeights` is false (`[batch, heads, L, S]`).
///
/// A query whose keys are all hidden gets NaN outputs, as in PyTorch.
public struct AttentionMasks {
    public var attnMask: Tensor?
    public var keyPaddingMask: Tensor?
    public var needWeights: Bool
    public var averageAttnWeights: Bool

    public init(attnMask: Tensor? = nil, keyPaddingMask: Tensor? = nil, needWeights: Bool = false, averageAttnWeights: Bool = true) {
        self.attnMask = attnMask
        self.keyPaddingMask = keyPaddingMask
        self.needWeights = needWeights
        self.averageAttnWeights = averageAttnWeights
    }

    /// The masks of an unbatched call (`[L, E]` inputs) as those of a batch of one.
    static func batched(_ masks: AttentionMasks, batched: Bool) throws -> AttentionMasks {
        guard !batched, let m = masks.keyPaddingMask, m.rank == 1 else { return masks }
        var out = masks
        out.keyPaddingMask = try m.unsqueeze(axis: 0)
        return out
    }

    /// Whether these options need more than the fused kernel gives: masks, weights or (with `dropout`) dropout.
    public func needComposed(dropout: Double, training: Bool) -> Bool {
        attnMask != nil || keyPaddingMask != nil || needWeights || (training && dropout > 0)
    }
}

/// Attention composed of differentiable ops, for what the fused kernel does not do: additive and bool
/// masks, key padding, returned weights and dropout on the weights. Its gradients of any order come from
/// the ops it records.
enum ComposedAttention {
    /// Where queries sit among keys, and how far back they see.
    struct Visibility {
        var causal = false
        var alignment = CausalAlignment.bottomRight
        var window: Int?
    }

    /// Attention over projected batch-first tensors `q` `[N, L, H·D]`, `k` `[N, S, Hkv·D]`,
    /// `v` `[N, S, Hkv·Dv]`; returns `[N, L, H·Dv]` and the weights when `masks.needWeights`.
    static func attend(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, kvHeads: Int, visibility: Visibility,
                       masks: AttentionMasks, dropout: Double, training: Bool, op: String,
                       selfAttention: Bool = true) throws -> (Tensor, Tensor?) {
        let n = q.shape[0], l = q.shape[1], s = k.shape[1]
        let d = q.shape[2] / heads, dv = v.shape[2] / kvHeads, group = heads / kvHeads
        func split(_ t: Tensor, _ h: Int, _ length: Int, _ width: Int) throws -> Tensor {
            let t4 = try t.reshape([n, length, h, width]).permute([0, 2, 1, 3])
            guard group > 1, h == kvHeads else { return t4 }
            return try t4.reshape([n, kvHeads, 1, length, width]).expand(to: [n, kvHeads, group, length, width])
                .reshape([n, heads, length, width])
        }
        let q4 = try split(q, heads, l, d), k4 = try split(k, kvHeads, s, d), v4 = try split(v, kvHeads, s, dv)
        var scores = try q4.matmul(k4.transpose(-2, -1)).multiplied(by: 1 / Double(Swift.max(d, 1)).squareRoot())
        // Products count as matmuls; the cache per token of a sequence is its row of k and of v, before
        // heads are shared out.
        OperationCounter.record("attention", .init(calls: 1, scoreElements: scores.count,
                                                   cacheBytesPerToken: selfAttention ? k.shape[2] * k.dtype.itemSize + v.shape[2] * v.dtype.itemSize : 0))
        for bias in try biases(masks, visibility: visibility, n: n, heads: heads, l: l, s: s, dtype: scores.dtype, op: op) {
            scores = try scores + bias
        }
        var weights = try scores.softmax(axis: -1)
        if training && dropout > 0 { weights = try weights.dropout(p: dropout, training: true) }
        let out = try weights.matmul(v4).permute([0, 2, 1, 3]).reshape([n, l, heads * dv])
        guard masks.needWeights else { return (out, nil) }
        return (out, masks.averageAttnWeights ? try weights.mean(axis: 1) : weights)
    }

    /// The terms added to the scores `[N, H, L, S]`: each mask (bool ones as 0 or −∞) and the causal or
    /// windowed visibility, each shaped to broadcast.
    static func biases(_ masks: AttentionMasks, visibility: Visibility, n: Int, heads: Int, l: Int, s: Int,
                       dtype: DType, op: String) throws -> [Tensor] {
        var out: [Tensor] = []
        if let m = masks.attnMask {
            let shaped: [Int]
            switch m.shape {
            case [l, s]: shaped = [1, 1, l, s]
            case [n * heads, l, s]: shaped = [n, heads, l, s]
            case [heads, l, s]: shaped = [1, heads, l, s]
            default:
                throw TensorError(.shape, "\(op): attnMask has shape \(m.shape) but must be [\(l), \(s)] or [\(n * heads), \(l), \(s)] ([query length, key length], or one per batch and head) for a query of length \(l) and keys of length \(s)")
            }
            out.append(try additive(m, dtype: dtype).reshape(shaped))
        }
        if let m = masks.keyPaddingMask {
            guard m.shape == [n, s] else {
                throw TensorError(.shape, "\(op): keyPaddingMask has shape \(m.shape) but must be [\(n), \(s)] ([batch, key length])")
            }
            out.append(try additive(m, dtype: dtype).reshape([n, 1, 1, s]))
        }
        if visibility.causal || visibility.window != nil {
            let offset = visibility.alignment == .bottomRight ? s - l : 0
            var hidden = [Double](repeating: 0, count: l * s)
            for i in 0..<l {
                let position = offset + i
                let lo = visibility.window.map { Swift.max(0, position - $0 + 1) } ?? 0
                for j in 0..<s where j < lo || j > position { hidden[i * s + j] = -.infinity }
            }
            out.append(try Tensor(shape: [1, 1, l, s], elements: hidden, dtype: dtype))
        }
        return out
    }

    /// A mask as a term to add to the scores: a bool mask gives −∞ where true and 0 elsewhere (no
    /// gradient); a floating one is itself, in the scores' type.
    static func additive(_ m: Tensor, dtype: DType) throws -> Tensor {
        if m.dtype == .bool {
            let hidden = try m.elements(as: Double.self, op: "attention mask").map { $0 != 0 ? -Double.infinity : 0 }
            return try Tensor(shape: m.shape, elements: hidden, dtype: dtype)
        }
        guard m.dtype.isFloatingPoint else {
            throw TensorError(.type, "attention: a mask must be bool (true hides a key) or floating (added to the scores), not \(m.dtype)")
        }
        return m.dtype == dtype ? m : try m.to(dtype)
    }
}
