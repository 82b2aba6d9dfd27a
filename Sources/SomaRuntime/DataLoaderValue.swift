import NN
import Script
import Tensor

/// A `DataLoader` as a value of the language: `for batch in loader { }` visits one epoch of
/// `[xb, yb]` pairs, reshuffled at the start of each loop when shuffling; `len(loader)` counts batches.
final class DataLoaderValue: SteppedIterable {
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

    private static func pair(_ x: Tensor, _ y: Tensor) -> Value {
        .list(ListStorage([Convert.wrap(x), Convert.wrap(y)]))
    }

    func length() throws -> Int { loader.count }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "batchSize": return .number(Double(loader.batchSize))
        case "shuffle": return .bool(loader.shuffle)
        case "dropLast": return .bool(loader.dropLast)
        case "count": return .number(Double(loader.count))
        case "sampleCount": return .number(Double(loader.sampleCount))
        case "x": return Convert.wrap(loader.inputs)
        case "y": return Convert.wrap(loader.targets)
        default: return nil
        }
    }

    var memberNames: [String] { ["batchSize", "count", "dropLast", "sampleCount", "shuffle", "x", "y"] }
}
