#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sizes of user-given shapes, checked before anything is allocated.
///
/// A shape typed by a user (or read from a file) can name more elements than `Int` holds or than memory
/// has; multiplying unchecked wraps around and a plain allocation aborts the process. Every entry point
/// that a shape from outside reaches counts it here and allocates through `Tensor.allocate`.
public enum Memory {
    /// The element count of `shape`, or a ShapeError for a negative dimension and a MemoryError when the
    /// count overflows `Int` or passes `Tensor.maxElements`.
    ///
    /// The product of the non-zero dimensions must fit in `Int` even when a zero makes the count 0: strides
    /// are products of trailing dimensions, and `[0, 2^62, 4]` would overflow them.
    public static func count(_ shape: [Int], op: String) throws -> Int {
        if let d = shape.first(where: { $0 < 0 }) {
            throw TensorError.shape("\(op): dimension \(d) in shape \(describe(shape)) is negative")
        }
        var n = 1
        for d in shape where d != 0 {
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            guard !overflow else { throw TensorError(.memory, cannotAllocate(shape, op: op)) }
            n = p
        }
        if shape.contains(0) { n = 0 }
        guard n <= Tensor.maxElements else {
            throw TensorError(.memory, cannotAllocate(shape, op: op) + " (the limit is \(bytes(Double(Tensor.maxElements) * 4)))")
        }
        return n
    }

    /// Whether `bytes` can be allocated now, for memory that a Swift array will hold (whose allocation
    /// stops the process when it fails). Asks the kernel to map the bytes, which a memory limit and the
    /// overcommit check refuse as they would the allocation itself (a malloc whose result goes unused may
    /// be removed by the optimizer). The language's lists ask the same way (`Interpreter.checkMemory`).
    public static func available(bytes: Int) -> Bool {
        guard bytes >= 1 << 24 else { return true }
        let probe = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let probe, probe != MAP_FAILED else { return false }
        munmap(probe, bytes)
        return true
    }

    /// "op: cannot allocate 40.0 GB for a tensor of shape [100000, 100000]".
    public static func cannotAllocate(_ shape: [Int], op: String, itemSize: Int = MemoryLayout<Float>.stride) -> String {
        let size = shape.reduce(Double(itemSize)) { $0 * Double($1) }
        return "\(op): cannot allocate \(bytes(size)) for a tensor of shape \(describe(shape))"
    }

    /// A byte count for people: "512 bytes", "3.2 MB", "40.0 GB", "8.0 PB", "4.0e34 bytes".
    public static func bytes(_ n: Double) -> String {
        func oneDecimal(_ x: Double) -> String {
            let tenths = (x * 10).rounded()
            return "\(Int(tenths) / 10).\(Int(tenths) % 10)"
        }
        guard n.isFinite else { return "more than 1e308 bytes" }
        if n < 1e3 { return "\(Int(n)) bytes" }
        if n < 1e6 { return oneDecimal(n / 1e3) + " KB" }
        if n < 1e9 { return oneDecimal(n / 1e6) + " MB" }
        if n < 1e12 { return oneDecimal(n / 1e9) + " GB" }
        if n < 1e15 { return oneDecimal(n / 1e12) + " TB" }
        if n < 1e18 { return oneDecimal(n / 1e15) + " PB" }
        var mantissa = n, exponent = 0
        while mantissa >= 10 && exponent < 400 { mantissa /= 10; exponent += 1 }
        return oneDecimal(mantissa) + "e\(exponent) bytes"
    }
}

extension Tensor {
    /// A result tensor of a user-sized `shape` with fresh, uninitialized storage, or a ShapeError/MemoryError
    /// naming `op`, the shape and the bytes when it cannot exist or cannot be allocated.
    public static func allocate(_ shape: [Int], dtype: DType = .float32, op: String) throws -> Tensor {
        let n = try Memory.count(shape, op: op)
        return Tensor(storage: try TensorStorage(uninitializedCount: n, dtype: dtype, shape: shape, op: op), shape: shape)
    }
}
