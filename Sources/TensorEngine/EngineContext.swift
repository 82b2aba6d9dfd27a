#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// What the engine answers to while a session's code runs on a thread: the session's size limit, its
/// random generator, its folder for relative paths, and the check that stops long work when the session is interrupted.
///
/// Kept per thread, as grad mode is: two sessions in one process (two interpreters in a test run, a
/// server with several notebooks) each run their code under their own context and never see the
/// other's interrupt, limit or random numbers (one seeding cannot shift another's). Outside any
/// context the defaults hold.
public final class EngineContext {
    /// The largest tensor, in elements, that code under this context may make.
    public var maxElements: Int
    /// The generator random tensors, initializers and dropout draw from; `seed(n)` resets it.
    public var rng = RNG(seed: 0)
    /// The folder a relative file path starts from; nil for the process's working directory. Each
    /// session has its own, as a process has one working directory for all of its threads.
    public var directory: String?
    /// Threads for large loops and products (OpenBLAS's setting follows it product by product).
    public var workers: Int
    /// Called between steps of long engine work; throws to stop it.
    public let checkInterrupt: () throws -> Void
    /// Called after every `backward()` under this context with the leaves it accumulated gradients
    /// into, by key; a distributed model averages its gradients across processes here.
    public private(set) var backwardObservers: [Int: ([Tensor]) throws -> Void] = [:]
    private var nextObserver = 0

    /// Calls `observer` after every `backward()` under this context; returns the key that stops it.
    public func observeBackward(_ observer: @escaping ([Tensor]) throws -> Void) -> Int {
        nextObserver += 1
        backwardObservers[nextObserver] = observer
        return nextObserver
    }

    /// Stops the observer `observeBackward` returned `key` for.
    public func stopObservingBackward(_ key: Int) { backwardObservers[key] = nil }

    public init(maxElements: Int = Tensor.defaultMaxElements, workers: Int = EngineContext.defaultWorkers,
                checkInterrupt: @escaping () throws -> Void = {}) {
        self.maxElements = maxElements
        self.workers = max(1, workers)
        self.checkInterrupt = checkInterrupt
    }

    /// The threads a session starts with: `SOMA_NUM_THREADS`, else `OMP_NUM_THREADS` (as PyTorch reads
    /// it), else every core. A server running many kernels sets one of them to give each a core.
    public static let defaultWorkers: Int = {
        for name in ["SOMA_NUM_THREADS", "OMP_NUM_THREADS"] {
            if let text = getenv(name).map({ String(cString: $0) }), let n = Int(text.filter { $0 != " " }), n >= 1 {
                return n
            }
        }
        return ProcessInfoCores.count
    }()

    /// The context of the code running on this thread, if any.
    public static var current: EngineContext? {
        pthread_getspecific(key).map { Unmanaged<EngineContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` on this thread under this context, then restores the one before.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        let previous = pthread_getspecific(Self.key)
        let retained = Unmanaged.passRetained(self)
        pthread_setspecific(Self.key, retained.toOpaque())
        defer {
            pthread_setspecific(Self.key, previous)
            retained.release()
        }
        return try body()
    }

    /// The running code's interrupt check, or nothing outside a context.
    public static func checkInterrupt() throws { try current?.checkInterrupt() }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}
