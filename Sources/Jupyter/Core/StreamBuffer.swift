import Foundation

/// Collects a cell's stdout/stderr text and sends it as few `stream` messages as the flush rhythm allows,
/// in the order written. Stops a cell's output after `limit` bytes with a note on stderr.
final class StreamBuffer: @unchecked Sendable {
    private let lock = NSLock()
    /// Finished runs of one stream, oldest first, then the run being appended to.
    private var finished: [(name: StreamName, text: String)] = []
    private var currentName: StreamName = .stdout
    private var current = ""
    private var parent: MessageHeader?
    private var silent = false
    private var written = 0
    private var truncated = false
    private let limit: Int?
    private let send: (StreamName, String, MessageHeader?) -> Void

    /// `limit` is in UTF-8 bytes per cell (nil: none); `send` publishes one stream message and is called
    /// under this buffer's lock, so everything a cell shows stays in order.
    init(limit: Int?, send: @escaping (StreamName, String, MessageHeader?) -> Void) {
        self.limit = limit
        self.send = send
    }

    /// Starts a cell: text written from now on belongs to `parent`.
    func begin(parent: MessageHeader, silent: Bool) {
        lock.withLock {
            flushLocked()
            self.parent = parent
            self.silent = silent
            written = 0
            truncated = false
        }
    }

    /// Sends what is left and forgets the cell.
    func end() {
        lock.withLock {
            flushLocked()
            parent = nil
            silent = false
        }
    }

    /// Adds text to a stream; nothing is sent until the next flush.
    func write(_ text: String, to name: StreamName) {
        lock.withLock {
            guard !silent, !truncated, !text.isEmpty else { return }
            var text = text
            let size = text.utf8.count
            if let limit, written + size > limit {
                text = Self.prefix(of: text, bytes: limit - written)
                truncated = true
            }
            written += text.utf8.count
            append(text, to: name)
            if truncated {
                append("\n[output truncated: this cell wrote more than \(limit!) bytes; the rest is not shown]\n", to: .stderr)
            }
        }
    }

    /// Sends the waiting text now.
    func flush() {
        lock.withLock { flushLocked() }
    }

    /// Appends to the current run (a stored string, so the append happens in place) or starts a new one.
    private func append(_ text: String, to name: StreamName) {
        if name != currentName && !current.isEmpty {
            finished.append((currentName, current))
            current = ""
        }
        currentName = name
        current += text
    }

    private func flushLocked() {
        if !current.isEmpty {
            finished.append((currentName, current))
            current = ""
        }
        guard !finished.isEmpty else { return }
        let runs = finished
        finished.removeAll(keepingCapacity: true)
        for run in runs { send(run.name, run.text, parent) }
    }

    /// The longest prefix of `text` that fits in `bytes` UTF-8 bytes without splitting a character.
    static func prefix(of text: String, bytes: Int) -> String {
        var used = 0
        var end = text.startIndex
        for character in text {
            let size = character.utf8.count
            if used + size > bytes { break }
            used += size
            end = text.index(after: end)
        }
        return String(text[..<end])
    }
}
