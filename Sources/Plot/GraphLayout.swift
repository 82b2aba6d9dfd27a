// Layers and order of a graph drawing (the Sugiyama scheme): longest-path layers from the inputs,
// virtual vertices where an edge skips layers, then barycenter sweeps to reduce edge crossings.

/// The layered structure of a graph diagram: which layer each vertex is in and its order there.
///
/// Vertices are the diagram's nodes (0..<nodeCount) followed by virtual vertices that carry edges
/// across the layers they skip. Everything is linear or n log n in the graph's size per sweep, so
/// thousands of nodes lay out in milliseconds.
struct GraphLayers {
    /// The number of real nodes; vertices from here on are virtual.
    let nodeCount: Int
    /// The layer of each vertex (0 holds the inputs).
    private(set) var layer: [Int] = []
    /// The vertices of each layer, in drawing order.
    private(set) var order: [[Int]] = []
    /// Neighbours of each vertex in the layer before and the layer after.
    private(set) var up: [[Int]] = []
    private(set) var down: [[Int]] = []
    /// For each valid edge of the diagram (in `GraphDiagram.validEdges` order): the vertices it passes
    /// through, from its input to its output.
    private(set) var chains: [[Int]] = []

    /// The most virtual vertices made; edges beyond it are drawn straight across the layers they skip.
    static let virtualLimit = 4000
    /// Barycenter sweeps (alternately downward and upward); the best order seen is kept.
    static let sweeps = 12

    init(nodeCount n: Int, edges: [GraphDiagram.Edge]) {
        nodeCount = n
        let dag = GraphLayers.acyclic(n, edges)
        var preds = [[Int]](repeating: [], count: n), succs = [[Int]](repeating: [], count: n)
        for (a, b) in dag.edges { preds[b].append(a); succs[a].append(b) }
        // Longest path from the inputs, then each leaf moved next to its first user.
        var layer = [Int](repeating: 0, count: n)
        for v in dag.order { layer[v] = preds[v].map { layer[$0] + 1 }.max() ?? 0 }
        for v in 0..<n where preds[v].isEmpty && !succs[v].isEmpty {
            layer[v] = succs[v].map { layer[$0] }.min()! - 1
        }
        self.layer = layer
        up = [[Int]](repeating: [], count: n)
        down = [[Int]](repeating: [], count: n)
        var virtualCount = 0
        for (i, (a, b)) in dag.edges.enumerated() {
            var chain = [a]
            let span = layer[b] - layer[a]
            if span > 1 && virtualCount + span - 1 <= GraphLayers.virtualLimit {
                for l in (layer[a] + 1)..<layer[b] {
                    let v = self.layer.count
                    self.layer.append(l)
                    up.append([])
                    down.append([])
                    chain.append(v)
                }
                virtualCount += span - 1
            }
            chain.append(b)
            for k in 1..<chain.count where self.layer[chain[k]] - self.layer[chain[k - 1]] == 1 {
                down[chain[k - 1]].append(chain[k])
                up[chain[k]].append(chain[k - 1])
            }
            chains.append(dag.reversed[i] ? chain.reversed() : chain)
        }
        let layerCount = (self.layer.max() ?? -1) + 1
        order = [[Int]](repeating: [], count: layerCount)
        for v in 0..<self.layer.count { order[self.layer[v]].append(v) }
        reduceCrossings()
    }

    /// A topological order of the nodes and the edges made acyclic: where a cycle blocks the order,
    /// the lowest-numbered waiting node goes next and edges against the order are turned around.
    static func acyclic(_ n: Int, _ edges: [GraphDiagram.Edge]) -> (order: [Int], edges: [(Int, Int)], reversed: [Bool]) {
        var indegree = [Int](repeating: 0, count: n), succs = [[Int]](repeating: [], count: n)
        for e in edges { indegree[e.to] += 1; succs[e.from].append(e.to) }
        var done = [Bool](repeating: false, count: n), position = [Int](repeating: 0, count: n)
        var ready = (0..<n).filter { indegree[$0] == 0 }, head = 0, scan = 0
        var order: [Int] = []
        order.reserveCapacity(n)
        while order.count < n {
            if head == ready.count {
                while done[scan] { scan += 1 }
                ready.append(scan)   // a cycle: take the lowest waiting node
            }
            let v = ready[head]
            head += 1
            if done[v] { continue }
            done[v] = true
            position[v] = order.count
            order.append(v)
            for w in succs[v] where !done[w] {
                indegree[w] -= 1
                if indegree[w] == 0 { ready.append(w) }
            }
        }
        var dagEdges: [(Int, Int)] = [], reversed: [Bool] = []
        for e in edges {
            let back = position[e.from] > position[e.to]
            dagEdges.append(back ? (e.to, e.from) : (e.from, e.to))
            reversed.append(back)
        }
        return (order, dagEdges, reversed)
    }

    /// Reorders every layer by the mean position of its neighbours, sweeping down and up, and keeps the
    /// order with the fewest crossings.
    private mutating func reduceCrossings() {
        guard order.count > 1 else { return }
        var best = order, bestCount = crossings()
        for sweep in 0..<GraphLayers.sweeps where bestCount > 0 {
            if sweep % 2 == 0 {
                for l in 1..<order.count { reorder(l, upward: true) }
            } else {
                for l in stride(from: order.count - 2, through: 0, by: -1) { reorder(l, upward: false) }
            }
            let count = crossings()
            if count < bestCount { best = order; bestCount = count }
        }
        order = best
    }

    /// Sorts layer `l` by the mean position of each vertex's neighbours in the layer above (`upward`)
    /// or below.
    private mutating func reorder(_ l: Int, upward: Bool) {
        let neighbours = upward ? up : down
        var position = [Int: Int]()
        for (i, v) in order[l].enumerated() { position[v] = i }
        let otherLayer = upward ? l - 1 : l + 1
        var otherPosition = [Int: Int]()
        for (i, v) in order[otherLayer].enumerated() { otherPosition[v] = i }
        let keyed = order[l].map { v -> (Double, Int, Int) in
            let ns = neighbours[v]
            // A vertex without neighbours there keeps its place.
            let center = ns.isEmpty ? Double(position[v]!)
                : Double(ns.reduce(0) { $0 + otherPosition[$1]! }) / Double(ns.count)
            return (center, position[v]!, v)
        }
        order[l] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    /// The number of edge crossings between neighbouring layers (inversions counted with a Fenwick tree).
    func crossings() -> Int {
        var total = 0
        var position = [Int](repeating: 0, count: layer.count)
        for layerVertices in order { for (i, v) in layerVertices.enumerated() { position[v] = i } }
        for l in 0..<max(0, order.count - 1) {
            var pairs: [(Int, Int)] = []
            for v in order[l] { for w in down[v] { pairs.append((position[v], position[w])) } }
            pairs.sort { $0 < $1 }
            let size = order[l + 1].count
            var tree = [Int](repeating: 0, count: size + 1)
            for (seen, (_, p)) in pairs.enumerated() {
                // Edges seen before that end to the right of this one cross it.
                var i = p + 1, notRight = 0
                while i > 0 { notRight += tree[i]; i -= i & -i }
                total += seen - notRight
                i = p + 1
                while i <= size { tree[i] += 1; i += i & -i }
            }
        }
        return total
    }
}
