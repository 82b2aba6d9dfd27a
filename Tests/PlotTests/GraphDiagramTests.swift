import Foundation
@testable import Plot
import Testing

@Suite struct GraphDiagramTests {
    typealias Node = GraphDiagram.Node
    typealias Edge = GraphDiagram.Edge

    /// micrograd's example: L = (a * b + c) * f, nodes listed output first as the engine walks them.
    static let expression = GraphDiagram(
        nodes: [Node("L = mul", lines: ["scalar", "data -8", "grad 1"], kind: .output),
                Node("d = add", lines: ["scalar"]), Node("f", lines: ["scalar"], kind: .parameter),
                Node("e = mul", lines: ["scalar"]), Node("c", lines: ["scalar"], kind: .parameter),
                Node("a", lines: ["scalar"], kind: .parameter), Node("b", lines: ["data <3 & 4>"], kind: .input)],
        edges: [Edge(from: 1, to: 0), Edge(from: 2, to: 0), Edge(from: 3, to: 1), Edge(from: 4, to: 1),
                Edge(from: 5, to: 3), Edge(from: 6, to: 3)],
        title: "L = (a·b + c)·f")

    /// The box (x, y, width, height) of each node, in node order.
    static func boxes(_ root: SVGNode) -> [(x: Double, y: Double, w: Double, h: Double)] {
        root.withClass("node").map { g in
            let r = g.all("rect")[0]
            return (r.number("x")!, r.number("y")!, r.number("width")!, r.number("height")!)
        }
    }

    @Test func svgIsValidWithOneBoxPerNodeAndOneArrowPerEdge() throws {
        let root = try svgTree(svg: Self.expression.svg())
        #expect(root.withClass("node").count == 7)
        #expect(root.withClass("edge").count == 6 && root.withClass("arrowhead").count == 6)
        #expect(root.first(class: "title")?.allText == "L = (a·b + c)·f")
        #expect(texts(root, class: "label").contains("e = mul"))
        #expect(texts(root, class: "detail").contains("data <3 & 4>"))   // escaped, read back intact
        #expect(root.withClass("output").count == 1 && root.withClass("parameter").count == 3)
        #expect(root.withClass("input").count == 1)
        #expect(labels(root, "legend") == ["input or constant", "requires grad", "op", "output"])
    }

    @Test func eachLegendSwatchHasTheBorderOfItsNodes() throws {
        let root = try svgTree(svg: Self.expression.svg())
        let legend = root.first(class: "legend")!.all("rect").map { $0.attributes["stroke-dasharray"] }
        let kinds: [GraphDiagram.Kind] = [.input, .parameter, .op, .output]
        let nodes = kinds.map { root.withClass($0.rawValue).first?.all("rect")[0].attributes["stroke-dasharray"] }
        #expect(legend.count == 4)
        #expect(legend == nodes)
        #expect(legend.contains { $0 != nil })
    }

    @Test func dataFlowsLeftToRightLayerByLayer() throws {
        let root = try svgTree(svg: Self.expression.svg())
        let boxes = Self.boxes(root)
        for e in Self.expression.edges {
            #expect(boxes[e.from].x + boxes[e.from].w < boxes[e.to].x, "edge \(e.from) → \(e.to) runs backwards")
        }
        // Longest-path layers: a, b | e, c | d, f | L — leaves sit just before their user.
        let layers = GraphLayers(nodeCount: 7, edges: Self.expression.edges)
        #expect(layers.layer[0..<7] == [3, 2, 2, 1, 1, 0, 0])
        #expect(layers.crossings() == 0)
        #expect(Self.expression.drawingOrder.last == 0)
    }

    @Test func boxesDoNotOverlap() throws {
        var d = Self.expression
        for direction in [GraphDiagram.Direction.right, .down] {
            d.direction = direction
            let boxes = Self.boxes(try svgTree(svg: d.svg()))
            for i in boxes.indices {
                for j in boxes.indices where j > i {
                    let a = boxes[i], b = boxes[j]
                    let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y
                    #expect(apart, "\(direction): boxes \(i) and \(j) overlap")
                }
            }
        }
    }

