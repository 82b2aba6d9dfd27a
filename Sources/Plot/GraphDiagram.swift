// The model of a computation-graph drawing: boxes with lines of text, and arrows for data flow.

/// A directed graph drawn as layered boxes and arrows, inputs first and the output last (such as the
/// autograd graph of a tensor). Render it with `svg()` or `text(ascii:)`.
///
/// Edges run in the direction data flows, from an input to the node computed from it. Edges that
/// name a missing node or a node itself are ignored; cycles are drawn with their closing edges
/// running backwards.
public struct GraphDiagram: Equatable, Sendable {
    /// How a node is styled.
    public enum Kind: String, Equatable, Sendable, CaseIterable {
        /// Data or a constant: a leaf that takes no gradient.
        case input
        /// A leaf that takes a gradient (a weight, or a value under study).
        case parameter
        /// A computed node.
        case op
        /// The node the graph was drawn for.
        case output
    }

    /// One box.
    public struct Node: Equatable, Sendable {
        /// The first line, in bold (an op's name, a parameter's name); a title `name = op` is referred
        /// to by its name alone in the text form.
        public var title: String
        /// Further lines (shape, value, gradient).
        public var lines: [String]
        public var kind: Kind
        /// How many inputs of this node are not drawn (the graph was cut); shown on the box.
        public var hiddenInputs: Int
        /// Whether the drawing points at this node (a backward pass shown step by step).
        public var emphasis: Emphasis = .none

        public init(_ title: String, lines: [String] = [], kind: Kind = .op, hiddenInputs: Int = 0) {
            self.title = title
            self.lines = lines
            self.kind = kind
            self.hiddenInputs = max(0, hiddenInputs)
        }

        /// The title up to ` = `: how other lines of the text form refer to this node.
        var shortTitle: String {
            guard let r = title.firstRange(of: " = ") else { return title }
            return String(title[..<r.lowerBound])
        }
    }

    /// How a node stands out of the drawing.
    public enum Emphasis: String, Equatable, Sendable {
        case none
        /// The node being worked on now.
        case current
        /// A node that receives something from the current one.
        case receiving
    }

    /// An arrow from an input node to the node computed from it (indices into `nodes`).
    public struct Edge: Equatable, Sendable {
        public var from: Int
        public var to: Int

        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }
    }

    /// Which way data flows in the drawing.
    public enum Direction: String, Equatable, Sendable {
        /// Left to right, as micrograd draws: best for short graphs.
        case right
        /// Top to bottom: deep graphs stay readable when the drawing is scaled to a page's width.
        case down
    }

    public var nodes: [Node]
    public var edges: [Edge]
    /// The title above the drawing; empty for none.
    public var title: String
    /// A note under the title (for instance that the graph was cut); empty for none.
    public var note: String
    /// The flow direction; nil picks `right` when that fits about 1000 pixels, else `down`.
    public var direction: Direction?
    /// Lines under the drawing (the rule a backward step applies); empty for none.
    public var footer: [String] = []

    public init(nodes: [Node], edges: [Edge], title: String = "", note: String = "", direction: Direction? = nil) {
        self.nodes = nodes
        self.edges = edges
        self.title = title
        self.note = note
        self.direction = direction
    }

    /// The edges that can be drawn: both ends exist and differ, each pair once, in their given order.
    public var validEdges: [Edge] {
        var seen = Set<Int64>()
        let n = nodes.count
        return edges.filter { e in
            guard e.from >= 0, e.from < n, e.to >= 0, e.to < n, e.from != e.to else { return false }
            return seen.insert(Int64(e.from) * Int64(n) + Int64(e.to)).inserted
        }
    }
}

extension GraphDiagram: CustomStringConvertible {
    /// The graph as lines of text, inputs first.
    public var description: String { text() }
}
