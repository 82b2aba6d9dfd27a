import Script
import TensorEngine

/// `progress(iterable)`: the iterable, visited by a `for` loop with a live progress bar (updated in
/// place in a notebook or terminal; one closing line when output goes to a file).
///
/// `p.set(loss: x, …)` shows current values beside the bar. The bar stays where the loop left it
/// when the loop ends early (a `break`, an error or an interrupt), with the count it reached.
final class ProgressValue: TabledObject, SteppedIterable {
    private let source: Value
    private let display: LiveDisplay
    private var status = ProgressStatus()

    init(_ source: Value, label: String, total: Int?, display: LiveDisplay) throws {
        self.source = source
        self.display = display
        status.label = label
        status.total = try total ?? ProgressValue.count(source)
    }

    var typeName: String { "Progress" }
    var text: String { status.line() }

    /// The length of what is iterated, when it has one.
    private static func count(_ v: Value) throws -> Int? {
        switch v {
        case .range(let lo, let hi): return max(0, hi - lo)
        case .list(let l): return l.items.count
        case .dictionary(let d): return d.keys.count
        case .string(let s): return s.count
        case .object(let o): return try? o.length()
        default: throw ScriptError("TypeError", "progress needs something to iterate (a list, range, tensor or data loader), not a \(v.typeName)")
        }
    }

    func elements() throws -> [Value] { try source.sequence("the iterable of progress") }
    func length() throws -> Int { try ProgressValue.count(source) ?? elements().count }

    func forEachStep(_ body: (Value) throws -> Bool) throws {
        let start = LiveDisplay.now()
        status.done = 0
        status.state = .running
        // Ended early unless it reaches the end; the final drawing says how, and shows no time left.
        var ending = ProgressStatus.State.stopped
        defer {
            status.elapsed = LiveDisplay.now() - start
            status.state = ending
            display.refresh(force: true) { status.frame() }
            display.milestone(status.line())
        }
        func visit(_ item: Value) throws -> Bool {
            if display.isDue() {
                status.elapsed = LiveDisplay.now() - start
                display.refresh { status.frame() }
            }
            guard try body(item) else { return false }
            status.done += 1
            return true
        }
        do {
            var completed = true
            if case .range(let lo, let hi) = source {
                // Walked without building a list, as a plain `for` over a range is.
                var i = lo
                while i < hi {
                    guard try visit(.number(Double(i))) else { completed = false; break }
                    i += 1
                }
            } else {
                for item in try elements() { guard try visit(item) else { completed = false; break } }
            }
            if completed { ending = .finished }
        } catch let error as ScriptError where error.kind == "Interrupted" {
            ending = .interrupted
            throw error
        }
    }

    static let members = MemberTable<ProgressValue>([
        .method("set", [.keywords("values")], "shows current values beside the bar, by name: p.set(loss: x, accuracy: a).") { p, a, _ in
            guard case .dictionary(let given) = try a.value("values") else { return .null }
            for (key, value) in zip(given.keys, given.values) {
                let name = key.text, x = try Convert.scalar(value, name)
                if let i = p.status.values.firstIndex(where: { $0.name == name }) { p.status.values[i].value = x }
                else { p.status.values.append((name, x)) }
            }
            return .null
        },
        .property("count", "how many items are done.") { p in .number(Double(p.status.done)) },
        .property("total", "how many items there are, or nil when unknown.") { p in p.status.total.map { .number(Double($0)) } ?? .null },
    ])
}
