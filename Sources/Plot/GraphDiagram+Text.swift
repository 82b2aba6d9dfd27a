// The text form of a graph diagram, for the REPL and scripts: one numbered line per node.

extension GraphDiagram {
    /// The node indices layer by layer, in drawing order: inputs before the nodes computed from them
    /// (where there are no cycles).
    public var drawingOrder: [Int] {
        GraphLayers(nodeCount: nodes.count, edges: validEdges).order.flatMap { $0.filter { $0 < nodes.count } }
    }

    /// One line per node, inputs before the nodes computed from them, each naming its inputs by
    /// number: `[3] mul · scalar · data -6 ← [1] a, [2] b`. `ascii` uses `<-` and `|` instead.
    public func text(ascii: Bool = false) -> String {
        let arrow = ascii ? " <- " : " ← ", dot = ascii ? " | " : " · "
        let edges = validEdges
        var inputs = [[Int]](repeating: [], count: nodes.count)
        for e in edges { inputs[e.to].append(e.from) }
        // Layer by layer, in drawing order: a topological order where there are no cycles.
        let sequence = drawingOrder
        var number = [Int](repeating: 0, count: nodes.count)
        for (k, v) in sequence.enumerated() { number[v] = k + 1 }
        var out: [String] = []
        if !title.isEmpty { out.append(title) }
        out.append("graph: \(nodes.count) node\(nodes.count == 1 ? "" : "s"), \(edges.count) edge\(edges.count == 1 ? "" : "s")")
        if !note.isEmpty { out.append(note) }
        for v in sequence {
            let node = nodes[v]
            var line = "[\(number[v])] " + ([node.title] + node.lines).joined(separator: dot)
            if node.kind == .output { line += dot + "output" }
            switch node.emphasis {
            case .current: line = (ascii ? "> " : "▶ ") + line
            case .receiving: line = (ascii ? "< " : "◀ ") + line
            case .none: break
            }
            if !inputs[v].isEmpty {
                line += arrow + inputs[v].map { "[\(number[$0])] \(nodes[$0].shortTitle)" }.joined(separator: ", ")
            }
            if node.hiddenInputs > 0 {
                line += (inputs[v].isEmpty ? arrow : ", ") + GraphPlacement.hiddenText(node.hiddenInputs)
            }
            out.append(line)
        }
        out += footer
        return out.joined(separator: "\n")
    }
}
