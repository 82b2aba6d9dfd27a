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

    /// Splits `text` into rows of fields. Every row must have as many fields as the first; blank lines
    /// are skipped. A quoted field may hold the delimiter, newlines and doubled quotes.
    public static func parse(_ text: String, delimiter: Character = ",", header: Bool, source: String) throws -> Table {
        var rows: [[Substring]] = [], lines: [Int] = []
        var fields: [Substring] = [], field = "", quoted = false, inQuotes = false
        var line = 1, rowLine = 1, fieldStart = true
        func fail(_ why: String) -> TensorError { TensorError(.value, "readCSV: \(source), line \(line): \(why)") }
        func endField() {
            fields.append(Substring(field))
            field = ""
            quoted = false
            fieldStart = true
        }
        func endRow() throws {
            endField()
            defer { fields = []; rowLine = line + 1 }
            if fields.count == 1 && fields[0].isEmpty { return }   // a blank line
            if let first = rows.first, fields.count != first.count {
                throw TensorError(.value, "readCSV: \(source), line \(rowLine): \(fields.count) field\(fields.count == 1 ? "" : "s"), where the first row has \(first.count)")
            }
            rows.append(fields)
            lines.append(rowLine)
        }
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
                try endRow()
                line += 1
            default:
                field.append(c)
                fieldStart = false
            }
        }
        if inQuotes { throw fail("a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { try endRow() }
        var names: [String]?
        if header {
            guard !rows.isEmpty else { throw TensorError(.value, "readCSV: \(source) is empty, with no header") }
            names = rows.removeFirst().map { String($0).trimmingSpaces }
            lines.removeFirst()
        }
        return Table(names: names, rows: rows, lines: lines)
    }

    /// The chosen columns of `table` as a [rows, columns] tensor; a field that is not a number is an
    /// error naming its line and column.
    public static func numbers(_ table: Table, columns: [Int], source: String) throws -> Tensor {
        var values: [Float] = []
        values.reserveCapacity(table.rows.count * columns.count)
        for (r, row) in table.rows.enumerated() {
            for c in columns {
                let text = String(row[c]).trimmingSpaces
                guard let v = Float(text) else {
                    let name = table.names.map { " (\($0[c]))" } ?? ""
                    throw TensorError(.value, "readCSV: \(source), line \(table.lines[r]), column \(c + 1)\(name): \(String(reflecting: text)) is not a number")
                }
                values.append(v)
            }
        }
        return try Tensor(shape: [table.rows.count, columns.count], values: values)
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
