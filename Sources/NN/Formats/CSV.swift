import TensorEngine

/// Comma-separated values as numbers: the fields of each row, quoted as RFC 4180 quotes them.
public enum CSV {
    /// A table read from a file: the header's names (when it has one) and the rows' fields.
    public struct Table {
        public var names: [String]?
        public var rows: [[Substring]]
        /// The line each row starts on (1-based), for messages.
        public var lines: [Int]
    }

    /// A column, by its index (from 0) or its header name.
    public enum Column: Equatable {
        case index(Int)
        case name(String)
    }

    /// The index of `column` in a file of `width` columns with the header `names` (nil without a
    /// header), or an error naming `op` and the file (`source`).
    public static func index(of column: Column, names: [String]?, width: Int, source: String, op: String) throws -> Int {
        switch column {
        case .index(let i):
            guard i >= 0, i < width else { throw TensorError(.index, "\(op): column \(i) is out of range for \(width) columns") }
            return i
        case .name(let name):
            guard let names else {
                throw TensorError(.value, "\(op): column \(String(reflecting: name)) is named, but the file is read without a header")
            }
            guard let i = names.firstIndex(of: name) else {
                throw TensorError(.value, "\(op): no column \(String(reflecting: name)) in \(source); it has \(names.map { String(reflecting: $0) }.joined(separator: ", "))")
            }
            return i
        }
    }

    /// Splits `text` into rows of fields. Every row must have as many fields as the first; blank lines
    /// are skipped. A quoted field may hold the delimiter, newlines and doubled quotes.
    public static func parse(_ text: String, delimiter: Character = ",", header: Bool, source: String) throws -> Table {
        var rows: [[Substring]] = [], lines: [Int] = []
        var reader = RowReader(delimiter: delimiter, source: source)
        func keep(_ fields: [Substring], _ line: Int) { rows.append(fields); lines.append(line) }
        try reader.feed(text, keep)
        try reader.finish(keep)
        var names: [String]?
        if header {
            guard !rows.isEmpty else { throw TensorError(.value, "readCSV: \(source) is empty, with no header") }
            names = rows.removeFirst().map { String($0).trimmingSpaces }
            lines.removeFirst()
        }
        return Table(names: names, rows: rows, lines: lines)
    }

    /// Splits text given piece by piece into rows of fields, so that a file can be read in chunks: a
    /// quoted field may run from one piece into the next. Each row goes to `emit` with the line it
    /// starts on as soon as it ends; errors name `op`, `source` and the line.
    public struct RowReader {
        public let delimiter: Character, source: String, op: String
        private var fields: [Substring] = [], field = "", quoted = false, inQuotes = false, fieldStart = true
        private var line = 1, rowLine = 1
        /// The number of fields of the first row, which every other row must have.
        public private(set) var width: Int?

        public init(delimiter: Character = ",", source: String, op: String = "readCSV") {
            self.delimiter = delimiter
            self.source = source
            self.op = op
        }

        /// Reads `text`, which must not end inside a \r\n pair (a reader of chunks splits after a \n).
        public mutating func feed<S: StringProtocol>(_ text: S, _ emit: ([Substring], Int) throws -> Void) throws {
            for c in text {
                if inQuotes {
                    if c == "\"" { inQuotes = false } else {
                        if c == "\n" || c == "\r\n" { line += 1 }
                        field.append(c)
                    }
                    continue
                }
                switch c {
                case "\"":
                    if fieldStart { inQuotes = true; quoted = true; fieldStart = false }
                    else if quoted { field.append("\""); inQuotes = true }   // a doubled quote inside a quoted field
                    else { throw fail("a quote inside an unquoted field") }
                case delimiter: endField()
                case "\n", "\r\n", "\r":
                    try endRow(emit)
                    line += 1
                default:
                    field.append(c)
                    fieldStart = false
                }
            }
        }

        /// Ends the text: the last row, when it has no newline after it.
        public mutating func finish(_ emit: ([Substring], Int) throws -> Void) throws {
            if inQuotes { throw fail("a quoted field is not closed") }
            if !field.isEmpty || !fields.isEmpty { try endRow(emit) }
        }

        private func fail(_ why: String) -> TensorError { TensorError(.value, "\(op): \(source), line \(line): \(why)") }

        private mutating func endField() {
            fields.append(Substring(field))
            field = ""
            quoted = false
            fieldStart = true
        }

        private mutating func endRow(_ emit: ([Substring], Int) throws -> Void) throws {
            endField()
            defer { fields = []; rowLine = line + 1 }
            if fields.count == 1 && fields[0].isEmpty { return }   // a blank line
            if let width, fields.count != width {
                throw TensorError(.value, "\(op): \(source), line \(rowLine): \(fields.count) field\(fields.count == 1 ? "" : "s"), where the first row has \(width)")
            }
            width = fields.count
            try emit(fields, rowLine)
        }
    }

    /// The chosen columns of `table` as a [rows, columns] tensor; a field that is not a number is an
    /// error naming its line and column.
    public static func numbers(_ table: Table, columns: [Int], source: String) throws -> Tensor {
        var values: [Float] = []
        values.reserveCapacity(table.rows.count * columns.count)
        for (r, row) in table.rows.enumerated() {
            for c in columns {
                values.append(try number(row[c], line: table.lines[r], column: c, names: table.names, source: source))
            }
        }
        return try Tensor(shape: [table.rows.count, columns.count], values: values)
    }

    /// The number in `field`, or an error naming the line, the column (1-based, with its header name)
    /// and the text.
    public static func number(_ field: Substring, line: Int, column c: Int, names: [String]?, source: String,
                              op: String = "readCSV") throws -> Float {
        let text = String(field).trimmingSpaces
        guard let v = Float(text) else {
            let name = names.map { c < $0.count ? " (\($0[c]))" : "" } ?? ""
            throw TensorError(.value, "\(op): \(source), line \(line), column \(c + 1)\(name): \(String(reflecting: text)) is not a number")
        }
        return v
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
