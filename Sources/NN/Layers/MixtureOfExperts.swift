import TensorEngine

/// A sparse mixture-of-experts feed-forward layer with top-k routing.
///
/// Each token's router logits (`router`, a bias-free Linear) give softmax gate probabilities over the
/// experts; the token goes to the `topK` most probable experts (the lower index wins a tie), and its
/// output is the sum of their FFN outputs weighted by those probabilities (renormalized over the chosen
/// experts when `normalize` is set, as in GShard and Mixtral). Experts run only on their own tokens.
///
/// With a `capacityFactor` each expert takes at most `ceil(capacityFactor · tokens · topK / experts)`
/// assignments, first come first served in token order (a token's own choices in rank order), as the
/// Switch Transformer does; an assignment past that is dropped: the token gets nothing from that expert
/// and keeps the gates of its other choices as they were (its residual path carries it). `sharedExperts`
/// always-on FeedForward experts (DeepSeekMoE) run on every token and are added unweighted.
///
/// Every forward pass also sets `auxLoss`, the Switch/GShard load-balancing loss
/// `experts · Σᵢ fᵢ · Pᵢ`, where `fᵢ` is the fraction of routing assignments that went to expert i
/// (before capacity drops, as in Switch) and `Pᵢ` the mean gate probability of expert i over the tokens.
/// It is 1 when routing is perfectly balanced; add a small multiple of it to the training loss (its
/// gradient reaches the router through Pᵢ). `zLoss` is ST-MoE's router z-loss, the mean over tokens of
/// `logsumexp(logits)²`, which keeps the router's logits small.
public final class MixtureOfExperts: Module {
    public let forwardHooks = ForwardHooks()
    public let dim: Int, hidden: Int, topK: Int
    public let normalize: Bool
    /// The capacity factor, or nil when experts take every token routed to them.
    public let capacityFactor: Double?
    public let router: Linear
    public let experts: [FeedForward]
    /// The always-on experts added for every token (empty by default).
    public let sharedExperts: [FeedForward]
    /// The experts as PyTorch's `nn.ModuleList` children `experts` and `sharedExperts`.
    private let expertList: LayerList, sharedList: LayerList
    /// The load-balancing loss of the last forward pass (nil before the first).
    public private(set) var auxLoss: Tensor?
    /// The router z-loss of the last forward pass (nil before the first).
    public private(set) var zLoss: Tensor?
    /// The mean gate probability of each expert over the last forward pass's tokens, `[experts]`.
    public private(set) var routerProbabilities: Tensor?
    /// How many tokens each expert received (and ran on) in the last forward pass.
    public private(set) var lastCounts: [Int] = []
    /// How many assignments the router sent to each expert in the last forward pass, before capacity drops.
    public private(set) var routedCounts: [Int] = []
    /// The assignments (token, expert) the capacity dropped in the last forward pass.
    public var droppedTokens: Int { routedCounts.reduce(0, +) - lastCounts.reduce(0, +) }
    /// The most assignments an expert took in the last forward pass (nil without a capacity factor).
    public private(set) var lastCapacity: Int?
    public var isTraining = true

