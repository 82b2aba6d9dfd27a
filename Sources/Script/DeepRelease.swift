#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Frees nested values without recursion.
///
/// Reference counting frees a list by freeing its items, each of which frees its own items: a list nested
/// 100,000 deep (or a chain of as many closures) would take as many native stack frames and crash. A
/// container that holds containers hands its contents to this thread's queue instead; the outermost
/// release drains the queue in a loop, so nesting never goes deeper than two frames.
enum DeepRelease {
    /// Takes `values` from a container being freed, if any of them may hold further values.
    static func take(_ values: inout [Value]) {
        guard values.contains(where: \.holdsValues) else { return }
        let queue = ReleaseQueue.current
        queue.values.append(contentsOf: values)
        values = []
        queue.drain()
    }

    /// Takes one value from a container being freed.
    static func take(_ value: inout Value) {
        guard value.holdsValues else { return }
        let queue = ReleaseQueue.current
        queue.values.append(value)
        value = .null
        queue.drain()
    }
}

extension Value {
    /// Whether freeing this value may free further values (and so recurse).
    var holdsValues: Bool {
        switch self {
        case .list, .dictionary, .function, .instance: return true
        default: return false
        }
    }
}

/// One thread's values waiting to be freed.
final class ReleaseQueue {
    var values: [Value] = []
    private var draining = false

    /// Frees queued values one at a time; a release nested in that loop only queues.
    func drain() {
        guard !draining else { return }
        draining = true
        while let value = values.popLast() { _ = value }
        draining = false
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<ReleaseQueue>.fromOpaque(pointer).release() }
        }
        return key
    }()

    /// This thread's queue, made on first use.
    static var current: ReleaseQueue {
        if let pointer = pthread_getspecific(key) { return Unmanaged<ReleaseQueue>.fromOpaque(pointer).takeUnretainedValue() }
        let queue = ReleaseQueue()
        pthread_setspecific(key, Unmanaged.passRetained(queue).toOpaque())
        return queue
    }
}
