import JSONFormat
/// Makes the messages a kernel sends: headers stamped with this kernel's session, replies routed back
/// to the requester, broadcasts tagged with a topic.
public struct MessageFactory: Sendable {
    /// The kernel's session id, the same in every header it sends.
    public let session: String
    public let username: String

    public init(session: String = MessageHeader.newID(), username: String = "kernel") {
        self.session = session
        self.username = username
    }

    /// A new header of the given type.
    public func header(_ type: String) -> MessageHeader {
        MessageHeader(session: session, username: username, messageType: type)
    }

    /// The reply to `request`, routed to its sender: `foo_request` → `foo_reply` unless `type` is given.
    public func reply(to request: Message, type: String? = nil, content: [String: JSON], metadata: [String: JSON] = [:]) -> Message {
        Message(
            identities: request.identities, header: header(type ?? Self.replyType(for: request.type)),
            parentHeader: request.header, metadata: metadata, content: content)
    }

    /// An iopub message caused by `parent` (or by nothing), whose topic frame is the message type.
    public func broadcast(_ type: String, content: [String: JSON], parent: MessageHeader?, metadata: [String: JSON] = [:], topic: String? = nil) -> Message {
        Message(
            identities: [Array((topic ?? type).utf8)], header: header(type), parentHeader: parent,
            metadata: metadata, content: content)
    }

    /// `execute_request` → `execute_reply`; other names get `_reply` appended.
    public static func replyType(for requestType: String) -> String {
        requestType.hasSuffix("_request") ? String(requestType.dropLast("_request".count)) + "_reply" : requestType + "_reply"
    }
}
