import JSONFormat
/// One Jupyter message: routing identities, header, parent header, metadata, content and binary buffers.
public struct Message: Equatable, Sendable {
    /// ZeroMQ routing prefix: on ROUTER sockets the peer's identity, on iopub the topic.
    public var identities: [[UInt8]]
    public var header: MessageHeader
    /// The header of the request this message answers or was caused by; `nil` encodes as `{}`.
    public var parentHeader: MessageHeader?
    public var metadata: [String: JSON]
    public var content: [String: JSON]
    public var buffers: [[UInt8]]

    public init(
        identities: [[UInt8]] = [], header: MessageHeader, parentHeader: MessageHeader? = nil,
        metadata: [String: JSON] = [:], content: [String: JSON] = [:], buffers: [[UInt8]] = []
    ) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// Shorthand for `header.messageType`.
    public var type: String { header.messageType }
}
