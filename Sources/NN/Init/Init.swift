import TensorEngine

/// Weight initializers that fill a tensor in place from the seeded generator (PyTorch's `nn.init`),
/// so `Init.xavierUniform(layer.weight)` re-initializes a layer's parameter without replacing it.
///
/// Every floating-point type is filled: random values are drawn in float32 and converted (so a seed
/// gives a float64 model the float32 one's values), `orthogonal` computes in Double and rounds once;
/// integer and bool tensors take `constant`, `zeros` and `ones` only, the others are a TypeError.
public enum Init {
    /// Which fan scales kaiming initialization: `fanIn` keeps forward activations' variance,
    /// `fanOut` the backward gradients'.
    public enum FanMode: String, Sendable {
        case fanIn = "fan_in"
        case fanOut = "fan_out"
    }

    /// The activation a layer feeds, for its recommended gain.
    public enum Nonlinearity: String, Sendable {
        case linear, sigmoid, tanh, relu, selu
        case leakyRelu = "leaky_relu"
    }

    /// The recommended gain for `nonlinearity` (PyTorch's `calculate_gain`): 1 for linear and sigmoid,
    /// 5/3 for tanh, √2 for relu, √(2 / (1 + slope²)) for leaky relu (slope 0.01 by default), 3/4 for selu.
    public static func gain(_ nonlinearity: Nonlinearity, negativeSlope: Float? = nil) -> Float {
        switch nonlinearity {
        case .linear, .sigmoid: return 1
        case .tanh: return 5.0 / 3
        case .relu: return Float(2).squareRoot()
        case .leakyRelu:
            let a = negativeSlope ?? 0.01
            return (2 / (1 + a * a)).squareRoot()
        case .selu: return 0.75
        }
    }

    /// `(fanIn, fanOut)` of a weight: `shape[1]` and `shape[0]`, each times the receptive field (the
    /// product of the remaining dimensions), as PyTorch computes them for Linear and Conv weights.
    public static func fans(_ t: Tensor, op: String = "fans") throws -> (fanIn: Int, fanOut: Int) {
        guard t.rank >= 2 else {
            throw TensorError(.value, "\(op): fan in and fan out need a tensor of at least 2 dimensions, got shape \(t.shape)")
        }
        let receptive = t.shape[2...].reduce(1, *)
        return (t.shape[1] * receptive, t.shape[0] * receptive)
    }

    /// Uniform in ±gain·√(6 / (fanIn + fanOut)) (Glorot).
    public static func xavierUniform(_ t: Tensor, gain: Float = 1) throws {
        let (fanIn, fanOut) = try fans(t, op: "xavierUniform")
        let bound = gain * (6 / Float(Swift.max(fanIn + fanOut, 1))).squareRoot()
        try uniform(t, low: -bound, high: bound)
    }

    /// Normal with mean 0 and std gain·√(2 / (fanIn + fanOut)) (Glorot).
    public static func xavierNormal(_ t: Tensor, gain: Float = 1) throws {
        let (fanIn, fanOut) = try fans(t, op: "xavierNormal")
        try normal(t, std: gain * (2 / Float(Swift.max(fanIn + fanOut, 1))).squareRoot())
    }

    /// Uniform in ±gain·√(3 / fan) (He); `a` is the leaky-relu slope used by the gain.
    /// PyTorch's defaults: `a: 0`, `fanIn`, `leakyRelu` (so gain √2).
    public static func kaimingUniform(_ t: Tensor, a: Float = 0, mode: FanMode = .fanIn,
                                      nonlinearity: Nonlinearity = .leakyRelu) throws {
        let std = try kaimingStd(t, a: a, mode: mode, nonlinearity: nonlinearity, op: "kaimingUniform")
        let bound = Float(3).squareRoot() * std
        try uniform(t, low: -bound, high: bound)
    }

    /// Normal with mean 0 and std gain / √fan (He).
    public static func kaimingNormal(_ t: Tensor, a: Float = 0, mode: FanMode = .fanIn,
                                     nonlinearity: Nonlinearity = .leakyRelu) throws {
        try normal(t, std: try kaimingStd(t, a: a, mode: mode, nonlinearity: nonlinearity, op: "kaimingNormal"))
    }

    private static func kaimingStd(_ t: Tensor, a: Float, mode: FanMode, nonlinearity: Nonlinearity,
                                   op: String) throws -> Float {
        let (fanIn, fanOut) = try fans(t, op: op)
        let fan = mode == .fanIn ? fanIn : fanOut
        return gain(nonlinearity, negativeSlope: a) / Float(Swift.max(fan, 1)).squareRoot()
    }

    /// Every element set to `value`.
    public static func constant(_ t: Tensor, _ value: Float) throws { try t.fill(value) }
    /// Every element set to 0.
    public static func zeros(_ t: Tensor) throws { try t.fill(0) }
    /// Every element set to 1.
    public static func ones(_ t: Tensor) throws { try t.fill(1) }

    /// Normal values with the given mean and standard deviation.
    public static func normal(_ t: Tensor, mean: Float = 0, std: Float = 1) throws {
        guard std >= 0, std.isFinite, mean.isFinite else {
            throw TensorError(.value, "normal: std must be non-negative and finite, mean finite (got mean \(mean), std \(std))")
        }
        try fillDrawn(t, op: "normal") { mean + std * RNG.global.normal() }
    }

    /// Uniform values in [low, high).
    public static func uniform(_ t: Tensor, low: Float = 0, high: Float = 1) throws {
        guard low <= high, low.isFinite, high.isFinite else {
            throw TensorError(.value, "uniform: need finite low <= high (got \(low), \(high))")
        }
        try fillDrawn(t, op: "uniform") { low + (high - low) * RNG.global.uniform() }
    }

    /// Sets every element to a value drawn by `draw`, in float32 whatever the tensor's type, then
    /// converted: a seed gives the same model in float32 and float64 (a float64 model starts from the
    /// float32 one's values exactly). A TypeError naming `op` for integer and bool tensors.
    private static func fillDrawn(_ t: Tensor, op: String, _ draw: () -> Float) throws {
        if t.dtype == .float32 {
            try t.withUnsafeMutableValues { v in for i in v.indices { v[i] = draw() } }
            return
        }
        guard t.dtype.isFloatingPoint else {
            throw TensorError(.type, "\(op): cannot fill a \(t.dtype) tensor with random values; it needs a floating-point tensor")
        }
        var values: [Float] = []
        values.reserveCapacity(t.count)
        for _ in 0..<t.count { values.append(draw()) }
        try t.assign(Tensor(shape: t.shape, values: values))
    }
}
