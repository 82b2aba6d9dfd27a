import Plot
import TensorEngine

/// The chain rule of one backward step as a learner reads it: for each input, ∂L/∂input gets
/// ∂L/∂output times the op's local derivative, written with the graph's names and, for one-element
/// tensors, with the numbers (`∂L/∂a += ∂L/∂e · b = -2 · 3 = -6`).
enum BackwardRules {
    /// The local derivative ∂out/∂input of `op` for input `index`, in the names given: `inputs` (the
    /// op's inputs) and `out` (its output); nil where the rule is not a product with the output
    /// gradient (a matrix product's), which `matrixRule` writes.
    static func local(_ op: String, index: Int, inputs: [String], out: String) -> String {
        let a = inputs.first ?? "x", b = inputs.count > 1 ? inputs[1] : "y"
        let binary = inputs.count > 1
        switch (op, index) {
        case ("add", _): return "1"
        case ("sub", 0): return "1"
        case ("sub", _): return "−1"
        case ("mul", 0) where binary: return b
        case ("mul", _) where binary: return a
        case ("mul", _): return "the constant factor"
        case ("div", 0) where binary: return "1/\(b)"
        case ("div", _) where binary: return "−\(a)/\(b)²"
        case ("div", _): return "1/the constant"
        case ("rdiv", _): return "−constant/\(a)²"
        case ("rsub", _), ("neg", _): return "−1"
        case ("pow", 0): return binary ? "\(b)·\(a)^(\(b) − 1)" : "n·\(a)^(n − 1)"
        case ("pow", _): return "\(out)·ln \(a)"
        case ("exp", _): return "e^\(a) = \(out)"
        case ("log", _): return "1/\(a)"
        case ("tanh", _): return "1 − \(out)²"
        case ("sigmoid", _): return "\(out)·(1 − \(out))"
        case ("relu", _): return "1 where \(a) > 0, else 0"
        case ("sqrt", _): return "1/(2·\(out))"
        case ("sin", _): return "cos \(a)"
        case ("cos", _): return "−sin \(a)"
        case ("abs", _): return "sign(\(a))"
        case ("sum", _): return "1 for every element"
        case ("leakyRelu", _): return "1 where \(a) > 0, else the slope"
        default: return "∂\(out)/∂\(a)"
        }
    }

    /// The rule of a matrix product or linear layer for input `index`, or nil for elementwise ops.
    static func matrixRule(_ op: String, index: Int, inputs: [String], out: String) -> String? {
        let a = inputs.first ?? "x", b = inputs.count > 1 ? inputs[1] : "W"
        switch (op, index) {
        case ("matmul", 0): return "∂L/∂\(out) @ \(b)ᵀ"
        case ("matmul", _): return "\(a)ᵀ @ ∂L/∂\(out)"
        case ("linear", 0): return "∂L/∂\(out) @ \(b)"
        case ("linear", 1): return "(∂L/∂\(out))ᵀ @ \(a)"
        case ("linear", _): return "∂L/∂\(out) summed over the batch"
        default: return nil
        }
    }

    /// One line per input that receives a gradient from `step`.
    static func lines(_ step: BackwardStep, inputNames: [String], outName: String) -> [String] {
        var lines: [String] = []
        let g = step.outputGradient
        for (j, contribution) in step.inputGradients.enumerated() {
            guard let c = contribution, j < inputNames.count else { continue }
            let target = "∂L/∂\(inputNames[j]) += "
            if let rule = matrixRule(step.op, index: j, inputs: inputNames, out: outName) {
                lines.append(target + rule + " → " + describe(c))
                continue
            }
            let localText = local(step.op, index: j, inputs: inputNames, out: outName)
            var line = target + "∂L/∂\(outName) · " + (localText.contains(" ") ? "(\(localText))" : localText)
            if g.count == 1, c.count == 1, let gv = g.values.first, let cv = c.values.first {
                let localValue = gv == 0 ? nil : cv / gv
                line += " = " + number(gv) + " · " + (localValue.map(number) ?? "…") + " = " + number(cv)
            } else {
                line += " → " + describe(c)
            }
            lines.append(line)
        }
        return lines
    }

    /// A gradient as the drawing shows it: its values when small, else its shape.
    static func describe(_ t: Tensor) -> String {
        if t.count <= 6 { return GraphDrawing.format(t.values, scalar: t.shape.isEmpty || t.count == 1 && t.rank == 0) }
        return "[" + t.shape.map(String.init).joined(separator: ", ") + "]"
    }

    static func number(_ x: Float) -> String { NumberFormat.compact(Double(x), significant: 4) }
}
