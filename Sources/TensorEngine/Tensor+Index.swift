/// Basic indexing and slicing, as NumPy's `t[0]`, `t[:, 1:3]`, `t[::-1]`, `t[..., -1]`, `t[None]`.
public enum IndexSpec: Equatable, Sendable {
    /// One position (negative counts from the end); removes the dimension.
    case at(Int)
    /// `start:end:step` with Python's rules; nil bounds mean "from the edge" in the step's direction.
    case slice(Int?, Int?, Int)
    /// A whole dimension (`:`).
    case all
    /// `...`: as many whole dimensions as needed.
    case ellipsis
    /// `None`: a new dimension of size 1.
    case newAxis

    /// A slice with both bounds given.
    public static func range(_ start: Int, _ end: Int, _ step: Int) -> IndexSpec { .slice(start, end, step) }
}

extension Tensor {
    /// The view that `specs` select, as (offset, strides, shape) over this tensor's storage.
    func layout(_ specs: [IndexSpec]) throws -> (offset: Int, strides: [Int], shape: [Int]) {
        let ellipses = specs.filter { $0 == .ellipsis }.count
        guard ellipses <= 1 else { throw TensorError.index("index: at most one '...' is allowed") }
        let consuming = specs.filter { $0 != .ellipsis && $0 != .newAxis }.count
        guard consuming <= rank else {
            throw TensorError.index("index: too many indices (\(consuming)) for a tensor of rank \(rank), shape \(describe(shape))")
        }
        var expanded: [IndexSpec] = []
        for s in specs {
            if s == .ellipsis { expanded += Array(repeating: .all, count: rank - consuming) } else { expanded.append(s) }
        }
        let own = Shape.strides(shape)
        var offset = 0, strides: [Int] = [], outShape: [Int] = [], dim = 0
        for s in expanded {
            switch s {
            case .newAxis:
                strides.append(0); outShape.append(1)
            case .at(let i):
                let n = shape[dim]
                let j = i < 0 ? i + n : i
                guard j >= 0, j < n else {
                    throw TensorError.index("index \(i) is out of range for dimension \(dim) of size \(n) (shape \(describe(shape)))")
                }
                offset += j * own[dim]; dim += 1
            case .all:
                strides.append(own[dim]); outShape.append(shape[dim]); dim += 1
            case .slice(let start, let end, let step):
                guard step != 0 else { throw TensorError.value("slice: step cannot be zero") }
                let n = shape[dim]
                let (first, length) = Tensor.sliceBounds(start, end, step, n)
                offset += first * own[dim]
                strides.append(own[dim] * step); outShape.append(length); dim += 1
            case .ellipsis:
                break
            }
        }
        for d in dim..<rank { strides.append(own[d]); outShape.append(shape[d]) }
        return (offset, strides, outShape)
    }

    /// Python's slice rules: clamps bounds to the dimension and returns the first index and the length.
    static func sliceBounds(_ start: Int?, _ end: Int?, _ step: Int, _ n: Int) -> (Int, Int) {
        func clamp(_ v: Int?, _ dflt: Int, _ low: Int, _ high: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += n }
            return Swift.min(Swift.max(v, low), high)
        }
        if step > 0 {
            let s = clamp(start, 0, 0, n), e = clamp(end, n, 0, n)
            return (s, e > s ? (e - s + step - 1) / step : 0)
        }
        let s = clamp(start, n - 1, -1, n - 1), e = clamp(end, -1, -1, n - 1)
        return (Swift.max(s, 0), s > e ? (s - e - step - 1) / (-step) : 0)
    }

    /// The elements that `specs` select, copied into a new tensor.
    public subscript(_ specs: [IndexSpec]) -> Tensor {
        get throws {
            let (offset, strides, outShape) = try layout(specs)
            let out = try gathered(offset: offset, strides: strides, shape: outShape, op: "index")
            let source = shape
            return out.recording("index", [self]) { g in
                // While a graph is created, the recorded assignment into zeros (whose own rule indexes g).
                if Autograd.isCreatingGraph { return [try Tensor.constant(source, 0, dtype: g.dtype).replacing(specs, with: g)] }
                return [try g.scattered(into: source, offset: offset, strides: strides)]
            }
        }
    }

    /// Variadic form: `t[.at(0), .all]`.
    public subscript(_ specs: IndexSpec...) -> Tensor {
        get throws { try self[specs] }
    }

    /// A copy of this tensor with the selected elements replaced by `value` (broadcast to the selection).
    ///
    /// The original is untouched; gradients flow to both the kept elements and `value`.
    public func replacing(_ specs: [IndexSpec], with value: Tensor) throws -> Tensor {
        let (offset, strides, outShape) = try layout(specs)
        guard try Shape.broadcast(value.shape, outShape, op: "assign") == outShape else {
            throw TensorError.shape("assign: value of shape \(describe(value.shape)) does not fit the selection of shape \(describe(outShape))")
        }
        // The assigned values take this tensor's type, as in PyTorch (a fraction put into an int64 tensor truncates).
        let v = try value.to(dtype).expand(to: outShape)
        let out = try copy()
        let mask = try Tensor.full(shape, 1)
        dtype.visit(StridedAssign(values: v, out: out, mask: mask, offset: offset, strides: strides))
        return out.recording("assign", [self, v]) { g in
            [try g * mask, try g[specs]]
        }
    }
}

/// `replacing`'s loop over the tensor's element type: writes the values at the strided positions and
/// clears the mask of positions whose gradient goes to the values instead.
private struct StridedAssign: ElementVisitor {
    let values: Tensor, out: Tensor, mask: Tensor, offset: Int, strides: [Int]
    func visit<T: TensorElement>(_ type: T.Type) {
        values.reading(as: T.self) { pv in
            out.writing(as: T.self) { po in
                mask.writing { pm in
                    Kernels.forEachRow(shape: values.shape, strides: strides, offset: offset) { row, base, inner, step in
                        for j in 0..<inner {
                            po[base + j * step] = pv[row * inner + j]
                            pm[base + j * step] = 0
                        }
                    }
                }
            }
        }
    }
}
