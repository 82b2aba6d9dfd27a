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
        let out = try zipValues(a, b, op: "add") { $0 + $1 }
        let sa = a.shape, sb = b.shape
        return out.recording("add", [a, b]) { g in [try g.reduced(to: sa), try g.reduced(to: sb)] }
    }

    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try zipValues(a, b, op: "sub") { $0 - $1 }
        let sa = a.shape, sb = b.shape
        return out.recording("sub", [a, b]) { g in [try g.reduced(to: sa), try (-g).reduced(to: sb)] }
    }

    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try zipValues(a, b, op: "mul") { $0 * $1 }
        let x = a.detach(), y = b.detach()
        return out.recording("mul", [a, b]) { g in
            [a.tracksGrad ? try (g * y).reduced(to: x.shape) : nil,
             b.tracksGrad ? try (g * x).reduced(to: y.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        let out = try zipValues(a, b, op: "div") { $0 / $1 }
        let x = a.detach(), y = b.detach()
        return out.recording("div", [a, b]) { g in
            [a.tracksGrad ? try (g / y).reduced(to: x.shape) : nil,
             b.tracksGrad ? try (-(g * x) / (y * y)).reduced(to: y.shape) : nil]
        }
    }

    public static prefix func - (a: Tensor) throws -> Tensor {
        try a.unary("neg", { -$0 }) { _, _, g in try -g }
    }

    /// `a ** b` elementwise with broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let out = try Tensor.zipValues(self, exponent, op: "pow") { powf($0, $1) }
        let x = detach(), e = exponent.detach(), y = out.detach()
        return out.recording("pow", [self, exponent]) { g in
            [self.tracksGrad ? try (g * e * x.pow(e - Tensor(1))).reduced(to: x.shape) : nil,
             exponent.tracksGrad ? try (g * y * x.log()).reduced(to: e.shape) : nil]
        }
    }

    /// `a ** p` for a constant exponent, with the exact rule `p * a^(p-1)`.
    public func pow(_ p: Float) throws -> Tensor {
        if p == 2 { return try unary("pow", { $0 * $0 }) { x, _, g in try g * x * Tensor(2) } }
        return try unary("pow", { powf($0, p) }) { x, _, g in try g * x.pow(p - 1) * Tensor(p) }
    }

    // Scalar conveniences: a Float on either side broadcasts as a rank-0 tensor.
    public static func + (a: Tensor, b: Float) throws -> Tensor { try a.unary("add", { $0 + b }) { _, _, g in g } }
    public static func + (a: Float, b: Tensor) throws -> Tensor { try b + a }
    public static func - (a: Tensor, b: Float) throws -> Tensor { try a + (-b) }
    public static func - (a: Float, b: Tensor) throws -> Tensor { try b.unary("rsub", { a - $0 }) { _, _, g in try -g } }
    public static func * (a: Tensor, b: Float) throws -> Tensor { try a.unary("mul", { $0 * b }) { _, _, g in try g * b } }
    public static func * (a: Float, b: Tensor) throws -> Tensor { try b * a }
    public static func / (a: Tensor, b: Float) throws -> Tensor { try a * (1 / b) }
    public static func / (a: Float, b: Tensor) throws -> Tensor {
        try b.unary("rdiv", { a / $0 }) { x, _, g in try g * Tensor(-a) / (x * x) }
    }
}
