/// Output that starts every line with a prefix, each line written whole (several processes write into
/// one stream); `flush` ends a last line left open.
final class LinePrefixer {
    private let prefix: String
    private let sink: (String) -> Void
    private var pending = ""

    init(_ prefix: String, _ write: @escaping (String) -> Void) {
        self.prefix = prefix
        self.sink = write
    }

    func write(_ text: String) {
        pending += text
        guard let last = pending.lastIndex(of: "\n") else { return }
        let whole = pending[...last]
        pending = String(pending[pending.index(after: last)...])
        sink(whole.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { prefix + $0 + "\n" }.joined())
    }

    func flush() {
        guard !pending.isEmpty else { return }
        sink(prefix + pending + "\n")
        pending = ""
    }
}
