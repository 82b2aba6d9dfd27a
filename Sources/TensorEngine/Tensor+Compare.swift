/// Comparisons (bool tensors), selection by mask, and masked fills.
extension Tensor {
    public static func == (a: Tensor, b: Tensor) throws -> Tensor { try compare(a, b, op: "==", { $0 == $1 }, { $0 == $1 }, { $0 == $1 }) }
    public static func != (a: Tensor, b: Tensor) throws -> Tensor { try compare(a, b, op: "!=", { $0 != $1 }, { $0 != $1 }, { $0 != $1 }) }
    public static func < (a: Tensor, b: Tensor) throws -> Tensor { try compare(a, b, op: "<", { $0 < $1 }, { $0 < $1 }, { $0 < $1 }) }
    public static func <= (a: Tensor, b: Tensor) throws -> Tensor { try compare(a, b, op: "<=", { $0 <= $1 }, { $0 <= $1 }, { $0 <= $1 }) }
    public static func > (a: Tensor, b: Tensor) throws -> Tensor { try compare(a, b, op: ">", { $0 > $1 }, { $0 > $1 }, { $0 > $1 }) }
    public static func >= (a: Tensor, b: Tensor) throws -> Tensor { try compare(a, b, op: ">=", { $0 >= $1 }, { $0 >= $1 }, { $0 >= $1 }) }

    /// Elements of `a` where `condition` is non-zero (true) and of `b` elsewhere, all three broadcast
    /// together; the result has the type `a` and `b` combine in.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(try Shape.broadcast(condition.shape, a.shape, op: "where"), b.shape, op: "where")
        let mask = try (condition.dtype == .bool ? condition.detach() : condition.detach() != Tensor.number(0)).expand(to: shape)
        let type = resultType(a, b)
        let x = try a.operand(as: type).expand(to: shape), y = try b.operand(as: type).expand(to: shape)
        let out = try Tensor.uninitialized(shape, dtype: type)
        type.visit(Select(mask: mask, x: x, y: y, out: out))
        return out.recording("where", [x, y]) { g in
            let m = try mask.to(g.dtype)
            return [try g * m, try g * (1 - m)]
        }
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

/// `where`'s loop over the result's element type.
private struct Select: ElementVisitor {
    let mask: Tensor, x: Tensor, y: Tensor, out: Tensor
    func visit<T: TensorElement>(_ type: T.Type) {
        mask.reading(as: Bool.self) { pm in
            x.reading(as: T.self) { px in
                y.reading(as: T.self) { py in
                    out.writing(as: T.self) { po in for i in 0..<out.count { po[i] = pm[i] ? px[i] : py[i] } }
                }
            }
        }
    }
}
