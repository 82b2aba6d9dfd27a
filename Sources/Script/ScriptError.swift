/// An error raised while scanning, parsing or running a program, with its kind, message and place.
///
/// `kind` is the name users see (`SyntaxError`, `NameError`, `TypeError`, `ShapeError`, `IndexError`,
/// `ValueError`, `Interrupted`, `RecursionError`, `MemoryError`, …); hosts may raise any kind.
public struct ScriptError: Error, CustomStringConvertible {
    public var kind: String
    public var message: String
    /// Where it happened; unknown for errors raised by a host before a location was attached.
    public var location: SourceLocation
    /// The source the location refers to.
    public var source: Source?
    /// The calls that were active, innermost last: (function name, call site).
    public var trace: [(function: String, location: SourceLocation, source: Source?)] = []

    public init(_ kind: String, _ message: String, at location: SourceLocation = .unknown, in source: Source? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
        self.source = source
    }

    /// `Kind: message`, the one line a notebook shows as `evalue` beside the kind.
    public var description: String { "\(kind): \(message)" }

    /// The full diagnostic: kind and message, the place, the source line and a caret under the span,
    /// then the calls that led there.
    public func render() -> String {
        var out = "\(kind): \(message)"
        guard let source, location.line > 0 else { return out }
        out += "\n  --> " + source.describe(location)
        out += Self.quote(source, location)
        for line in Self.traceLines(trace.reversed()) { out += "\n" + line }
        return out
    }

    /// Frames shown at each end of a long trace; the ones between are counted, not printed.
    public static let traceFramesShown = 5

    /// The call frames as text, innermost first: a run of identical frames (one recursive call site)
    /// is shown once with a repeat count, as Python does, and a trace that is still long keeps its first
    /// and last `traceFramesShown` frames, so a RecursionError reads in a screenful, not 16,000 lines.
    static func traceLines(_ frames: some Sequence<(function: String, location: SourceLocation, source: Source?)>) -> [String] {
        var groups: [(text: String, repeats: Int)] = []
        var previous: (function: String, location: SourceLocation, name: String)?
        for frame in frames {
            guard let s = frame.source, frame.location.line > 0 else { continue }
            let key = (frame.function, frame.location, s.describe(frame.location))
            if let p = previous, p.function == key.0, p.location == key.1, p.name == key.2 {
                groups[groups.count - 1].repeats += 1
                continue
            }
            previous = (key.0, key.1, key.2)
            groups.append(("  in \(frame.function), called from \(key.2)" + quote(s, frame.location), 0))
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
