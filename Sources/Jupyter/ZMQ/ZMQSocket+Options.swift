import CZeroMQ

extension ZMQSocket {
    func setOption(_ option: Int32, _ value: Int32) throws {
        var value = value
        guard zmq_setsockopt(try open("zmq_setsockopt"), option, &value, MemoryLayout<Int32>.size) == 0 else {
            throw ZMQError.last("zmq_setsockopt(\(option))")
        }
    }

    func setOption(_ option: Int32, bytes: [UInt8]) throws {
        let socket = try open("zmq_setsockopt")
        let result = bytes.withUnsafeBytes { zmq_setsockopt(socket, option, $0.baseAddress, $0.count) }
        guard result == 0 else { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    /// Milliseconds that `close()` keeps unsent messages (-1: until sent).
    public func setLinger(milliseconds: Int) throws { try setOption(ZMQ_LINGER, Int32(milliseconds)) }

    /// The routing id a ROUTER peer sees for this socket; set before `connect`.
    public func setIdentity(_ identity: [UInt8]) throws { try setOption(ZMQ_ROUTING_ID, bytes: identity) }

    /// On a subscriber: receive messages whose first frame starts with `prefix` (`[]`: all).
    public func subscribe(_ prefix: [UInt8] = []) throws { try setOption(ZMQ_SUBSCRIBE, bytes: prefix) }

    /// On an extended publisher: pass every subscription up, also repeated ones, so each new client is seen.
    public func setVerboseSubscriptions(_ on: Bool) throws { try setOption(ZMQ_XPUB_VERBOSE, on ? 1 : 0) }

    /// On a router: let a new peer with an identity already in use take it over (a reconnecting client).
    public func setRouterHandover(_ on: Bool) throws { try setOption(ZMQ_ROUTER_HANDOVER, on ? 1 : 0) }

    /// Accept IPv6 addresses on tcp endpoints.
    public func setIPv6(_ on: Bool) throws { try setOption(ZMQ_IPV6, on ? 1 : 0) }

    /// The endpoint actually bound last, e.g. `tcp://127.0.0.1:49152` after binding `tcp://127.0.0.1:*`.
    public func lastEndpoint() throws -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard zmq_getsockopt(try open("zmq_getsockopt"), ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt(ZMQ_LAST_ENDPOINT)")
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
