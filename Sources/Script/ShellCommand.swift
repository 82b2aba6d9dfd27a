#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// One command run through `/bin/sh -c`, its standard output and error read as they come.
///
/// The command gets a process group of its own, so that Ctrl-C at the terminal reaches Soma alone and
/// an interrupt can stop the command with everything it started (`kill` of the group); its standard
/// input is `/dev/null`, so it never waits for the terminal or the notebook.
public struct ShellCommand {
    public let command: String

    public init(command: String) { self.command = command }

    /// What a finished command left: its status (128 + the signal for one that a signal ended, as the
    /// shell reports it).
    public struct Outcome {
        public var status: Int32
    }

    /// Thrown by `run` after an interrupt stopped the command.
    public struct Interrupted: Error {}

    /// Runs the command to its end, handing each piece of its standard output to `stdout` and of its
    /// standard error to `stderr` as it arrives (whole UTF-8 characters; invalid bytes become U+FFFD).
    /// `interrupted` is asked every 20 ms: when it says yes the command's process group is stopped
    /// (SIGTERM, then SIGKILL after half a second) and `Interrupted` is thrown.
    public func run(stdout: @escaping (String) throws -> Void, stderr: @escaping (String) throws -> Void,
             interrupted: () -> Bool) throws -> Outcome {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard Self.makePipe(&outPipe) else { throw Self.failure("cannot make a pipe") }
        guard Self.makePipe(&errPipe) else {
            outPipe.forEach { close($0) }
            throw Self.failure("cannot make a pipe")
        }
        let pid: pid_t
        do {
            defer { close(outPipe[1]); close(errPipe[1]) }
            pid = try spawn(stdout: outPipe[1], stderr: errPipe[1])
        } catch {
            close(outPipe[0]); close(errPipe[0])
            throw error
        }
        var readers = [Reader(fd: outPipe[0], deliver: stdout), Reader(fd: errPipe[0], deliver: stderr)]
        defer { readers.forEach { close($0.fd) } }
        var status: Int32?
        while true {
            if interrupted() {
                Self.stop(group: pid)
                throw Interrupted()
            }
            // Once the shell is gone its output is all in the pipes: drain it and stop, even if a
            // background job it left behind holds the pipes open.
            if status == nil { status = Self.reap(pid, wait: false) }
            let open = readers.indices.filter { !readers[$0].closed }
            if open.isEmpty { break }
            var fds = open.map { pollfd(fd: readers[$0].fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), status == nil ? 20 : 0)
            if ready < 0 && errno != EINTR { break }
            if ready <= 0 {
                if status != nil { break }
                continue
            }
            do {
                for (k, i) in open.enumerated() where fds[k].revents != 0 { try readers[i].readSome() }
            } catch {
                // Output that cannot be taken (too much captured) ends the command too.
                if status == nil { Self.stop(group: pid) }
                throw error
            }
        }
        for i in readers.indices { try readers[i].finish() }
        return Outcome(status: status ?? Self.reap(pid, wait: true) ?? 127)
    }

    private func spawn(stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group; default handling of the signals this process catches or ignores.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t(), mask = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(command), nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
        guard result == 0 else { throw Self.failure("cannot start /bin/sh: \(String(cString: strerror(result)))") }
        return pid
    }

    /// A pipe whose ends other commands do not inherit (only the child's copies, made by dup2, stay open).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// The status of a finished child, or nil while it runs (`wait` false).
    private static func reap(_ pid: pid_t, wait: Bool) -> Int32? {
        var raw: Int32 = 0
        while true {
            let r = waitpid(pid, &raw, wait ? 0 : WNOHANG)
            if r == pid { break }
            if r < 0 && errno == EINTR { continue }
            return nil
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }

    /// Ends the command's process group: SIGTERM, and SIGKILL for what is left after half a second.
    private static func stop(group pid: pid_t) {
        kill(-pid, SIGTERM)
        for _ in 0..<50 {
            if reap(pid, wait: false) != nil { break }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        _ = reap(pid, wait: true)
    }

    private static func failure(_ message: String) -> ScriptError {
        ScriptError("ValueError", "shell: \(message)")
    }

    /// One pipe, read in pieces and passed on as text.
    private struct Reader {
        let fd: Int32
        let deliver: (String) throws -> Void
        var closed = false
        /// Bytes of a character cut by the end of the last read.
        var pending: [UInt8] = []

        init(fd: Int32, deliver: @escaping (String) throws -> Void) {
            self.fd = fd
            self.deliver = deliver
        }

        mutating func readSome() throws {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { return }
            guard n > 0 else { closed = true; return }
            pending += buffer.prefix(n)
            let whole = Self.wholeCharacters(pending)
            guard whole > 0 else { return }
            let text = String(decoding: pending.prefix(whole), as: UTF8.self)
            pending.removeFirst(whole)
            try deliver(text)
        }

        /// Passes on what is left when the pipe is done.
        mutating func finish() throws {
            if !pending.isEmpty { try deliver(String(decoding: pending, as: UTF8.self)) }
            pending = []
        }

        /// How many bytes from the start end on a character boundary: all but an unfinished UTF-8
        /// sequence at the end.
        static func wholeCharacters(_ bytes: [UInt8]) -> Int {
            var i = bytes.count - 1
            // A lead byte within the last three bytes whose sequence runs past the end holds the cut.
            while i >= 0 && i >= bytes.count - 3 {
                let b = bytes[i]
                if b & 0xC0 != 0x80 {
                    let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                    return i + length > bytes.count ? i : bytes.count
                }
                i -= 1
            }
            return bytes.count
        }
    }
}
