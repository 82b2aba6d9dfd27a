import JSONFormat
/// The parts of an `execute_request` that concern the backend.
public struct ExecuteRequest: Sendable {
    public var code: String
    /// Run without any output on iopub and without touching the history or the count.
    public var silent: Bool
    /// Whether the cell enters the history and advances the execution count (never when silent).
    public var storeHistory: Bool
    /// Whether `ExecutionContext.readInput` may ask the frontend; it throws `InputError.notAllowed` otherwise.
    public var allowStdin: Bool
    /// The count of this cell (the previous count again when the cell does not advance it).
    public var executionCount: Int

    public init(code: String, silent: Bool = false, storeHistory: Bool = true, allowStdin: Bool = true, executionCount: Int = 1) {
        self.code = code
        self.silent = silent
        self.storeHistory = storeHistory && !silent
        self.allowStdin = allowStdin
        self.executionCount = executionCount
    }
}

/// How a cell ended.
public enum ExecutionOutcome: Sendable, Equatable {
    case ok
    case error(ExecutionError)
}

/// An error raised by a cell or expression, as Jupyter shows it: a name, a value and traceback lines
/// (which may hold ANSI colour codes).
public struct ExecutionError: Error, Sendable, Equatable {
    public var name: String
    public var value: String
    public var traceback: [String]

    /// An error whose traceback defaults to the one line `name: value`.
    public init(name: String, value: String, traceback: [String]? = nil) {
        self.name = name
        self.value = value
        self.traceback = traceback ?? ["\(name): \(value)"]
    }

    /// The `ename`/`evalue`/`traceback` members of replies and `error` messages.
    var content: [String: JSON] {
        ["ename": .string(name), "evalue": .string(value), "traceback": .array(traceback.map(JSON.string))]
    }
}
