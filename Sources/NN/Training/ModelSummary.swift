import TensorEngine

/// A table of a model's layers: output shapes, parameter counts, multiply-accumulates and activation
/// memory, from one forward pass on zeros (as `torchinfo.summary` or Keras's `model.summary()`); see
/// `summary(_:input:)`.
public struct ModelSummary: CustomStringConvertible {
    /// One call of a layer during the pass.
    public struct Row {
        /// The dotted path of the layer in the model (`0`, `2.1`); empty for the model itself.
        public let name: String
        /// The layer's one-line description (`Linear(784, 128)`).
        public let layer: String
        /// The nesting depth: 0 for the model's own children (for the model when it is not a Sequential).
        public let depth: Int
        public let outputShape: [Int]
        /// Parameters of the layer and its children, each tensor once.
        public let parameters: Int
        /// What the engine's ops did during the layer's forward (its children's included), by op name.
        public let operations: [String: OperationCounter.Count]
        /// Bytes of the tensors made during the layer's forward that are still alive after it: the
        /// output and what the autograd records keep for backward.
        public let activationBytes: Int
        /// Bytes of the layer's output alone.
        public let outputBytes: Int
        /// Whether rows of the layers this one called follow it (its numbers include theirs).
        public let isContainer: Bool

        /// Multiply-accumulates of the forward pass.
        public var macs: Int { total.macs }
        /// The sequence length recurrent kernels ran over (0 when none ran).
        public var steps: Int {
            let recurrent = operations.values.filter { $0.steps > 0 }
            let calls = recurrent.reduce(0) { $0 + $1.calls }
            return calls == 0 ? 0 : recurrent.reduce(0) { $0 + $1.steps } / calls
        }
        /// MACs of one time step of the recurrent kernels this row ran (all layers and directions of a
        /// stack); nil when it ran none. A float64 layer's steps run as matmuls, so there every MAC of
        /// the row is divided among the steps.
        public var macsPerStep: Int? {
            guard steps > 0 else { return nil }
            let recurrent = operations.values.filter { $0.steps > 0 }.reduce(0) { $0 + $1.macs }
            return (recurrent > 0 ? recurrent : macs) / steps
        }
        /// Elements of the attention score matrices (`batch · heads · Lq · Lk`) made in this row.
        public var scoreElements: Int { total.scoreElements }
        /// Bytes the ops of this row read and wrote (see `OpCost`): ops the tape records, so everything
        /// that depends on a parameter or on an input that requires gradients.
        public var bytesRead: Int { total.bytesRead }
        public var bytesWritten: Int { total.bytesWritten }
        /// Bytes of keys and values the row's attention reads per token of one sequence.
        public var cacheBytesPerToken: Int { total.cacheBytesPerToken }

        private var total: OperationCounter.Count { operations.values.reduce(OperationCounter.Count(), +) }
    }

    public let inputShape: [Int]
    public let rows: [Row]
    public let totalParameters: Int
    public let trainableParameters: Int
    /// Bytes of the parameters, each in its own type.
    public let parameterBytes: Int
    /// What the engine's ops did during the whole pass, by op name.
    public let operations: [String: OperationCounter.Count]
    /// Bytes of the tensors the pass made that are alive at its end: outputs and what backward needs.
    public let activationBytes: Int
    /// Whether the text shows bytes read and written, the hot spots and the KV cache (`costs: true`).
    public var showsCosts = false

    /// Multiply-accumulates of the whole pass.
    public var totalMACs: Int { operations.values.reduce(0) { $0 + $1.macs } }
    public var inputBytes: Int { 4 * Shape.count(inputShape) }
    private var total: OperationCounter.Count { operations.values.reduce(OperationCounter.Count(), +) }
    public var bytesRead: Int { total.bytesRead }
    public var bytesWritten: Int { total.bytesWritten }
    /// Bytes of keys and values per token of one sequence, over every attention layer: what a KV cache grows by.
    public var cacheBytesPerToken: Int { total.cacheBytesPerToken }

