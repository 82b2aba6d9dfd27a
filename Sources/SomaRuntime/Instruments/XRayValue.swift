import Plot
import Script

/// `history.xray`: what the X-ray of `fit` measured and diagnosed. It displays itself as small
/// multiples (a chart per measure, a line per layer); each measure is also a dictionary of lists,
/// layer → one value per recorded step (`xray.gradNorm["layer 1"]`), beside `xray.steps`.
final class XRayValue: TabledObject, SVGDisplayable {
    let record: XRayRecord
    init(_ record: XRayRecord) { self.record = record }

    var typeName: String { "XRay" }
    var text: String {
        "XRay(\(record.layers.count) layers, \(record.steps.count) recorded step\(record.steps.count == 1 ? "" : "s"), \(record.diagnoses.count) diagnos\(record.diagnoses.count == 1 ? "is" : "es"))"
            + record.diagnoses.map { "\n  " + $0 }.joined()
    }
    func displaySVG() -> String { grid.svg() }

    var grid: Chart { Chart.grid(record.charts(), columns: 2, title: "x-ray") }

    static let members = MemberTable<XRayValue>([
        .property("layers", "the layers with weights, input side first.") { x in .list(ListStorage(x.record.layers.map { .string($0) })) },
        .property("steps", "when each recorded step happened, in epochs.") { x in .list(ListStorage(x.record.steps.map { .number($0) })) },
        .property("diagnoses", "what it named, in order.") { x in .list(ListStorage(x.record.diagnoses.map { .string($0) })) },
        .property("measures", "the names of the measures.") { x in .list(ListStorage(XRayRecord.metrics.map { .string($0.name) })) },
        .method("plot", [], "the measures as small multiples.") { x, _, _ in .object(ChartValue(x.grid)) },
    ])

    /// A member of the table, or a measure by name (`xray.gradNorm`).
    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        if let v = try Self.members.get(self, name) { return v }
        guard let byLayer = record.series[name] else { return nil }
        let d = DictionaryStorage()
        for layer in record.layers {
            try d.set(.string(layer), .list(ListStorage((byLayer[layer] ?? []).map { .number($0) })))
        }
        return .dictionary(d)
    }

    var memberNames: [String] { Self.members.names + XRayRecord.metrics.map(\.name) }
}
