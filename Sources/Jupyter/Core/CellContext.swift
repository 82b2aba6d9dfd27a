import JSONFormat
/// The `ExecutionContext` of one running `execute_request`, or of a `comm_msg` handled by the backend:
/// publishes on iopub with that request as parent.
final class CellContext: ExecutionContext {
    let executionCount: Int
    private let request: Message
    private let silent: Bool
    private let allowStdin: Bool
    private let factory: MessageFactory
    private let publisher: Publisher
    private let streams: StreamBuffer
    private let input: InputReader?
    private let comms: CommRegistry
    /// Told the `text/plain` of each `execute_result`, for the history's output column.
    private let onResult: (DisplayData) -> Void

    init(
        request: Message, executionCount: Int, silent: Bool, allowStdin: Bool, factory: MessageFactory,
        publisher: Publisher, streams: StreamBuffer, input: InputReader?, comms: CommRegistry, onResult: @escaping (DisplayData) -> Void
    ) {
        self.request = request
        self.executionCount = executionCount
        self.silent = silent
        self.allowStdin = allowStdin
        self.factory = factory
        self.publisher = publisher
        self.streams = streams
        self.input = input
        self.comms = comms
        self.onResult = onResult
    }

    func write(_ text: String, to stream: StreamName) {
        streams.write(text, to: stream)
    }

    /// The pager payload of this cell, if any.
    private(set) var pagePayload: DisplayData?

    func page(_ data: DisplayData) { pagePayload = data }

    /// The `payload` list of the execute reply.
    var payload: JSON {
        guard let page = pagePayload else { return [] }
        return .array([.object(["source": "page", "data": .object(page.data), "start": .int(0)])])
    }

    func flush() {
        streams.flush()
    }

    func display(_ data: DisplayData, displayID: String?) {
        var content = Self.bundle(data)
        content["transient"] = .object(displayID.map { ["display_id": .string($0)] } ?? [:])
        publish("display_data", content)
    }

    func updateDisplay(_ data: DisplayData, displayID: String) {
        var content = Self.bundle(data)
        content["transient"] = ["display_id": .string(displayID)]
        publish("update_display_data", content)
    }

    func clearOutput(wait: Bool) {
        publish("clear_output", ["wait": .bool(wait)])
    }

    func publishResult(_ data: DisplayData) {
        var content = Self.bundle(data)
        content["execution_count"] = .int(executionCount)
        onResult(data)
        publish("execute_result", content)
    }

    func readInput(prompt: String, password: Bool) throws -> String {
        guard allowStdin, let input else { throw InputError.notAllowed }
        streams.flush()
        return try input.readLine(prompt: prompt, password: password, for: request)
    }

    func openComm(_ id: String, target: String, data: [String: JSON], metadata: [String: JSON]) {
        comms.opened(id, target: target)
        publishComm("comm_open", ["comm_id": .string(id), "target_name": .string(target), "data": .object(data)], metadata: metadata)
    }

    func sendComm(_ id: String, data: [String: JSON], metadata: [String: JSON]) {
        guard comms.targets[id] != nil else { return }
        publishComm("comm_msg", ["comm_id": .string(id), "data": .object(data)], metadata: metadata)
    }

    func closeComm(_ id: String, data: [String: JSON]) {
        guard comms.closed(id) != nil else { return }
        publishComm("comm_close", ["comm_id": .string(id), "data": .object(data)], metadata: [:])
    }

    /// Comm messages are state, not output: a silent cell sends them too, after the text written before.
    private func publishComm(_ type: String, _ content: [String: JSON], metadata: [String: JSON]) {
        streams.flush()
        publisher.publish(factory.broadcast(type, content: content, parent: request.header, metadata: metadata))
    }

    /// Sends an output message after the text written before it; silent cells send nothing.
    private func publish(_ type: String, _ content: [String: JSON]) {
        guard !silent else { return }
        streams.flush()
        publisher.publish(factory.broadcast(type, content: content, parent: request.header))
    }

    static func bundle(_ data: DisplayData) -> [String: JSON] {
        ["data": .object(data.data), "metadata": .object(data.metadata)]
    }
}
