import NN
import Script
import Tensor

/// A `DataLoader` as a value of the language: `for batch in loader { }` visits one epoch of
/// `[xb, yb]` pairs, reshuffled at the start of each loop when shuffling; `len(loader)` counts batches.
final class DataLoaderValue: ScriptObject {
    let loader: DataLoader
    init(_ loader: DataLoader) { self.loader = loader }

    var typeName: String { "DataLoader" }
    var text: String {
        "DataLoader(\(loader.sampleCount) samples, batchSize: \(loader.batchSize), \(loader.count) batches"
            + (loader.shuffle ? ", shuffle: true" : "") + (loader.dropLast ? ", dropLast: true" : "") + ")"
    }

    func elements() throws -> [Value] {
        loader.batches().map { .list(ListStorage([Convert.wrap($0.x), Convert.wrap($0.y)])) }
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
