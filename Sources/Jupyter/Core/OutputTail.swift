/// The last `limit` bytes of a cell's output past its head, whole lines only, with a count of the lines
/// dropped before them: what a cell that prints too much still shows at its end (a training log's
/// final lines).
struct OutputTail {
    let limit: Int
    /// Runs of one stream, oldest first, from `start` on (dropped runs are skipped, then compacted).
    private var runs: [(name: StreamName, text: String)] = []
    private var start = 0
    private var bytes = 0
    /// Lines dropped so far (a line counts once its newline is dropped or its remnant is trimmed).
    private(set) var omittedLines = 0
    private(set) var omittedBytes = 0
    /// Whether the first kept run begins in the middle of a line whose start was dropped.
    private var startsMidLine = false

    init(limit: Int) { self.limit = max(0, limit) }

    var isEmpty: Bool { start == runs.count }

    /// Adds text, dropping the oldest whole runs while more than `limit` bytes are kept.
    mutating func append(_ text: String, to name: StreamName) {
        if let last = runs.indices.last, last >= start, runs[last].name == name, runs[last].text.utf8.count < 4096 {
            runs[last].text += text
        } else {
            runs.append((name, text))
        }
        bytes += text.utf8.count
        while bytes > limit && runs.count - start > 1 {
            drop(runs[start].text)
            startsMidLine = !runs[start].text.hasSuffix("\n")
            start += 1
        }
        if start > 1024 && start * 2 > runs.count {
            runs.removeFirst(start)
            start = 0
        }
    }

    private mutating func drop(_ text: String) {
        let size = text.utf8.count
        bytes -= size
        omittedBytes += size
        omittedLines += text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// The kept runs, starting at a line's beginning, and the lines and bytes left out before them;
    /// empties the tail.
    mutating func take() -> (runs: [(name: StreamName, text: String)], omittedLines: Int, omittedBytes: Int) {
        var kept = Array(runs[start...])
        if var first = kept.first {
            // A single run longer than the limit keeps only its end.
            if bytes > limit {
                let utf8 = Array(first.text.utf8)
                let cut = utf8.count - limit
                drop(String(decoding: utf8[..<cut], as: UTF8.self))
                first.text = String(decoding: utf8[cut...], as: UTF8.self)
                startsMidLine = true
            }
            // The remnant of a line whose start was dropped goes too.
            if startsMidLine, let newline = first.text.utf8.firstIndex(of: UInt8(ascii: "\n")) {
                let remnant = String(first.text[..<newline])
                drop(remnant)
                omittedLines += 1
                omittedBytes += 1
                bytes -= 1
                first.text = String(first.text[first.text.utf8.index(after: newline)...])
            }
            kept[0] = first
        }
        let result = (kept.filter { !$0.text.isEmpty }, omittedLines, omittedBytes)
        self = OutputTail(limit: limit)
        return result
    }
}
