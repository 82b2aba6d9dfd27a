/// Comparisons (1 where true, 0 where false), selection by mask, and masked fills.
extension Tensor {
    public static func == (a: Tensor, b: Tensor) throws -> Tensor { try zipValues(a, b, op: "==") { $0 == $1 ? 1 : 0 } }
    public static func != (a: Tensor, b: Tensor) throws -> Tensor { try zipValues(a, b, op: "!=") { $0 != $1 ? 1 : 0 } }
    public static func < (a: Tensor, b: Tensor) throws -> Tensor { try zipValues(a, b, op: "<") { $0 < $1 ? 1 : 0 } }
    public static func <= (a: Tensor, b: Tensor) throws -> Tensor { try zipValues(a, b, op: "<=") { $0 <= $1 ? 1 : 0 } }
    public static func > (a: Tensor, b: Tensor) throws -> Tensor { try zipValues(a, b, op: ">") { $0 > $1 ? 1 : 0 } }
    public static func >= (a: Tensor, b: Tensor) throws -> Tensor { try zipValues(a, b, op: ">=") { $0 >= $1 ? 1 : 0 } }

    /// Elements of `a` where `condition` is non-zero and of `b` elsewhere, all three broadcast together.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(try Shape.broadcast(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let mask = try condition.detach().expand(to: shape).mapValues { $0 != 0 ? 1 : 0 }
        let x = try a.expand(to: shape), y = try b.expand(to: shape)
        let out = try Tensor.uninitialized(shape)
        mask.reading { pm in
            x.reading { px in
                y.reading(into: out) { py, po in for i in 0..<out.count { po[i] = pm[i] != 0 ? px[i] : py[i] } }
            }
        }
        return out.recording("where", [x, y]) { g in [try g * mask, try g * (1 - mask)] }
    }

    /// A copy with `value` wherever `mask` is non-zero (e.g. -inf above the diagonal for causal attention).
    public func maskedFill(_ mask: Tensor, _ value: Float) throws -> Tensor {
        let m = try Tensor.zipValues(self, mask, op: "maskedFill") { _, k in k != 0 ? 0 : 1 }
        guard m.shape == shape else {
            throw TensorError.shape("maskedFill: mask of shape \(describe(mask.shape)) would broadcast \(describe(shape)) to \(describe(m.shape))")
        }
        let out = try Tensor.zipValues(self, mask, op: "maskedFill") { x, k in k != 0 ? value : x }
        return out.recording("maskedFill", [self]) { g in [try g * m] }
    }
}
