import JSONFormat
/// Routes requests to handlers by `msg_type` and brackets each with `status: busy` and `status: idle`.
///
/// A handler returns the reply's content, or nil when the message gets no reply (comm messages).
final class Dispatcher {
    typealias Handler = (Message) -> [String: JSON]?

    private var handlers: [String: Handler] = [:]
    private let factory: MessageFactory
    private let publisher: Publisher
    private let log: (String) -> Void

    init(factory: MessageFactory, publisher: Publisher, log: @escaping (String) -> Void) {
        self.factory = factory
        self.publisher = publisher
        self.log = log
    }

    /// What `validate` decides for a request.
    enum Verdict {
        /// Run its handler.
        case handle
        /// Answer with this content instead (an error naming a bad field).
        case reply([String: JSON])
        /// Drop it without a reply.
        case drop
    }

    /// Looks at each request before its handler; nil handles everything.
    var validate: ((Message) -> Verdict)?

    /// Registers (or replaces) the handler of a message type.
    func register(_ type: String, _ handler: @escaping Handler) {
        handlers[type] = handler
    }

    /// The message types with a handler.
    var messageTypes: Set<String> { Set(handlers.keys) }

    /// Handles one request: busy, the handler, the reply through `send`, idle.
    func dispatch(_ message: Message, send: (Message) -> Void) {
        publisher.publishStatus("busy", parent: message.header, factory: factory)
        defer { publisher.publishStatus("idle", parent: message.header, factory: factory) }
        guard let handler = handlers[message.type] else {
            log("ignoring unknown message type '\(message.type)'")
            return
        }
        switch validate?(message) ?? .handle {
        case .handle: break
        case .reply(let content):
            send(factory.reply(to: message, content: content))
            return
        case .drop:
            return
        }
        if let content = handler(message) {
            send(factory.reply(to: message, content: content))
        }
    }
}
