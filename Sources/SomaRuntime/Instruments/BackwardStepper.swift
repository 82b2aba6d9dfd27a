import Plot
import TensorEngine

/// `backward()` walked one rule at a time over the drawn graph, for teaching backpropagation: the
/// rule being applied is emphasized with its inputs, its chain rule is written out with numbers, and
/// each node shows the gradient it has received so far.
///
/// Position 0 is the start (∂L/∂L = 1 on the output); position k shows the k-th rule applied. The
/// gradients come from the engine's own backward pass (`Tensor.backwardSteps`), so at the end they are
/// the ones `backward()` gives. A quiz hides one node's gradient until it is answered.
struct BackwardStepper {
    let root: Tensor
    let graph: TapeGraph
    /// Names of nodes from the session's variables (drawn as titles).
    let names: [Int: String]
    /// How the rules name each node: its variable's name, else its op (numbered when an op repeats).
    let labels: [Int: String]
    let steps: [BackwardStep]
    /// The node whose gradient the quiz hides, until answered.
    private(set) var hidden: Int?
    /// The rules applied so far, from 0 to `steps.count`.
    private(set) var position = 0
    /// Each node's gradient after each position (index 0: only the output's seed).
    private let sums: [[Int: Tensor]]

    /// The steps of `root`'s backward pass over its graph of at most `limit` nodes, named by `names`.
    init(_ root: Tensor, limit: Int, names: (TapeGraph) -> [Int: String]) throws {
        self.root = root
        graph = TapeGraph(root, limit: limit)
        let names = names(graph)
        self.names = names
        steps = try root.backwardSteps()
        var labels: [Int: String] = [:], seen: [String: Int] = [:]
        for i in graph.nodes.indices.reversed() {
            let n = graph.nodes[i]
            let base = names[i] ?? n.op ?? (n.requiresGrad ? "parameter" : "input")
            seen[base, default: 0] += 1
            labels[i] = names[i] ?? (seen[base]! > 1 ? "\(base)\(seen[base]!)" : base)
        }
        self.labels = labels
        var current: [Int: Tensor] = [0: try Tensor.ones(root.shape, dtype: root.dtype)]
        var all = [current]
        let graph = graph, steps = steps
        try noGrad {
            for step in steps {
                for (input, c) in zip(step.inputs, step.inputGradients) {
                    guard let c, let i = graph.index(of: input) else { continue }
                    current[i] = try current[i].map { try $0 + c } ?? c
                }
                all.append(current)
            }
        }
        sums = all
    }

    var count: Int { steps.count }

    mutating func move(to p: Int) { position = min(max(p, 0), steps.count) }

    /// Hides node `i`'s gradient until `reveal()`.
    mutating func hide(_ i: Int) { hidden = i }
    mutating func reveal() { hidden = nil }

    /// The whole gradient of node `i` at the end: what `backward()` gives a leaf.
    func finalGradient(_ i: Int) -> Tensor? { sums.last?[i] }

    /// Node `i`'s gradient after `position` rules.
    func gradient(_ i: Int) -> Tensor? { sums[position][i] }

    /// The step shown at this position (nil at the start).
    var step: BackwardStep? { position == 0 ? nil : steps[position - 1] }

    /// The chain-rule lines of this position.
    var ruleLines: [String] {
        guard let step else {
            return ["∂L/∂\(labels[0] ?? "L") = 1: the backward pass starts at the output, whose gradient with respect to itself is 1"]
        }
        let out = graph.index(of: step.output).flatMap { labels[$0] } ?? step.op
        let inputs = step.inputs.map { t in graph.index(of: t).flatMap { labels[$0] } ?? "input" }
        var lines = ["step \(position) of \(count): the rule of \(step.op), with ∂L/∂\(out) = \(BackwardRules.describe(step.outputGradient))"]
        lines += BackwardRules.lines(step, inputNames: inputs, outName: out)
        if position == count { lines.append("done: every gradient is in; backward() gives the same") }
        return lines
    }

    /// The drawing at this position.
    var diagram: GraphDiagram {
        var gradients: [Int: [Float]?] = [:]
        for (i, g) in sums[position] { gradients[i] = i == hidden ? .some(nil) : g.values }
        var d = GraphDrawing.diagram(graph, names: names, gradients: gradients)
        d.title = "backward, step \(position) of \(count)"
        let current = step.flatMap { graph.index(of: $0.output) } ?? (position == 0 ? 0 : nil)
        if let current { d.nodes[current].emphasis = .current }
        if let step {
            for (input, c) in zip(step.inputs, step.inputGradients) where c != nil {
                if let i = graph.index(of: input), i != current { d.nodes[i].emphasis = .receiving }
            }
        }
        d.footer = ruleLines
        return d
    }
}