    @Test func deepGraphsFlowDownward() throws {
        let n = 30
        let chain = GraphDiagram(nodes: (0..<n).map { Node("op\($0)", lines: ["[4, 8]"]) },
                                 edges: (1..<n).map { Edge(from: $0, to: $0 - 1) })
        let boxes = Self.boxes(try svgTree(svg: chain.svg()))
        #expect(GraphPlacement(chain).direction == .down)
        for k in 1..<n { #expect(boxes[k].y + boxes[k].h < boxes[k - 1].y) }
        // A straight chain stays one box wide: every box centred on one vertical line (boxes differ in
        // width with their labels).
        let centres = boxes.map { $0.x + $0.w / 2 }
        #expect(centres.max()! - centres.min()! < 0.5)
    }

    @Test func barycenterSweepsUntangleCrossedEdges() {
        // Inputs 0, 1 feed outputs 3, 2 crosswise in index order; a sweep swaps one layer.
        let layers = GraphLayers(nodeCount: 4, edges: [Edge(from: 0, to: 3), Edge(from: 1, to: 2), Edge(from: 0, to: 2)])
        #expect(layers.crossings() == 0)
        // Long edges pass through virtual vertices, one per skipped layer.
        let skip = GraphLayers(nodeCount: 4, edges: [Edge(from: 0, to: 1), Edge(from: 1, to: 2), Edge(from: 2, to: 3),
                                                     Edge(from: 0, to: 3)])
        #expect(skip.layer.count == 6)
        #expect(skip.chains[3].count == 4)
    }

    @Test func closestKeepsOrderAndSeparation() {
        let x = GraphPlacement.closest([0, 0, 0], [0, 10, 10])
        #expect(x == [-10, 0, 10])
        // A light vertex gives way: the heavy one keeps (nearly) its wanted place.
        let weighted = GraphPlacement.closest([5, 5], [0, 10], weights: [1, 0])
        #expect(abs(weighted[0] - 5) < 1e-6 && abs(weighted[1] - 15) < 1e-6)
    }

    @Test func textListsInputsFirstWithReferences() {
        let text = Self.expression.text()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "L = (a·b + c)·f" && lines[1] == "graph: 7 nodes, 6 edges")
        #expect(lines.last == "[7] L = mul · scalar · data -8 · grad 1 · output ← [5] d, [6] f")
        #expect(lines.contains { $0.hasPrefix("[5] d = add · scalar ← [3] e, [4] c") })
        #expect(Self.expression.text(ascii: true).contains("<- [5] d, [6] f"))
    }

    @Test func badInputIsDrawnNotTrapped() throws {
        // Out-of-range, self and duplicate edges are ignored; a cycle is laid out with one edge reversed.
        let d = GraphDiagram(nodes: [Node("a"), Node("b"), Node("c", hiddenInputs: 3)],
                             edges: [Edge(from: 0, to: 1), Edge(from: 1, to: 2), Edge(from: 2, to: 0), Edge(from: 0, to: 0),
                                     Edge(from: 5, to: 1), Edge(from: -1, to: 0), Edge(from: 0, to: 1)])
        let root = try svgTree(svg: d.svg())
        #expect(root.withClass("edge").count == 3)
        #expect(texts(root, class: "hidden") == ["+3 inputs not shown"])
        #expect(d.text().contains("+3 inputs not shown"))
        let empty = try svgTree(svg: GraphDiagram(nodes: [], edges: []).svg())
        #expect(texts(empty, class: "note") == ["empty graph"])
        #expect(GraphDiagram(nodes: [], edges: []).text() == "graph: 0 nodes, 0 edges")
    }

    /// A chain of `ops` ops, each with a constant beside it, plus long edges from one shared input.
    static func chain(_ ops: Int) -> GraphDiagram {
        var nodes: [Node] = [], edges: [Edge] = []
        for k in 0..<ops {
            nodes.append(Node("mul", lines: ["scalar", "data 1.5"]))
            nodes.append(Node("constant", lines: ["scalar"], kind: .input))
            edges.append(Edge(from: 2 * k + 1, to: 2 * k))
            if k > 0 { edges.append(Edge(from: 2 * k, to: 2 * k - 2)) }
            if k % 50 == 0 && k > 0 { edges.append(Edge(from: 2 * ops - 2, to: 2 * k)) }
        }
        return GraphDiagram(nodes: nodes, edges: edges)
    }

    @Test func twoThousandNodesLayOut() throws {
        let svg = Self.chain(1000).svg()
        let root = try svgTree(svg: svg)
        #expect(root.withClass("node").count == 2000)
        // The chain does not drift sideways: the drawing stays a few boxes wide.
        #expect(root.number("width")! < 600)
    }
}
