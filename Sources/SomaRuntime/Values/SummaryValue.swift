import NN
import Script

/// The result of `summary(model, input:)`: shows as its table; its numbers are members.
final class SummaryValue: TabledObject {
    let summary: ModelSummary
    init(_ summary: ModelSummary) { self.summary = summary }

    var typeName: String { "Summary" }
    var text: String { summary.description }

    static let members = MemberTable<SummaryValue>([
        .property("totalParameters", "every parameter, trained or not.") { v in .number(Double(v.summary.totalParameters)) },
        .property("trainableParameters", "the parameters that require gradients.") { v in .number(Double(v.summary.trainableParameters)) },
        .property("macs", "multiply-accumulates of one forward pass.") { v in .number(Double(v.summary.totalMACs)) },
        .property("activationBytes", "bytes of the tensors the pass keeps: outputs and what backward needs.") { v in .number(Double(v.summary.activationBytes)) },
        .property("bytesRead", "bytes the recorded ops of the pass read.") { v in .number(Double(v.summary.bytesRead)) },
        .property("bytesWritten", "bytes the recorded ops of the pass wrote.") { v in .number(Double(v.summary.bytesWritten)) },
        .property("kvCacheBytesPerToken", "bytes of keys and values every attention layer keeps per token of one sequence.") { v in .number(Double(v.summary.cacheBytesPerToken)) },
        .property("hotSpots", "the three layers whose own ops (children left out) have the most MACs, then move the most bytes: dictionaries of name, layer, macs and bytes.") { v in
            .list(ListStorage(try v.summary.hotSpots.map { spot in
                let d = DictionaryStorage()
                try d.set(.string("name"), .string(spot.row.name))
                try d.set(.string("layer"), .string(spot.row.layer))
                try d.set(.string("macs"), .number(Double(spot.macs)))
                try d.set(.string("bytes"), .number(Double(spot.bytes)))
                return .dictionary(d)
            }))
        },
        .property("rows", "one dictionary per layer.") { v in .list(ListStorage(try v.summary.rows.map(SummaryValue.row))) },
    ])

    /// One row as a dictionary: name, layer, depth, outputShape, parameters, macs, memory, outputBytes,
    /// bytesRead, bytesWritten, and for a recurrent layer steps and macsPerStep, for attention
    /// scoreElements and kvCacheBytesPerToken (over the batch).
    static func row(_ r: ModelSummary.Row) throws -> Value {
        let d = DictionaryStorage()
        try d.set(.string("name"), .string(r.name))
        try d.set(.string("layer"), .string(r.layer))
        try d.set(.string("outputShape"), .list(ListStorage(r.outputShape.map { .number(Double($0)) })))
        try d.set(.string("parameters"), .number(Double(r.parameters)))
        try d.set(.string("macs"), .number(Double(r.macs)))
        try d.set(.string("memory"), .number(Double(r.activationBytes)))
        try d.set(.string("outputBytes"), .number(Double(r.outputBytes)))
        try d.set(.string("bytesRead"), .number(Double(r.bytesRead)))
        try d.set(.string("bytesWritten"), .number(Double(r.bytesWritten)))
        try d.set(.string("depth"), .number(Double(r.depth)))
        if let perStep = r.macsPerStep {
            try d.set(.string("steps"), .number(Double(r.steps)))
            try d.set(.string("macsPerStep"), .number(Double(perStep)))
        }
        if r.scoreElements > 0 {
            try d.set(.string("scoreElements"), .number(Double(r.scoreElements)))
            try d.set(.string("kvCacheBytesPerToken"), .number(Double(r.cacheBytesPerToken)))
        }
        return .dictionary(d)
    }
}