    public init(_ dim: Int, _ hidden: Int, experts: Int, topK: Int = Defaults.topK, kind: FeedForwardKind = FeedForward.Defaults.kind,
                normalize: Bool = Defaults.normalize, capacityFactor: Double? = nil,
                sharedExperts shared: Int = Defaults.sharedExperts) throws {
        guard experts > 0, topK >= 1, topK <= experts else {
            throw TensorError(.value, "MixtureOfExperts: topK (\(topK)) must be between 1 and the number of experts (\(experts))")
        }
        if let capacityFactor, !(capacityFactor > 0 && capacityFactor.isFinite) {
            throw TensorError(.value, "MixtureOfExperts: capacityFactor must be a positive number, got \(capacityFactor)")
        }
        guard shared >= 0 else {
            throw TensorError(.value, "MixtureOfExperts: sharedExperts must be 0 or more, got \(shared)")
        }
        self.dim = dim
        self.hidden = hidden
        self.topK = topK
        self.normalize = normalize
        self.capacityFactor = capacityFactor
        // Each expert holds at least its biases: the count of all of them is checked before one is made.
        _ = try Memory.count([experts, dim + hidden + 1], op: "MixtureOfExperts")
        _ = try Memory.count([shared, dim + hidden + 1], op: "MixtureOfExperts")
        self.experts = try (0..<experts).map { _ in try FeedForward(dim, hidden, kind: kind) }
        router = try Linear(dim, experts, bias: false)
        // Made last, so a model without shared experts draws the same initial weights as before they existed.
        sharedExperts = try (0..<shared).map { _ in try FeedForward(dim, hidden, kind: kind) }
        expertList = LayerList(self.experts)
        sharedList = LayerList(sharedExperts)
    }

    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.dtype.isFloatingPoint else {
            throw TensorError(.type, "MixtureOfExperts: input must be a floating-point tensor, not \(x.dtype)")
        }
        guard x.rank >= 1, x.shape[x.rank - 1] == dim else {
            throw TensorError(.shape, "MixtureOfExperts: input \(x.shape) does not end in dim \(dim)")
        }
        let e = experts.count, k = topK
        let tokens = try x.reshape([-1, dim])
        let n = tokens.shape[0]
        let logits = try router(tokens)
        let probs = try logits.softmax(axis: 1)
        let chosen = probs.withUnsafeValues { p in MixtureOfExperts.topIndices(p, rows: n, columns: e, k: k) }
        var gates = try probs.gather(axis: 1, index: try Tensor(shape: [n, k], values: chosen.map { Float($0) }))
        if normalize { gates = try gates / gates.sum(axis: 1, keepDims: true) }
        let flatGates = try gates.reshape([n * k])

        // Group the (token, slot) assignments by expert, in token order, up to the capacity.
        let capacity = capacity(tokens: n)
        var rows = [[Float]](repeating: [], count: e), slots = [[Float]](repeating: [], count: e)
        var routed = [Int](repeating: 0, count: e)
        for (i, c) in chosen.enumerated() {
            routed[c] += 1
            if let capacity, rows[c].count >= capacity { continue }
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
        var out = try Tensor.zeros([n, dim], dtype: probs.dtype)
        if !contributions.isEmpty {
            // One scatter adds every contribution into its token's row.
            let sources = try Tensor.concat(contributions, axis: 0)
            var index = [Float](repeating: 0, count: sources.count)
            for (r, t) in targets.enumerated() { for j in 0..<dim { index[r * dim + j] = t } }
            out = try out.scatterAdd(axis: 0, index: try Tensor(shape: sources.shape, values: index), source: sources)
        }
        for shared in sharedExperts { out = try out + shared(tokens) }

        try record(logits: logits, probs: probs, kept: rows.map(\.count), routed: routed, capacity: capacity)
        return try out.reshape(x.shape)
    }

    /// The most assignments one expert takes from `tokens` tokens, or nil without a capacity factor.
    public func capacity(tokens n: Int) -> Int? {
        guard let capacityFactor else { return nil }
        // Computed in Double and capped at every assignment, so a huge factor cannot overflow Int.
        return Int(Swift.min((capacityFactor * Double(n * topK) / Double(experts.count)).rounded(.up), Double(n * topK)))
    }

    /// Keeps the routing statistics and the auxiliary losses of a forward pass.
    private func record(logits: Tensor, probs: Tensor, kept: [Int], routed: [Int], capacity: Int?) throws {
        let assignments = Swift.max(routed.reduce(0, +), 1), e = experts.count
        lastCounts = kept
        routedCounts = routed
        lastCapacity = capacity
        let meanProbs = try probs.mean(axis: 0)
        routerProbabilities = meanProbs
        let fractions = try Tensor(shape: [e], values: routed.map { Float($0) / Float(assignments) })
        auxLoss = try (meanProbs * fractions).sum() * Float(e)
        let z = try logits.logsumexp(axis: 1)
        zLoss = try (z * z).mean()
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
        [("router", router), ("experts", expertList), ("sharedExperts", sharedList)]
    }

    public var summaryName: String {
        var s = "MixtureOfExperts(\(dim), \(hidden), experts: \(experts.count), topK: \(topK)"
        if let capacityFactor { s += ", capacityFactor: \(capacityFactor)" }
        if !sharedExperts.isEmpty { s += ", sharedExperts: \(sharedExperts.count)" }
        return s + ")"
    }
}

extension MixtureOfExperts {
    /// The defaults the language's `MixtureOfExperts` declares too: one expert per token, weights
    /// unnormalized, no shared experts.
    public enum Defaults {
        public static let topK = 1, normalize = false, sharedExperts = 0
    }
}
