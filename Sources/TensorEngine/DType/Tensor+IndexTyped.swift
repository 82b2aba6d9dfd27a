/// Indexing a tensor of any type: the selected elements keep their type, so `x[0]` of an int64 or
/// float64 tensor is exact and of a bool tensor a bool, and `x[0] = v` stores v in x's type.
extension Tensor {
    /// The elements of the strided layout `offset`/`strides`/`shape` copied into a new tensor of this
    /// tensor's type (the float32 kernel's loop, over elements of any type).
    func gatheredInOwnType(offset: Int, strides: [Int], shape outShape: [Int]) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: dtype, op: "index")
        dtype.visit(GatherStrided(source: self, out: out, offset: offset, strides: strides))
        return out
    }

    /// `replacing` for a tensor that is not float32: a copy in this tensor's type with `value`, converted
    /// to it (as PyTorch's `x[i] = v` casts v), written at the selection. Between floating-point types the
    /// gradient flows to both, converted back to each one's type.
    func replacingInOwnType(_ specs: [IndexSpec], offset: Int, strides: [Int], shape outShape: [Int], with value: Tensor) throws -> Tensor {
        let typed = try value.to(dtype)
        // expand computes in float32; converting again keeps the type (exact when no broadcast is needed).
        let v = typed.shape == outShape ? typed : try typed.expand(to: outShape).to(dtype)
        let out = try copy()
        dtype.visit(ScatterStrided(source: v, out: out, offset: offset, strides: strides))
        let mask = try Tensor.full(shape, 1)
        mask.writing { pm in
            Kernels.forEachRow(shape: outShape, strides: strides, offset: offset) { _, base, inner, step in
                for j in 0..<inner { pm[base + j * step] = 0 }
            }
        }
        let own = dtype, valueType = v.dtype
        return out.recording("assign", [self, v]) { g in
            [try (g * mask).to(own), try g[specs].to(valueType)]
        }
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

private struct ScatterStrided: ElementVisitor {
    let source: Tensor, out: Tensor, offset: Int, strides: [Int]
    func visit<T: TensorElement>(_ type: T.Type) {
        source.reading(as: T.self) { src in
            out.writing(as: T.self) { dst in
                Kernels.forEachRow(shape: source.shape, strides: strides, offset: offset) { row, base, inner, step in
                    for j in 0..<inner { dst[base + j * step] = src[row * inner + j] }
                }
            }
        }
    }
}
