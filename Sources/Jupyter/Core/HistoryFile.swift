import Foundation

/// History kept between runs as JSON lines: `{"session":1,"line":3,"input":"…","output":"…"}`.
final class HistoryFile {
    /// At most this many earlier entries are loaded.
    static let loadLimit = 10_000

    let path: String
    private let log: (String) -> Void

    init(path: String, log: @escaping (String) -> Void) {
        self.path = path
        self.log = log
    }

    /// The entries in the file; unreadable lines are skipped.
    func load() -> [History.Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var entries: [History.Entry] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let value = try? JSON.parse([UInt8](line)), let session = value["session"]?.intValue,
                let number = value["line"]?.intValue, let input = value["input"]?.stringValue
            else { continue }
            entries.append(History.Entry(session: session, line: number, input: input, output: value["output"]?.stringValue))
        }
        return Array(entries.suffix(Self.loadLimit))
    }

    /// Appends one entry; a failure is logged, never fatal.
    func append(_ entry: History.Entry) {
        var members: [String: JSON] = ["session": .int(entry.session), "line": .int(entry.line), "input": .string(entry.input)]
        if let output = entry.output { members["output"] = .string(output) }
        var bytes = JSON.object(members).serializedBytes()
        bytes.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                log("history: cannot create \(path)")
                return
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            log("history: cannot open \(path)")
            return
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: bytes)
        } catch {
            log("history: cannot write \(path): \(error)")
        }
    }
}
