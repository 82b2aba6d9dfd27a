import TensorEngine

/// A sparse mixture-of-experts feed-forward layer with top-k routing.
///
/// Each token's router logits (`router`, a bias-free Linear) give softmax gate probabilities over the
/// experts; the token goes to the `topK` most probable experts (the lower index wins a tie), and its
/// output is the sum of their FFN outputs weighted by those probabilities (renormalized over the chosen
/// experts when `normalize` is set, as in GShard and Mixtral). Experts run only on their own tokens.
///
/// Every forward pass also sets `auxLoss`, the Switch/GShard load-balancing loss
/// `experts · Σᵢ fᵢ · Pᵢ`, where `fᵢ` is the fraction of routing assignments that went to expert i
/// and `Pᵢ` the mean gate probability of expert i over the tokens. It is 1 when routing is perfectly
/// balanced; add a small multiple of it to the training loss (its gradient reaches the router through Pᵢ).
public final class MixtureOfExperts: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int, hidden: Int, topK: Int
    public let normalize: Bool
    public let router: Linear
    public let experts: [FeedForward]
    /// The load-balancing loss of the last forward pass (nil before the first).
    public private(set) var auxLoss: Tensor?
    /// How many tokens each expert received in the last forward pass.
    public private(set) var lastCounts: [Int] = []
    public var isTraining = true

    public init(_ dim: Int, _ hidden: Int, experts: Int, topK: Int = Defaults.topK, kind: FeedForwardKind = FeedForward.Defaults.kind,
                normalize: Bool = Defaults.normalize) throws {
        guard experts > 0, topK >= 1, topK <= experts else {
            throw TensorError(.value, "MixtureOfExperts: topK (\(topK)) must be between 1 and the number of experts (\(experts))")
        }
        self.dim = dim
        self.hidden = hidden
        self.topK = topK
        self.normalize = normalize
        // Each expert holds at least its biases: the count of all of them is checked before one is made.
        _ = try Memory.count([experts, dim + hidden + 1], op: "MixtureOfExperts")
        self.experts = try (0..<experts).map { _ in try FeedForward(dim, hidden, kind: kind) }
        router = try Linear(dim, experts, bias: false)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1, x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "MixtureOfExperts: input \(x.shape) does not end in dim \(dim)")
        }
        let e = experts.count, k = topK
        let tokens = try x.reshape([-1, dim])
        let n = tokens.shape[0]
        let probs = try router(tokens).softmax(axis: 1)
        let chosen = probs.withUnsafeValues { p in MixtureOfExperts.topIndices(p, rows: n, columns: e, k: k) }
        var gates = try probs.gather(axis: 1, index: try Tensor(shape: [n, k], values: chosen.map { Float($0) }))
        if normalize { gates = try gates / gates.sum(axis: 1, keepDims: true) }
        let flatGates = try gates.reshape([n * k])

        // Group the (token, slot) assignments by expert.
        var rows = [[Float]](repeating: [], count: e), slots = [[Float]](repeating: [], count: e)
        for (i, c) in chosen.enumerated() {
            rows[c].append(Float(i / k))
            slots[c].append(Float(i))
        }
        var contributions: [Tensor] = [], targets: [Float] = []
        for c in 0..<e where !rows[c].isEmpty {
            let m = rows[c].count
            let input = try tokens.indexSelect(axis: 0, indices: try Tensor(shape: [m], values: rows[c]))
            let weight = try flatGates.indexSelect(axis: 0, indices: try Tensor(shape: [m], values: slots[c]))
            contributions.append(try experts[c](input) * weight.reshape([m, 1]))
            targets += rows[c]
        }
        // One scatter adds every contribution into its token's row.
        let sources = try Tensor.concat(contributions, axis: 0)
        var index = [Float](repeating: 0, count: sources.count)
        for (r, t) in targets.enumerated() { for j in 0..<dim { index[r * dim + j] = t } }
        let out = try Tensor.full(checked: [n, dim], 0).scatterAdd(axis: 0, index: try Tensor(shape: sources.shape, values: index),
                                                         source: sources)

        lastCounts = rows.map(\.count)
        let fractions = try Tensor(shape: [e], values: lastCounts.map { Float($0) / Float(Swift.max(n * k, 1)) })
        auxLoss = try (try probs.mean(axis: 0) * fractions).sum() * Float(e)
        return try out.reshape(x.shape)
    }

    /// The `k` largest entries of each row (their column indices, largest first; the lower index wins
    /// a tie), flattened row by row.
    static func topIndices(_ p: UnsafeBufferPointer<Float>, rows: Int, columns: Int, k: Int) -> [Int] {
        var out = [Int](repeating: 0, count: rows * k)
        var taken = [Bool](repeating: false, count: columns)
        for r in 0..<rows {
            for c in 0..<columns { taken[c] = false }
            for s in 0..<k {
                var best = -1
                for c in 0..<columns where !taken[c] && (best < 0 || p[r * columns + c] > p[r * columns + best]) { best = c }
                taken[best] = true
                out[r * k + s] = best
            }
        }
        return out
    }

    public var children: [(String, any Module)] {
        [("router", router)] + experts.enumerated().map { ("experts.\($0.offset)", $0.element) }
    }

    public var summaryName: String {
        "MixtureOfExperts(\(dim), \(hidden), experts: \(experts.count), topK: \(topK))"
    }
}

extension MixtureOfExperts {
    /// The defaults the language's `MixtureOfExperts` declares too: one expert per token, weights unnormalized.
    public enum Defaults {
        public static let topK = 1, normalize = false
    }
}
