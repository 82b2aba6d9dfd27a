/// An error as a value: what `catch e` binds and `error(kind, message)` makes; `throw` raises it.
///
/// It wraps the `ScriptError` itself, so rethrowing a caught error keeps its place and the calls that
/// led there, and an uncaught one prints as it would have had nothing caught it.
public final class ErrorValue: TabledObject {
    public let error: ScriptError
    public init(_ error: ScriptError) { self.error = error }

    public var typeName: String { "error" }
    /// `ValueError: message`, as the first line of an uncaught error.
    public var text: String { error.description }

    public static let members = MemberTable<ErrorValue>([
        .property("kind", "the kind of error, such as \"ValueError\" (what catch clauses match).") { e in .string(e.error.kind) },
        .property("message", "what went wrong, without the kind.") { e in .string(e.error.message) },
        .property("location", "where it was raised, as errors print it (\"cell 2, line 3\", \"train.soma:3:5\"), or nil before it is thrown.") { e in
            e.place(e.error.location, e.error.source).map { .string($0) } ?? .null
        },
        .property("function", "the function it was raised in, or nil at the top level.") { e in e.error.function.map { .string($0) } ?? .null },
        .property("trace", "the calls that led to it, innermost first, each as a place (\"cell 2, line 7, in train\").") { e in
            .list(ListStorage(e.error.trace.compactMap { site in
                e.place(site.location, site.source).map { .string($0 + (site.function.map { ", in \($0)" } ?? "")) }
            }))
        },
        .property("report", "the full diagnostic an uncaught error prints: kind, message, the line with a caret, the calls.") { e in
            .string(e.error.render())
        },
    ])

    private func place(_ location: SourceLocation, _ source: Source?) -> String? {
        guard let source, location.line > 0 else { return nil }
        return source.describe(location)
    }
}
