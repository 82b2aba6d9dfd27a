import Foundation
import JSONFormat
import Jupyter

/// A frontend made of raw sockets, as jupyter_client would connect them: DEALER shell/control/stdin
/// (shell and stdin share an identity), SUB iopub, REQ heartbeat.
final class TestClient {
    let context: ZMQContext
    let shell: ZMQSocket
    let control: ZMQSocket
    let stdin: ZMQSocket
    let iopub: ZMQSocket
    let heartbeat: ZMQSocket
    let codec: WireCodec
    let factory = MessageFactory(username: "tester")

    init(connection: ConnectionInfo) throws {
        context = try ZMQContext()
        codec = WireCodec(signer: try Signer(scheme: connection.signatureScheme, key: connection.key))
        let identity = Array(factory.session.utf8)
        shell = try ZMQSocket(context: context, kind: .dealer)
        try shell.setIdentity(identity)
        control = try ZMQSocket(context: context, kind: .dealer)
        stdin = try ZMQSocket(context: context, kind: .dealer)
        try stdin.setIdentity(identity)
        iopub = try ZMQSocket(context: context, kind: .subscriber)
        try iopub.subscribe()
        heartbeat = try ZMQSocket(context: context, kind: .request)
        try shell.connect(connection.endpoint(.shell))
        try control.connect(connection.endpoint(.control))
        try stdin.connect(connection.endpoint(.stdin))
        try iopub.connect(connection.endpoint(.iopub))
        try heartbeat.connect(connection.endpoint(.heartbeat))
    }

    func socket(_ channel: Channel) -> ZMQSocket {
        switch channel {
        case .shell: return shell
        case .control: return control
        case .stdin: return stdin
        case .iopub: return iopub
        case .heartbeat: return heartbeat
        }
    }

    /// Sends a request and returns it (for its msg_id).
    @discardableResult
    func send(_ type: String, _ content: [String: JSON] = [:], on channel: Channel = .shell, parent: MessageHeader? = nil) throws -> Message {
        let message = Message(header: factory.header(type), parentHeader: parent, content: content)
        try socket(channel).send(codec.encode(message))
        return message
    }

    /// The next message on a channel, or nil after `timeout` seconds.
    func receive(on channel: Channel, timeout: Double = 3) throws -> Message? {
        guard let frames = try socket(channel).receive(timeout: timeout) else { return nil }
        return try codec.decode(frames)
    }

    /// iopub messages caused by `request`, up to and including its `status: idle`.
    func iopubMessages(for request: Message, timeout: Double = 3) throws -> [Message] {
        var collected: [Message] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = try receive(on: .iopub, timeout: deadline.timeIntervalSinceNow) else { break }
            guard message.parentHeader?.messageID == request.header.messageID else { continue }
            collected.append(message)
            if message.type == "status", message.content["execution_state"] == "idle" { break }
        }
        return collected
    }

    /// Waits for the `iopub_welcome` that tells the subscription is live.
    func awaitWelcome(timeout: Double = 3) throws -> Message? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let message = try receive(on: .iopub, timeout: deadline.timeIntervalSinceNow) else { return nil }
            if message.type == "iopub_welcome" { return message }
        }
        return nil
    }
}

/// A kernel on loopback tcp with free ports, served on a background thread.
final class RunningKernel: @unchecked Sendable {
    let kernel: Kernel
    let backend: MockBackend
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var exitValue: KernelExit?
    /// How often the kernel asked to end the process (a shutdown outliving its grace period).
    let hardExits = Counter()

    init(key: String = "secret-key", configure: (inout KernelConfiguration) -> Void = { _ in }) throws {
        var configuration = KernelConfiguration()
        configuration.handlesInterruptSignal = false
        configuration.log = { _ in }
        configuration.hardExit = { [hardExits] in hardExits.increment() }
        configure(&configuration)
        backend = MockBackend()
        kernel = try Kernel(connection: ConnectionInfo(ip: "127.0.0.1", key: key), backend: backend, configuration: configuration)
        let thread = Thread { [self] in
            let exit = kernel.run()
            lock.withLock { exitValue = exit }
            finished.signal()
        }
        thread.start()
    }

    /// How `run()` ended, waiting up to `timeout` seconds; nil if it is still serving.
    func waitForExit(timeout: Double = 3) -> KernelExit? {
        guard finished.wait(timeout: .now() + timeout) == .success else { return nil }
        finished.signal()
        return lock.withLock { exitValue }
    }

    /// Stops the kernel if a test left it running.
    func stop() {
        kernel.stop()
        _ = waitForExit()
    }
}

/// A count shared between threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
