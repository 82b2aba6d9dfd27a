import JSONFormat
/// A message from the frontend on a comm the backend opened (`ExecutionContext.openComm`).
public struct CommMessage: Sendable, Equatable {
    /// What the frontend did.
    public enum Kind: Sendable, Equatable {
        /// `comm_msg`: data for the backend's side of the comm.
        case message
        /// `comm_close`: the frontend closed the comm; the kernel has already forgotten it.
        case close
    }

    public var kind: Kind
    public var commID: String
    /// The target name the comm was opened with.
    public var targetName: String
    public var data: [String: JSON]
    public var metadata: [String: JSON]
    /// Binary buffers that came with the message.
    public var buffers: [[UInt8]]

    public init(kind: Kind, commID: String, targetName: String, data: [String: JSON],
                metadata: [String: JSON] = [:], buffers: [[UInt8]] = []) {
        self.kind = kind
        self.commID = commID
        self.targetName = targetName
        self.data = data
        self.metadata = metadata
        self.buffers = buffers
    }
}
