import CEditLine
import Foundation

/// The characters the line editor reads from the terminal, one Unicode scalar at a time, and the
/// signal that ended a read.
///
/// A read waits on standard input and on `ProcessSignals.promptInterrupts` together, so Ctrl-C ends it
/// even though the signal handler restarts interrupted reads and the signal may be delivered to
/// another thread. libedit takes each value returned as one character, so UTF-8 is decoded here.
enum TerminalKeys {
    /// A signal that arrived while reading.
    enum Signal { case interrupt, terminate }

    // Unlocked: only the thread that reads the terminal (the REPL's) uses these.

    /// The signal that ended the last read, if one did.
    nonisolated(unsafe) private(set) static var signal: Signal?
    nonisolated(unsafe) private static var columns: Int32 = 0

    /// Drops the signals that arrived before the prompt (a Ctrl-C that stopped running code).
    static func forgetSignals() {
        signal = nil
        _ = drainSignals()
        columns = TerminalSize.columns(of: STDOUT_FILENO) ?? 0
    }

    /// The next character as a Unicode scalar value (U+FFFD for bytes that are not UTF-8), or -1 at end
    /// of input or when a signal arrived (then in `signal`).
    static func next() -> Int32 {
        guard let first = nextByte() else { return -1 }
        if first < 0x80 { return Int32(first) }
        let following = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0
        guard following > 0 else { return 0xFFFD }
        var scalar = UInt32(first) & (0x3F >> UInt32(following))
        for _ in 0..<following {
            guard let byte = nextByte() else { return -1 }
            guard byte & 0xC0 == 0x80 else { return 0xFFFD }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        return Int32(bitPattern: scalar)
    }

    private static func nextByte() -> UInt8? {
        followResize()
        while true {
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: ProcessSignals.promptInterrupts, events: Int16(POLLIN), revents: 0)]
            if poll(&descriptors, descriptors[1].fd >= 0 ? 2 : 1, -1) < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if descriptors[1].revents != 0, let arrived = drainSignals() {
                signal = arrived
                return nil
            }
            if descriptors[0].revents != 0 {
                // Read without blocking: a Ctrl-C between the poll and the read flushes the terminal's
                // queue (ISIG), and a blocking read would then wait for the next key, the signal unseen.
                var byte: UInt8 = 0
                let flags = fcntl(STDIN_FILENO, F_GETFL)
                _ = fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK)
                let count = Foundation.read(STDIN_FILENO, &byte, 1)
                let failure = errno
                _ = fcntl(STDIN_FILENO, F_SETFL, flags)
                if count == 1 { return byte }
                if count < 0 && (failure == EINTR || failure == EAGAIN) { continue }
                return nil
            }
        }
    }

    /// Reads every byte waiting in the signal pipe; a SIGTERM outranks SIGINTs.
    private static func drainSignals() -> Signal? {
        let fd = ProcessSignals.promptInterrupts
        guard fd >= 0 else { return nil }
        var found: Signal?
        var byte: UInt8 = 0
        while Foundation.read(fd, &byte, 1) == 1 {
            found = byte == UInt8(ascii: "T") || found == .terminate ? .terminate : .interrupt
        }
        return found
    }

    /// Tells libedit the terminal's new width when it changed since the last key: with its own signal
    /// handling off, libedit does not see SIGWINCH.
    private static func followResize() {
        guard let now = TerminalSize.columns(of: STDOUT_FILENO), now != columns else { return }
        if columns != 0 { rl_resize_terminal() }
        columns = now
    }
}
