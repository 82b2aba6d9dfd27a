import JSONFormat
/// Why frames received from a socket could not become a `Message`.
public enum WireError: Error, Equatable, CustomStringConvertible {
    /// No `<IDS|MSG>` delimiter, too few frames, or a part that is not the JSON object it must be.
    case malformed(String)
    /// The HMAC does not match (or is missing while a key is set).
    case badSignature
    /// The connection file names a `signature_scheme` this kernel cannot compute.
    case unsupportedScheme(String)

    public var description: String {
        switch self {
        case .malformed(let reason): return "malformed message: \(reason)"
        case .badSignature: return "invalid message signature"
        case .unsupportedScheme(let scheme): return "unsupported signature scheme '\(scheme)'"
        }
    }
}
