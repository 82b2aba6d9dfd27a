import Foundation

// Plain globals, as a signal handler can touch nothing else safely; both are set once, before the
// handlers that read them are installed.

/// The previous handlers of the fatal signals, to hand each crash on to (the Swift runtime's backtracer).
nonisolated(unsafe) private var previousFatalActions: [Int32: sigaction] = [:]
/// What to write out before the process dies.
nonisolated(unsafe) private var flushBeforeCrash: () -> Void = {}

/// Pushes out buffered output when the process crashes (a runtime trap, abort, a bad access), then lets
/// the crash go on as before, so a crash loses no line of what the script printed.
///
/// Only text without a newline can be waiting (output is written at each line end), so this is the
/// last, partial line.
enum CrashFlush {
    static let signals = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]

    /// Installs the handlers; `flush` runs once, in the crashing thread.
    static func install(_ flush: @escaping () -> Void) {
        flushBeforeCrash = flush
        for signalNumber in signals {
            var previous = sigaction()
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
            action.__sigaction_handler.sa_handler = { signalNumber in
                let flush = flushBeforeCrash
                flushBeforeCrash = {}
                flush()
                // Back to the handler from before (or the default), which sees the signal again when this
                // one returns: a trap re-executes the faulting instruction; abort's signal is still pending.
                if var previous = previousFatalActions[signalNumber] {
                    sigaction(signalNumber, &previous, nil)
                }
                raise(signalNumber)
            }
            sigaction(signalNumber, &action, &previous)
            previousFatalActions[signalNumber] = previous
        }
    }
}
