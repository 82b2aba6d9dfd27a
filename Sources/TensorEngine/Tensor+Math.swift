#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Elementwise math functions and activations, each with its gradient rule beside it.
extension Tensor {
    public func exp() throws -> Tensor { try unary("exp", cost: 8, { expf($0) }, { Glibc.exp($0) }) { _, y, g in try g * y } }
    public func log() throws -> Tensor { try unary("log", cost: 8, { logf($0) }, { Glibc.log($0) }) { x, _, g in try g / x } }
    public func sqrt() throws -> Tensor { try unary("sqrt", cost: 4, { sqrtf($0) }, { $0.squareRoot() }) { _, y, g in try g / (y * 2) } }
    public func abs() throws -> Tensor { try unary("abs", { Swift.abs($0) }, { Swift.abs($0) }) { x, _, g in try g * x.sign() } }
    public func sin() throws -> Tensor { try unary("sin", cost: 8, { sinf($0) }, { Glibc.sin($0) }) { x, _, g in try g * x.cos() } }
    public func cos() throws -> Tensor { try unary("cos", cost: 8, { cosf($0) }, { Glibc.cos($0) }) { x, _, g in try g * -x.sin() } }
    public func tanh() throws -> Tensor {
        try unary("tanh", cost: 8, { tanhf($0) }, { Glibc.tanh($0) }) { _, y, g in try g * (1 - y * y) }
    }
    public func sigmoid() throws -> Tensor {
        try unary("sigmoid", cost: 8, { 1 / (1 + expf(-$0)) }, { 1 / (1 + Glibc.exp(-$0)) }) { _, y, g in try g * y * (1 - y) }
    }
    public func relu() throws -> Tensor {
        // One pass backward: the gradient where the input was positive, without a mask tensor.
        // Written as `<= 0 ? 0 : x` so NaN passes through (as in PyTorch): a diverged network must not show 0.
        try unary("relu", { $0 <= 0 ? 0 : $0 }, { $0 <= 0 ? 0 : $0 }) { x, _, g in
            // `x > 0 ? g : 0` rather than g · mask, so an infinite or NaN gradient stays 0 where x ≤ 0 (as
            // PyTorch's); a graph-creating pass records g · mask, whose derivative in x is 0.
            if Autograd.isCreatingGraph { return try g * x.mapValues({ $0 > 0 ? 1 : 0 }, { $0 > 0 ? 1 : 0 }) }
            return try Tensor.zipValues(g, x, op: "relu", { $1 > 0 ? $0 : 0 }, { $1 > 0 ? $0 : 0 })
        }
    }
    /// The sign of each element (-1, 0 or 1); it has no gradient.
    public func sign() throws -> Tensor {
        let s = try mapValues({ $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
        return dtype.isFloatingPoint ? s : try s.to(dtype)
    }
    /// Rounds half to even (2.5 → 2, 3.5 → 4), as PyTorch, NumPy and Python do; the gradient is zero
    /// almost everywhere, so none is recorded.
    /// An integer or bool tensor is already whole, so it comes back unchanged.
    public func round() throws -> Tensor { try rounded(.toNearestOrEven) }
    public func floor() throws -> Tensor { try rounded(.down) }
    public func ceil() throws -> Tensor { try rounded(.up) }

    private func rounded(_ rule: FloatingPointRoundingRule) throws -> Tensor {
        dtype.isFloatingPoint ? try mapValues({ $0.rounded(rule) }, { $0.rounded(rule) }) : detach()
    }

    /// Limits each element to [low, high]. The gradient passes only strictly inside the bounds: an
    /// element at a bound or beyond gets 0, as PyTorch's clamp (with number bounds) and hardtanh do.
    /// A NaN element stays NaN, and a NaN bound makes every element NaN (as in PyTorch).
    ///
    /// The bounds are Doubles so that a float64 tensor is clamped at the exact bound (0.7, not the
    /// float32 nearest to it); float32 tensors compare with the bounds rounded to float32.
    public func clamp(min low: Double = -.infinity, max high: Double = .infinity) throws -> Tensor {
        if dtype.isInteger {
            // An integer tensor stays integer with whole bounds (a fraction or NaN makes it float32), as
            // PyTorch's result_type with a Python number; integers have no gradient to mask.
            var out = detach()
            if low > -.infinity || low.isNaN { out = try out.maximum(.number(low)) }
            if high < .infinity || high.isNaN { out = try out.minimum(.number(high)) }
            return out
        }
        let nanBound = low.isNaN || high.isNaN
        let low32 = Float(low), high32 = Float(high)
        return try unary("clamp", { nanBound ? .nan : Swift.min(Swift.max($0, low32), high32) },
                         { nanBound ? .nan : Swift.min(Swift.max($0, low), high) }) { x, _, g in
            // An infinite bound stands for "no bound", which masks nothing (PyTorch's clamp(min:) alone).
            try Tensor.derivative(g, x, "clamp", {
                (low == -.infinity || $0 > low32) && (high == .infinity || $0 < high32) ? 1 : 0
            }, { (low == -.infinity || $0 > low) && (high == .infinity || $0 < high) ? 1 : 0 }, linear: true)
        }
    }

    /// `clamp` with float32 bounds (exact in Double), for callers that hold them as Float.
    @_disfavoredOverload
    public func clamp(min low: Float = -.infinity, max high: Float = .infinity) throws -> Tensor {
        try clamp(min: Double(low), max: Double(high))
    }

    /// The elementwise minimum with broadcasting; a tie gives each side half the gradient, and NaN on
    /// either side wins, so a diverged value is never hidden (both as in PyTorch).
    public func minimum(_ other: Tensor) throws -> Tensor { try select(other, "minimum", greater: false) }
    /// The elementwise maximum with broadcasting; a tie gives each side half the gradient, and NaN wins.
    public func maximum(_ other: Tensor) throws -> Tensor { try select(other, "maximum", greater: true) }

    private func select(_ other: Tensor, _ name: String, greater: Bool) throws -> Tensor {
        let out = try Tensor.arithmetic(self, other, op: name, { a, b in a.isNaN || (greater ? a >= b : a <= b) ? a : b },
                                        { a, b in a.isNaN || (greater ? a >= b : a <= b) ? a : b },
                                        integer: greater ? .maximum : .minimum)
        let xs = saved(), ys = other.saved()
        return out.recording(name, [self, other]) { g in
            // PyTorch's masks: a side loses only where the other is strictly better, so with a NaN
            // (no comparison holds) both sides receive the whole gradient.
            let x = xs.tensor, y = ys.tensor
            let toSelf = try Tensor.zipValues(x, y, op: name, { a, b in a == b ? 0.5 : ((greater ? a < b : a > b) ? 0 : 1) },
                                              { a, b in a == b ? 0.5 : ((greater ? a < b : a > b) ? 0 : 1) })
            let toOther = try Tensor.zipValues(x, y, op: name, { a, b in a == b ? 0.5 : ((greater ? a > b : a < b) ? 0 : 1) },
                                               { a, b in a == b ? 0.5 : ((greater ? a > b : a < b) ? 0 : 1) })
            return [try (g * toSelf).reduced(to: x.shape), try (g * toOther).reduced(to: y.shape)]
        }
    }
}
