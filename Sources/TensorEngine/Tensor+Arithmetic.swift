#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Broadcasting arithmetic: `+ - * /`, `pow`, negation, and their gradient rules.
extension Tensor {
    /// Sums a broadcast gradient back to `shape`, the shape of the input it flows to.
    func reduced(to shape: [Int]) throws -> Tensor {
        self.shape == shape ? self : try sum(to: shape)
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try arithmetic(a, b, op: "add", { $0 + $1 }, { $0 + $1 }, integer: .add)
        let sa = a.shape, sb = b.shape
        return out.recording("add", [a, b]) { g in [try g.reduced(to: sa), try g.reduced(to: sb)] }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try arithmetic(a, b, op: "sub", { $0 - $1 }, { $0 - $1 }, integer: .subtract)
        let sa = a.shape, sb = b.shape
        return out.recording("sub", [a, b]) { g in [try g.reduced(to: sa), try (-g).reduced(to: sb)] }
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try arithmetic(a, b, op: "mul", { $0 * $1 }, { $0 * $1 }, integer: .multiply)
        let xs = a.saved(), ys = b.saved()
        return out.recording("mul", [a, b]) { g in
            [a.tracksGrad ? try (g * ys.tensor).reduced(to: xs.shape) : nil,
             b.tracksGrad ? try (g * xs.tensor).reduced(to: ys.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try arithmetic(a, b, op: "div", { $0 / $1 }, { $0 / $1 })
        let xs = a.saved(), ys = b.saved()
        return out.recording("div", [a, b]) { g in
            let x = xs.tensor, y = ys.tensor
            return [a.tracksGrad ? try (g / y).reduced(to: x.shape) : nil,
             b.tracksGrad ? try (-(g * x) / (y * y)).reduced(to: y.shape) : nil]
        }
    }

    public static prefix func - (a: Tensor) throws -> Tensor {
        if !a.dtype.isFloatingPoint { return try Tensor.number(0) - a }
        return try a.unary("neg", { -$0 }, { -$0 }) { _, _, g in try -g }
    }

    /// `a ** b` elementwise with broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let out = try Tensor.arithmetic(self, exponent, op: "pow", { powf($0, $1) }, { Glibc.pow($0, $1) })
        let xs = saved(), es = exponent.saved(), kept = out.detach()
        return out.recording("pow", [self, exponent]) { g in
            let x = xs.tensor, e = es.tensor
            return [self.tracksGrad ? try (g * e * x.pow(e - Tensor.number(1))).reduced(to: x.shape) : nil,
             exponent.tracksGrad ? try (g * Tensor.ruleOutput(kept) * x.log()).reduced(to: e.shape) : nil]
        }
    }

    /// `a ** p` for a constant exponent, with the exact rule `p * a^(p-1)`.
    public func pow(_ p: Float) throws -> Tensor {
        if p == 2 { return try unary("pow", { $0 * $0 }, { $0 * $0 }) { x, _, g in try g * x * Tensor.number(2) } }
        let p64 = Double(p)
        return try unary("pow", { powf($0, p) }, { Glibc.pow($0, p64) }) { x, _, g in try g * x.pow(p - 1) * Tensor.number(p64) }
    }

    // Scalar conveniences: a Float on either side broadcasts as a rank-0 tensor.
    public static func + (a: Tensor, b: Float) throws -> Tensor {
        if !a.dtype.isFloatingPoint { return try a + Tensor.number(Double(b)) }
        let b64 = Double(b)
        return try a.unary("add", { $0 + b }, { $0 + b64 }) { _, _, g in g }
    }
    public static func + (a: Float, b: Tensor) throws -> Tensor { try b + a }
    public static func - (a: Tensor, b: Float) throws -> Tensor { try a + (-b) }
    public static func - (a: Float, b: Tensor) throws -> Tensor {
        if !b.dtype.isFloatingPoint { return try Tensor.number(Double(a)) - b }
        let a64 = Double(a)
        return try b.unary("rsub", { a - $0 }, { a64 - $0 }) { _, _, g in try -g }
    }
    public static func * (a: Tensor, b: Float) throws -> Tensor {
        if !a.dtype.isFloatingPoint { return try a * Tensor.number(Double(b)) }
        let b64 = Double(b)
        return try a.unary("mul", { $0 * b }, { $0 * b64 }) { _, _, g in try g * b }
    }
    public static func * (a: Float, b: Tensor) throws -> Tensor { try b * a }
    public static func / (a: Tensor, b: Float) throws -> Tensor { try a * (1 / b) }
    public static func / (a: Float, b: Tensor) throws -> Tensor {
        let a64 = Double(a)
        return try b.unary("rdiv", { a / $0 }, { a64 / $0 }) { x, _, g in try g * Tensor.number(-a64) / (x * x) }
    }
}

extension Tensor {
    /// `floor(a / b)` elementwise with broadcasting: exact for integer tensors (a ValueError on division
    /// by zero), the floor of the true quotient for floats; no gradient (it is 0 almost everywhere).
    public func floorDivide(_ other: Tensor) throws -> Tensor {
        let type = Tensor.resultType(self, other)
        if !type.isFloatingPoint {
            return try Tensor.arithmetic(self, other, op: "floorDivide", { $0 / $1 }, { $0 / $1 }, integer: .floorDivide)
        }
        return try (detach() / other.detach()).floor()
    }

    /// The remainder of `a / b` with the sign of `b`, as Python's and PyTorch's `%`: exact for integer
    /// tensors (a ValueError on division by zero); for floats `a - floor(a / b) * b`, with its gradient.
    public func remainder(_ other: Tensor) throws -> Tensor {
        let type = Tensor.resultType(self, other)
        if !type.isFloatingPoint {
            return try Tensor.arithmetic(self, other, op: "remainder", { $0 / $1 }, { $0 / $1 }, integer: .remainder)
        }
        return try self - (self / other).floor() * other
    }
}
