import NN
import Script

/// Text files: reading and writing a file as a string, and finding the files that ship in `data/`.
extension Library {
    static func textFiles() -> Library {
        var lib = Library()
        lib.add("readText", ["path"], "the contents of a UTF-8 text file as a string.") { a, _ in
            let path = try Convert.path(try a.value("path"), "readText")
            return .string(try utf8Text(try FileIO.read(path), path, "readText"))
        }
        lib.add("writeText", ["path", "text"], "writes a string to a UTF-8 text file, replacing it whole (atomically).") { a, _ in
            try FileIO.writeAtomically(Array(try a.string("text").utf8), to: try Convert.path(try a.value("path"), "writeText"))
            return .null
        }
        lib.add("readCSV", ["path", .defaulted("header", true), .optional("columns", shown: "all"), .defaulted("delimiter", ",")],
                "the numbers of a CSV file as a [rows, columns] tensor; columns picks some by index or by header name; a field that is not a number is an error naming its line and column.") { a, _ in
            let path = try Convert.path(try a.value("path"), "readCSV")
            let text = try utf8Text(try FileIO.read(path), path, "readCSV")
            let delimiter = try a.string("delimiter")
            guard delimiter.count == 1, let separator = delimiter.first, separator != "\"", separator != "\n" else {
                throw ScriptError("ValueError", "readCSV: the delimiter must be one character other than a quote or a newline, not \(Value.quote(delimiter))")
            }
            let table = try CSV.parse(text, delimiter: separator, header: try a.boolean("header"), source: path)
            let width = table.rows.first?.count ?? table.names?.count ?? 0
            var columns = Array(0..<width)
            if let given = try a.given("columns") {
                let items: [Value]
                if case .list(let l) = given { items = l.items } else { items = [given] }
                columns = try items.map { item in
                    try CSV.index(of: try csvColumn(item, "readCSV"), names: table.names, width: width, source: path, op: "readCSV")
                }
            }
            return Convert.wrap(try CSV.numbers(table, columns: columns, source: path))
        }
        lib.add("dataFile", ["name"],
                "the path of a file shipped in Soma's data/ folder (SOMA_DATA_DIR names another folder), e.g. readText(dataFile(\"tiny-tales.txt\")).") { a, _ in
            .string(try DataFiles.locate(try Convert.path(try a.value("name"), "dataFile")))
        }
        return lib
    }

    /// `bytes` as text, or a ValueError when they are not UTF-8.
    private static func utf8Text(_ bytes: [UInt8], _ path: String, _ op: String) throws -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        // Decoding replaces invalid sequences with U+FFFD; a round trip that changes the bytes exposes them.
        guard text.utf8.elementsEqual(bytes) else { throw ScriptError("ValueError", "\(op): '\(path)' is not UTF-8 text") }
        return text
    }
}
