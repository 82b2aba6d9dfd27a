import CMPI
import TensorEngine

/// The processes of one job and the collective calls between them, on MPI's world communicator.
///
/// A process that no MPI launcher started (see `Launch`) is a job of one: its rank is 0, and every
/// collective returns its input as the job's whole answer, so code written for many processes runs
/// alone unchanged. Only the thread that started MPI may call into it (MPI_THREAD_FUNNELED): the
/// script's thread.
public final class Communicator: @unchecked Sendable {
    /// This process's rank, from 0.
    public let rank: Int
    /// The number of processes.
    public let size: Int
    /// Whether MPI runs under this communicator (false for a job of one started without a launcher).
    public let usesMPI: Bool
    /// The collective calls made so far, named in errors so a user can find the call that diverged.
    var calls = 0

    /// Whether this is rank 0, the process that prints, draws and writes for the job.
    public var isMain: Bool { rank == 0 }

    private init(rank: Int, size: Int, usesMPI: Bool) {
        self.rank = rank
        self.size = size
        self.usesMPI = usesMPI
    }

    /// A job of one that never starts MPI.
    public static let single = Communicator(rank: 0, size: 1, usesMPI: false)

    /// The job this process belongs to: `start()`'s, or a job of one before it (and without a launcher).
    public static var world: Communicator { started ?? single }

    /// Process-wide because MPI is (one world a process); safe because it is set once, by `start()` on
    /// the script's thread before the script runs, and only read after.
    nonisolated(unsafe) private static var started: Communicator?

    /// Starts MPI when a launcher started this process, once, and returns the job; throws a
    /// DistributedError with MPI's reason when it cannot start.
    ///
    /// Call it from the thread that will make every collective call, before any of them.
    @discardableResult
    public static func start(_ launch: Launch? = Launch.current) throws -> Communicator {
        if let started { return started }
        guard launch != nil else { return single }
        let rc = soma_mpi_init()
        guard rc == MPI_SUCCESS else { throw failure("starting MPI", rc) }
        let world = Communicator(rank: Int(soma_mpi_rank()), size: Int(soma_mpi_size()), usesMPI: true)
        started = world
        return world
    }

    /// Ends MPI for this process after a run that finished normally; every process must call it.
    ///
    /// First checks that every other process finished too: a process still waiting in a collective
    /// call is then told which call it waits in, instead of waiting for good.
    public func finish() throws {
        guard usesMPI, soma_mpi_is_finalized() == 0 else { return }
        try agree(on: .finish)
        soma_mpi_finalize()
    }

    /// Stops every process of the job with `status`: the way a failing process ends a job, so that the
    /// others never wait on it. Returns only in a job of one.
    public func abort(status: Int32) {
        guard usesMPI, soma_mpi_is_finalized() == 0 else { return }
        soma_mpi_abort(status)
    }

    /// The MPI library this process runs on ("Open MPI v4.1.4, …"), or nil without MPI.
    public var library: String? {
        guard usesMPI else { return nil }
        var text = [CChar](repeating: 0, count: Int(soma_mpi_max_library_text) + 1)
        soma_mpi_library(&text)
        return Self.string(text).split(separator: "\n").first.map(String.init)
    }

    /// The text of a NUL-terminated C buffer.
    private static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A DistributedError for the MPI error `code` returned while doing `what`.
    static func failure(_ what: String, _ code: Int32) -> TensorError {
        var text = [CChar](repeating: 0, count: Int(soma_mpi_max_error_text) + 1)
        soma_mpi_error_text(code, &text)
        return TensorError(.distributed, "\(what) failed: \(string(text)) (MPI error \(code))")
    }
}
