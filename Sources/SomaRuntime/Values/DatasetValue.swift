import NN
import Script
import TensorEngine

/// A data set read from files as a value of the language, for `DataLoader(ds, ...)`: an `NpyDataset`
/// (by index: `ds[i]`, `len(ds)`) or a `CSVStream` (in order; `len(ds)` counts its rows).
final class DatasetValue: TabledObject {
    enum Samples {
        case indexed(NpyDataset)
        case streamed(CSVStream)
    }

    let samples: Samples
    init(_ samples: Samples) { self.samples = samples }

    var typeName: String {
        switch samples {
        case .indexed: return "NpyDataset"
        case .streamed: return "CSVStream"
        }
    }

    var text: String {
        switch samples {
        case .indexed(let d):
            let y = d.targets.map { ", y: '\($0.path)' \(Self.describe($0.shape)) \($0.dtype.rawValue)" } ?? ""
            return "NpyDataset(x: '\(d.inputs.path)' \(Self.describe(d.inputs.shape)) \(d.inputs.dtype.rawValue)\(y))"
        case .streamed(let s):
            return "CSVStream('\(s.path)', \(s.count) rows, \(s.inputWidth) inputs, \(s.targetShape.map { "targets \(Self.describe($0))" } ?? "no targets"))"
        }
    }

    private static func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    func length() throws -> Int {
        switch samples {
        case .indexed(let d): return d.count
        case .streamed(let s): return s.count
        }
    }

    /// `ds[i]`: sample i of an NpyDataset, as [x, y] (or x without targets); negative counts from the end.
    func subscriptGet(_ items: [IndexValue]) throws -> Value {
        guard case .indexed(let d) = samples, items.count == 1, case .value(let v) = items[0] else {
            throw ScriptError("TypeError", "a \(typeName) cannot be indexed\(typeName == "CSVStream" ? " (it is read in order; use it in a DataLoader)" : " by more than one index")")
        }
        var i = try v.integer("a sample index")
        if i < 0 { i += d.count }
        guard i >= 0, i < d.count else { throw ScriptError("IndexError", "sample index \(try v.integer("")) is out of range for \(d.count) samples") }
        let (x, y) = try d.samples([i])
        let xi = try x.reshape(Array(x.shape.dropFirst()))
        guard let y else { return Convert.wrap(xi) }
        return Library.tensors([xi, try y.reshape(Array(y.shape.dropFirst()))])
    }

    private static func shape(_ s: [Int]) -> Value { .list(ListStorage(s.map { .number(Double($0)) })) }

    static let members = MemberTable<DatasetValue>([
        .property("path", "the file of the inputs (an NpyDataset's x) or of the samples (a CSVStream).") { d in
            switch d.samples {
            case .indexed(let n): return .string(n.inputs.path)
            case .streamed(let s): return .string(s.path)
            }
        },
        .property("shape", "an NpyDataset's [inputs shape, targets shape or null], each with the samples first; a CSVStream's [rows, inputs].") { d in
            switch d.samples {
            case .indexed(let n): return .list(ListStorage([shape(n.inputs.shape), n.targets.map { shape($0.shape) } ?? .null]))
            case .streamed(let s): return shape([s.count, s.inputWidth])
            }
        },
        .property("dtype", "the dtype of an NpyDataset's inputs (a CSVStream's values are float32).") { d in
            switch d.samples {
            case .indexed(let n): return DTypeValue.of(n.inputs.dtype)
            case .streamed: return DTypeValue.of(.float32)
            }
        },
        .property("columns", "a CSVStream's header names (null without a header); null for an NpyDataset.") { d in
            guard case .streamed(let s) = d.samples, let names = s.names else { return .null }
            return .list(ListStorage(names.map { .string($0) }))
        },
    ])
}
