/// Indexing a tensor of any type: the selected elements keep their type, so `x[0]` of an int64 or
/// float64 tensor is exact and of a bool tensor a bool.
extension Tensor {
    /// The elements of the strided layout `offset`/`strides`/`shape` copied into a new tensor of this
    /// tensor's type (the float32 kernel's loop, over elements of any type).
    func gatheredInOwnType(offset: Int, strides: [Int], shape outShape: [Int]) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: dtype, op: "index")
        dtype.visit(GatherStrided(source: self, out: out, offset: offset, strides: strides))
        return out
    }
}

private struct GatherStrided: ElementVisitor {
    let source: Tensor, out: Tensor, offset: Int, strides: [Int]
    func visit<T: TensorElement>(_ type: T.Type) {
        source.reading(as: T.self) { src in
            out.writing(as: T.self) { dst in
                Kernels.forEachRow(shape: out.shape, strides: strides, offset: offset) { row, base, inner, step in
                    for j in 0..<inner { dst[row * inner + j] = src[base + j * step] }
                }
            }
        }
    }
}
