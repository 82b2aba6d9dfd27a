/// The loops under every elementwise op: one pass over unsafe buffers.
///
/// Each op passes its scalar function as a closure literal to an always-inlined kernel, so the
/// compiler fuses it into the loop (no call per element) and vectorizes it. That holds only on the
/// calling thread: a loop handed to worker threads is compiled once, shared by every op, and calls the
/// op's function per element, several times slower than the fused loop. So cheap functions (`cost` 1,
/// a few instructions) always run fused on the calling thread, and only expensive ones (libm calls,
/// where the call is a small part of the work) are split across cores.
enum Kernels {
    /// `out[i] = f(x[i])` over `count` elements; `cost` is the work per element in simple operations.
    @inline(__always) static func map<T, U>(_ x: UnsafePointer<T>, _ out: UnsafeMutablePointer<U>, _ count: Int,
                                            cost: Int = 1, _ f: (T) -> U) {
        if cost <= 1 {
            for i in 0..<count { out[i] = f(x[i]) }
            return
        }
        Parallel.forRange(count, cost: cost) { start, end in
            for i in start..<end { out[i] = f(x[i]) }
        }
    }

    /// `out = f(a, b)` with NumPy broadcasting; `outShape` is the broadcast of both shapes. Binary
    /// functions are cheap, so this runs on the calling thread (see the note on `Kernels`).
    @inline(__always) static func zip(_ a: Tensor, _ b: Tensor, _ out: Tensor, _ f: (Float, Float) -> Float) {
        a.reading { pa in b.reading { pb in out.writing { po in zip(pa, pb, po, a, b, out, f) } } }
    }

    /// `zip` over the tensors' own element types: `a` and `b` hold `T`, `out` holds `U`.
    @inline(__always) static func zip<T: TensorElement, U: TensorElement>(_ a: Tensor, _ b: Tensor, _ out: Tensor,
                                                                        as type: T.Type, _ f: (T, T) -> U) {
        a.reading(as: T.self) { pa in b.reading(as: T.self) { pb in out.writing(as: U.self) { po in zip(pa, pb, po, a, b, out, f) } } }
    }

    /// The loops of `zip(_:_:_:_:)`, given the three tensors' elements.
    @inline(__always) private static func zip<T, U>(_ pa: UnsafePointer<T>, _ pb: UnsafePointer<T>,
                                                    _ po: UnsafeMutablePointer<U>, _ a: Tensor, _ b: Tensor, _ out: Tensor,
                                                    _ f: (T, T) -> U) {
        let n = out.count
        if n == 0 { return }
        if a.count == n && b.count == n {
            for i in 0..<n { po[i] = f(pa[i], pb[i]) }
        } else if b.count == 1 {
            let v = pb[0]
            for i in 0..<n { po[i] = f(pa[i], v) }
        } else if a.count == 1 {
            let v = pa[0]
            for i in 0..<n { po[i] = f(v, pb[i]) }
        } else {
            let shape = out.shape
            let sa = Shape.broadcastStrides(a.shape, to: shape)
            let sb = Shape.broadcastStrides(b.shape, to: shape)
            let rank = shape.count
            let inner = shape[rank - 1], ia = sa[rank - 1], ib = sb[rank - 1]
            let rows = n / max(inner, 1)
            // An odometer over the outer dimensions.
            var index = [Int](repeating: 0, count: rank)
            var oa = 0, ob = 0
            for row in 0..<rows {
                let o = po + row * inner
                if ia == 1 && ib == 1 {
                    for j in 0..<inner { o[j] = f(pa[oa + j], pb[ob + j]) }
                } else if ia == 0 {
                    let v = pa[oa]
                    for j in 0..<inner { o[j] = f(v, pb[ob + j * ib]) }
                } else if ib == 0 {
                    let v = pb[ob]
                    for j in 0..<inner { o[j] = f(pa[oa + j * ia], v) }
                } else {
                    for j in 0..<inner { o[j] = f(pa[oa + j * ia], pb[ob + j * ib]) }
                }
                var d = rank - 2
                while d >= 0 {
                    index[d] += 1
                    oa += sa[d]; ob += sb[d]
                    if index[d] < shape[d] { break }
                    oa -= sa[d] * shape[d]; ob -= sb[d] * shape[d]
                    index[d] = 0
                    d -= 1
                }
            }
        }
    }
}

extension Tensor {
    /// An elementwise unary op with its gradient rule, given as `dx = g * df(x, y)`.
    ///
    /// `f` computes float32 (and every type that computes in float32), `f64` float64.
    @inline(__always) func unary(_ name: String, cost: Int = 1, _ f: (Float) -> Float, _ f64: (Double) -> Double,
                                 backward: @escaping (_ x: Tensor, _ y: Tensor, _ g: Tensor) throws -> Tensor) throws -> Tensor {
        let out: Tensor
        if dtype == .float32 {
            out = try Tensor.uninitialized(shape, op: name)
            reading(into: out) { x, o in Kernels.map(x, o, count, cost: cost, f) }
        } else {
            out = try floatingMap(name, cost: cost, f, f64)
        }
        let xs = self.saved(), yStorage = out.storage, yShape = shape
        return out.recording(name, [self]) { g in
            [try backward(xs.tensor, Tensor.ruleOutput(Tensor(storage: yStorage, shape: yShape)), g)]
        }
    }

