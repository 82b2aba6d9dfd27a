import JSONFormat
/// Input requests over the stdin ROUTER socket, used from the shell thread while a cell runs.
///
/// `input_request` goes to the identity of the client whose shell request started the cell (clients give
/// their shell and stdin sockets the same identity); the wait ends on its `input_reply`, an interrupt, or shutdown.
final class StdinChannel: InputReader {
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let factory: MessageFactory
    private let lifecycle: Lifecycle
    private let pollInterval: Double
    private let log: (String) -> Void

    init(socket: ZMQSocket, codec: WireCodec, factory: MessageFactory, lifecycle: Lifecycle, pollInterval: Double,
         log: @escaping (String) -> Void) {
        self.socket = socket
        self.codec = codec
        self.factory = factory
        self.lifecycle = lifecycle
        self.pollInterval = pollInterval
        self.log = log
    }

    func readLine(prompt: String, password: Bool, for request: Message) throws -> String {
        let interruptsBefore = lifecycle.interruptCount
        do {
            while let stale = try socket.receive(timeout: 0) { log("stdin: dropped \(stale.count) frames received while no input was asked for") }
            let ask = Message(
                identities: request.identities, header: factory.header("input_request"), parentHeader: request.header,
                content: ["prompt": .string(prompt), "password": .bool(password)])
            try socket.send(codec.encode(ask))
            while lifecycle.interruptCount == interruptsBefore && !lifecycle.isStopping {
                guard let frames = try socket.receive(timeout: pollInterval) else { continue }
                if let value = answer(frames, to: ask) { return value }
            }
        } catch let error as ZMQError {
            log("stdin: \(error)")
        }
        throw InputError.interrupted
    }

    /// The value of the `input_reply` to `ask`, or nil for anything else (logged).
    private func answer(_ frames: [[UInt8]], to ask: Message) -> String? {
        do {
            let reply = try codec.decode(frames)
            guard reply.type == "input_reply" else {
                log("stdin: ignoring \(reply.type)")
                return nil
            }
            // A reply names the input_request it answers as its parent, or (jupyter_client's `input()`)
            // has no parent at all; one with another parent, or with a parent header that is not a
            // header (no msg_id or msg_type), answers something else.
            if let parent = reply.parentHeader {
                guard parent.messageID == ask.header.messageID, parent.messageType == "input_request" else {
                    log("stdin: ignoring an input_reply to another request")
                    return nil
                }
            } else if Self.hasParentHeader(frames) {
                log("stdin: ignoring an input_reply whose parent header is malformed")
                return nil
            }
            guard let value = reply.content["value"]?.stringValue else {
                log("stdin: ignoring an input_reply whose 'value' is not a string")
                return nil
            }
            return value
        } catch {
            log("stdin: dropped a message: \(error)")
            return nil
        }
    }

    /// Whether the parent header frame holds anything (the decoded message keeps only a well-formed one).
    private static func hasParentHeader(_ frames: [[UInt8]]) -> Bool {
        guard let split = frames.firstIndex(of: WireCodec.delimiter), frames.count > split + 3 else { return false }
        return (try? JSON.parse(frames[split + 3]))?.objectValue?.isEmpty == false
    }
}
