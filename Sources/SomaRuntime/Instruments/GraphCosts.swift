import Plot
import TensorEngine

/// What each op of a drawn graph costs, from its shapes: multiply-accumulates of products,
/// convolutions and attention (PyTorch's FLOP counter counts the same ones; FLOPs ≈ 2 × MACs),
/// elementwise work for the rest, the bytes it reads and writes, and the activations its backward
/// rule keeps until `backward()` (`drawGraph(loss, costs: true)`).
struct GraphCosts {
    typealias Cost = OpCost

    /// The cost of every op node whose inputs are all drawn, by node index.
    let costs: [Int: Cost]
    /// Ops at the edge of a cut drawing: some of their inputs are left out, so their cost is unknown.
    let uncounted: Int

    init(_ graph: TapeGraph) {
        var costs: [Int: Cost] = [:], uncounted = 0
        for (i, node) in graph.nodes.enumerated() {
            guard let op = node.op else { continue }
            guard node.hiddenInputs == 0 else {
                uncounted += 1
                continue
            }
            costs[i] = Cost(op, output: Self.operand(node), inputs: node.inputs.map { Self.operand(graph.nodes[$0]) })
        }
        self.costs = costs
        self.uncounted = uncounted
    }

    static func operand(_ n: TapeGraph.Node) -> OpCost.Operand { OpCost.Operand(shape: n.shape, itemSize: n.itemSize) }

    /// The line a node's box shows.
    static func line(_ c: Cost) -> String {
        var parts: [String] = []
        if c.macs > 0 { parts.append(count(c.macs) + " MAC" + (c.steps > 0 ? " (\(c.steps) steps × \(count(c.macs / c.steps)))" : "")) } else if c.elementwise > 0 { parts.append(count(c.elementwise) + (c.elementwise == 1 ? " op" : " ops")) }
        parts.append("r " + Memory.bytes(Double(c.read)) + " w " + Memory.bytes(Double(c.written)))
        if c.kept > 0 { parts.append("keeps " + Memory.bytes(Double(c.kept))) }
        if c.scores > 0 { parts.append("scores " + count(c.scores)) }
        if c.cachePerToken > 0 { parts.append("KV " + Memory.bytes(Double(c.cachePerToken)) + "/token") }
        return parts.joined(separator: " · ")
    }

    /// Totals, the three ops that cost the most and the ops left uncounted at a cut (by multiply-accumulates, then elementwise work; of
    /// equals, the one nearer the inputs first).
    func footer(_ titles: [Int: String]) -> [String] {
        let total = costs.values.reduce(.zero, +)
        var lines = ["total: \(Self.count(total.macs)) MAC (\(Self.count(2 * total.macs)) FLOP) in products, \(Self.count(total.elementwise)) elementwise ops, "
                     + "\(Memory.bytes(Double(total.read))) read, \(Memory.bytes(Double(total.written))) written, \(Memory.bytes(Double(total.kept))) kept for backward"]
        let hot = costs.filter { $0.value.macs > 0 || $0.value.elementwise > 0 }.sorted { ($0.value.macs, $0.value.elementwise, $0.key) > ($1.value.macs, $1.value.elementwise, $1.key) }.prefix(3)
        if !hot.isEmpty {
            lines.append("hot spots: " + hot.map { i, c in "\(titles[i] ?? "op") \(Self.count(max(c.macs, c.elementwise)))" }.joined(separator: ", "))
        }
        if uncounted > 0 {
            lines.append("not counted: \(uncounted) op\(uncounted == 1 ? "" : "s") at the cut, whose inputs are left out (a larger limit: shows them)")
        }
        return lines
    }

    /// `1.2k`, `3.4M`, `5.6G` (see `InferenceLab.count`).
    static func count(_ n: Int) -> String { InferenceLab.count(Double(n)) }
}
