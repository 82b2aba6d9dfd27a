/// What one recorded op costs, estimated from the shapes of its operands: the multiply-accumulates of
/// products, convolutions and attention (the ones PyTorch's FLOP counter counts; FLOPs ≈ 2 × MACs),
/// the elementwise work of the rest, the bytes it reads and writes, the activations its backward rule
/// keeps, and for attention its score matrix and the keys and values a KV cache would hold per token.
///
/// Graph drawings annotate their nodes with it, and `OperationCounter` adds it up for every op the
/// tape records while a counter is active, so `summary` can show each layer's memory traffic.
public struct OpCost: Equatable, Sendable {
    /// A tensor the op read or wrote, as its shape and element size.
    public struct Operand {
        public let shape: [Int]
        public let itemSize: Int
        public init(shape: [Int], itemSize: Int) {
            self.shape = shape
            self.itemSize = itemSize
        }
        public var count: Int { shape.reduce(1, *) }
        public var bytes: Int { count * itemSize }
    }

    public var macs = 0, elementwise = 0, read = 0, written = 0, kept = 0
    /// Elements of attention's score matrices (`batch · heads · Lq · Lk`), 0 for other ops.
    public var scores = 0
    /// Bytes of keys and values attention reads for one key position, over the batch and heads: what a
    /// KV cache holds per token. 0 for other ops.
    public var cachePerToken = 0
    /// The time steps of a recurrent op (0 for other ops): `macs / steps` is one step's cost.
    public var steps = 0

    /// No cost: what sums of costs start from.
    public static let zero = OpCost()

    public static func + (a: OpCost, b: OpCost) -> OpCost {
        OpCost(macs: a.macs + b.macs, elementwise: a.elementwise + b.elementwise, read: a.read + b.read,
               written: a.written + b.written, kept: a.kept + b.kept, scores: a.scores + b.scores,
               cachePerToken: a.cachePerToken + b.cachePerToken, steps: a.steps + b.steps)
    }
}

extension OpCost {
    /// The cost of one run of `op` (a tape record's name) that made `output` from `inputs`.
    public init(_ op: String, output: Operand, inputs: [Operand]) {
        let out = output.count
        read = inputs.reduce(0) { $0 + $1.bytes }
        written = output.bytes
        switch op {
        case "matmul":
            // [..., m, k] @ [..., k, n]: every output element sums k products.
            macs = out * (inputs.first?.shape.last ?? 1)
            kept = read
        case "linear":
            // x [..., in] against weight [out, in].
            macs = out * (inputs.count > 1 ? inputs[1].shape.last ?? 1 : 1)
            kept = inputs.prefix(2).reduce(0) { $0 + $1.bytes }
        case "convTranspose1d", "convTranspose2d", "convTranspose3d":
            // Every input element is spread over out-channels / groups × kernel outputs: weight [in, out/groups, kernel…].
            let w = inputs.count > 1 ? inputs[1].shape : []
            macs = (inputs.first?.count ?? 0) * w.dropFirst().reduce(1, *)
            kept = inputs.prefix(2).reduce(0) { $0 + $1.bytes }
        case "conv1d", "conv2d", "conv3d":
            // Every output element sums in-channels × kernel products: the weight's elements per output channel.
            let w = inputs.count > 1 ? inputs[1].shape : []
            macs = out * w.dropFirst().reduce(1, *)
            kept = inputs.prefix(2).reduce(0) { $0 + $1.bytes }
        case _ where op == "attention" || op.hasPrefix("attention("):
            // q [..., Lq, d], k [..., Lk, d]: scores q·kᵀ, then the weighted sum of v. With the heads packed
            // in the features (`attention(4 heads)`: q [batch, Lq, heads·d], k and v [batch, Lk, kvHeads·d]),
            // every query head meets its group's key head.
            if inputs.count >= 3, let lq = inputs[0].shape.dropLast().last, let lk = inputs[1].shape.dropLast().last,
               let qWidth = inputs[0].shape.last, let kWidth = inputs[1].shape.last, let vWidth = inputs[2].shape.last,
               kWidth > 0 {
                let packed = op.hasPrefix("attention(") ? Int(op.dropFirst("attention(".count).prefix { $0.isNumber }) ?? 1 : 1
                let heads = inputs[0].shape.dropLast(2).reduce(1, *) * packed
                let group = max(1, qWidth / kWidth)
                scores = heads * lq * lk
                macs = scores * (qWidth + vWidth * group) / packed
                kept = read + scores * output.itemSize
                cachePerToken = lk > 0 ? (inputs[1].bytes + inputs[2].bytes) / lk : 0
            }
        case "lstm", "gru", "rnn":
            // x [batch, steps, in]; each step multiplies [batch, in + hidden] by the gates' weights
            // [gates·hidden, in] and [gates·hidden, hidden] (the states come after x, then the weights).
            let weightAt = op == "lstm" ? 3 : 2
            if inputs.count > weightAt + 1, inputs[0].shape.count == 3 {
                let x = inputs[0].shape, wIH = inputs[weightAt].shape, wHH = inputs[weightAt + 1].shape
                steps = x[1]
                macs = x[0] * x[1] * (wIH.first ?? 0) * ((wIH.last ?? 0) + (wHH.last ?? 0))
                kept = read + written
            }
        case "mul", "div", "pow":
            elementwise = out
            kept = read
        case "exp", "tanh", "sigmoid", "relu", "sqrt", "silu", "gelu", "softmax", "logSoftmax":
            elementwise = out
            kept = written
        case "embedding", "index", "indexSelect", "gather":
            // Lookups read only the rows or elements they pick (their positions are not recorded inputs).
            elementwise = out
            read = written
        case "reshape", "alias":
            // Views: nothing moves (an expand is copied, so it counts as elementwise).
            read = 0
            written = 0
        default:
            // Elementwise ops touch each output element, reductions each input element.
            elementwise = Swift.max(out, inputs.map(\.count).max() ?? 0)
        }
    }
}
