import NN
import Plot
import Script
import TensorEngine

/// `drawGraph`: the autograd graph of a tensor as a drawing, for teaching backpropagation.
extension Library {
    static func graphs() -> Library {
        var lib = Library()
        lib.add("drawGraph", ["tensor", .defaulted("limit", 150), .optional("direction", shown: "right when it fits"), .defaulted("title", ""),
                              .defaulted("costs", false)],
                "the autograd graph that computed a tensor: ops with their output shapes, the tensors they used, arrows for data flow; values and gradients of small tensors. Works before and after backward(). direction: \"right\" or \"down\". costs: true adds each op's multiply-accumulates (or elementwise ops), bytes read and written and activations kept for backward (attention also its scores and KV cache per token, a recurrent layer its cost per step), with the totals and the three hot spots.") { a, vm in
            let (tensor, limit) = try GraphDrawing.arguments(a, "tensor", "drawGraph")
            var direction: GraphDiagram.Direction?
            if let d = try a.given("direction") {
                let name = try d.string("direction")
                guard let parsed = GraphDiagram.Direction(rawValue: name) else {
                    throw ScriptError("ValueError", "drawGraph: direction must be \"right\" or \"down\", not \(Value.quote(name))")
                }
                direction = parsed
            }
            let graph = TapeGraph(tensor, limit: limit)
            var diagram = GraphDrawing.diagram(graph, names: GraphDrawing.names(graph, vm))
            if try a.boolean("costs") {
                let costs = GraphCosts(graph)
                for (i, c) in costs.costs { diagram.nodes[i].lines.append(GraphCosts.line(c)) }
                diagram.footer = costs.footer(Dictionary(uniqueKeysWithValues: diagram.nodes.enumerated().map { ($0.offset, $0.element.title) }))
            }
            diagram.title = try a.string("title")
            diagram.direction = direction
            if tensor.gradFn == nil && !tensor.requiresGrad {
                diagram.note = "nothing was recorded: this tensor was not computed from tensors that require gradients"
            }
            return .object(GraphValue(diagram))
        }
        return lib
    }
}

/// Turns the engine's graph into a diagram: names from the session's variables, labels, kinds.
enum GraphDrawing {
    /// The tensor whose graph a builtin draws (the argument `name`) and its node `limit`, checked.
    static func arguments(_ a: BoundArguments, _ name: String, _ op: String) throws -> (Tensor, Int) {
        let given = try a.value(name)
        guard case .object(let o as TensorValue) = given else {
            throw ScriptError("TypeError", "\(op): expected a tensor, not a \(given.typeName)")
        }
        let limit = try a.integer("limit")
        guard (1...5000).contains(limit) else {
            throw ScriptError("ValueError", "\(op): limit must be in 1...5000 (got \(limit))")
        }
        return (o.tensor, limit)
    }

    /// Names of drawn nodes: global variables holding them, then parameters of global modules
    /// (`model.0.weight`). Locals of functions are not visible here.
    static func names(_ graph: TapeGraph, _ vm: Interpreter) -> [Int: String] {
        var names: [Int: String] = [:]
        let globals = vm.globals.defined
        func label(_ module: any Module, _ name: String) {
            for (path, p) in module.namedParameters() {
                if let i = graph.index(of: p), names[i] == nil { names[i] = name + "." + path }
            }
        }
        for (name, value) in globals {
            if case .object(let o as TensorValue) = value, let i = graph.index(of: o.tensor), names[i] == nil { names[i] = name }
        }
        for (name, value) in globals {
            if let module = Convert.moduleOrNil(value, vm) { label(module, name) }
        }
        return names
    }

    /// The diagram of `graph`; `gradients` replaces the gradients the graph holds (a node it leaves
    /// out shows none, and a nil entry shows `grad ?`).
    static func diagram(_ graph: TapeGraph, names: [Int: String], gradients: [Int: [Float]?]? = nil) -> GraphDiagram {
        var nodes: [GraphDiagram.Node] = [], edges: [GraphDiagram.Edge] = []
        for (i, n) in graph.nodes.enumerated() {
            let kind: GraphDiagram.Kind = i == 0 ? .output : n.isLeaf ? (n.requiresGrad ? .parameter : .input) : .op
            let title: String
            if let op = n.op {
                title = names[i].map { "\($0) = \(op)" } ?? op
            } else {
                title = names[i] ?? (n.requiresGrad ? "parameter" : n.shape.isEmpty ? "constant" : "input")
            }
            var lines = [n.shape.isEmpty ? "scalar" : "[" + n.shape.map(String.init).joined(separator: ", ") + "]"]
            if let values = n.values, values.count <= 6 { lines.append("data " + format(values, scalar: n.shape.isEmpty)) }
            if let gradients {
                if let entry = gradients[i] {
                    if let g = entry { if g.count <= 6 { lines.append("grad " + format(g, scalar: n.shape.isEmpty)) } }
                    else { lines.append("grad ?") }
                }
            } else if let g = n.gradient, g.count <= 6 {
                lines.append("grad " + format(g, scalar: n.shape.isEmpty))
            }
            nodes.append(GraphDiagram.Node(title, lines: lines, kind: kind, hiddenInputs: n.hiddenInputs))
            for j in n.inputs { edges.append(GraphDiagram.Edge(from: j, to: i)) }
        }
        var note = ""
        if graph.isCut {
            let total = graph.countIsExact ? "\(graph.totalCount)" : "more than \(graph.totalCount)"
            note = "graph cut: showing the \(graph.nodes.count) nodes nearest the output, of \(total)"
        }
        return GraphDiagram(nodes: nodes, edges: edges, note: note)
    }

    static func format(_ values: [Float], scalar: Bool) -> String {
        let items = values.map { NumberFormat.compact(Double($0), significant: 4) }
        return scalar ? items[0] : "[" + items.joined(separator: ", ") + "]"
    }
}