    /// Applies `f` elementwise into a new tensor that records nothing (masks, comparisons).
    ///
    /// `f` computes float32 (and every type that computes in float32), `f64` float64.
    @inline(__always) func mapValues(_ f: (Float) -> Float, _ f64: (Double) -> Double) throws -> Tensor {
        if dtype != .float32 { return try floatingMap("map", f, f64) }
        let out = try Tensor.uninitialized(shape)
        reading(into: out) { x, o in Kernels.map(x, o, count, f) }
        return out
    }

    /// `f(a, b)` elementwise with broadcasting in float32, recording nothing.
    @inline(__always) static func zipValues(_ a: Tensor, _ b: Tensor, op: String,
                                            _ f: (Float, Float) -> Float) throws -> Tensor {
        let out = try Tensor.allocate(try Shape.broadcast(a.shape, b.shape, op: op), op: op)
        Kernels.zip(a, b, out, f)
        return out
    }

    /// `f(a, b)` elementwise with broadcasting in the operands' floating type: float64 when either is
    /// float64, float32 otherwise; recording nothing. For masks and gradient rules.
    @inline(__always) static func zipValues(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float,
                                            _ f64: (Double, Double) -> Double) throws -> Tensor {
        if a.dtype != .float64 && b.dtype != .float64 { return try zipValues(a, b, op: op, f) }
        let out = try Tensor.allocate(try Shape.broadcast(a.shape, b.shape, op: op), dtype: .float64, op: op)
        Kernels.zip(try a.operand(as: .float64), try b.operand(as: .float64), out, as: Double.self, f64)
        return out
    }
}

extension Kernels {
    /// Copies a strided view of `src` (starting at `offset`) into contiguous `out` of `shape`.
    ///
    /// One kernel serves transposes (permuted strides), broadcasts (zero strides) and slices (offsets
    /// and step strides).
    static func gatherStrided<T>(_ src: UnsafePointer<T>, offset: Int, strides: [Int],
                                 shape: [Int], into out: UnsafeMutablePointer<T>) {
        forEachRow(shape: shape, strides: strides, offset: offset) { row, base, inner, step in
            let o = out + row * inner
            if step == 1 { o.update(from: src + base, count: inner) }
            else { for j in 0..<inner { o[j] = src[base + j * step] } }
        }
    }

    /// Adds contiguous `values` of `shape` into the strided positions of `dst` (a slice's gradient).
    static func scatterAddStrided<T: AdditiveArithmetic>(_ values: UnsafePointer<T>, shape: [Int], into dst: UnsafeMutablePointer<T>,
                                                         offset: Int, strides: [Int]) {
        forEachRow(shape: shape, strides: strides, offset: offset) { row, base, inner, step in
            let v = values + row * inner
            for j in 0..<inner { dst[base + j * step] += v[j] }
        }
    }

    /// Walks the rows (all but the last dimension) of a strided layout, serially.
    @inline(__always) static func forEachRow(shape: [Int], strides: [Int], offset: Int,
                                             _ body: (_ row: Int, _ base: Int, _ inner: Int, _ step: Int) -> Void) {
        let rank = shape.count
        if rank == 0 { body(0, offset, 1, 1); return }
        let inner = shape[rank - 1], step = strides[rank - 1]
        let rows = Shape.count(shape) / max(inner, 1)
        guard inner > 0, rows > 0 else { return }
        var index = [Int].filled(0, count: rank)
        var base = offset
        for row in 0..<rows {
            body(row, base, inner, step)
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                base += strides[d]
                if index[d] < shape[d] { break }
                base -= strides[d] * shape[d]
                index[d] = 0
                d -= 1
            }
        }
    }

    /// The largest of `n` contiguous values (−∞ when `n` is 0; NaNs are passed over), in eight lanes
    /// so the loop vectorizes: `Swift.max`'s NaN rule keeps a plain loop scalar.
    @inline(__always) static func maximum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= n {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            acc.replace(with: v, where: v .> acc)
            i += 8
        }
        var m = acc.max()
        while i < n {
            if p[i] > m { m = p[i] }
            i += 1
        }
        return m
    }

    /// The sum of `n` contiguous values: eight float lanes within blocks of `sumBlock` values, the
    /// block sums added in Double, so the error stays that of a short sum (relative 1e-7 at most for
    /// positive values) however long the input; inputs of one block run exactly as a plain loop.
    @inline(__always) static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        if n <= sumBlock { return blockSum(p, n) }
        var total: Double = 0
        var i = 0
        while i < n {
            let m = Swift.min(sumBlock, n - i)
            total += Double(blockSum(p + i, m))
            i += m
        }
        return Float(total)
    }

    /// The values one float accumulator lane sums before its total moves to Double (128 per lane).
    static let sumBlock = 1024

    @inline(__always) static func blockSum(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= n {
            acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var s = acc.sum()
        while i < n { s += p[i]; i += 1 }
        return s
    }
}
