import Foundation
import JSONFormat

/// The five channels of a kernel.
public enum Channel: String, CaseIterable, Sendable {
    case shell, control, stdin, iopub, heartbeat = "hb"
}

/// What a connection file says: where to bind each channel and how to sign messages.
public struct ConnectionInfo: Equatable, Sendable {
    /// How the sockets are reached.
    public enum Transport: String, Sendable {
        /// `tcp://ip:port`.
        case tcp
        /// `ipc://ip-port`, a Unix socket path built from `ip` and the port number.
        case ipc
    }

    public var transport: Transport
    public var ip: String
    /// Port per channel; 0 asks the kernel to choose a free one when it binds.
    public var ports: [Channel: Int]
    public var key: String
    public var signatureScheme: String
    public var kernelName: String

    public init(
        transport: Transport = .tcp, ip: String = "127.0.0.1", ports: [Channel: Int] = [:], key: String = "",
        signatureScheme: String = "hmac-sha256", kernelName: String = ""
    ) {
        self.transport = transport
        self.ip = ip
        self.ports = ports
        self.key = key
        self.signatureScheme = signatureScheme
        self.kernelName = kernelName
    }

    /// Reads a connection file as Jupyter writes it (`shell_port`, `iopub_port`, …, `key`, `signature_scheme`).
    public init(json: JSON) throws {
        guard case .object(let members) = json else { throw ConnectionError.invalid("not a JSON object") }
        let transportName = members["transport"]?.stringValue ?? "tcp"
        guard let transport = Transport(rawValue: transportName) else {
            throw ConnectionError.invalid("unknown transport '\(transportName)'")
        }
        var ports: [Channel: Int] = [:]
        for channel in Channel.allCases {
            ports[channel] = members["\(channel.rawValue)_port"]?.intValue ?? 0
        }
        self.init(
            transport: transport, ip: members["ip"]?.stringValue ?? "127.0.0.1", ports: ports,
            key: members["key"]?.stringValue ?? "", signatureScheme: members["signature_scheme"]?.stringValue ?? "hmac-sha256",
            kernelName: members["kernel_name"]?.stringValue ?? "")
    }

    /// Reads a connection file from disk.
    public init(contentsOfFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConnectionError.invalid("cannot read \(path)")
        }
        do {
            try self.init(json: JSON.parse([UInt8](data)))
        } catch let error as JSONParseError {
            throw ConnectionError.invalid("\(path): \(error)")
        }
    }

    /// The connection file form, e.g. to write one for a client after binding to port 0.
    public var json: JSON {
        var members: [String: JSON] = [
            "transport": .string(transport.rawValue), "ip": .string(ip), "key": .string(key),
            "signature_scheme": .string(signatureScheme), "kernel_name": .string(kernelName),
        ]
        for channel in Channel.allCases { members["\(channel.rawValue)_port"] = .int(port(channel)) }
        return .object(members)
    }

    /// The port of a channel (0 when unset).
    public func port(_ channel: Channel) -> Int { ports[channel] ?? 0 }

    /// The ZeroMQ endpoint of a channel, e.g. `tcp://127.0.0.1:5555` or `ipc:///tmp/kernel-1`.
    public func endpoint(_ channel: Channel) -> String {
        endpoint(port: port(channel))
    }

    func endpoint(port: Int) -> String {
        switch transport {
        case .tcp:
            let host = ip.contains(":") ? "[\(ip)]" : ip
            return "tcp://\(host):\(port == 0 ? "*" : String(port))"
        case .ipc:
            return "ipc://\(ip)-\(port)"
        }
    }
}

/// A connection file that cannot be used.
public enum ConnectionError: Error, CustomStringConvertible {
    case invalid(String)

    public var description: String {
        switch self { case .invalid(let reason): return "connection file: \(reason)" }
    }
}
