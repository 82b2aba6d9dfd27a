// Coordinates of a layered graph drawing: box sizes from their text, layers along the flow, vertices
// across it pulled toward their neighbours, and arrows through the virtual vertices.

/// Where every box and arrow of a graph diagram goes, in SVG pixels (the origin at the top-left).
struct GraphPlacement {
    /// A box by its top-left corner and size.
    struct Box {
        var x: Double, y: Double, width: Double, height: Double
        var midX: Double { x + width / 2 }
        var midY: Double { y + height / 2 }
    }

    let direction: GraphDiagram.Direction
    let layers: GraphLayers
    /// The box of each node.
    private(set) var boxes: [Box] = []
    /// The points of each valid edge, from its input's box to its output's box.
    private(set) var paths: [[(x: Double, y: Double)]] = []
    /// The size of the area the boxes and arrows take.
    private(set) var width = 0.0, height = 0.0

    static let fontSize = 12.0, lineHeight = 15.0, paddingX = 9.0, paddingY = 6.0
    /// Space between layers along the flow, and between neighbours across it.
    static let layerGap = (right: 56.0, down: 40.0), nodeGap = 18.0, virtualGap = 8.0

    init(_ diagram: GraphDiagram) {
        let edges = diagram.validEdges
        layers = GraphLayers(nodeCount: diagram.nodes.count, edges: edges)
        let sizes = diagram.nodes.map(GraphPlacement.size)
        direction = diagram.direction ?? GraphPlacement.preferred(sizes, layers)
        place(sizes)
    }

    /// Left to right when that stays within about 1000 pixels, else top to bottom.
    private static func preferred(_ sizes: [(Double, Double)], _ layers: GraphLayers) -> GraphDiagram.Direction {
        var total = 0.0
        for vertices in layers.order {
            total += vertices.filter { $0 < sizes.count }.map { sizes[$0].0 }.max() ?? 0
        }
        total += Double(max(0, layers.order.count - 1)) * layerGap.right
        return total <= 1000 ? .right : .down
    }

    /// A node's box size (width, height) from its lines of text.
    static func size(_ node: GraphDiagram.Node) -> (Double, Double) {
        var widest = AxesFrame.textWidth(node.title, fontSize) * 1.08
        for line in node.lines { widest = max(widest, AxesFrame.textWidth(line, fontSize - 1)) }
        if node.hiddenInputs > 0 { widest = max(widest, AxesFrame.textWidth(hiddenText(node.hiddenInputs), fontSize - 1)) }
        let lineCount = 1 + node.lines.count + (node.hiddenInputs > 0 ? 1 : 0)
        return (max(44, widest + 2 * paddingX), Double(lineCount) * lineHeight + 2 * paddingY)
    }

    /// The line a box shows for inputs left out of the drawing.
    static func hiddenText(_ count: Int) -> String {
        "+\(count) input\(count == 1 ? "" : "s") not shown"
    }

    private mutating func place(_ sizes: [(Double, Double)]) {
        let n = layers.nodeCount, vertexCount = layers.layer.count
        let flowsRight = direction == .right
        // Sizes along the flow (main) and across it (cross); virtual vertices are thin.
        func main(_ v: Int) -> Double { v < n ? (flowsRight ? sizes[v].0 : sizes[v].1) : 0 }
        func cross(_ v: Int) -> Double { v < n ? (flowsRight ? sizes[v].1 : sizes[v].0) : 2 }
        func gap(_ a: Int, _ b: Int) -> Double {
            (cross(a) + cross(b)) / 2 + (a < n && b < n ? GraphPlacement.nodeGap : GraphPlacement.virtualGap)
        }
        var across = [Double](repeating: 0, count: vertexCount)
        for vertices in layers.order {
            var at = 0.0
            for (i, v) in vertices.enumerated() {
                if i > 0 { at += gap(vertices[i - 1], v) }
                across[v] = at
            }
            for v in vertices { across[v] -= at / 2 }
        }
        // Leaves (and edges from them through virtual vertices) follow their users rather than pull
        // them: otherwise a chain of ops, each with a constant beside it, drifts sideways.
        var leafy = [Bool](repeating: false, count: vertexCount)
        for vertices in layers.order {
            for v in vertices { leafy[v] = v < n ? layers.up[v].isEmpty : layers.up[v].allSatisfy { leafy[$0] } }
        }
        // Pull each vertex toward the (weighted) mean of its neighbours, alternately from above and below.
        for pass in 0..<8 {
            let upward = pass % 2 == 0
            let sequence = upward ? Array(layers.order.indices) : Array(layers.order.indices.reversed())
            for l in sequence {
                let vertices = layers.order[l]
                let wanted = vertices.map { v -> Double in
                    let ns = upward ? layers.up[v] : layers.down[v]
                    var sum = 0.0, weights = 0.0
                    for u in ns {
                        let weight = leafy[u] ? 0.001 : 1
                        sum += weight * across[u]
                        weights += weight
                    }
                    return ns.isEmpty ? across[v] : sum / weights
                }
                let separations = vertices.indices.map { $0 == 0 ? 0 : gap(vertices[$0 - 1], vertices[$0]) }
                let weights = vertices.map { leafy[$0] ? 0.001 : 1 }
                for (v, x) in zip(vertices, GraphPlacement.closest(wanted, separations, weights: weights)) { across[v] = x }
            }
        }
        // Layers along the flow.
        let gapAlong = flowsRight ? GraphPlacement.layerGap.right : GraphPlacement.layerGap.down
        var along = [Double](repeating: 0, count: vertexCount)
        var start = 0.0
        for vertices in layers.order {
            let depth = vertices.map(main).max() ?? 0
            for v in vertices { along[v] = start + depth / 2 }
            start += depth + gapAlong
        }
        let lowest = (0..<vertexCount).map { across[$0] - cross($0) / 2 }.min() ?? 0
        let highest = (0..<vertexCount).map { across[$0] + cross($0) / 2 }.max() ?? 0
        let extentAlong = max(0, start - gapAlong), extentAcross = highest - lowest
        width = flowsRight ? extentAlong : extentAcross
        height = flowsRight ? extentAcross : extentAlong
        func point(_ v: Int) -> (x: Double, y: Double) {
            flowsRight ? (along[v], across[v] - lowest) : (across[v] - lowest, along[v])
        }
        boxes = (0..<n).map { v in
            let c = point(v)
            return Box(x: c.x - sizes[v].0 / 2, y: c.y - sizes[v].1 / 2, width: sizes[v].0, height: sizes[v].1)
        }
        paths = routes(point)
    }

