import Foundation

/// The sockets of a kernel, bound: the five channels plus the in-process pipe that feeds iopub.
final class KernelSockets {
    /// The connection as bound: ports that were 0 replaced by the ones chosen.
    let connection: ConnectionInfo
    let shell: ZMQSocket
    let control: ZMQSocket
    let stdin: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    let iopubQueueSender: ZMQSocket
    let iopubQueueReceiver: ZMQSocket

    /// Binds every channel of `connection`.
    init(connection: ConnectionInfo, lingerMilliseconds: Int) throws {
        let context = try ZMQContext()
        var bound = connection
        func make(_ kind: ZMQSocket.Kind, _ channel: Channel) throws -> ZMQSocket {
            let socket = try ZMQSocket(context: context, kind: kind)
            try socket.setLinger(milliseconds: lingerMilliseconds)
            if kind == .router { try socket.setRouterHandover(true) }
            if kind == .extendedPublisher { try socket.setVerboseSubscriptions(true) }
            bound.ports[channel] = try Self.bind(socket, connection: connection, port: connection.port(channel))
            return socket
        }
        shell = try make(.router, .shell)
        control = try make(.router, .control)
        stdin = try make(.router, .stdin)
        iopub = try make(.extendedPublisher, .iopub)
        heartbeat = try make(.reply, .heartbeat)
        let pipe = "inproc://jupyter-iopub-\(MessageHeader.newID())"
        iopubQueueReceiver = try ZMQSocket(context: context, kind: .pull)
        try iopubQueueReceiver.bind(pipe)
        iopubQueueSender = try ZMQSocket(context: context, kind: .push)
        try iopubQueueSender.setLinger(milliseconds: -1)
        try iopubQueueSender.connect(pipe)
        self.connection = bound
    }

    /// Closes every socket (each lingers for its unsent messages); the context ends with the last one.
    func close() {
        for socket in [shell, control, stdin, iopub, heartbeat, iopubQueueSender, iopubQueueReceiver] { socket.close() }
    }

    /// Binds `socket` and returns its port: for tcp port 0 the one the system chose, for ipc port 0 the
    /// first `ip-N` path that does not exist yet.
    private static func bind(_ socket: ZMQSocket, connection: ConnectionInfo, port: Int) throws -> Int {
        switch connection.transport {
        case .tcp:
            if connection.ip.contains(":") { try socket.setIPv6(true) }
            try socket.bind(connection.endpoint(port: port))
            guard port == 0 else { return port }
            let endpoint = try socket.lastEndpoint()
            guard let chosen = endpoint.split(separator: ":").last.flatMap({ Int($0) }) else {
                throw ConnectionError.invalid("cannot read the port of \(endpoint)")
            }
            return chosen
        case .ipc:
            var chosen = port
            if chosen == 0 {
                chosen = 1
                while FileManager.default.fileExists(atPath: "\(connection.ip)-\(chosen)") { chosen += 1 }
            }
            try socket.bind(connection.endpoint(port: chosen))
            return chosen
        }
    }
}
