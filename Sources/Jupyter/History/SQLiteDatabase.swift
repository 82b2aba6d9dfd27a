import CSQLite

/// A SQLite connection (the system libsqlite3), closed in `deinit`; the C API stays inside this file.
final class SQLiteDatabase {
    private var handle: OpaquePointer?

    /// Opens (creating) the database at `path`, or an in-memory one for ":memory:". Concurrent writers
    /// wait up to `busyTimeout` milliseconds for each other instead of failing.
    init(path: String, busyTimeout: Int32 = 10_000) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(handle)
            handle = nil
            throw SQLiteError(message: "\(path): \(message)")
        }
        sqlite3_busy_timeout(handle, busyTimeout)
    }

    deinit { sqlite3_close(handle) }

    /// Runs statements that return nothing.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw SQLiteError(message: message)
        }
    }

    /// Runs one statement with `arguments` bound to its `?`s and returns its rows.
    @discardableResult
    func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else { throw SQLiteError(message: lastError) }
        defer { sqlite3_finalize(statement) }
        for (index, argument) in arguments.enumerated() {
            let position = Int32(index + 1)
            switch argument {
            case .null: sqlite3_bind_null(statement, position)
            case .integer(let value): sqlite3_bind_int64(statement, position, Int64(value))
            case .real(let value): sqlite3_bind_double(statement, position, value)
            case .text(let value): sqlite3_bind_text(statement, position, value, Int32(value.utf8.count), Self.transient)
            }
        }
        var rows: [[SQLiteValue]] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                rows.append((0..<sqlite3_column_count(statement)).map { column($0, of: statement) })
            case SQLITE_DONE:
                return rows
            default:
                throw SQLiteError(message: lastError)
            }
        }
    }

    /// The rowid of the last row this connection inserted.
    var lastInsertedRow: Int { Int(sqlite3_last_insert_rowid(handle)) }

    private func column(_ index: Int32, of statement: OpaquePointer?) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(Int(sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_NULL: return .null
        default:
            guard let text = sqlite3_column_text(statement, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }

    private var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// SQLite copies bound text before `bind` returns (SQLITE_TRANSIENT, a macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A value bound to, or read from, a statement.
enum SQLiteValue: Equatable {
    case null
    case integer(Int)
    case real(Double)
    case text(String)

    var int: Int? { if case .integer(let v) = self { return v } else { return nil } }
    var string: String? { if case .text(let v) = self { return v } else { return nil } }
}

struct SQLiteError: Error, CustomStringConvertible {
    var message: String
    var description: String { "SQLite: \(message)" }
}
