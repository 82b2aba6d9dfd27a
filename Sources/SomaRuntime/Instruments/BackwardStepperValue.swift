import Plot
import Script
import TensorEngine

/// What `stepBackward(loss)` returns: the backward pass one rule at a time. It displays itself as the
/// graph at its position (SVG in a notebook, text in a terminal) with the rule written out below.
final class BackwardStepperValue: TabledObject, SVGDisplayable {
    var stepper: BackwardStepper
    /// Runs the controls: buttons in a notebook, Enter in a terminal (set by the runtime).
    let play: (BackwardStepperValue) throws -> Void

    init(_ stepper: BackwardStepper, play: @escaping (BackwardStepperValue) throws -> Void) {
        self.stepper = stepper
        self.play = play
    }

    var typeName: String { "BackwardStepper" }
    var text: String { stepper.diagram.text(ascii: ChartValue.asciiOnly) }
    func displaySVG() -> String { stepper.diagram.svg() }

    /// The node of a tensor argument, or an error naming what is wrong.
    func node(_ value: Value, _ op: String) throws -> Int {
        guard case .object(let o as TensorValue) = value else {
            throw ScriptError("TypeError", "\(op): expected a tensor of the graph, not a \(value.typeName)")
        }
        guard let i = stepper.graph.index(of: o.tensor) else {
            throw ScriptError("ValueError", "\(op): this tensor is not in the graph of the backward pass")
        }
        return i
    }

    static let members = MemberTable<BackwardStepperValue>([
        .method("next", [], "applies the next rule and shows the graph (the same at the end).") { s, _, _ in
            s.stepper.move(to: s.stepper.position + 1)
            return .object(s)
        },
        .method("previous", [], "goes back one rule.") { s, _, _ in
            s.stepper.move(to: s.stepper.position - 1)
            return .object(s)
        },
        .method("reset", [], "goes back to the start, where only the output has its gradient 1.") { s, _, _ in
            s.stepper.move(to: 0)
            return .object(s)
        },
        .method("end", [], "applies every rule: each node shows its whole gradient.") { s, _, _ in
            s.stepper.move(to: s.stepper.count)
            return .object(s)
        },
        .method("play", [], "steps with controls: Previous and Next buttons in a notebook, Enter (p back, q stop) in a terminal.") { s, _, _ in
            try s.play(s)
            return .null
        },
        .property("position", "the rules applied so far, from 0 to count.") { s in .number(Double(s.stepper.position)) },
        .property("count", "how many rules the backward pass applies.") { s in .number(Double(s.stepper.count)) },
        .property("done", "whether every rule is applied.") { s in .bool(s.stepper.position == s.stepper.count) },
        .property("rule", "the chain rule of the current step, written out.") { s in .string(s.stepper.ruleLines.joined(separator: "\n")) },
        .method("grad", ["tensor"], "the gradient the tensor has received so far (nil before its first), as backward() would leave it at the end.") { s, a, _ in
            let i = try s.node(try a.value("tensor"), "grad")
            guard i != s.stepper.hidden else { throw ScriptError("ValueError", "grad: this gradient is the quiz's question; answer(x) it first") }
            return s.stepper.gradient(i).map(Convert.wrap) ?? .null
        },
        .method("answer", ["value"], "checks an answer for the gradient the quiz hides (a number, or a list for a tensor); true when it is right to 3 significant digits, and then the gradient shows.") { s, a, interpreter in
            guard let hidden = s.stepper.hidden ?? s.lastHidden else {
                throw ScriptError("ValueError", "answer: no gradient is hidden; make the stepper with stepBackward(loss, quiz: true)")
            }
            guard let truth = s.stepper.finalGradient(hidden) else { return .bool(false) }
            let given = try a.tensor("value", as: "the answer")
            let label = s.stepper.labels[hidden] ?? "x"
            let right = try BackwardQuiz.matches(given, truth)
            if right {
                s.stepper.reveal()
                s.lastHidden = hidden
                interpreter.output("right: ∂L/∂\(label) = \(BackwardRules.describe(truth))\n")
            } else {
                interpreter.output("not yet: ∂L/∂\(label) is not \(BackwardRules.describe(given)). " + BackwardQuiz.hint(s.stepper, hidden) + "\n")
            }
            return .bool(right)
        },
        .method("reveal", [], "shows the gradient the quiz hides.") { s, _, _ in
            if let hidden = s.stepper.hidden { s.lastHidden = hidden }
            s.stepper.reveal()
            return .object(s)
        },
        .method("svg", [], "the drawing at this position as SVG text.") { s, _, _ in .string(s.stepper.diagram.svg()) },
        .method("save", ["path"], "writes the drawing at this position as SVG (.svg) or text (.txt), atomically.") { s, a, _ in
            try SVGFile.save(path: try Convert.path(try a.value("path"), "save"), svg: s.stepper.diagram.svg, text: { s.text })
        },
    ])

    /// The node the quiz hid, once revealed: answering again still checks it.
    var lastHidden: Int?
}

/// The quiz of a backward stepper: which gradient it hides, how an answer is judged, and the hint.
enum BackwardQuiz {
    /// The farthest node from the output that takes a gradient: the one that needs the most steps of
    /// the chain rule by hand.
    static func pick(_ stepper: BackwardStepper) -> Int? {
        stepper.graph.nodes.indices.reversed().first { i in
            stepper.graph.nodes[i].requiresGrad && stepper.finalGradient(i) != nil
        }
    }

    /// Whether `given` equals `truth` to about 3 significant digits, element by element (infinities and
    /// NaN exactly).
    static func matches(_ given: Tensor, _ truth: Tensor) throws -> Bool {
        guard given.count == truth.count else { return false }
        // An infinite or undefined gradient (x · ∞, √0's slope) is answered by the same value.
        return zip(given.values, truth.values).allSatisfy { g, t in
            g == t || (g.isNaN && t.isNaN) || (t.isFinite && abs(g - t) <= 5e-4 * max(abs(t), 1e-3) + 1e-6)
        }
    }

    /// Where the hidden gradient comes from: the rules that give to it, and what to multiply.
    static func hint(_ stepper: BackwardStepper, _ hidden: Int) -> String {
        let label = stepper.labels[hidden] ?? "x"
        let givers = stepper.steps.enumerated().filter { _, step in
            zip(step.inputs, step.inputGradients).contains { input, c in c != nil && stepper.graph.index(of: input) == hidden }
        }
        let outs = givers.map { _, step in stepper.graph.index(of: step.output).flatMap { stepper.labels[$0] } ?? step.op }
        if givers.count == 1, let (k, step) = givers.first {
            return "Look at step \(k + 1) (\(step.op)): ∂L/∂\(label) = ∂L/∂\(outs[0]) · ∂\(outs[0])/∂\(label)."
        }
        let steps = givers.map { "\($0.offset + 1)" }.joined(separator: ", ")
        return "\(label) is used \(givers.count) times: add what steps \(steps) give it, each ∂L/∂out · ∂out/∂\(label)."
    }
}
