/// Strided copies for tensors of every dtype: transposes, broadcasts and slices move elements
/// whatever their type, so these ops keep the input's dtype.
extension Tensor {
    /// A new tensor of this one's dtype holding the strided view (`offset`, `strides`, `shape`) of its elements.
    func gathered(offset: Int, strides: [Int], shape outShape: [Int], op: String) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: dtype, op: op)
        if dtype == .float32 {
            reading(into: out) { x, o in Kernels.gatherStrided(x, offset: offset, strides: strides, shape: outShape, into: o) }
        } else {
            dtype.visit(StridedGather(source: self, out: out, offset: offset, strides: strides))
        }
        return out
    }

    /// Zeros of `shape` in this gradient's type with this gradient added at the strided positions
    /// (a slice's backward).
    func scattered(into shape: [Int], offset: Int, strides: [Int]) throws -> Tensor {
        let dx = try Tensor.constant(shape, 0, dtype: dtype)
        if dtype == .float64 {
            reading(as: Double.self) { pg in
                dx.writing(as: Double.self) { Kernels.scatterAddStrided(pg, shape: self.shape, into: $0, offset: offset, strides: strides) }
            }
        } else {
            reading(into: dx) { pg, pd in Kernels.scatterAddStrided(pg, shape: self.shape, into: pd, offset: offset, strides: strides) }
        }
        return dx
    }
}

private struct StridedGather: ElementVisitor {
    let source: Tensor, out: Tensor, offset: Int, strides: [Int]
    func visit<T: TensorElement>(_ type: T.Type) {
        source.reading(as: T.self) { x in
            out.writing(as: T.self) { Kernels.gatherStrided(x, offset: offset, strides: strides, shape: out.shape, into: $0) }
        }
    }
}
