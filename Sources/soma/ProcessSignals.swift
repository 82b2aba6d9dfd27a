import Foundation
import Script
import Synchronization

// Plain globals, as a signal handler can touch nothing else safely; each is set once, in `install`,
// before the handlers that read it exist.

/// The write end of the signal pipe; with the interrupt flag and the prompt's pipe, all that the
/// handlers touch.
nonisolated(unsafe) private var signalPipeWriter: Int32 = -1
/// The write end of `ProcessSignals.promptInterrupts`; non-blocking, so a full pipe never stalls the handler.
nonisolated(unsafe) private var promptPipeWriter: Int32 = -1

/// SIGINT and SIGTERM for the REPL and scripts: one process-wide handler, installed once at start-up
/// and never replaced, so no live display or library can leave Ctrl-C without effect.
///
/// The handler raises the interpreter's interrupt flag and writes a byte to a pipe and one to
/// `promptInterrupts` (all async-signal-safe); a watcher thread does the rest:
/// - a script (`sticky`) ends at the next statement after SIGINT: the flag is raised again until the
///   process ends, so code that handles one interrupt itself (`fit` stops and returns its history) cannot
///   swallow it, and the script exits 130;
/// - SIGTERM stops the running code the same way and the process exits 143 after flushing its output;
/// - when code does not stop within `graceSeconds` (a native call that never looks at the flag), or a
///   second SIGINT arrives after that, the process ends at once with the same status (`_exit`), after
///   `beforeHardExit` pushed out what output it could.
enum ProcessSignals {
    // The settings below are made by the host before `install` starts the watcher thread, and not
    // changed while it runs: unlocked, and read without a race.

    /// Whether an interrupt ends the whole run (a script, `soma < file`) or only the running entry (the REPL).
    nonisolated(unsafe) static var sticky = true
    /// A descriptor that gets a byte at each SIGINT ("I") and SIGTERM ("T"), for the REPL's prompt to
    /// wait on beside the terminal: a read blocked in the line editor is not ended by the signal itself
    /// (the handler restarts it, and the signal may land on another thread). -1 before `install`.
    nonisolated(unsafe) private(set) static var promptInterrupts: Int32 = -1
    /// Called on the watcher thread right before a hard exit; the host flushes its output there.
    nonisolated(unsafe) static var beforeHardExit: () -> Void = {}
    /// Seconds code has to stop after a signal before a repeated SIGINT, or SIGTERM, ends the process.
    nonisolated(unsafe) static var graceSeconds = 2.0

    private static let interrupts = Atomic<Int>(0)
    private static let terminated = Atomic<Bool>(false)

    /// How many SIGINTs arrived.
    static var interruptCount: Int { interrupts.load(ordering: .relaxed) }
    /// Whether SIGTERM arrived.
    static var wasTerminated: Bool { terminated.load(ordering: .relaxed) }

    /// The exit status the signals so far call for: 143 after SIGTERM, 130 after a SIGINT in sticky
    /// mode, nil otherwise.
    static var exitStatus: Int32? {
        if wasTerminated { return 143 }
        if sticky && interruptCount > 0 { return 130 }
        return nil
    }

    /// Installs the handlers and starts the watcher; call once, first thing in `main`.
    static func install() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        signalPipeWriter = fds[1]
        let reader = fds[0]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            promptInterrupts = fds[0]
            promptPipeWriter = fds[1]
        }
        let onInterrupt: @convention(c) (Int32) -> Void = { _ in
            Interpreter.requestInterrupt()
            var byte = UInt8(ascii: "I")
            _ = write(signalPipeWriter, &byte, 1)
            _ = write(promptPipeWriter, &byte, 1)
        }
        let onTerminate: @convention(c) (Int32) -> Void = { _ in
            Interpreter.requestInterrupt()
            var byte = UInt8(ascii: "T")
            _ = write(signalPipeWriter, &byte, 1)
            _ = write(promptPipeWriter, &byte, 1)
        }
        for (signalNumber, handler) in [(SIGINT, onInterrupt), (SIGTERM, onTerminate)] {
            var action = sigaction()
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            action.__sigaction_handler.sa_handler = handler
            sigaction(signalNumber, &action, nil)
        }
        let thread = Thread { watch(reader) }
        thread.name = "soma.signals"
        thread.start()
    }

    /// Forgets the interrupts so far (the REPL after each entry).
    static func resetInterrupts() { interrupts.store(0, ordering: .relaxed) }

    private static func watch(_ reader: Int32) {
        var firstSignal: Double?
        while true {
            var descriptor = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
            // Asleep until a signal comes; then awake every 20 ms to keep asking the code to stop.
            let ready = poll(&descriptor, 1, firstSignal == nil ? -1 : 20)
            if ready > 0 {
                var byte: UInt8 = 0
                if read(reader, &byte, 1) == 1 {
                    let now = CoreLibrary.monotonicSeconds()
                    if byte == UInt8(ascii: "T") {
                        terminated.store(true, ordering: .relaxed)
                        firstSignal = firstSignal ?? now
                    } else {
                        interrupts.add(1, ordering: .relaxed)
                        if sticky {
                            if let first = firstSignal, now - first >= graceSeconds { hardExit() }
                            firstSignal = firstSignal ?? now
                        }
                    }
                }
            }
            guard let first = firstSignal, exitStatus != nil else { continue }
            // Keep asking until the process ends; a terminated process that does not stop goes anyway.
            Interpreter.requestInterrupt()
            if wasTerminated && CoreLibrary.monotonicSeconds() - first >= graceSeconds { hardExit() }
        }
    }

    private static func hardExit() {
        beforeHardExit()
        let status = exitStatus ?? 130
        let note = status == 143 ? "soma: terminated\n" : "soma: interrupted\n"
        _ = note.withCString { write(2, $0, strlen($0)) }
        _exit(status)
    }
}
