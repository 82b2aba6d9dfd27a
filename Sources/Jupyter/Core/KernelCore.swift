/// The kernel's behaviour, free of sockets: request handlers over a backend, a publisher and the state of
/// the session. `Kernel` feeds it messages from its sockets; tests can feed it directly.
final class KernelCore {
    let backend: KernelBackend
    let factory: MessageFactory
    let publisher: Publisher
    let history: History
    let lifecycle: Lifecycle
    let streams: StreamBuffer
    /// The comms the backend opened and the frontend has not closed.
    let comms = CommRegistry()
    let log: (String) -> Void
    /// The stdin channel; nil means no frontend can answer (`readInput` then throws `notAllowed`).
    var input: InputReader?
    /// Told when a cell starts and ends, to drive the stream flush rhythm.
    var onCellStart: () -> Void = {}
    var onCellEnd: () -> Void = {}

    /// The count of the last cell that stored history (0 before the first).
    var executionCount = 0
    /// Set when a cell failed with `stop_on_error`: the execute requests queued behind it are answered
    /// `aborted`; the shell loop clears it once those are handled.
    var isAborting = false

    /// Told when a shutdown request has been answered (the kernel starts its exit watchdog).
    var onShutdownRequested: () -> Void = {}

    /// Handlers for the shell channel and for the control channel.
    private(set) var shell: Dispatcher!
    private(set) var control: Dispatcher!

    init(backend: KernelBackend, factory: MessageFactory, publisher: Publisher, history: History,
         lifecycle: Lifecycle, streamLimit: Int?, log: @escaping (String) -> Void) {
        self.backend = backend
        self.factory = factory
        self.publisher = publisher
        self.history = history
        self.lifecycle = lifecycle
        self.log = log
        self.streams = StreamBuffer(limit: streamLimit, showTail: { [factory, publisher] text, parent, update in
            // One display per cell, named after the request, holds the latest lines past the head.
            let id = "output-tail-" + (parent?.messageID ?? "")
            publisher.publish(factory.broadcast(
                update ? "update_display_data" : "display_data",
                content: ["data": ["text/plain": .string(text)], "metadata": [:], "transient": ["display_id": .string(id)]],
                parent: parent))
        }) { [factory, publisher] name, text, parent in
            publisher.publish(factory.broadcast(
                "stream", content: ["name": .string(name.rawValue), "text": .string(text)], parent: parent,
                topic: "stream.\(name.rawValue)"))
        }
        shell = makeShellDispatcher()
        control = makeControlDispatcher()
    }

    private func makeShellDispatcher() -> Dispatcher {
        let table = Dispatcher(factory: factory, publisher: publisher, log: log)
        table.validate = { [unowned self] in validationReply($0) }
        table.register("kernel_info_request") { [unowned self] in kernelInfo($0) }
        table.register("execute_request") { [unowned self] in execute($0) }
        table.register("complete_request") { [unowned self] in complete($0) }
        table.register("inspect_request") { [unowned self] in inspect($0) }
        table.register("is_complete_request") { [unowned self] in isComplete($0) }
        table.register("history_request") { [unowned self] in historyReply($0) }
        table.register("comm_info_request") { [unowned self] in commInfo($0) }
        table.register("comm_open") { [unowned self] in commOpen($0) }
        table.register("comm_msg") { [unowned self] in commMessage($0, kind: .message) }
        table.register("comm_close") { [unowned self] in commMessage($0, kind: .close) }
        table.register("shutdown_request") { [unowned self] in shutdown($0) }
        return table
    }

    private func makeControlDispatcher() -> Dispatcher {
        let table = Dispatcher(factory: factory, publisher: publisher, log: log)
        table.validate = { [unowned self] in validationReply($0) }
        table.register("kernel_info_request") { [unowned self] in kernelInfo($0) }
        table.register("interrupt_request") { [unowned self] in interruptRequest($0) }
        table.register("shutdown_request") { [unowned self] in shutdown($0) }
        return table
    }

    /// Nil for a well-typed request; otherwise the error reply that names the bad field (none for
    /// messages that get no reply, such as `comm_open`, which are dropped).
    private func validationReply(_ message: Message) -> Dispatcher.Verdict {
        guard let problem = RequestValidation.problem(in: message) else { return .handle }
        log(problem)
        guard message.type.hasSuffix("_request") else { return .drop }
        return .reply(RequestValidation.errorReply(
            problem, executionCount: message.type == "execute_request" ? executionCount : nil))
    }

    /// Runs backend code (a cell, user expressions, completion, inspection) marked as executing, so
    /// that an interrupt or a shutdown reaches whatever user code runs inside.
    func runningUserCode<T>(_ body: () -> T) -> T {
        lifecycle.isExecuting = true
        defer { lifecycle.isExecuting = false }
        return body()
    }
}
