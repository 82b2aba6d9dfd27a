import JSONFormat
/// Turns messages into ZeroMQ frames and back:
/// `identities… | <IDS|MSG> | signature | header | parent_header | metadata | content | buffers…`.
public struct WireCodec: Sendable {
    /// The frame between the routing identities and the signature.
    public static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)

    public let signer: Signer

    public init(signer: Signer) { self.signer = signer }

    /// The frames of a message, signed.
    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [
            message.header.json.serializedBytes(),
            (message.parentHeader?.json ?? .object([:])).serializedBytes(),
            JSON.object(message.metadata).serializedBytes(),
            JSON.object(message.content).serializedBytes(),
        ]
        var frames = message.identities
        frames.reserveCapacity(frames.count + 6 + message.buffers.count)
        frames.append(Self.delimiter)
        frames.append(signer.signature(of: parts))
        frames.append(contentsOf: parts)
        frames.append(contentsOf: message.buffers)
        return frames
    }

    /// The message in the frames. Throws `WireError.badSignature` before looking at any JSON when the
    /// HMAC does not match, and `WireError.malformed` for frames that are not a message.
    public func decode(_ frames: [[UInt8]]) throws -> Message {
        guard let split = frames.firstIndex(of: Self.delimiter) else {
            throw WireError.malformed("no <IDS|MSG> delimiter")
        }
        guard frames.count - split >= 6 else { throw WireError.malformed("fewer than five frames after the delimiter") }
        let parts = Array(frames[(split + 2)..<(split + 6)])
        guard signer.verify(frames[split + 1], of: parts) else { throw WireError.badSignature }

        let header = try MessageHeader(json: try Self.object(parts[0], "header"))
        let parent = try Self.object(parts[1], "parent_header")
        let parentHeader = parent.objectValue?.isEmpty == false ? try? MessageHeader(json: parent) : nil
        return Message(
            identities: Array(frames[..<split]),
            header: header,
            parentHeader: parentHeader,
            metadata: try Self.object(parts[2], "metadata").objectValue ?? [:],
            content: try Self.object(parts[3], "content").objectValue ?? [:],
            buffers: Array(frames[(split + 6)...]))
    }

    private static func object(_ bytes: [UInt8], _ name: String) throws -> JSON {
        let value: JSON
        do { value = try JSON.parse(bytes) } catch { throw WireError.malformed("\(name): \(error)") }
        guard case .object = value else { throw WireError.malformed("\(name) is not an object") }
        return value
    }
}
