/// The language behind a kernel: the one seam between the protocol machinery and an interpreter.
///
/// Threading: `execute`, `evaluate`, `complete`, `inspect`, `isComplete` and `shutdown` are called on the
/// kernel's shell thread, one at a time. `interrupt()` comes from another thread (the control thread, or
/// the SIGINT watcher) while `execute` may be running, and must only raise a flag that the running code
/// notices. `kernelInfo` may be read from any thread; keep it a constant.
public protocol KernelBackend: AnyObject {
    /// What `kernel_info_reply` says about the implementation and its language.
    var kernelInfo: KernelInfo { get }

    /// Runs a cell. Output goes through `context` while the code runs; an error comes back as
    /// `.error`, and the kernel publishes it (unless the request is silent) and replies with it.
    func execute(_ request: ExecuteRequest, context: ExecutionContext) -> ExecutionOutcome

    /// Evaluates one of the request's `user_expressions` after a successful cell, without output.
    func evaluate(expression: String) -> Result<DisplayData, ExecutionError>

    /// Completions at `cursorPosition` (a count of Unicode scalars into `code`).
    func complete(code: String, cursorPosition: Int) -> Completion

    /// Help for the name at `cursorPosition`; `detailLevel` is 0 or 1.
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection

    /// Whether `code` is a whole cell or needs more lines (console frontends ask before running).
    func isComplete(code: String) -> CodeCompleteness

    /// Asks the running `execute` to stop soon, keeping all state. Called from another thread, and only
    /// while `execute` runs (clear the flag when `execute` starts, so a late interrupt does not stop the next cell).
    func interrupt()

    /// A `comm_msg` or `comm_close` from the frontend on a comm this backend opened, on the shell thread
    /// between cells (one sent while a cell runs waits for it, as in ipykernel). What the handler shows
    /// through `context` (streams, displays, display updates, comm messages) has the comm message as
    /// parent; `context` is valid only during the call. The default ignores it.
    func handleComm(_ message: CommMessage, context: ExecutionContext)

    /// Called once on the shell thread after the last request, before `Kernel.run()` returns.
    func shutdown(restart: Bool)
}

extension KernelBackend {
    public func evaluate(expression: String) -> Result<DisplayData, ExecutionError> {
        .failure(ExecutionError(name: "NotImplementedError", value: "user expressions are not supported"))
    }

    public func complete(code: String, cursorPosition: Int) -> Completion {
        Completion(matches: [], cursorStart: cursorPosition, cursorEnd: cursorPosition)
    }

    public func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> Inspection { .notFound }

    public func isComplete(code: String) -> CodeCompleteness { .unknown }

    public func handleComm(_ message: CommMessage, context: ExecutionContext) {}

    public func shutdown(restart: Bool) {}
}
