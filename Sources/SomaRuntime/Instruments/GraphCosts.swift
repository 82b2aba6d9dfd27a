import Plot
import TensorEngine

/// What each op of a drawn graph costs, from its shapes: multiply-accumulates of products,
/// convolutions and attention (PyTorch's FLOP counter counts the same ones; FLOPs ≈ 2 × MACs),
/// elementwise work for the rest, the bytes it reads and writes, and the activations its backward
/// rule keeps until `backward()` (`drawGraph(loss, costs: true)`).
struct GraphCosts {
    struct Cost: Equatable {
        var macs = 0, elementwise = 0, read = 0, written = 0, kept = 0
        /// Elements of attention's score matrix (`batch · heads · Lq · Lk`), 0 for other ops.
        var scores = 0
    }

    /// The cost of every op node, by node index.
    let costs: [Int: Cost]

    init(_ graph: TapeGraph) {
        var costs: [Int: Cost] = [:]
        for (i, node) in graph.nodes.enumerated() {
            guard let op = node.op else { continue }
            let inputs = node.inputs.map { graph.nodes[$0] }
            costs[i] = Self.cost(op, output: node, inputs: inputs)
        }
        self.costs = costs
    }

    static func bytes(_ n: TapeGraph.Node) -> Int { n.shape.reduce(1, *) * n.itemSize }

    static func cost(_ op: String, output: TapeGraph.Node, inputs: [TapeGraph.Node]) -> Cost {
        var c = Cost()
        let out = output.shape.reduce(1, *)
        c.read = inputs.reduce(0) { $0 + bytes($1) }
        c.written = bytes(output)
        switch op {
        case "matmul":
            // [..., m, k] @ [..., k, n]: every output element sums k products.
            c.macs = out * (inputs.first?.shape.last ?? 1)
            c.kept = c.read
        case "linear":
            // x [..., in] against weight [out, in].
            c.macs = out * (inputs.count > 1 ? inputs[1].shape.last ?? 1 : 1)
            c.kept = inputs.prefix(2).reduce(0) { $0 + bytes($1) }
        case "conv1d", "conv2d", "conv3d":
            // Every output element sums in-channels × kernel products: the weight's elements per output channel.
            let w = inputs.count > 1 ? inputs[1].shape : []
            c.macs = out * (w.dropFirst().reduce(1, *))
            c.kept = inputs.prefix(2).reduce(0) { $0 + bytes($1) }
        case "attention":
            // q [..., Lq, d], k [..., Lk, d]: scores q·kᵀ, then the weighted sum of v.
            if inputs.count == 3, let lq = inputs[0].shape.dropLast().last, let lk = inputs[1].shape.dropLast().last,
               let d = inputs[0].shape.last, let dv = inputs[2].shape.last {
                let heads = inputs[0].shape.dropLast(2).reduce(1, *)
                c.scores = heads * lq * lk
                c.macs = c.scores * (d + dv)
                c.kept = c.read + c.scores * output.itemSize
            }
        case "mul", "div", "pow":
            c.elementwise = out
            c.kept = c.read
        case "exp", "tanh", "sigmoid", "relu", "sqrt", "silu", "gelu", "softmax", "logSoftmax":
            c.elementwise = out
            c.kept = c.written
        case "reshape", "expand", "alias":
            // Views: nothing moves.
            c.read = 0
            c.written = 0
        default:
            // Elementwise ops touch each output element, reductions each input element.
            c.elementwise = max(out, inputs.map { $0.shape.reduce(1, *) }.max() ?? 0)
        }
        return c
    }

    /// The line a node's box shows.
    static func line(_ c: Cost) -> String {
        var parts: [String] = []
        if c.macs > 0 { parts.append(count(c.macs) + " MAC") } else if c.elementwise > 0 { parts.append(count(c.elementwise) + (c.elementwise == 1 ? " op" : " ops")) }
        parts.append("r " + Memory.bytes(Double(c.read)) + " w " + Memory.bytes(Double(c.written)))
        if c.kept > 0 { parts.append("keeps " + Memory.bytes(Double(c.kept))) }
        if c.scores > 0 { parts.append("scores " + count(c.scores)) }
        return parts.joined(separator: " · ")
    }

    /// Totals, and the three ops that cost the most (by multiply-accumulates, then elementwise work; of
    /// equals, the one nearer the inputs first).
    func footer(_ titles: [Int: String]) -> [String] {
        let total = costs.values.reduce(Cost()) {
            Cost(macs: $0.macs + $1.macs, elementwise: $0.elementwise + $1.elementwise, read: $0.read + $1.read,
                 written: $0.written + $1.written, kept: $0.kept + $1.kept, scores: $0.scores + $1.scores)
        }
        var lines = ["total: \(Self.count(total.macs)) MAC (\(Self.count(2 * total.macs)) FLOP) in products, \(Self.count(total.elementwise)) elementwise ops, "
                     + "\(Memory.bytes(Double(total.read))) read, \(Memory.bytes(Double(total.written))) written, \(Memory.bytes(Double(total.kept))) kept for backward"]
        let hot = costs.filter { $0.value.macs > 0 || $0.value.elementwise > 0 }.sorted { ($0.value.macs, $0.value.elementwise, $0.key) > ($1.value.macs, $1.value.elementwise, $1.key) }.prefix(3)
        if !hot.isEmpty {
            lines.append("hot spots: " + hot.map { i, c in "\(titles[i] ?? "op") \(Self.count(max(c.macs, c.elementwise)))" }.joined(separator: ", "))
        }
        return lines
    }

    /// `1.2k`, `3.4M`, `5.6G`.
    static func count(_ n: Int) -> String {
        let x = Double(n)
        for (limit, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where x >= limit {
            return NumberFormat.compact(x / limit, significant: 3) + suffix
        }
        return "\(n)"
    }
}
