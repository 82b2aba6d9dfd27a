/// Creation functions: constants, ranges, identity and random tensors.
extension Tensor {
    static func checkShape(_ shape: [Int], _ op: String) throws {
        _ = try Memory.count(shape, op: op)
    }

    /// The largest tensor the engine allocates outside a context that says otherwise (4 GiB of
    /// Float32), so runaway sizes fail cleanly.
    public static let defaultMaxElements = 1 << 30

    /// The largest tensor the running code may make: its `EngineContext`'s limit, or the default.
    public static var maxElements: Int { EngineContext.current?.maxElements ?? defaultMaxElements }

    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) throws -> Tensor {
        let t = try uninitialized(shape, op: "full")
        t.writing { $0.initialize(repeating: value, count: t.count) }
        return t
    }

    /// `full` with its shape checked, for shapes that come from users.
    public static func full(checked shape: [Int], _ value: Float) throws -> Tensor {
        let t = try allocate(shape, op: "full")
        t.writing { $0.initialize(repeating: value, count: t.count) }
        return t
    }

    /// Zeros of `shape`.
    public static func zeros(_ shape: [Int]) throws -> Tensor { try full(checked: shape, 0) }
    /// Ones of `shape`.
    public static func ones(_ shape: [Int]) throws -> Tensor { try full(checked: shape, 1) }

    /// Zeros with the shape of `other`.
    public static func zeros(like other: Tensor) throws -> Tensor { try full(other.shape, 0) }
    /// Ones with the shape of `other`.
    public static func ones(like other: Tensor) throws -> Tensor { try full(other.shape, 1) }

    /// The n×m identity (m defaults to n).
    public static func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
        let cols = m ?? n
        let t = try zeros([n, cols])
        t.writing { p in for i in 0..<Swift.min(n, cols) { p[i * cols + i] = 1 } }
        return t
    }

    /// Values from `start` up to but excluding `end` in steps of `step`, as NumPy's arange.
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.value("arange: step must be finite and non-zero (got \(step))")
        }
        // Checked as a Float first: converting a count beyond Int's range to Int would trap.
        let steps = ((end - start) / step).rounded(.up)
        guard steps <= Float(maxElements), steps < 0x1p62 else {
            throw TensorError(.memory, "arange: \(start) to \(end) in steps of \(step) has too many elements (limit \(maxElements))")
        }
        let n = steps > 0 ? Int(steps) : 0
        let t = try allocate([n], op: "arange")
        t.writing { p in for i in 0..<n { p[i] = start + Float(i) * step } }
        return t
    }

    /// `count` evenly spaced values from `start` to `end`, both included.
    public static func linspace(_ start: Float, _ end: Float, count: Int) throws -> Tensor {
        guard count >= 0 else { throw TensorError.value("linspace: count must be non-negative (got \(count))") }
        let t = try allocate([count], op: "linspace")
        let step = count > 1 ? (end - start) / Float(count - 1) : 0
        t.writing { p in
            for i in 0..<count { p[i] = start + Float(i) * step }
            if count > 1 { p[count - 1] = end }
        }
        return t
    }

    /// Uniform values in [low, high) from the global generator.
    public static func rand(_ shape: [Int], low: Float = 0, high: Float = 1) throws -> Tensor {
        let t = try allocate(shape, op: "rand")
        t.writing { p in for i in 0..<t.count { p[i] = low + (high - low) * RNG.global.uniform() } }
        return t
    }

    /// Normal values with the given mean and standard deviation from the global generator.
    public static func randn(_ shape: [Int], mean: Float = 0, std: Float = 1) throws -> Tensor {
        let t = try allocate(shape, op: "randn")
        t.writing { p in for i in 0..<t.count { p[i] = mean + std * RNG.global.normal() } }
        return t
    }

    /// Integers in [low, high) as floats, from the global generator.
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int]) throws -> Tensor {
        guard high > low else { throw TensorError.value("randint: high (\(high)) must be greater than low (\(low))") }
        let t = try allocate(shape, op: "randint")
        t.writing { p in for i in 0..<t.count { p[i] = Float(low + RNG.global.below(high - low)) } }
        return t
    }

    /// A random permutation of `0..<n` as floats.
    public static func randperm(_ n: Int) throws -> Tensor {
        guard n >= 0 else { throw TensorError.value("randperm: n must be non-negative (got \(n))") }
        // Shuffled in place in the result, so a huge n is one checked allocation, not three arrays.
        let t = try allocate([n], op: "randperm")
        t.writing { p in
            for i in 0..<n { p[i] = Float(i) }
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = RNG.global.below(i + 1)
                (p[i], p[j]) = (p[j], p[i])
            }
        }
        return t
    }
}
