import Foundation

/// The `Publisher` of a running kernel: signs each message on the caller's thread and hands the frames,
/// under a lock, to an in-process pipe that the iopub thread forwards to subscribers.
final class SocketPublisher: Publisher, @unchecked Sendable {
    private let lock = NSLock()
    private let socket: ZMQSocket
    private let codec: WireCodec
    private let log: (String) -> Void

    /// `socket` is the PUSH end of the pipe to `IOPubChannel`.
    init(socket: ZMQSocket, codec: WireCodec, log: @escaping (String) -> Void) {
        self.socket = socket
        self.codec = codec
        self.log = log
    }

    func publish(_ message: Message) {
        let frames = codec.encode(message)
        lock.withLock {
            do { try socket.send(frames) } catch { log("iopub: cannot queue \(message.type): \(error)") }
        }
    }

    /// Closes the pipe's sending end; later messages are dropped with a log line.
    func close() {
        lock.withLock { socket.close() }
    }
}
