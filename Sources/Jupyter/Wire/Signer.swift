import Crypto

/// Signs and verifies messages with the HMAC named by the connection file's `signature_scheme`.
///
/// An empty key means signing is off: messages go out with an empty signature and any signature is accepted.
public struct Signer: Sendable {
    /// The hash under the HMAC.
    public enum Algorithm: String, Sendable {
        case sha1, sha256, sha512
    }

    public let algorithm: Algorithm
    /// The key's bytes; a `SymmetricKey` is made per message because it is not `Sendable`.
    private let key: [UInt8]?

    /// A signer for a scheme such as `"hmac-sha256"`; throws `WireError.unsupportedScheme` for others.
    public init(scheme: String, key: String) throws {
        guard scheme.hasPrefix("hmac-"), let algorithm = Algorithm(rawValue: String(scheme.dropFirst(5))) else {
            throw WireError.unsupportedScheme(scheme)
        }
        self.algorithm = algorithm
        self.key = key.isEmpty ? nil : Array(key.utf8)
    }

    /// Whether messages are signed at all.
    public var isSigning: Bool { key != nil }

    /// The lowercase hex HMAC of the parts, in order (header, parent header, metadata, content); `""` without a key.
    public func signature(of parts: [[UInt8]]) -> [UInt8] {
        guard let keyBytes = key else { return [] }
        let key = SymmetricKey(data: keyBytes)
        let digest: [UInt8]
        switch algorithm {
        case .sha1: digest = Self.mac(Insecure.SHA1.self, key: key, parts: parts)
        case .sha256: digest = Self.mac(SHA256.self, key: key, parts: parts)
        case .sha512: digest = Self.mac(SHA512.self, key: key, parts: parts)
        }
        return Self.hex(digest)
    }

    /// Whether `signature` is the HMAC of the parts, compared in time independent of where they differ.
    public func verify(_ signature: [UInt8], of parts: [[UInt8]]) -> Bool {
        guard isSigning else { return true }
        return Self.constantTimeEqual(signature, self.signature(of: parts))
    }

    /// Compares two byte strings without an early exit, so the time taken says nothing about the first difference.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    private static func mac<Hash: HashFunction>(_ hash: Hash.Type, key: SymmetricKey, parts: [[UInt8]]) -> [UInt8] {
        var hmac = HMAC<Hash>(key: key)
        for part in parts { hmac.update(data: part) }
        return hmac.finalize().withUnsafeBytes { Array($0) }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return out
    }
}
