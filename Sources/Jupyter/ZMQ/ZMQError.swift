import CZeroMQ

/// A failed libzmq call: the errno and libzmq's text for it.
public struct ZMQError: Error, Equatable, CustomStringConvertible {
    public let code: Int32
    public let operation: String

    /// The error of the last libzmq call on this thread.
    static func last(_ operation: String) -> ZMQError { ZMQError(code: zmq_errno(), operation: operation) }

    public var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }

    /// Whether the call was cut short by a signal and may simply be retried.
    var isInterrupted: Bool { code == EINTR }
    /// Whether a non-blocking call found nothing to do.
    var wouldBlock: Bool { code == EAGAIN }
}
