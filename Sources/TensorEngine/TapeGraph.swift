/// The recorded graph behind a tensor, as plain nodes and edges for drawings (`drawGraph`).
///
/// Nodes are the tensor itself, every op it was computed through and every input of those ops
/// (leaves that require gradients, data and constants), each once however often it is used. A graph
/// freed by `backward()` is walked through what backward kept of it, so drawing after backward (to show
/// gradients) gives the same picture. The walk goes outward from the tensor, nearest ops first, and
/// stops at `limit` nodes; nodes whose inputs were left out count them in `hiddenInputs`.
public struct TapeGraph {
    /// One tensor of the graph.
    public struct Node {
        /// The op that computed it; nil for a leaf.
        public let op: String?
        public let shape: [Int]
        /// Bytes per element (4 where a freed graph no longer knows its type).
        public let itemSize: Int
        public let requiresGrad: Bool
        /// Its values, for tensors of at most 16 elements.
        public let values: [Float]?
        /// Its gradient when known and small: a leaf's `grad`, or an op output's gradient from the
        /// latest backward pass.
        public let gradient: [Float]?
        /// Indices of the nodes it was computed from, in the op's argument order.
        public internal(set) var inputs: [Int]
        /// How many of its inputs are beyond the limit and not in `nodes`.
        public internal(set) var hiddenInputs: Int
        /// Whether it is a leaf: made directly rather than computed by a recorded op.
        public var isLeaf: Bool { op == nil }
    }

    /// The nodes, the tensor itself first, then outward in order of distance.
    public private(set) var nodes: [Node] = []
    /// How many nodes the whole graph has, counted up to `countLimit` (more when `countIsExact` is false).
    public private(set) var totalCount = 0
    /// Whether `totalCount` is exact, or the count stopped at `countLimit`.
    public private(set) var countIsExact = true
    /// The most nodes counted for `totalCount`, so a huge graph is never walked to its end.
    public static let countLimit = 100_000

    /// Whether the drawing leaves nodes out.
    public var isCut: Bool { nodes.count < totalCount || !countIsExact }

    /// Objects that identify nodes (a tensor, or the record of the op that made it), kept alive so
    /// their identities stay valid for `index(of:)`.
    private var anchors: [ObjectIdentifier: Int] = [:]
    private var kept: [AnyObject] = []

    /// The graph behind `root`, with at most `limit` nodes (at least 1).
    public init(_ root: Tensor, limit: Int = 200) {
        let limit = max(1, limit)
        var queue: [Ref] = [.tensor(root)]
        var index: [ObjectIdentifier: Int] = [root.nodeKey: 0]
        var head = 0
        // Breadth first: `queue` holds every node found, in order of distance; the first `limit` are drawn.
        walk: while head < queue.count {
            let ref = queue[head]
            head += 1
            for child in ref.children where index[child.key] == nil {
                guard queue.count < TapeGraph.countLimit else { countIsExact = false; break walk }
                index[child.key] = queue.count
                queue.append(child)
            }
        }
        totalCount = queue.count
        let refs = queue.prefix(limit)
        for (i, ref) in refs.enumerated() {
            var inputs: [Int] = [], hidden = 0
            for child in ref.children {
                if let j = index[child.key], j < refs.count { inputs.append(j) } else { hidden += 1 }
            }
            nodes.append(ref.node(inputs: inputs, hidden: hidden))
            anchors[ref.key] = i
            kept.append(ref.anchor)
        }
    }

    /// The node of `tensor` in this graph, if it is drawn: the very tensor, or (for a tensor whose graph
    /// was freed) the one made by the same op record.
    public func index(of tensor: Tensor) -> Int? {
        anchors[tensor.nodeKey]
    }
}

extension Tensor {
    /// The identity of this tensor's node: its op record when it has one, which outlives the inputs
    /// that backward() frees, else the tensor itself.
    var nodeKey: ObjectIdentifier { gradFn.map(ObjectIdentifier.init) ?? ObjectIdentifier(self) }
}

/// A node during the walk: a live tensor, or what backward() kept of one.
private enum Ref {
    case tensor(Tensor)
    /// A computed tensor of a freed graph, known by its op's record.
    case op(GradFn)
    /// Data of a freed graph that no longer lives anywhere else.
    case data(DataTrace)

    init(_ item: TraceInput) {
        switch item {
        case .op(let fn): self = .op(fn)
        case .leaf(let t): self = .tensor(t)
        case .data(let d): self = d.tensor.map(Ref.tensor) ?? .data(d)
        }
    }

    var key: ObjectIdentifier {
        switch self {
        case .tensor(let t): return t.nodeKey
        case .op(let fn): return ObjectIdentifier(fn)
        case .data(let d): return ObjectIdentifier(d)
        }
    }

    /// The object whose identity is `key`, to keep alive while the graph lives.
    var anchor: AnyObject {
        switch self {
        case .tensor(let t): return t.gradFn ?? t
        case .op(let fn): return fn
        case .data(let d): return d
        }
    }

    var children: [Ref] {
        let record: GradFn?
        switch self {
        case .tensor(let t): record = t.gradFn
        case .op(let fn): record = fn
        case .data: record = nil
        }
        guard let fn = record else { return [] }
        return fn.isReleased ? fn.trace.map(Ref.init) : fn.inputs.map(Ref.tensor)
    }

    func node(inputs: [Int], hidden: Int) -> TapeGraph.Node {
        let small = TraceInput.smallCount
        switch self {
        case .tensor(let t):
            let gradient = t.gradFn == nil ? t.grad.flatMap { $0.count <= small ? $0.values : nil }
                                           : t.gradFn?.outputGradient?.values
            return TapeGraph.Node(op: t.gradFn?.name, shape: t.shape, itemSize: t.dtype.itemSize, requiresGrad: t.requiresGrad,
                                  values: t.count <= small ? t.values : nil, gradient: gradient,
                                  inputs: inputs, hiddenInputs: hidden)
        case .op(let fn):
            return TapeGraph.Node(op: fn.name, shape: fn.outputShape, itemSize: fn.outputStorage?.dtype.itemSize ?? 4, requiresGrad: false,
                                  values: fn.outputStorage.map { Tensor(storage: $0, shape: fn.outputShape).values },
                                  gradient: fn.outputGradient?.values, inputs: inputs, hiddenInputs: hidden)
        case .data(let d):
            return TapeGraph.Node(op: nil, shape: d.shape, itemSize: 4, requiresGrad: false, values: nil, gradient: nil,
                                  inputs: inputs, hiddenInputs: hidden)
        }
    }
}
