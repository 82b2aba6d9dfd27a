import CZeroMQ

/// An owning handle to a libzmq context; terminated when the last reference (each socket holds one) goes.
///
/// Unchecked Sendable: libzmq contexts are thread-safe, and the handle never changes.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        self.handle = handle
    }

    deinit {
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
