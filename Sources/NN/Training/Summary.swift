import TensorEngine

/// A table of a model's layers: output shapes, parameter counts, multiply-accumulates and the memory of
/// the activations, from one forward pass on zeros (as `torchinfo.summary` or Keras's `model.summary()`).
public struct ModelSummary: CustomStringConvertible {
    /// One layer of the table.
    public struct Row {
        /// The dotted path of the layer in the model (`0`, `2.1`); empty for a model that is one layer.
        public let name: String
        /// The layer's one-line description (`Linear(784, 128)`).
        public let layer: String
        /// The nesting depth: 0 for the model's own children.
        public let depth: Int
        public let outputShape: [Int]
        /// Parameters of the layer and its children, each tensor once.
        public let parameters: Int
        /// Multiply-accumulates of the forward pass; nil when the layer has parameters but cannot count them.
        public let macs: Int?
        /// Bytes of the layer's output.
        public let activationBytes: Int
        /// Whether this row is a container whose children follow it (its numbers repeat theirs).
        public let isContainer: Bool
    }

    public let inputShape: [Int]
    public let rows: [Row]
    public let totalParameters: Int
    public let trainableParameters: Int
    /// The sum over layers of known counts; `macsComplete` tells whether every layer counted.
    public let totalMACs: Int
    public let macsComplete: Bool
    /// Bytes of every layer's output, summed (the memory a training step keeps for backward, roughly).
    public let activationBytes: Int

    public var parameterBytes: Int { 4 * totalParameters }
    public var inputBytes: Int { 4 * Shape.count(inputShape) }

    /// The table as text.
    public var description: String {
        let header = ["Layer", "Output shape", "Parameters", "MACs", "Memory"]
        let cells = rows.map { r in
            [String(repeating: "  ", count: r.depth) + (r.name.isEmpty ? "" : r.name + "  ") + r.layer,
             "\(r.outputShape)", ModelSummary.grouped(r.parameters), r.macs.map(ModelSummary.grouped) ?? "?",
             ModelSummary.bytes(r.activationBytes)]
        }
        var widths = header.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = Swift.max(widths[i], c.count) } }
        func line(_ items: [String]) -> String {
            items.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i < 2 ? c + pad : pad + c   // names and shapes left, numbers right
            }.joined(separator: "   ")
        }
        let rule = String(repeating: "─", count: widths.reduce(0, +) + 3 * (widths.count - 1))
        var out = [line(header), rule] + cells.map(line) + [rule]
        out.append("Parameters: \(ModelSummary.grouped(totalParameters)) (\(ModelSummary.bytes(parameterBytes)))"
                   + (trainableParameters == totalParameters ? "" : ", trainable: \(ModelSummary.grouped(trainableParameters))"))
        out.append("MACs: \(macsComplete ? "" : "at least ")\(ModelSummary.grouped(totalMACs)) (FLOPs ≈ \(ModelSummary.grouped(2 * totalMACs)))")
        out.append("Input: \(inputShape) (\(ModelSummary.bytes(inputBytes))); activations: \(ModelSummary.bytes(activationBytes))")
        return out.joined(separator: "\n")
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(Swift.abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// A byte count in B, KB, MB or GB (powers of 1024), one decimal above bytes.
    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        var value = Double(n), unit = 0
        let units = ["B", "KB", "MB", "GB", "TB"]
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}

/// Summarizes `model` by running it on zeros of shape `input` (batch dimension included) without
/// recording gradients, in evaluation mode (restored afterwards, so dropout draws nothing and batch
/// statistics stay as they are).
///
/// A `Sequential` is run child by child, one row each, nested ones expanded; any other module is one
/// row. MACs come from layers that adopt `MACCounting`.
public func summary(_ model: any Module, input: [Int]) throws -> ModelSummary {
    guard !input.isEmpty, input.allSatisfy({ $0 >= 1 }) else {
        throw TensorError(.value, "summary: the input shape must be a non-empty list of positive sizes, got \(input)")
    }
    let x = try Tensor.zeros(input)
    var modes: [(any Module, Bool)] = []
    func record(_ m: any Module) {
        modes.append((m, m.isTraining))
        for (_, c) in m.children { record(c) }
    }
    record(model)
    model.eval()
    defer { for (m, mode) in modes { m.isTraining = mode } }

    var rows: [ModelSummary.Row] = []
    var leafActivations = 0, totalMACs = 0, complete = true

    /// Runs `module` on `x`, adding its row (and its children's, for a Sequential); returns the output
    /// and the MACs counted.
    func visit(_ module: any Module, _ x: Tensor, name: String, depth: Int) throws -> (Tensor, Int?) {
        if let sequential = module as? Sequential {
            let at = rows.count
            var y = x, macs: Int? = 0
            for (childName, child) in sequential.children {
                let (out, m) = try visit(child, y, name: name.isEmpty ? childName : name + "." + childName, depth: depth + 1)
                y = out
                macs = m.flatMap { m in macs.map { $0 + m } }
            }
            if depth >= 0 {
                rows.insert(ModelSummary.Row(name: name, layer: "Sequential", depth: depth, outputShape: y.shape,
                                             parameters: module.parameterCount, macs: macs,
                                             activationBytes: 4 * y.count, isContainer: true), at: at)
            }
            return (y, macs)
        }
        let y: Tensor
        do {
            y = try module.forward(x)
        } catch let e as TensorError {
            throw TensorError(e.kind, "summary: layer \(name.isEmpty ? "" : name + " ")\(module.summaryName) on input \(x.shape): \(e.message)")
        }
        let macs: Int?
        if let counting = module as? MACCounting { macs = counting.macs(input: x.shape, output: y.shape) }
        else { macs = module.parameterCount == 0 ? 0 : nil }
        if let macs { totalMACs += macs } else { complete = false }
        leafActivations += 4 * y.count
        rows.append(ModelSummary.Row(name: name, layer: module.summaryName, depth: Swift.max(depth, 0),
                                     outputShape: y.shape, parameters: module.parameterCount, macs: macs,
                                     activationBytes: 4 * y.count, isContainer: false))
        return (y, macs)
    }

    // The model itself is not a row when it is a Sequential: its children are (depth -1 marks it).
    _ = try noGrad { try visit(model, x, name: "", depth: model is Sequential ? -1 : 0) }
    let parameters = model.parameters()
    return ModelSummary(inputShape: input, rows: rows, totalParameters: parameters.reduce(0) { $0 + $1.count },
                        trainableParameters: parameters.filter(\.requiresGrad).reduce(0) { $0 + $1.count },
                        totalMACs: totalMACs, macsComplete: complete, activationBytes: leafActivations)
}
