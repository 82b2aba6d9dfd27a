import NN
import Script
import TensorEngine

/// Data sets read from files as a loader reaches them, for data larger than memory: `.npy` arrays
/// memory-mapped and read by row, and CSV files streamed in chunks.
extension Library {
    static func addStream(_ lib: inout Library) {
        lib.add("NpyDataset", ["x", .optional("y")],
                "samples read lazily from memory-mapped .npy files (NumPy's mmap_mode='r'): x holds the inputs and y, when given, the targets, one sample per row in each file's dtype; for DataLoader(ds, ...); ds[i] is [x, y]; len(ds) counts samples.") { a, _ in
            let x = try Convert.path(try a.value("x"), "NpyDataset")
            let y = try a.given("y").map { try Convert.path($0, "NpyDataset") }
            return .object(DatasetValue(.indexed(try NpyDataset(x, y))))
        }
        lib.add("CSVStream", ["path", .optional("target"), .optional("columns", shown: "the rest"),
                              .defaulted("header", true), .defaulted("delimiter", ",")],
                "the rows of a CSV file read in chunks, for DataLoader(stream, batchSize:, shuffle:, shuffleBuffer:) over files larger than memory; target names the targets' column (a value per sample) or columns (a list: a row per sample), by index or header name; columns picks the inputs. Opening it checks every row once, so a field that is not a number is an error naming its line and column.") { a, _ in
            let path = try Convert.path(try a.value("path"), "CSVStream")
            let delimiter = try a.string("delimiter")
            guard delimiter.count == 1, let separator = delimiter.first else {
                throw ScriptError("ValueError", "CSVStream: the delimiter must be one character, not \(Value.quote(delimiter))")
            }
            func columns(_ given: Value) throws -> [CSV.Column] {
                if case .list(let l) = given { return try l.items.map { try csvColumn($0, "CSVStream") } }
                return [try csvColumn(given, "CSVStream")]
            }
            var target = CSVStream.Targets.none
            if let given = try a.given("target") {
                let picked = try columns(given)
                target = isList(given) ? .several(picked) : .one(picked[0])
            }
            let inputs = try a.given("columns").map(columns)
            return .object(DatasetValue(.streamed(try CSVStream(path, target: target, columns: inputs, header: try a.boolean("header"),
                                                                delimiter: separator))))
        }
    }

    /// A column of a CSV file for `op`: a header name or an index.
    static func csvColumn(_ v: Value, _ op: String) throws -> CSV.Column {
        if case .string(let name) = v { return .name(name) }
        return .index(try v.integer("a column of \(op)"))
    }

    /// A loader over a data set given as DataLoader's x, or nil when x is not a data set.
    static func streamedLoader(_ a: BoundArguments, batchSize: Int, shuffle: Bool, dropLast: Bool,
                               sampler: WeightedRandomSampler?, transform: ((Tensor) throws -> Tensor)?,
                               shard: DataShard?) throws -> DataLoader? {
        guard case .object(let d as DatasetValue) = try a.value("x") else { return nil }
        if try a.given("y") != nil {
            throw ScriptError("TypeError", "DataLoader takes its targets from the \(d.typeName) given as x; leave out y")
        }
        switch d.samples {
        case .indexed(let dataset):
            return try DataLoader(dataset, batchSize: batchSize, shuffle: shuffle, dropLast: dropLast, sampler: sampler, transform: transform,
                                  shard: shard)
        case .streamed(let stream):
            guard sampler == nil else {
                throw ScriptError("ValueError", "DataLoader: a CSVStream is read in order and cannot take a sampler (use shuffle: true with shuffleBuffer)")
            }
            guard shard == nil else {
                throw ScriptError("ValueError", "DataLoader: a CSVStream is read in order and cannot be sharded; give each process its own file, or load it into tensors")
            }
            return try DataLoader(stream, batchSize: batchSize, shuffle: shuffle, shuffleBuffer: try a.integer("shuffleBuffer"),
                                  dropLast: dropLast, transform: transform)
        }
    }
}
