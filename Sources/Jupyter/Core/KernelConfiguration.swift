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
    /// UTF-8 bytes of stdout+stderr one cell may send before the rest is dropped with a note (nil: no limit).
    public var streamLimitPerCell: Int? = 1_000_000
    /// A JSON-lines file that keeps history across runs (nil: this run only).
    public var historyPath: String?
    /// Whether SIGINT interrupts the running cell (Jupyter's default `interrupt_mode: signal`). Turn off
    /// when the host handles SIGINT itself or runs several kernels in one process (tests).
    public var handlesInterruptSignal = true
    /// Seconds each loop waits for traffic before looking whether it should stop; bounds shutdown latency.
    public var pollInterval: Double = 0.05
    /// Milliseconds closing sockets may take to deliver the last messages (the shutdown reply).
    public var lingerMilliseconds = 1000
    /// Where diagnostics go (bad signatures, malformed frames, unknown messages); stderr by default.
    public var log: @Sendable (String) -> Void = KernelConfiguration.logToStandardError

    public init() {}

    /// Writes one line to stderr.
    public static let logToStandardError: @Sendable (String) -> Void = { line in
        fputs("[jupyter kernel] \(line)\n", stderr)
    }
}
