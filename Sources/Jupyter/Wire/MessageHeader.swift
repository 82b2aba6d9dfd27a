import Foundation
import JSONFormat

/// The header of a Jupyter message (protocol 5.3).
public struct MessageHeader: Equatable, Sendable {
    /// The protocol version this kernel speaks.
    public static let protocolVersion = "5.3"

    public var messageID: String
    public var session: String
    public var username: String
    /// ISO 8601 with a time zone.
    public var date: String
    public var messageType: String
    public var version: String
    /// Fields this type does not name (such as `subshell_id`), kept so that a parent header is echoed whole.
    public var extra: [String: JSON]

    public init(
        messageID: String = MessageHeader.newID(), session: String, username: String = "kernel",
        date: String = Timestamp.now(), messageType: String, version: String = MessageHeader.protocolVersion,
        extra: [String: JSON] = [:]
    ) {
        self.messageID = messageID
        self.session = session
        self.username = username
        self.date = date
        self.messageType = messageType
        self.version = version
        self.extra = extra
    }

    /// A fresh message id (a lowercase UUID).
    public static func newID() -> String { UUID().uuidString.lowercased() }

    static let knownKeys: Set<String> = ["msg_id", "session", "username", "date", "msg_type", "version"]

    /// Reads a header object; `msg_id` and `msg_type` are required, the rest default to empty.
    public init(json: JSON) throws {
        guard case .object(let members) = json else { throw WireError.malformed("header is not an object") }
        guard let id = members["msg_id"]?.stringValue, let type = members["msg_type"]?.stringValue else {
            throw WireError.malformed("header lacks msg_id or msg_type")
        }
        messageID = id
        messageType = type
        session = members["session"]?.stringValue ?? ""
        username = members["username"]?.stringValue ?? ""
        date = members["date"]?.stringValue ?? ""
        version = members["version"]?.stringValue ?? ""
        extra = members.filter { !Self.knownKeys.contains($0.key) }
    }

    /// The header as the wire object.
    public var json: JSON {
        var members = extra
        members["msg_id"] = .string(messageID)
        members["session"] = .string(session)
        members["username"] = .string(username)
        members["date"] = .string(date)
        members["msg_type"] = .string(messageType)
        members["version"] = .string(version)
        return .object(members)
    }
}