    /// Each edge from a port on its input's downstream face, through its virtual vertices, to a port
    /// on its output's upstream face; ports spread along a face in the order of the other ends.
    private func routes(_ point: (Int) -> (x: Double, y: Double)) -> [[(x: Double, y: Double)]] {
        let n = layers.nodeCount, flowsRight = direction == .right
        var outgoing = [[Int]](repeating: [], count: n), incoming = [[Int]](repeating: [], count: n)
        for (i, chain) in layers.chains.enumerated() {
            outgoing[chain[0]].append(i)
            incoming[chain[chain.count - 1]].append(i)
        }
        func acrossOf(_ p: (x: Double, y: Double)) -> Double { flowsRight ? p.y : p.x }
        var starts = [Double](repeating: 0, count: layers.chains.count), ends = starts
        for v in 0..<n {
            let faceLength = flowsRight ? boxes[v].height : boxes[v].width
            for (list, isStart) in [(outgoing[v], true), (incoming[v], false)] {
                let sorted = list.sorted { a, b in
                    let ca = layers.chains[a], cb = layers.chains[b]
                    let pa = point(isStart ? ca[1] : ca[ca.count - 2]), pb = point(isStart ? cb[1] : cb[cb.count - 2])
                    return acrossOf(pa) < acrossOf(pb)
                }
                let spacing = min(12, faceLength / Double(sorted.count + 1))
                for (k, e) in sorted.enumerated() {
                    let offset = (Double(k) - Double(sorted.count - 1) / 2) * spacing
                    if isStart { starts[e] = offset } else { ends[e] = offset }
                }
            }
        }
        return layers.chains.enumerated().map { i, chain in
            // A reversed (cycle-closing) edge runs against the flow: it leaves and enters the other faces.
            let forward = layers.layer[chain[0]] <= layers.layer[chain[chain.count - 1]]
            var points = chain.map(point)
            let a = boxes[chain[0]], b = boxes[chain[chain.count - 1]]
            if flowsRight {
                points[0] = (forward ? a.x + a.width : a.x, a.midY + starts[i])
                points[points.count - 1] = (forward ? b.x : b.x + b.width, b.midY + ends[i])
            } else {
                points[0] = (a.midX + starts[i], forward ? a.y + a.height : a.y)
                points[points.count - 1] = (b.midX + ends[i], forward ? b.y : b.y + b.height)
            }
            return points
        }
    }

    /// Positions in order, each at least `separations[i]` after the one before, as close as possible
    /// (weighted least squares) to `wanted`: isotonic regression by pooling adjacent violators.
    static func closest(_ wanted: [Double], _ separations: [Double], weights: [Double]? = nil) -> [Double] {
        var offsets: [Double] = [], total = 0.0
        for s in separations { total += s; offsets.append(total) }
        // Blocks of (weighted sum, weight, size) whose means must not decrease.
        var sums: [Double] = [], masses: [Double] = [], sizes: [Int] = []
        for (i, (w, o)) in zip(wanted, offsets).enumerated() {
            let weight = max(weights?[i] ?? 1, 1e-9)   // a zero weight would make a block mean 0 / 0
            sums.append(weight * (w - o))
            masses.append(weight)
            sizes.append(1)
            while sums.count > 1, sums[sums.count - 2] / masses[masses.count - 2] > sums[sums.count - 1] / masses[masses.count - 1] {
                sums[sums.count - 2] += sums.removeLast()
                masses[masses.count - 2] += masses.removeLast()
                sizes[sizes.count - 2] += sizes.removeLast()
            }
        }
        var result: [Double] = []
        for (s, (m, size)) in zip(sums, zip(masses, sizes)) { result += Array(repeating: s / m, count: size) }
        return zip(result, offsets).map { $0 + $1 }
    }
}
