import JSONFormat
/// The answer to `complete_request`. Cursor positions count Unicode scalars.
public struct Completion: Sendable, Equatable {
    public var matches: [String]
    /// The range of `code` the chosen match replaces.
    public var cursorStart: Int
    public var cursorEnd: Int
    public var metadata: [String: JSON]

    public init(matches: [String], cursorStart: Int, cursorEnd: Int, metadata: [String: JSON] = [:]) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.metadata = metadata
    }
}

/// The answer to `inspect_request`.
public struct Inspection: Sendable, Equatable {
    public var found: Bool
    public var display: DisplayData

    public init(found: Bool, display: DisplayData) {
        self.found = found
        self.display = display
    }

    /// Nothing known about the name.
    public static let notFound = Inspection(found: false, display: DisplayData(data: [:]))
}

/// The answer to `is_complete_request`.
public enum CodeCompleteness: Sendable, Equatable {
    /// Ready to run.
    case complete
    /// Needs more lines; `indent` is the suggested start of the next one.
    case incomplete(indent: String)
    /// Can never become valid by adding lines (run it to see the error).
    case invalid
    /// The backend cannot tell.
    case unknown
}