    /// The three layers whose own ops (their children's left out) have the most MACs, then move the
    /// most bytes; earlier rows first among equals. A container's row stands for its own ops only.
    public var hotSpots: [(row: Row, macs: Int, bytes: Int)] {
        var own: [(row: Row, macs: Int, bytes: Int, index: Int)] = []
        for (i, r) in rows.enumerated() {
            var macs = r.macs, bytes = r.bytesRead + r.bytesWritten
            for child in rows[(i + 1)...].prefix(while: { $0.depth > r.depth }) where child.depth == r.depth + 1 {
                macs -= child.macs
                bytes -= child.bytesRead + child.bytesWritten
            }
            if macs > 0 || bytes > 0 { own.append((r, macs, bytes, i)) }
        }
        return own.sorted { ($0.macs, $0.bytes, -$0.index) > ($1.macs, $1.bytes, -$1.index) }.prefix(3).map { ($0.row, $0.macs, $0.bytes) }
    }

    /// The table as text, then the totals, then a line per recurrent or attention layer.
    public var description: String {
        let header = ["Layer", "Output shape", "Parameters", "MACs"] + (showsCosts ? ["Read", "Written"] : []) + ["Memory"]
        let cells = rows.map { r in
            [String(repeating: "  ", count: r.depth) + (r.name.isEmpty ? "" : r.name + "  ") + r.layer,
             "\(r.outputShape)", ModelSummary.grouped(r.parameters), ModelSummary.grouped(r.macs)]
            + (showsCosts ? [ModelSummary.bytes(r.bytesRead), ModelSummary.bytes(r.bytesWritten)] : [])
            + [ModelSummary.bytes(r.activationBytes)]
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
        out.append("MACs: \(ModelSummary.grouped(totalMACs)) (FLOPs ≈ \(ModelSummary.grouped(2 * totalMACs)))")
        out.append("Input: \(inputShape) (\(ModelSummary.bytes(inputBytes))); activations: \(ModelSummary.bytes(activationBytes))")
        return (out + (showsCosts ? costLines : []) + notes).joined(separator: "\n")
    }

    /// The totals of memory traffic, the hot spots and the KV cache, for `costs: true`.
    var costLines: [String] {
        var out = ["Memory traffic: \(ModelSummary.bytes(bytesRead)) read, \(ModelSummary.bytes(bytesWritten)) written"]
        let hot = hotSpots
        if !hot.isEmpty {
            out.append("Hot spots: " + hot.map { spot in
                let share = totalMACs > 0 ? " (\(Int((100 * Double(spot.macs) / Double(totalMACs)).rounded()))%)" : ""
                let work = spot.macs > 0 ? ModelSummary.grouped(spot.macs) + " MACs" + share : ModelSummary.bytes(spot.bytes) + " moved"
                let own = spot.row.isContainer ? " (own ops)" : ""
                return (spot.row.name.isEmpty ? "" : spot.row.name + " ") + spot.row.layer + own + " " + work
            }.joined(separator: ", "))
        }
        if cacheBytesPerToken > 0 {
            out.append("KV cache: \(ModelSummary.bytes(cacheBytesPerToken)) per token of a sequence (keys and values of every attention layer)")
        }
        return out
    }

    /// A line for each innermost row that ran a recurrent kernel (its cost per step) or attention (its
    /// score matrices); a container whose children show the same is left out.
    var notes: [String] {
        var out: [String] = []
        for (i, r) in rows.enumerated() {
            let nested = rows[(i + 1)...].prefix { $0.depth > r.depth }
            let who = (r.name.isEmpty ? "" : r.name + "  ") + r.layer
            if let perStep = r.macsPerStep, !nested.contains(where: { $0.steps > 0 }) {
                out.append("\(who): recurrent, \(ModelSummary.grouped(r.steps)) \(r.steps == 1 ? "step" : "steps") × \(ModelSummary.grouped(perStep)) MACs per step")
            }
            if r.scoreElements > 0 && !nested.contains(where: { $0.scoreElements > 0 }) {
                let scoreMACs = r.operations["attention"]?.macs ?? 0
                out.append("\(who): attention, \(ModelSummary.grouped(r.scoreElements)) scores (batch·heads·Lq·Lk)"
                           + (scoreMACs > 0 ? ", \(ModelSummary.grouped(scoreMACs)) MACs in q·kᵀ and weights·v" : "")
                           + (showsCosts && r.cacheBytesPerToken > 0 ? ", KV cache \(ModelSummary.bytes(r.cacheBytesPerToken)) per token" : ""))
            }
        }
        return out
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
