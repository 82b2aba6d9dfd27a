import Foundation

/// Collects a cell's stdout/stderr text and sends it as few `stream` messages as the flush rhythm allows,
/// in the order written.
///
/// A cell may send about `limit` bytes: the first half as it is written, and of the rest only the last
/// half-limit of whole lines after a `… N lines omitted …` marker, so a long training log keeps its first
/// and its final lines. With `showTail`, that marker and tail are one display updated in place while the
/// cell runs (at most every `tailInterval` seconds, and once more at its end), so the latest lines stay in
/// view; without it they are sent as stream text when the cell ends.
///
/// Unchecked Sendable: every stored variable is read and written only under `lock`.
final class StreamBuffer: @unchecked Sendable {
    private let lock = NSLock()
    /// Finished runs of one stream, oldest first, then the run being appended to.
    private var finished: [(name: StreamName, text: String)] = []
    private var currentName: StreamName = .stdout
    private var current = ""
    private var parent: MessageHeader?
    private var silent = false
    private var written = 0
    /// Past the head: later text goes to the tail.
    private var truncated = false
    private var tail: OutputTail
    private let limit: Int?
    private let send: (StreamName, String, MessageHeader?) -> Void
    private let showTail: ((_ text: String, _ parent: MessageHeader?, _ update: Bool) -> Void)?
    /// Whether the tail display exists, and whether text reached the tail since it was last shown.
    private var tailShown = false, tailChanged = false
    private var tailShownAt = 0.0
    /// The least time between two redraws of the tail display.
    let tailInterval: Double

    /// `limit` is in UTF-8 bytes per cell (nil: none); `send` publishes one stream message and
    /// `showTail` shows (or with `update`, replaces) the cell's tail display; both are called under this
    /// buffer's lock, so everything a cell shows stays in order.
    init(limit: Int?, tailInterval: Double = 0.5,
         showTail: ((_ text: String, _ parent: MessageHeader?, _ update: Bool) -> Void)? = nil,
         send: @escaping (StreamName, String, MessageHeader?) -> Void) {
        self.limit = limit
        self.send = send
        self.showTail = showTail
        self.tailInterval = tailInterval
        tail = OutputTail(limit: (limit ?? 0) - (limit ?? 0) / 2)
    }

    /// Starts a cell: text written from now on belongs to `parent`.
    func begin(parent: MessageHeader, silent: Bool) {
        lock.withLock {
            flushLocked()
            self.parent = parent
            self.silent = silent
            written = 0
            truncated = false
            tailShown = false
            tailChanged = false
            tail = OutputTail(limit: tail.limit)
        }
    }

    /// Sends what is left and forgets the cell.
    func end() {
        lock.withLock {
            if truncated && showTail == nil { appendTail() }
            flushLocked(final: true)
            parent = nil
            silent = false
        }
    }

    /// Adds text to a stream; nothing is sent until the next flush.
    func write(_ text: String, to name: StreamName) {
        lock.withLock {
            guard !silent, !text.isEmpty else { return }
            if truncated {
                tail.append(text, to: name)
                tailChanged = true
                return
            }
            let size = text.utf8.count
            guard let limit, written + size > limit / 2 else {
                written += size
                append(text, to: name)
                return
            }
            // The head ends at the last line end that fits; the rest starts the tail.
            let fits = Self.prefix(of: text, bytes: limit / 2 - written)
            let head = fits.lastIndex(of: "\n").map { String(fits[...$0]) } ?? (written == 0 ? fits : "")
            written += head.utf8.count
            append(head, to: name)
            truncated = true
            tailChanged = true
            tail.append(String(text.dropFirst(head.count)), to: name)
        }
    }

    /// Sends the marker and the tail of a cell that wrote past its head.
    private func appendTail() {
        let (runs, lines, bytes) = tail.take()
        if lines > 0 || bytes > 0 {
            let atLineStart = current.isEmpty || current.hasSuffix("\n")
            append((atLineStart ? "" : "\n") + marker(lines, bytes), to: runs.first?.name ?? currentName)
        }
        for run in runs { append(run.text, to: run.name) }
    }

    private func marker(_ lines: Int, _ bytes: Int) -> String {
        "… \(lines) line\(lines == 1 ? "" : "s") omitted (\(bytes) bytes; a cell shows at most \(limit ?? 0) bytes of output) …\n"
    }

    /// Shows the marker and the tail so far in the tail display, if it changed and is due (or `final`).
    private func showTailLocked(final: Bool) {
        guard let showTail, truncated, tailChanged else { return }
        let now = Date().timeIntervalSinceReferenceDate
        guard final || !tailShown || now - tailShownAt >= tailInterval else { return }
        var snapshot = tail  // a copy: the tail keeps collecting
        let (runs, lines, bytes) = snapshot.take()
        let text = ((lines > 0 || bytes > 0) ? marker(lines, bytes) : "") + runs.map(\.text).joined()
        showTail(text, parent, tailShown)
        tailShown = true
        tailChanged = false
        tailShownAt = now
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

    private func flushLocked(final: Bool = false) {
        if !current.isEmpty {
            finished.append((currentName, current))
            current = ""
        }
        let runs = finished
        finished.removeAll(keepingCapacity: true)
        for run in runs { send(run.name, run.text, parent) }
        showTailLocked(final: final)
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
