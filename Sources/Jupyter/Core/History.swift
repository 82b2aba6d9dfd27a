import Foundation

/// The inputs (and text outputs) of this session and, with a file, of earlier sessions; answers
/// `history_request`.
///
/// Line numbers are execution counts. Sessions are numbered from 1; this kernel's run is one more than
/// the highest session in the file.
public final class History {
    /// One stored cell.
    public struct Entry: Equatable, Sendable {
        public var session: Int
        public var line: Int
        public var input: String
        /// The `text/plain` of the cell's `execute_result`, if it had one.
        public var output: String?

        public init(session: Int, line: Int, input: String, output: String? = nil) {
            self.session = session
            self.line = line
            self.input = input
            self.output = output
        }
    }

    /// The number of this run's session.
    public let session: Int
    private(set) var entries: [Entry]
    private let file: HistoryFile?

    /// An in-memory history, optionally backed by a JSON-lines file at `path` (read at start, appended per cell).
    public init(path: String? = nil, log: @escaping (String) -> Void = { _ in }) {
        let file = path.map { HistoryFile(path: $0, log: log) }
        let previous = file?.load() ?? []
        self.file = file
        self.entries = previous
        self.session = (previous.map(\.session).max() ?? 0) + 1
    }

    /// Records a cell's input under `line` in this session.
    public func append(input: String, line: Int) {
        entries.append(Entry(session: session, line: line, input: input))
    }

    /// Attaches a text output to this session's `line`.
    public func recordOutput(_ text: String, line: Int) {
        guard let index = entries.lastIndex(where: { $0.session == session && $0.line == line }) else { return }
        entries[index].output = text
    }

    /// Writes this session's `line` to the file, once the cell is done.
    public func commit(line: Int) {
        guard let file, let entry = entries.last(where: { $0.session == session && $0.line == line }) else { return }
        file.append(entry)
    }

    /// The last `count` entries, oldest first.
    public func tail(_ count: Int) -> [Entry] {
        Array(entries.suffix(max(0, count)))
    }

    /// Lines `start..<stop` (`stop` nil: to the end) of a session: 0 is this one, -1 the one before, and
    /// a positive number names a session directly.
    public func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        let wanted = session > 0 ? session : self.session + session
        return entries.filter { entry in
            entry.session == wanted && entry.line >= start && stop.map { entry.line < $0 } ?? true
        }
    }

    /// Entries whose input matches the glob `pattern` (`*`, `?`, `[…]`), oldest first; with `unique`, only
    /// the latest of equal inputs; with `limit`, only the last `limit` of those.
    public func search(pattern: String, limit: Int? = nil, unique: Bool = false) -> [Entry] {
        var matches = entries.filter { Glob.matches(pattern, $0.input) }
        if unique {
            var seen = Set<String>()
            matches = matches.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        if let limit { matches = Array(matches.suffix(max(0, limit))) }
        return matches
    }
}

/// Shell-style glob matching over whole strings; `*` also crosses newlines and slashes.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }
}
