import TensorEngine

/// The samples of a CSV file read in chunks, one pass at a time, for a `DataLoader` over a file larger
/// than memory (as a torchdata `CSVParser` or tf.data's `CsvDataset`).
///
/// Opening the stream reads the file once to find its header, count its rows and check that every
/// chosen field is a number, so a bad value is an error naming its line and column before training
/// starts, and a loader knows its length. Each pass then reads it again with a buffer of one chunk
/// (`TextChunks`); the fields are parsed as `readCSV` parses them.
public final class CSVStream: SampleStream {
    public typealias Column = CSV.Column

    /// The targets of each sample: none, one column (a value per sample), or several (a row per sample).
    public enum Targets: Equatable {
        case none
        case one(Column)
        case several([Column])
    }

    public let path: String
    /// The header's names, when the file has a header.
    public let names: [String]?
    /// The columns (from 0) whose values make each sample's inputs, and its targets.
    public let inputColumns: [Int], targetColumns: [Int]
    public let targetShape: [Int]?
    public private(set) var count = 0
    public var inputWidth: Int { inputColumns.count }
    private let chunks: TextChunks
    private let header: Bool, delimiter: Character

    static let op = "CSVStream"

    /// Opens the file at `path` and checks every row. `columns` picks the inputs (all the columns that
    /// are not targets, when nil).
    public init(_ path: String, target: Targets = .none, columns: [Column]? = nil, header: Bool = true,
                delimiter: Character = ",") throws {
        guard delimiter != "\"", delimiter != "\n", delimiter != "\r\n", delimiter != "\r" else {
            throw TensorError(.value, "\(Self.op): the delimiter must be a character other than a quote or a newline")
        }
        self.path = path
        self.header = header
        self.delimiter = delimiter
        chunks = try TextChunks(path, op: Self.op)
        // The first row alone gives the names and the width.
        var first: (fields: [String], line: Int)?
        try Self.forEachRecord(chunks, delimiter, path) { fields, line in
            first = (fields.map { String($0).trimmingSpaces }, line)
            return false
        }
        guard let first else { throw TensorError(.value, "\(Self.op): '\(path)' is empty, with no rows") }
        let names = header ? first.fields : nil
        let width = first.fields.count
        func resolve(_ column: Column) throws -> Int {
            try CSV.index(of: column, names: names, width: width, source: "'\(path)'", op: Self.op)
        }
        let targets: [Int]
        switch target {
        case .none: targets = []; targetShape = nil
        case .one(let c): targets = [try resolve(c)]; targetShape = []
        case .several(let cs):
            guard !cs.isEmpty else { throw TensorError(.value, "\(Self.op): the list of target columns is empty (leave target out for samples without targets)") }
            targets = try cs.map(resolve)
            targetShape = [cs.count]
        }
        let inputs = try columns.map { try $0.map(resolve) } ?? (0..<width).filter { !targets.contains($0) }
        guard !inputs.isEmpty else { throw TensorError(.value, "\(Self.op): no input columns are left in '\(path)'") }
        targetColumns = targets
        inputColumns = inputs
        self.names = names
        var rows = 0
        try forEachSample { _ in
            rows += 1
            return true
        }
        guard rows > 0 else { throw TensorError(.value, "\(Self.op): '\(path)' has no rows\(header ? " after its header" : "")") }
        count = rows
    }

    /// Calls `body` with each sample of a pass: the input values, then the target values.
    public func forEachSample(_ body: ([Float]) throws -> Bool) throws {
        var skipHeader = header, rows = 0, stopped = false
        let columns = inputColumns + targetColumns
        var values = [Float](repeating: 0, count: columns.count)
        try Self.forEachRecord(chunks, delimiter, path) { fields, line in
            if skipHeader { skipHeader = false; return true }
            for (k, c) in columns.enumerated() {
                values[k] = try CSV.number(fields[c], line: line, column: c, names: names, source: "'\(path)'", op: Self.op)
            }
            rows += 1
            stopped = try !body(values)
            return !stopped
        }
        // The length was counted when the stream was opened; a file changed since would break batches.
        if !stopped && count > 0 && rows != count {
            throw TensorError(.value, "\(Self.op): '\(path)' changed while it was read: it has \(rows) rows where it had \(count)")
        }
    }

    /// Calls `body` with the fields and line of each row of the file (the header included) until it
    /// returns false.
    private static func forEachRecord(_ chunks: TextChunks, _ delimiter: Character, _ path: String,
                                      _ body: ([Substring], Int) throws -> Bool) throws {
        var reader = CSV.RowReader(delimiter: delimiter, source: "'\(path)'", op: op)
        var going = true
        func emit(_ fields: [Substring], _ line: Int) throws {
            if going { going = try body(fields, line) }
        }
        try chunks.forEach { text in
            try reader.feed(text, emit)
            return going
        }
        if going { try reader.finish(emit) }
    }
}
