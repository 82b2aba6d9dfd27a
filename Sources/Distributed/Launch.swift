#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// How this process was started, read from the launcher's environment before MPI starts.
///
/// `mpirun`/`mpiexec` of Open MPI and of MPICH (Hydra), and Slurm's `srun`, each export the job's size
/// and the process's rank; a process started any other way is a job of one and never starts MPI, so the
/// same script runs alone unchanged.
public struct Launch: Equatable, Sendable {
    /// This process's rank and the job's process count.
    public var rank: Int, size: Int
    /// How many of the job's processes run on this machine (they share its cores).
    public var localSize: Int

    /// The launch this process's environment describes, or nil when no MPI launcher started it.
    public static let current: Launch? = detect(environment)

    /// The launch described by `env`: Open MPI's `OMPI_COMM_WORLD_*`, MPICH's and Slurm-PMI's `PMI_*`,
    /// or an `srun` step of several tasks (`SLURM_STEP_NUM_TASKS`, `SLURM_PROCID`); a batch script's
    /// own Slurm variables describe no launch of this process.
    public static func detect(_ env: (String) -> String?) -> Launch? {
        func int(_ name: String) -> Int? { env(name).flatMap { Int($0.filter { $0 != " " }) } }
        let candidates: [(size: String, rank: String, local: String)] = [
            ("OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_LOCAL_SIZE"),
            ("PMI_SIZE", "PMI_RANK", "MPI_LOCALNRANKS"),
            ("SLURM_STEP_NUM_TASKS", "SLURM_PROCID", "SLURM_STEP_TASKS_PER_NODE"),
        ]
        for c in candidates {
            guard let size = int(c.size), let rank = int(c.rank), size >= 1, rank >= 0, rank < size else { continue }
            if c.size.hasPrefix("SLURM"), size < 2 { continue }
            // Slurm writes tasks per node as "2(x3)": the count comes first.
            let local = env(c.local).flatMap { Int($0.prefix { $0.isNumber }) } ?? 1
            return Launch(rank: rank, size: size, localSize: max(1, min(local, size)))
        }
        return nil
    }

    private static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
