/// The iopub thread's work: owns the XPUB socket, forwards what `SocketPublisher` queued, and greets each
/// new subscriber with `iopub_welcome` (JEP 65) so a client knows its subscription is live.
final class IOPubChannel {
    private let publisher: ZMQSocket
    private let queue: ZMQSocket
    private let codec: WireCodec
    private let factory: MessageFactory
    private let log: (String) -> Void

    /// `publisher` is the bound XPUB socket (verbose subscriptions on); `queue` the PULL end of the pipe.
    init(publisher: ZMQSocket, queue: ZMQSocket, codec: WireCodec, factory: MessageFactory, log: @escaping (String) -> Void) {
        self.publisher = publisher
        self.queue = queue
        self.codec = codec
        self.factory = factory
        self.log = log
    }

    /// Serves until `shouldStop` says so, then forwards whatever is still queued.
    func run(pollInterval: Double, shouldStop: () -> Bool) {
        do {
            while !shouldStop() {
                let ready = try ZMQSocket.poll([publisher, queue], timeout: pollInterval)
                if ready[0] { try receiveSubscriptions() }
                if ready[1] { try forwardQueued() }
            }
            try forwardQueued()
        } catch {
            log("iopub: \(error)")
        }
    }

    /// Subscription frames are `0x01 topic` (subscribe) or `0x00 topic` (unsubscribe).
    private func receiveSubscriptions() throws {
        while let frames = try publisher.receive(timeout: 0) {
            guard let frame = frames.first, frame.first == 1 else { continue }
            let topic = Array(frame.dropFirst())
            var welcome = factory.broadcast(
                "iopub_welcome", content: ["subscription": .string(String(decoding: topic, as: UTF8.self))], parent: nil)
            welcome.identities = [topic]
            try publisher.send(codec.encode(welcome))
        }
    }

    private func forwardQueued() throws {
        while let frames = try queue.receive(timeout: 0) {
            try publisher.send(frames)
        }
    }
}
