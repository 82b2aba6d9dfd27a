import Plot
import Script

/// An autograd graph drawing as a value of the language: it displays itself (SVG in a notebook, one
/// line per node in a terminal) and saves itself (`.save("graph.svg")`, or `.txt` for the text form).
final class GraphValue: TabledObject, SVGDisplayable {
    let diagram: GraphDiagram
    init(_ diagram: GraphDiagram) { self.diagram = diagram }
    func displaySVG() -> String { diagram.svg() }

    var typeName: String { "Graph" }
    var text: String { diagram.text(ascii: ChartValue.asciiOnly) }

    static let members = MemberTable<GraphValue>([
        .method("save", ["path"], "writes the graph as SVG (.svg) or text (.txt), atomically.") { g, a, _ in
            try SVGFile.save(path: try Convert.path(try a.value("path"), "save"), svg: g.diagram.svg, text: { g.text })
        },
        .method("svg", [], "the graph as SVG text.") { g, _, _ in .string(g.diagram.svg()) },
        .method("text", [.defaulted("ascii", false)], "the graph as lines of text, inputs first.") { g, a, _ in
            .string(g.diagram.text(ascii: try a.boolean("ascii") || ChartValue.asciiOnly))
        },
        .property("nodeCount", "how many nodes are drawn.") { g in .number(Double(g.diagram.nodes.count)) },
        .property("edgeCount", "how many arrows are drawn.") { g in .number(Double(g.diagram.validEdges.count)) },
        .property("ops", "the operations, inputs first.") { g in
            let ops = g.diagram.drawingOrder.map { g.diagram.nodes[$0] }.filter { $0.kind == .op || $0.kind == .output }
            return .list(ListStorage(ops.map { .string(GraphValue.opName($0.title)) }))
        },
        .property("isCut", "whether the limit left nodes out.") { g in .bool(g.diagram.nodes.contains { $0.hiddenInputs > 0 }) },
    ])

    /// The op of a title such as `e = mul`.
    static func opName(_ title: String) -> String {
        guard let r = title.range(of: " = ") else { return title }
        return String(title[r.upperBound...])
    }
}
