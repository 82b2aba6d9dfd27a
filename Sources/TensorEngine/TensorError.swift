/// An error raised by an engine call: the kind names the problem class, the message the values involved.
///
/// The kinds use the names users see in diagnostics (`ShapeError`, `IndexError`, …), so a host can show
/// `kind.rawValue` as it is.
public struct TensorError: Error, CustomStringConvertible, Equatable {
    /// The class of problem.
    public enum Kind: String, Sendable {
        case shape = "ShapeError"
        case index = "IndexError"
        case value = "ValueError"
        case type = "TypeError"
        case memory = "MemoryError"
        case interrupted = "Interrupted"
        /// Processes of a distributed run disagree or cannot communicate.
        case distributed = "DistributedError"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    static func shape(_ message: String) -> TensorError { TensorError(.shape, message) }
    static func index(_ message: String) -> TensorError { TensorError(.index, message) }
    static func value(_ message: String) -> TensorError { TensorError(.value, message) }
}

/// Formats a shape the way every message shows it: `[4, 2]`.
@usableFromInline func describe(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
