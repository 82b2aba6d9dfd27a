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

    /// A tensor of `shape` and `dtype` filled with `value`, or a ValueError when an integer type cannot
    /// hold it (NaN, or 300 as int8), as PyTorch's `full` checks its fill value.
    public static func full(checked shape: [Int], _ value: Double, dtype: DType) throws -> Tensor {
        let value = try dtype.checked(value, op: "full")
        if dtype == .float32 { return try full(checked: shape, Float(value)) }
        let t = try allocate(shape, dtype: dtype, op: "full")
        t.fill { _ in value }
        return t
    }

    /// Zeros of `shape`.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor { try full(checked: shape, 0, dtype: dtype) }
    /// Ones of `shape`.
    public static func ones(_ shape: [Int], dtype: DType = .float32) throws -> Tensor { try full(checked: shape, 1, dtype: dtype) }

    /// Zeros with the shape of `other` (float32: the engine's scratch buffers).
    public static func zeros(like other: Tensor) throws -> Tensor { try full(other.shape, 0) }
    /// Ones with the shape of `other` (float32).
    public static func ones(like other: Tensor) throws -> Tensor { try full(other.shape, 1) }

    /// The n×m identity (m defaults to n).
    public static func eye(_ n: Int, _ m: Int? = nil, dtype: DType = .float32) throws -> Tensor {
        let cols = m ?? n
        let t = try zeros([n, cols], dtype: dtype)
        if dtype == .float32 {
            t.writing { p in for i in 0..<Swift.min(n, cols) { p[i * cols + i] = 1 } }
        } else {
            t.fill { i in i / cols == i % cols ? 1 : 0 }
        }
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

    /// `arange` in `dtype`: float32 computes in Float as above (the values every script has seen);
    /// other types compute `start + i·step` in Double and convert, so float64 and int64 ranges are exact.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType) throws -> Tensor {
        if dtype == .float32 { return try arange(Float(start), Float(end), step: Float(step)) }
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.value("arange: step must be finite and non-zero (got \(step))")
        }
        let steps = ((end - start) / step).rounded(.up)
        guard steps <= Double(maxElements) else {
            throw TensorError(.memory, "arange: \(start) to \(end) in steps of \(step) has too many elements (limit \(maxElements))")
        }
        let n = steps > 0 ? Int(steps) : 0
        // The last value is the largest in magnitude; the first may be too (a descending range).
        if n > 0 {
            _ = try dtype.checked(start, op: "arange")
            _ = try dtype.checked(start + Double(n - 1) * step, op: "arange")
        }
        let t = try allocate([n], dtype: dtype, op: "arange")
        t.fill { i in start + Double(i) * step }
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

    /// `linspace` in `dtype`: float32 as above; other types compute in Double and convert (an integer
    /// type truncates each value toward zero, as PyTorch's integer linspace does).
    public static func linspace(_ start: Double, _ end: Double, count: Int, dtype: DType) throws -> Tensor {
        if dtype == .float32 { return try linspace(Float(start), Float(end), count: count) }
        guard count >= 0 else { throw TensorError.value("linspace: count must be non-negative (got \(count))") }
        if count > 0 {
            _ = try dtype.checked(start, op: "linspace")
            _ = try dtype.checked(end, op: "linspace")
        }
        let t = try allocate([count], dtype: dtype, op: "linspace")
        let step = count > 1 ? (end - start) / Double(count - 1) : 0
        t.fill { i in i == count - 1 && count > 1 ? end : start + Double(i) * step }
        return t
    }

    /// Uniform values in [low, high) from the global generator, in a floating-point `dtype`.
    ///
    /// float32 draws 24 random bits per value, as always; float64 draws 53; float16 and bfloat16 round
    /// float32 draws (the same stream, so a seed gives the same values to their precision).
    public static func rand(_ shape: [Int], low: Float = 0, high: Float = 1, dtype: DType = .float32) throws -> Tensor {
        try floatingPoint(dtype, "rand")
        if dtype == .float64 {
            let t = try allocate(shape, dtype: dtype, op: "rand")
            let (lo, hi) = (Double(low), Double(high))
            t.fill { _ in lo + (hi - lo) * RNG.global.uniformDouble() }
            return t
        }
        let t = try allocate(shape, op: "rand")
        t.writing { p in for i in 0..<t.count { p[i] = low + (high - low) * RNG.global.uniform() } }
        return try t.to(dtype)
    }

    /// Normal values with the given mean and standard deviation from the global generator, in a
    /// floating-point `dtype`: float64 keeps every digit of the Box–Muller draw that float32 rounds;
    /// float16 and bfloat16 round float32 draws.
    public static func randn(_ shape: [Int], mean: Float = 0, std: Float = 1, dtype: DType = .float32) throws -> Tensor {
        try floatingPoint(dtype, "randn")
        if dtype == .float64 {
            let t = try allocate(shape, dtype: dtype, op: "randn")
            let (m, s) = (Double(mean), Double(std))
            t.fill { _ in m + s * RNG.global.normalDouble() }
            return t
        }
        let t = try allocate(shape, op: "randn")
        t.writing { p in for i in 0..<t.count { p[i] = mean + std * RNG.global.normal() } }
        return try t.to(dtype)
    }

    /// Integers in [low, high) from the global generator, as `dtype` (float32 unless given: the engine's
    /// callers compute with them; the language passes int64, PyTorch's default).
    public static func randint(_ low: Int, _ high: Int, _ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        guard high > low else { throw TensorError.value("randint: high (\(high)) must be greater than low (\(low))") }
        _ = try dtype.checked(Double(low), op: "randint")
        _ = try dtype.checked(Double(high - 1), op: "randint")
        let t = try allocate(shape, dtype: dtype, op: "randint")
        if dtype == .float32 {
            t.writing { p in for i in 0..<t.count { p[i] = Float(low + RNG.global.below(high - low)) } }
        } else {
            t.fill { _ in Double(low + RNG.global.below(high - low)) }
        }
        return t
    }

    /// A random permutation of `0..<n` as `dtype` (float32 unless given; the language passes int64).
    public static func randperm(_ n: Int, dtype: DType = .float32) throws -> Tensor {
        guard n >= 0 else { throw TensorError.value("randperm: n must be non-negative (got \(n))") }
        if n > 0 { _ = try dtype.checked(Double(n - 1), op: "randperm") }
        // Shuffled in place in the result, so a huge n is one checked allocation, not three arrays.
        let t = try allocate([n], dtype: dtype, op: "randperm")
        t.fill { Double($0) }
        t.shuffle()
        return t
    }

    /// A TypeError naming `op` unless `dtype` holds fractions: random draws from a continuous
    /// distribution have no integer type (PyTorch's "not implemented for 'Long'").
    static func floatingPoint(_ dtype: DType, _ op: String) throws {
        guard dtype.isFloatingPoint else {
            throw TensorError(.type, "\(op): dtype must be a floating-point type (float32, float64, float16 or bfloat16), not \(dtype)")
        }
    }
}
