import NN
import Script
import TensorEngine

/// Text files: reading, writing and appending a file as a string or as lines, and finding the files
/// that ship in `data/`.
extension Library {
    static func textFiles() -> Library {
        var lib = Library()
        lib.add("readText", ["path"], "the contents of a UTF-8 text file as a string.") { a, _ in
            let path = try Convert.path(try a.value("path"), "readText")
            return .string(try utf8Text(try named("readText") { try FileIO.read(path) }, path, "readText"))
        }
        lib.add("readLines", ["path"],
                "the lines of a UTF-8 text file as a list of strings, without their line ends (\\n or \\r\\n).") { a, _ in
            let path = try Convert.path(try a.value("path"), "readLines")
            let bytes = try named("readLines") { try FileIO.read(path) }
            _ = try utf8Text(bytes, path, "readLines")
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            try Interpreter.checkCollection(lines.count, "readLines: '\(path)' has too many lines (\(lines.count))")
            return .list(ListStorage(lines.map { line in
                .string(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
            }))
        }
        lib.add("writeText", ["path", "text"],
                "writes a string to a UTF-8 text file, replacing it whole (atomically: readers see the old file or the new one, and a failed write leaves the old file).") { a, _ in
            let path = try Convert.path(try a.value("path"), "writeText")
            let text = try a.string("text")
            try named("writeText") { try FileIO.writeAtomically(Array(text.utf8), to: path) }
            return .null
        }
        lib.add("appendText", ["path", "text"],
                "adds a string to the end of a UTF-8 text file, making the file when missing; what the file held before is never changed.") { a, _ in
            let path = try Convert.path(try a.value("path"), "appendText")
            try FileSystem.append(Array(try a.string("text").utf8), to: path, op: "appendText")
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

    /// `bytes` as text, or a ValueError naming the first byte that is not UTF-8, its offset and line.
    static func utf8Text(_ bytes: [UInt8], _ path: String, _ op: String) throws -> String {
        if let offset = UTF8Check.firstInvalidByte(bytes) {
            let line = 1 + bytes[..<offset].lazy.filter { $0 == 0x0A }.count
            let byte = "0x" + String(bytes[offset], radix: 16, uppercase: true)
            throw ScriptError("ValueError", "\(op): '\(path)' is not UTF-8 text: byte \(byte) at offset \(offset) (line \(line))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `body`'s result; a TensorError from FileIO becomes a ScriptError whose message starts with `op`.
    static func named<T>(_ op: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TensorError {
            var error = e.scriptError
            error.message = "\(op): " + error.message
            throw error
        }
    }
}
