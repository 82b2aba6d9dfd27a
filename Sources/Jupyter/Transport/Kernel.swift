import Foundation

/// A Jupyter kernel (messaging protocol 5.3) serving a `KernelBackend`.
///
/// ```swift
/// let kernel = try Kernel(connectionFile: path, backend: MyLanguage())
/// let exit = kernel.run()          // serves until shutdown_request (or stop())
/// ```
///
/// `init` binds the five sockets (port 0 in the connection info picks a free port; `connection` then holds
/// the real ones). `run()` serves shell requests on the calling thread, which is also where the backend
/// runs cells; control, heartbeat, iopub forwarding, stream flushing and SIGINT each have a thread of
/// their own, so interrupt and shutdown work while a cell runs.
///
/// Unchecked Sendable: what other threads may call (`stop()`, `interrupt()`) touches only the locked
/// lifecycle and the kernel's interrupt path; everything else runs on the thread that called `run()`.
public final class Kernel: @unchecked Sendable {
    /// The connection as bound, with the ports actually used.
    public let connection: ConnectionInfo
    public let configuration: KernelConfiguration
    /// The session id in every header this kernel sends.
    public var session: String { core.factory.session }

    private let sockets: KernelSockets
    private let codec: WireCodec
    private let core: KernelCore
    private let publisher: SocketPublisher
    private let lifecycle = Lifecycle()
    private var started = false

    /// Binds the sockets described by `connection` and readies `backend`; nothing is served until `run()`.
    public init(connection: ConnectionInfo, backend: KernelBackend, configuration: KernelConfiguration = KernelConfiguration()) throws {
        self.configuration = configuration
        codec = WireCodec(signer: try Signer(scheme: connection.signatureScheme, key: connection.key))
        sockets = try KernelSockets(connection: connection, lingerMilliseconds: configuration.lingerMilliseconds)
        self.connection = sockets.connection
        let log = configuration.log
        publisher = SocketPublisher(socket: sockets.iopubQueueSender, codec: codec, log: log)
        core = KernelCore(
            backend: backend, factory: MessageFactory(), publisher: publisher,
            history: History(path: configuration.historyPath, log: log), lifecycle: lifecycle,
            streamLimit: configuration.streamLimitPerCell, log: log)
        core.input = StdinChannel(
            socket: sockets.stdin, codec: codec, factory: core.factory, lifecycle: lifecycle,
            pollInterval: configuration.pollInterval, log: log)
    }

    /// Reads a connection file (as Jupyter passes with `-f`) and binds its sockets.
    public convenience init(connectionFile path: String, backend: KernelBackend, configuration: KernelConfiguration = KernelConfiguration()) throws {
        try self.init(connection: ConnectionInfo(contentsOfFile: path), backend: backend, configuration: configuration)
    }

    /// Serves requests until a `shutdown_request` arrives or `stop()` is called, then calls the backend's
    /// `shutdown(restart:)`, stops every thread, closes the sockets and returns. Call it once.
    @discardableResult
    public func run() -> KernelExit {
        precondition(!started, "Kernel.run() may be called only once")
        started = true
        let interval = configuration.pollInterval
        let stopping: @Sendable () -> Bool = { [lifecycle] in lifecycle.isStopping }
        let log = configuration.log

        // iopub stops last, after every thread that publishes.
        let iopubLifecycle = Lifecycle()
        let iopub = IOPubChannel(
            publisher: sockets.iopub, queue: sockets.iopubQueueReceiver, codec: codec, factory: core.factory, log: log)
        let iopubThread = WorkerThread(name: "jupyter.iopub") { iopub.run(pollInterval: interval) { iopubLifecycle.isStopping } }
        let heartbeat = Heartbeat(socket: sockets.heartbeat, log: log)
        let heartbeatThread = WorkerThread(name: "jupyter.heartbeat") { heartbeat.run(pollInterval: interval, shouldStop: stopping) }
        let control = RequestLoop(socket: sockets.control, channel: .control, codec: codec, dispatcher: core.control, log: log)
        let controlThread = WorkerThread(name: "jupyter.control") { control.run(pollInterval: interval, shouldStop: stopping) }
        let flusher = Flusher(interval: configuration.streamFlushInterval) { [core] in core.streams.flush() }
        flusher.start()
        core.onCellStart = { flusher.resume() }
        core.onCellEnd = { flusher.pause() }
        // The watcher only interrupts, which is safe from any thread: the lifecycle is locked, and a
        // backend's `interrupt` is called from another thread by contract.
        nonisolated(unsafe) let interruptible = core
        let signals = configuration.handlesInterruptSignal ? SignalWatcher { interruptible.interrupt() } : nil

        publisher.publishStatus("starting", parent: nil, factory: core.factory)
        let shell = RequestLoop(socket: sockets.shell, channel: .shell, codec: codec, dispatcher: core.shell, log: log)
        shell.holdsQueue = { [core] in core.isAborting }
        shell.whenQueueEmpty = { [core] in core.isAborting = false }
        shell.quietPeriod = configuration.abortQuietPeriod
        let returned = Lifecycle()
        if let grace = configuration.shutdownGracePeriod {
            let hardExit = configuration.hardExit
            let watching = Lifecycle()
            core.onShutdownRequested = {
                // Once only: a second shutdown request must not start a second watchdog.
                guard !watching.isStopping else { return }
                watching.stop()
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: grace)
                    guard !returned.isStopping else { return }
                    log("shutdown: the running code did not stop within \(grace) s; exiting")
                    hardExit()
                }
            }
        }
        defer { returned.stop() }
        shell.run(pollInterval: interval, shouldStop: stopping)

        let restart = lifecycle.shutdownRestart
        core.backend.shutdown(restart: restart ?? false)
        lifecycle.stop()
        signals?.stop()
        flusher.stop()
        core.onCellStart = {}
        core.onCellEnd = {}
        controlThread.join()
        heartbeatThread.join()
        core.onShutdownRequested = {}
        core.streams.flush()
        publisher.close()
        iopubLifecycle.stop()
        iopubThread.join()
        sockets.close()
        return restart.map { KernelExit.shutdown(restart: $0) } ?? .stopped
    }

    /// Asks `run()` to return soon (within about `pollInterval`), from any thread.
    public func stop() {
        lifecycle.stop()
    }

    /// Interrupts the running cell as an `interrupt_request` would, from any thread.
    public func interrupt() {
        core.interrupt()
    }
}

/// Why `Kernel.run()` returned.
public enum KernelExit: Equatable, Sendable {
    /// A `shutdown_request` ended the kernel; with `restart`, the frontend will start a new one.
    case shutdown(restart: Bool)
    /// `Kernel.stop()` ended it.
    case stopped
}
