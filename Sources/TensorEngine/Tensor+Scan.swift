/// Running sums and products along an axis.
extension Tensor {
    /// Calls `body` once per lane along `axis` with the flat offset of its first element, the lane length
    /// and the stride between its elements.
    static func forEachLane(_ shape: [Int], axis a: Int, _ body: (_ base: Int, _ length: Int, _ stride: Int) -> Void) {
        let (outer, length, inner) = Tensor.extents(shape, axis: a)
        for o in 0..<outer {
            for j in 0..<inner { body(o * length * inner + j, length, inner) }
        }
    }

    /// The running sum along `axis`: element k is the sum of elements 0...k.
    ///
    /// Floating types keep their dtype (float16 and bfloat16 sum in float32 and round back); integer
    /// and bool tensors sum exactly into int64, as PyTorch's cumsum does.
    public func cumsum(axis: Int) throws -> Tensor {
        try scan(axis: axis, op: "cumsum", product: false)
    }

    /// The running product along `axis`: element k is the product of elements 0...k.
    ///
    /// Types as `cumsum` (integer products wrap in int64). The gradient is exact with zeros in the
    /// input (dividing the output by the input is not).
    public func cumprod(axis: Int) throws -> Tensor {
        try scan(axis: axis, op: "cumprod", product: true)
    }

    private func scan(axis: Int, op: String, product: Bool) throws -> Tensor {
        if rank == 0 { return dtype.isFloatingPoint ? alias() : try to(.int64) }
        let a = try Shape.axis(axis, rank: rank, op: op)
        switch dtype {
        case .float32: return try floatScan(axis: a, op: op, product: product, as: Float.self)
        case .float64: return try floatScan(axis: a, op: op, product: product, as: Double.self)
        case .float16, .bfloat16: return try to(.float32).scan(axis: a, op: op, product: product).to(dtype)
        default:
            let x = try to(.int64), out = try Tensor.allocate(shape, dtype: .int64, op: op)
            x.reading(as: Int64.self) { px in
                out.writing(as: Int64.self) { po in
                    if product { Tensor.scanLanes(px, po, shape, axis: a, 1) { $0 &* $1 } }
                    else { Tensor.scanLanes(px, po, shape, axis: a, 0) { $0 &+ $1 } }
                }
            }
            return out
        }
    }

    /// `scan` of a float32 or float64 tensor, with its gradient in the same type.
    private func floatScan<T: EngineFloat>(axis a: Int, op: String, product: Bool, as type: T.Type) throws -> Tensor {
        let out = try Tensor.allocate(shape, dtype: T.dtype, op: op)
        reading(as: T.self) { x in
            out.writing(as: T.self) { o in
                if product { Tensor.scanLanes(x, o, shape, axis: a, 1) { $0 * $1 } }
                else { Tensor.scanLanes(x, o, shape, axis: a, 0) { $0 + $1 } }
            }
        }
        let x = detach(), source = shape
        if product {
            return out.recording(op, [self], twice: false, composite: { x in try Tensor.runningProduct(x[0], axis: a) }) { g in
                try [Tensor.cumprodGradient(g, x, axis: a, as: T.self)]
            }
        }
        return out.recording(op, [self]) { g in
            let g = try g.to(T.dtype)
            // Σ_{j≥k} g[j] = total − running sum + g: recorded ops, which differentiate again.
            if Autograd.isCreatingGraph { return [try g.sum(axis: a, keepDims: true) - g.cumsum(axis: a) + g] }
            let dx = try Tensor.allocate(source, dtype: T.dtype, op: op)
            g.reading(as: T.self) { pg in
                dx.writing(as: T.self) { d in
                    // Each input element reaches every later output: the gradient is the reversed running sum.
                    Tensor.forEachLane(source, axis: a) { base, n, s in
                        var acc: T = 0
                        for k in stride(from: n - 1, through: 0, by: -1) { acc += pg[base + k * s]; d[base + k * s] = acc }
                    }
                }
            }
            return [dx]
        }
    }

    /// cumprod's gradient through `cumprodGradient` on each lane, in `T`.
    private static func cumprodGradient<T: EngineFloat>(_ g: Tensor, _ x: Tensor, axis a: Int, as type: T.Type) throws -> Tensor {
        let g = try g.to(T.dtype), source = x.shape
        let dx = try Tensor.allocate(source, dtype: T.dtype, op: "cumprod")
        g.reading(as: T.self) { pg in
            dx.writing(as: T.self) { d in
                x.reading(as: T.self) { px in
                    Tensor.forEachLane(source, axis: a) { base, n, s in
                        Tensor.cumprodGradient(px + base, pg + base, d + base, n, s)
                    }
                }
            }
        }
        return dx
    }

    /// cumprod built from recorded slices and products (one per position along the axis), the form a
    /// graph-creating backward pass differentiates: exact with zeros, as the fused rule.
    static func runningProduct(_ x: Tensor, axis a: Int) throws -> Tensor {
        var running = try x.slice(axis: a, start: 0, end: 1), pieces = [running]
        for k in 1..<Swift.max(x.shape[a], 1) {
            running = try running * x.slice(axis: a, start: k, end: k + 1)
            pieces.append(running)
        }
        return try Tensor.concat(pieces, axis: a)
    }

    /// Fills `o` with the running `combine` of `x` along axis `a`, starting each lane from `initial`.
    @inline(__always) static func scanLanes<T>(_ x: UnsafePointer<T>, _ o: UnsafeMutablePointer<T>, _ shape: [Int],
                                               axis a: Int, _ initial: T, _ combine: (T, T) -> T) {
        forEachLane(shape, axis: a) { base, n, s in
            var acc = initial
            for k in 0..<n { acc = combine(acc, x[base + k * s]); o[base + k * s] = acc }
        }
    }

    /// One lane of cumprod's gradient: `dx[k] = Σ_{j≥k} g[j] · Π_{i≤j, i≠k} x[i]`.
    ///
    /// Computed as prefix(k) · Σ_{j≥k} g[j] · Π_{k<i≤j} x[i], with the inner sums built from the end
    /// (Horner's scheme), which needs no division and so stays exact where x has zeros.
    static func cumprodGradient<T: FloatingPoint>(_ x: UnsafePointer<T>, _ g: UnsafePointer<T>, _ d: UnsafeMutablePointer<T>,
                                                  _ n: Int, _ s: Int) {
        guard n > 0 else { return }
        // suffix[k] = g[k] + x[k+1] · suffix[k+1]
        var suffix: T = 0
        for k in stride(from: n - 1, through: 0, by: -1) {
            suffix = k == n - 1 ? g[k * s] : g[k * s] + x[(k + 1) * s] * suffix
            d[k * s] = suffix
        }
        var prefix: T = 1
        for k in 0..<n {
            d[k * s] *= prefix
            prefix *= x[k * s]
        }
    }
}
