import NN
import Script
import TensorEngine

/// A `DataLoader` as a value of the language: `for batch in loader { }` visits one epoch of
/// `[xb, yb]` pairs (or `xb` alone over samples without targets), reshuffled at the start of each loop
/// when shuffling; `len(loader)` counts batches.
final class DataLoaderValue: SteppedIterable, TabledObject {
    let loader: DataLoader
    init(_ loader: DataLoader) { self.loader = loader }

    var typeName: String { "DataLoader" }
    var text: String {
        "DataLoader(\(loader.sampleCount) samples, batchSize: \(loader.batchSize), \(loader.count) batches"
            + (loader.shuffle ? ", shuffle: true" : "") + (loader.dropLast ? ", dropLast: true" : "") + ")"
    }

    func elements() throws -> [Value] {
        try loader.batches().map { Self.pair($0.x, $0.y) }
    }

    /// A `for` loop makes each batch as it reaches it.
    func forEachStep(_ body: (Value) throws -> Bool) throws {
        try loader.forEachBatch { x, y in try body(Self.pair(x, y)) }
    }

    private static func pair(_ x: Tensor, _ y: Tensor?) -> Value {
        guard let y else { return Convert.wrap(x) }
        return .list(ListStorage([Convert.wrap(x), Convert.wrap(y)]))
    }

    func length() throws -> Int { loader.count }

    static let members = MemberTable<DataLoaderValue>([
        .property("batchSize", "samples per batch.") { d in .number(Double(d.loader.batchSize)) },
        .property("shuffle", "whether each epoch is reshuffled.") { d in .bool(d.loader.shuffle) },
        .property("dropLast", "whether a last, smaller batch is left out.") { d in .bool(d.loader.dropLast) },
        .property("count", "batches per epoch.") { d in .number(Double(d.loader.count)) },
        .property("sampleCount", "samples in all.") { d in .number(Double(d.loader.sampleCount)) },
        .property("x", "the inputs (null over a data set that is not tensors).") { d in d.loader.inputs.map(Convert.wrap) ?? .null },
        .property("y", "the targets (null over a data set that is not tensors).") { d in d.loader.targets.map(Convert.wrap) ?? .null },
    ])
}
