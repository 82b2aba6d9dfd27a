#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Knobs of a `Kernel`; the defaults suit a notebook.
public struct KernelConfiguration: Sendable {
    /// Seconds between stream flushes while a cell runs.
    public var streamFlushInterval: Double = 0.05
    /// UTF-8 bytes of stdout+stderr one cell sends at most (nil: no limit): the first half as written, then
    /// only the last lines, after a marker counting the lines left out.
    public var streamLimitPerCell: Int? = 1_000_000
    /// A SQLite file that keeps history across runs, shared by kernels running at once (nil: this run only).
    public var historyPath: String?
    /// Whether SIGINT interrupts the running cell (Jupyter's default `interrupt_mode: signal`). Turn off
    /// when the host handles SIGINT itself or runs several kernels in one process (tests).
    public var handlesInterruptSignal = true
    /// Seconds each loop waits for traffic before looking whether it should stop; bounds shutdown latency.
    public var pollInterval: Double = 0.05
    /// Milliseconds closing sockets may take to deliver the last messages (the shutdown reply).
    public var lingerMilliseconds = 1000
    /// Seconds after a `shutdown_request` within which `run()` must return; if the shell thread is still
    /// stuck in user code that ignores interrupts, `hardExit` ends the process (nil: wait for ever).
    public var shutdownGracePeriod: Double? = 3
    /// Ends the process when a shutdown outlives `shutdownGracePeriod`.
    public var hardExit: @Sendable () -> Void = { _exit(0) }
    /// After a cell fails with `stop_on_error`, requests keep being taken off the shell socket (and
    /// execute requests aborted) until it has been quiet this many seconds, before the error reply goes
    /// out: "Run All" sends every cell at once, and a cell still in flight must not run after the error.
    /// Requests sent after the client saw the error reply are never aborted.
    public var abortQuietPeriod: Double = 0.05
    /// Where diagnostics go (bad signatures, malformed frames, unknown messages); stderr by default.
    public var log: @Sendable (String) -> Void = KernelConfiguration.logToStandardError

    public init() {}

    /// Writes one line to stderr.
    public static let logToStandardError: @Sendable (String) -> Void = { line in
        let text = "[jupyter kernel] \(line)\n"
        _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
