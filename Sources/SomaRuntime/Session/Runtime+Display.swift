import Script

/// How a value shows itself, with the user's say: an instance of a `layer` with a
/// `display()` method shows what that method returns (a string, `html`/`markdown`/`latex`, an
/// `image`, a `table`, a chart, a tensor, …) wherever a value is shown: as a cell's result, by
/// `display(x)` and `updateDisplay`, and in the REPL. `print` and `str` keep the plain form.
extension Runtime {
    /// The MIME bundle `value` shows as, running its `display()` method if it has one; for hosts
    /// showing a cell's result, after `run`. An error in that method is thrown, naming the method.
    public func bundle(_ value: Value) throws -> MimeBundle {
        guard case .instance = value else { return Display.bundle(value) }
        // The method is user code: it runs as a cell does.
        do {
            return try inSession { try self.displayBundle(value) }
        } catch var error as ScriptError {
            // The result came from the last line of what ran last: the second place to name.
            if let source = lastSource, let site = Self.lastLine(of: source) { error.trace.append(ScriptError.CallSite(site, in: source)) }
            throw error
        }
    }

    /// The span of the last line with code on it, where a cell's result comes from.
    static func lastLine(of source: Source) -> SourceLocation? {
        guard let n = source.lines.lastIndex(where: { !$0.trimmingPrefix(while: \.isWhitespace).isEmpty }) else { return nil }
        let line = source.lines[n]
        let indent = line.prefix(while: \.isWhitespace).count
        return SourceLocation(line: n + 1, column: indent + 1, length: max(1, line.count - indent))
    }

    /// `bundle` for code already running in this session (the `display` builtins).
    func displayBundle(_ value: Value) throws -> MimeBundle {
        let shown = try shown(value)
        // A display() method returning a string means that text, not a quoted string value.
        if case .instance = value, case .string(let text) = shown { return ["text/plain": text] }
        return Display.bundle(shown)
    }

    /// Steps through `display()` methods: one may return another instance with its own, this many in a row.
    static let maxDisplaySteps = 10

    /// The value shown for `value`: what its `display()` method returns (followed while that is another
    /// instance with one), or `value` itself. A method returning its own instance shows the default form.
    func shown(_ value: Value) throws -> Value {
        var current = value
        for _ in 0..<Self.maxDisplaySteps {
            guard case .instance(let instance) = current, case .function(let method)? = instance.field("display") else { return current }
            let type = instance.type.name
            do {
                current = try interpreter.call(.function(method), Arguments())
            } catch var error as ScriptError {
                error.message += " (in \(type).display(), which shows a \(type))"
                throw error
            }
            if case .instance(let next) = current, next === instance { return current }
        }
        throw ScriptError("RecursionError", "display: more than \(Self.maxDisplaySteps) display() methods in a row, each returning another instance to show")
    }
}
