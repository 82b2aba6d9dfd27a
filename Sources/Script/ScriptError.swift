/// An error raised while scanning, parsing or running a program, with its kind, message and place.
///
/// `kind` is the name users see (`SyntaxError`, `NameError`, `TypeError`, `ShapeError`, `IndexError`,
/// `ValueError`, `Interrupted`, `RecursionError`, `MemoryError`, …); hosts may raise any kind.
public struct ScriptError: Error, CustomStringConvertible {
    public var kind: String
    public var message: String
    /// Where it happened; unknown for errors raised by a host before a location was attached.
    public var location: SourceLocation
    /// The source the location refers to: the cell or file the failing code was written in.
    public var source: Source?
    /// The function the error happened in; nil at the top level of a cell or file.
    public var function: String?
    /// The calls that led to the error, innermost first.
    public var trace: [CallSite] = []

    /// One call on the way to an error: where it was made, and in which function.
    public struct CallSite: Sendable {
        public var location: SourceLocation
        public var source: Source?
        /// The function the call was made from; nil at the top level of a cell or file.
        public var function: String?
        /// Whether this is an `import` whose module's top-level code failed, rather than a call.
        public var importing: Bool

        public init(_ location: SourceLocation, in source: Source?, function: String? = nil, importing: Bool = false) {
            self.location = location
            self.source = source
            self.function = function
            self.importing = importing
        }
    }

    public init(_ kind: String, _ message: String, at location: SourceLocation = .unknown, in source: Source? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.source = source
    }

    /// Notes that the error is leaving the body of `function`: the innermost place not yet named (the
    /// error's own, or the last call site added) was in it. Places never named are top-level code.
    mutating func leaving(_ function: String) {
        if trace.isEmpty {
            if self.function == nil { self.function = function }
        } else if trace[trace.count - 1].function == nil {
            trace[trace.count - 1].function = function
        }
    }

    /// The kind of the error an interrupt raises: no `catch` handles it, so an interrupt always stops
    /// the program (`finally` blocks still run on the way out).
    public static let interrupted = "Interrupted"

    /// Whether a `catch` may handle this error: every kind but `Interrupted`.
    public var isCatchable: Bool { kind != Self.interrupted }

    /// `Kind: message`, the one line a notebook shows as `evalue` beside the kind.
    public var description: String { "\(kind): \(message)" }

    /// The full diagnostic: kind and message, the place (with its function), the source line and a
    /// caret under the span, then each call that led there, innermost first, quoted from the cell or
    /// file it was written in.
    public func render() -> String {
        var out = "\(kind): \(message)"
        guard let source, location.line > 0 else { return out }
        out += "\n  --> " + Self.place(location, source, function)
        out += Self.quote(source, location)
        for line in Self.traceLines(trace) { out += "\n" + line }
        return out
    }

    /// Frames shown at each end of a long trace; the ones between are counted, not printed.
    public static let traceFramesShown = 5

    /// `cell 2, line 3, in f`: a location as its source names it, and the function holding it.
    static func place(_ location: SourceLocation, _ source: Source, _ function: String?) -> String {
        source.describe(location) + (function.map { ", in \($0)" } ?? "")
    }

    /// The call sites as text, innermost first: a run of identical frames (one recursive call site)
    /// is shown once with a repeat count, as Python does, and a trace that is still long keeps its first
    /// and last `traceFramesShown` frames, so a RecursionError reads in a screenful, not 16,000 lines.
    static func traceLines(_ frames: [CallSite]) -> [String] {
        var groups: [(text: String, repeats: Int)] = []
        var previous: String?
        for frame in frames {
            guard let s = frame.source, frame.location.line > 0 else { continue }
            let place = place(frame.location, s, frame.function)
            if place == previous {
                groups[groups.count - 1].repeats += 1
                continue
            }
            previous = place
            groups.append(("  \(frame.importing ? "imported at" : "called from") \(place)" + quote(s, frame.location), 0))
        }
        func lines(_ group: (text: String, repeats: Int)) -> [String] {
            let count = group.repeats
            return [group.text] + (count > 0 ? ["  [previous frame repeated \(count) more time\(count == 1 ? "" : "s")]"] : [])
        }
        let shown = traceFramesShown
        guard groups.count > 2 * shown + 1 else { return groups.flatMap(lines) }
        let omitted = groups[shown..<(groups.count - shown)].reduce(0) { $0 + 1 + $1.repeats }
        return groups.prefix(shown).flatMap(lines) + ["  … \(omitted) frames omitted …"] + groups.suffix(shown).flatMap(lines)
    }

    /// The line of `location` with a caret line under its span.
    static func quote(_ source: Source, _ location: SourceLocation) -> String {
        let text = source.line(location.line)
        let number = String(location.line)
        let pad = String(repeating: " ", count: number.count)
        let caretStart = max(0, location.column - 1)
        let width = max(1, min(location.length, max(1, text.count - caretStart)))
        return "\n \(pad) |\n \(number) | \(text)\n \(pad) | " + String(repeating: " ", count: caretStart)
            + String(repeating: "^", count: width)
    }
}

/// Several syntax errors found in one input: parsing recovers and reports them all.
///
/// A parse stopped by an interrupt throws these too (its callers expect this one error type), holding
/// only the `Interrupted` error: `interruption`.
public struct SyntaxErrors: Error, CustomStringConvertible {
    public var errors: [ScriptError]
    public init(_ errors: [ScriptError]) { self.errors = errors }

    /// How many errors are shown: a mistake repeated through a large input would otherwise print
    /// thousands of diagnostics, megabytes that bury the first one, which is the one to fix.
    public static let shownLimit = 20

    /// The errors, one `Kind: message` line each (the first `shownLimit`, then how many more).
    public var description: String { shown(errors.map(\.description), separator: "\n") }

    /// The full diagnostics with their places and carets (the first `shownLimit`, then how many more).
    public func render() -> String { shown(errors.prefix(Self.shownLimit).map { $0.render() }, separator: "\n\n") }

    private func shown(_ texts: [String], separator: String) -> String {
        let hidden = errors.count - Self.shownLimit
        guard hidden > 0 else { return texts.joined(separator: separator) }
        let more = "… and \(hidden) more syntax error\(hidden == 1 ? "" : "s")"
        return (texts.prefix(Self.shownLimit) + [more]).joined(separator: separator)
    }

    /// What a parse stopped by an interrupt throws.
    static func interrupted(in source: Source) -> SyntaxErrors {
        SyntaxErrors([ScriptError("Interrupted", "parsing was interrupted; nothing ran", in: source)])
    }

    /// The `Interrupted` error when an interrupt stopped the parse, else nil.
    public var interruption: ScriptError? {
        errors.count == 1 && errors[0].kind == "Interrupted" ? errors[0] : nil
    }
}
