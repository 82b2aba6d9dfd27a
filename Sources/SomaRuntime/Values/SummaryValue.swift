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
        .property("activationBytes", "the memory of the layers' outputs.") { v in .number(Double(v.summary.activationBytes)) },
        .property("rows", "one dictionary per layer.") { v in .list(ListStorage(try v.summary.rows.map(SummaryValue.row))) },
    ])

    /// One row as a dictionary: name, layer, outputShape, parameters, macs (nil when unknown), memory.
    static func row(_ r: ModelSummary.Row) throws -> Value {
        let d = DictionaryStorage()
        try d.set(.string("name"), .string(r.name))
        try d.set(.string("layer"), .string(r.layer))
        try d.set(.string("outputShape"), .list(ListStorage(r.outputShape.map { .number(Double($0)) })))
        try d.set(.string("parameters"), .number(Double(r.parameters)))
        try d.set(.string("macs"), r.macs.map { .number(Double($0)) } ?? .null)
        try d.set(.string("memory"), .number(Double(r.activationBytes)))
        return .dictionary(d)
    }
}
