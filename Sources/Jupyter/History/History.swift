import Foundation

/// The inputs (and text outputs) of this session and of earlier ones; answers `history_request`.
///
/// Kept in SQLite, as IPython keeps its history: a `sessions` table hands out session numbers
/// (AUTOINCREMENT, so kernels started together never share one), and a `history` table holds one row per
/// cell. WAL with `synchronous=NORMAL` keeps a cell's write cheap (no fsync), and the busy timeout lets
/// several kernels write at once without losing entries. Nothing is loaded at start-up: requests are
/// queries, so starting does not slow down as the history grows. An input longer than `maxEntryBytes`
/// is stored cut (marked `truncated`), and only the newest `maxEntries` rows are kept.
///
/// Line numbers are execution counts.
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
    /// The most UTF-8 bytes of an input (or output) stored; longer ones are cut and marked.
    public let maxEntryBytes: Int
    /// The most rows kept; older ones are deleted as new ones arrive.
    public let maxEntries: Int
    private let database: SQLiteDatabase
    private let log: (String) -> Void
    private var writes = 0

    /// A history in the SQLite file at `path` (created if missing), or in memory when `path` is nil or
    /// the file cannot be opened (logged).
    public init(path: String? = nil, maxEntryBytes: Int = 100_000, maxEntries: Int = 100_000,
                log: @escaping (String) -> Void = { _ in }) {
        self.maxEntryBytes = maxEntryBytes
        self.maxEntries = maxEntries
        self.log = log
        var opened: (SQLiteDatabase, Int)?
        if let path {
            // Kernels started together open the file at the same moment, and SQLite answers "busy" at
            // once (without its busy timeout) when two connections switch it to WAL or create the tables
            // together: a few retries keep every session's history on disk.
            for attempt in 1...5 where opened == nil {
                do { opened = try Self.open(path) } catch {
                    if attempt == 5 { log("history: \(error); keeping this session's history in memory") }
                    else { usleep(useconds_t(20_000 * attempt)) }
                }
            }
        }
        // An in-memory database cannot fail to open short of running out of memory.
        let (database, session) = opened ?? (try! Self.open(":memory:"))
        self.database = database
        self.session = session
    }

    /// Opens the database, creates the tables, and starts a session.
    private static func open(_ path: String) throws -> (SQLiteDatabase, Int) {
        let database = try SQLiteDatabase(path: path)
        if path != ":memory:" { try database.query("PRAGMA journal_mode=WAL") }
        try database.execute("""
            PRAGMA synchronous=NORMAL;
            CREATE TABLE IF NOT EXISTS sessions (session INTEGER PRIMARY KEY AUTOINCREMENT, start REAL);
            CREATE TABLE IF NOT EXISTS history (
                session INTEGER NOT NULL, line INTEGER NOT NULL, source TEXT NOT NULL, output TEXT,
                truncated INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (session, line));
            """)
        try database.query("INSERT INTO sessions (start) VALUES (?)", [.real(Date().timeIntervalSince1970)])
        return (database, database.lastInsertedRow)
    }

    /// Records a cell's input under `line` in this session.
    public func append(input: String, line: Int) {
        let (stored, cut) = Self.clip(input, to: maxEntryBytes)
        write("INSERT OR REPLACE INTO history (session, line, source, truncated) VALUES (?, ?, ?, ?)",
              [.integer(session), .integer(line), .text(stored), .integer(cut ? 1 : 0)])
        writes += 1
        if writes % 100 == 1 { trim() }
    }

    /// Attaches a text output to this session's `line`.
    public func recordOutput(_ text: String, line: Int) {
        write("UPDATE history SET output = ? WHERE session = ? AND line = ?",
              [.text(Self.clip(text, to: maxEntryBytes).text), .integer(session), .integer(line)])
    }

    /// Whether this session's `line` was stored cut.
    public func isTruncated(line: Int) -> Bool {
        let rows = read("SELECT truncated FROM history WHERE session = ? AND line = ?", [.integer(session), .integer(line)])
        return rows.first?.first?.int == 1
    }

    /// The number of rows stored (all sessions).
    public var count: Int { read("SELECT COUNT(*) FROM history").first?.first?.int ?? 0 }

    /// The last `count` entries, oldest first.
    public func tail(_ count: Int) -> [Entry] {
        entries("ORDER BY rowid DESC LIMIT ?", [.integer(max(0, count))]).reversed()
    }

    /// Lines `start..<stop` (`stop` nil: to the end) of a session: 0 is this one, -1 the one before, and
    /// a positive number names a session directly.
    public func range(session: Int, start: Int, stop: Int?) -> [Entry] {
        let wanted = session > 0 ? session : self.session + session
        return entries("WHERE session = ? AND line >= ? AND line < ? ORDER BY line",
                       [.integer(wanted), .integer(start), .integer(stop ?? Int.max)])
    }

    /// Entries whose input matches the glob `pattern` (`*`, `?`, `[…]`; `*` also crosses newlines), oldest
    /// first; with `unique`, only the latest of equal inputs; with `limit`, only the last `limit` of those.
    public func search(pattern: String, limit: Int? = nil, unique: Bool = false) -> [Entry] {
        let filter = unique
            ? "WHERE rowid IN (SELECT MAX(rowid) FROM history WHERE source GLOB ?1 GROUP BY source)"
            : "WHERE source GLOB ?1"
        return entries("\(filter) ORDER BY rowid DESC LIMIT ?2", [.text(pattern), .integer(max(0, limit ?? Int.max))]).reversed()
    }

    private func entries(_ clause: String, _ arguments: [SQLiteValue]) -> [Entry] {
        read("SELECT session, line, source, output FROM history \(clause)", arguments).map { row in
            Entry(session: row[0].int ?? 0, line: row[1].int ?? 0, input: row[2].string ?? "", output: row[3].string)
        }
    }

    /// Deletes the rows older than the newest `maxEntries` (rowids grow with every insert).
    private func trim() {
        write("DELETE FROM history WHERE rowid <= (SELECT MAX(rowid) FROM history) - ?", [.integer(maxEntries)])
    }

    private func write(_ sql: String, _ arguments: [SQLiteValue]) {
        do { try database.query(sql, arguments) } catch { log("history: \(error)") }
    }

    private func read(_ sql: String, _ arguments: [SQLiteValue] = []) -> [[SQLiteValue]] {
        do { return try database.query(sql, arguments) } catch {
            log("history: \(error)")
            return []
        }
    }

    /// `text` cut to at most `bytes` UTF-8 bytes at a character boundary, and whether it was cut.
    static func clip(_ text: String, to bytes: Int) -> (text: String, cut: Bool) {
        let utf8 = text.utf8
        guard utf8.count > bytes else { return (text, false) }
        var end = utf8.index(utf8.startIndex, offsetBy: max(0, bytes))
        // Back off continuation bytes, so no character is split.
        while end > utf8.startIndex && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return (String(decoding: utf8[..<end], as: UTF8.self), true)
    }
}
