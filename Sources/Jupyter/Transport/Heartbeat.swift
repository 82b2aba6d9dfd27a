/// The heartbeat: a REP socket that echoes every message, on its own thread, so that a frontend sees the
/// kernel alive even while a cell computes.
final class Heartbeat {
    private let socket: ZMQSocket
    private let log: (String) -> Void

    init(socket: ZMQSocket, log: @escaping (String) -> Void) {
        self.socket = socket
        self.log = log
    }

    /// Echoes until `shouldStop` says so.
    func run(pollInterval: Double, shouldStop: () -> Bool) {
        do {
            while !shouldStop() {
                if let frames = try socket.receive(timeout: pollInterval) { try socket.send(frames) }
            }
        } catch {
            log("heartbeat: \(error)")
        }
    }
}
