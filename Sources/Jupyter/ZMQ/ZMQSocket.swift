import CZeroMQ

/// An owning handle to a libzmq socket, closed in `deinit` (or by `close()`).
///
/// Like libzmq sockets, one of these must be used by one thread at a time; handing it to another
/// thread through a lock or a thread start is fine.
public final class ZMQSocket: @unchecked Sendable {
    /// The socket patterns this package uses.
    public enum Kind: Sendable {
        case pair, publisher, subscriber, request, reply, dealer, router, pull, push, extendedPublisher

        var code: Int32 {
            switch self {
            case .pair: return ZMQ_PAIR
            case .publisher: return ZMQ_PUB
            case .subscriber: return ZMQ_SUB
            case .request: return ZMQ_REQ
            case .reply: return ZMQ_REP
            case .dealer: return ZMQ_DEALER
            case .router: return ZMQ_ROUTER
            case .pull: return ZMQ_PULL
            case .push: return ZMQ_PUSH
            case .extendedPublisher: return ZMQ_XPUB
            }
        }
    }

    private(set) var handle: UnsafeMutableRawPointer?
    /// Keeps the context alive as long as the socket.
    private let context: ZMQContext
    public let kind: Kind

    /// A new socket with `linger` set to 0, so that closing never waits on an absent peer; set
    /// `linger` for sockets whose last messages must still go out.
    public init(context: ZMQContext, kind: Kind) throws {
        guard let handle = zmq_socket(context.handle, kind.code) else { throw ZMQError.last("zmq_socket") }
        self.handle = handle
        self.context = context
        self.kind = kind
        try setOption(ZMQ_LINGER, Int32(0))
    }

    deinit { close() }

    /// Closes the socket now; later calls fail. Messages still queued get `linger` milliseconds to leave.
    public func close() {
        if let handle { zmq_close(handle) }
        handle = nil
    }

    func open(_ operation: String) throws -> UnsafeMutableRawPointer {
        guard let handle else { throw ZMQError(code: ENOTSOCK, operation: operation) }
        return handle
    }

    public func bind(_ endpoint: String) throws {
        guard zmq_bind(try open("zmq_bind"), endpoint) == 0 else { throw ZMQError.last("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws {
        guard zmq_connect(try open("zmq_connect"), endpoint) == 0 else { throw ZMQError.last("connect \(endpoint)") }
    }

    /// Sends the frames as one multipart message. With `dontWait`, throws (EAGAIN) instead of blocking.
    public func send(_ frames: [[UInt8]], dontWait: Bool = false) throws {
        let socket = try open("zmq_send")
        for (index, frame) in frames.enumerated() {
            var flags: Int32 = index < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let sent = frame.withUnsafeBytes { bytes in
                    zmq_send(socket, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), bytes.count, flags)
                }
                if sent >= 0 { break }
                let error = ZMQError.last("zmq_send")
                if !error.isInterrupted { throw error }
            }
        }
    }

    /// Receives one multipart message, waiting at most `timeout` seconds (nil: forever).
    /// Returns nil when nothing arrived in time or a signal cut the wait short.
    public func receive(timeout: Double? = nil) throws -> [[UInt8]]? {
        if let timeout, !(try poll(timeout: timeout)) { return nil }
        return try receiveNow(blocking: timeout == nil)
    }

    private func receiveNow(blocking: Bool) throws -> [[UInt8]]? {
        let socket = try open("zmq_msg_recv")
        var frames: [[UInt8]] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let flags: Int32 = (blocking || !frames.isEmpty) ? 0 : ZMQ_DONTWAIT
            if zmq_msg_recv(&message, socket, flags) < 0 {
                let error = ZMQError.last("zmq_msg_recv")
                if error.isInterrupted && !frames.isEmpty { continue }
                if error.isInterrupted || error.wouldBlock { return nil }
                throw error
            }
            let size = zmq_msg_size(&message)
            if size == 0 {
                frames.append([])
            } else {
                let data = zmq_msg_data(&message)!.bindMemory(to: UInt8.self, capacity: size)
                frames.append(Array(UnsafeBufferPointer(start: data, count: size)))
            }
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }

    /// Whether a message can be received within `timeout` seconds (0: just look). A signal counts as "no".
    public func poll(timeout: Double) throws -> Bool {
        try Self.poll([self], timeout: timeout)[0]
    }

    /// Which of the sockets have a message to receive, waiting up to `timeout` seconds for any of them.
    public static func poll(_ sockets: [ZMQSocket], timeout: Double) throws -> [Bool] {
        var items = try sockets.map {
            zmq_pollitem_t(socket: try $0.open("zmq_poll"), fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        }
        let milliseconds = timeout < 0 ? -1 : Int(timeout * 1000)
        if zmq_poll(&items, Int32(items.count), milliseconds) < 0 {
            let error = ZMQError.last("zmq_poll")
            if error.isInterrupted { return Array(repeating: false, count: sockets.count) }
            throw error
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
