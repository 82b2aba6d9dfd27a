import Plot
import Script

/// An autograd graph drawing as a value of the language: it displays itself (SVG in a notebook, one
/// line per node in a terminal) and saves itself (`.save("graph.svg")`, or `.txt` for the text form).
final class GraphValue: ScriptObject, SVGDisplayable {
    let diagram: GraphDiagram
    init(_ diagram: GraphDiagram) { self.diagram = diagram }
    func displaySVG() -> String { diagram.svg() }

    var typeName: String { "Graph" }
    var text: String { diagram.text(ascii: ChartValue.asciiOnly) }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "save":
            return .function(NativeFunction("save", doc: "graph.save(path) — writes the graph as SVG (.svg) or text (.txt), atomically.") { a, _ in
                let path = try Convert.path(try a.bind("save", ["path"], required: 1)[0]!, "save")
                return try SVGFile.save(path: path, svg: self.diagram.svg, text: { self.text })
            })
        case "svg":
            return .function(NativeFunction("svg", doc: "graph.svg() — the graph as SVG text.") { a, _ in
                try a.expectNone("svg")
                return .string(self.diagram.svg())
            })
        case "text":
            return .function(NativeFunction("text", doc: "graph.text(ascii: false) — the graph as lines of text, inputs first.") { a, _ in
                let ascii = try a.bind("text", ["ascii"])[0]?.boolean("ascii") ?? ChartValue.asciiOnly
                return .string(self.diagram.text(ascii: ascii))
            })
        case "nodeCount": return .number(Double(diagram.nodes.count))
        case "edgeCount": return .number(Double(diagram.validEdges.count))
        case "ops":
            let ops = diagram.drawingOrder.map { diagram.nodes[$0] }.filter { $0.kind == .op || $0.kind == .output }
            return .list(ListStorage(ops.map { .string(GraphValue.opName($0.title)) }))
        case "isCut": return .bool(diagram.nodes.contains { $0.hiddenInputs > 0 })
        default: return nil
        }
    }

    var memberNames: [String] { ["edgeCount", "isCut", "nodeCount", "ops", "save", "svg", "text"] }

    /// The op of a title such as `e = mul`.
    static func opName(_ title: String) -> String {
        guard let r = title.range(of: " = ") else { return title }
        return String(title[r.upperBound...])
    }
}
