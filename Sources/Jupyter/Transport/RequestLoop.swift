import Dispatch

/// Serves one ROUTER channel (shell or control): receive, verify, decode, dispatch, reply on the same socket.
/// Frames that are not a well-signed message are logged and dropped; the loop goes on.
final class RequestLoop {
    private let socket: ZMQSocket
    private let channel: Channel
    private let codec: WireCodec
    private let dispatcher: Dispatcher
    private let log: (String) -> Void
    /// Requests taken off the socket early, handled before anything newer.
    private var backlog: [[[UInt8]]] = []

    /// Shell only, for `stop_on_error`: asked before each reply goes out. When it says yes, every request
    /// already received is taken off the socket before the reply is sent, so that exactly the requests
    /// queued behind a failed cell are handled while `isAborting`, and none sent after the client saw the error.
    var holdsQueue: (() -> Bool)?
    /// Shell only: called whenever nothing taken early is left (where `stop_on_error` aborting ends).
    var whenQueueEmpty: (() -> Void)?
    /// Seconds of quiet on the socket that end the taking of requests when `holdsQueue` first says yes.
    var quietPeriod: Double = 0
    /// Whether the quiet period of the current abort was already waited for.
    private var waitedForQuiet = false

    init(socket: ZMQSocket, channel: Channel, codec: WireCodec, dispatcher: Dispatcher, log: @escaping (String) -> Void) {
        self.socket = socket
        self.channel = channel
        self.codec = codec
        self.dispatcher = dispatcher
        self.log = log
    }

    /// Serves until `shouldStop` says so (looked at least every `pollInterval` seconds).
    func run(pollInterval: Double, shouldStop: () -> Bool) {
        do {
            while !shouldStop() {
                if backlog.isEmpty {
                    waitedForQuiet = false
                    whenQueueEmpty?()
                    guard let frames = try socket.receive(timeout: pollInterval) else { continue }
                    handle(frames)
                } else {
                    handle(backlog.removeFirst())
                }
            }
        } catch {
            log("\(channel.rawValue): \(error)")
        }
    }

    /// Handles one multipart message.
    func handle(_ frames: [[UInt8]]) {
        let message: Message
        do {
            message = try codec.decode(frames)
        } catch {
            log("\(channel.rawValue): dropped a message: \(error)")
            return
        }
        dispatcher.dispatch(message) { reply in
            do {
                if holdsQueue?() == true {
                    let wait = waitedForQuiet ? 0 : quietPeriod
                    waitedForQuiet = true
                    // Bounded, so a client that never pauses cannot hold the error reply back for long.
                    let deadline = DispatchTime.now() + .milliseconds(Int(wait * 20_000))
                    while let queued = try socket.receive(timeout: wait) {
                        backlog.append(queued)
                        if DispatchTime.now() >= deadline { break }
                    }
                }
                try socket.send(codec.encode(reply))
            } catch {
                log("\(channel.rawValue): cannot send \(reply.type): \(error)")
            }
        }
    }
}
