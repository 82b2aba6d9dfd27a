import NN
import Script

/// The result of `summary(model, input:)`: shows as its table; its numbers are members.
final class SummaryValue: ScriptObject {
    let summary: ModelSummary
    init(_ summary: ModelSummary) { self.summary = summary }

    var typeName: String { "Summary" }
    var text: String { summary.description }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "totalParameters": return .number(Double(summary.totalParameters))
        case "trainableParameters": return .number(Double(summary.trainableParameters))
        case "macs": return .number(Double(summary.totalMACs))
        case "activationBytes": return .number(Double(summary.activationBytes))
        case "rows": return .list(ListStorage(try summary.rows.map(SummaryValue.row)))
        default: return nil
        }
    }

    var memberNames: [String] { ["activationBytes", "macs", "rows", "totalParameters", "trainableParameters"] }

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
