import TensorEngine

/// Naive reference implementations in Double, written with plain index loops and nothing from the engine
/// but `shape` and `values`, to compare the engine's kernels against.
enum Ref {
    /// Row-major strides.
    static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in shape.indices.reversed() { s[i] = acc; acc *= shape[i] }
        return s
    }

    static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// The multi-index of flat position `flat` in `shape`.
    static func unravel(_ flat: Int, _ shape: [Int]) -> [Int] {
        var rem = flat
        var index = [Int](repeating: 0, count: shape.count)
        for d in shape.indices.reversed() where shape[d] > 0 {
            index[d] = rem % shape[d]
            rem /= shape[d]
        }
        return index
    }

    /// The NumPy broadcast of two shapes (nil when they do not broadcast).
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        var out: [Int] = []
        for (x, y) in Swift.zip(pa, pb) {
            if x == y || y == 1 { out.append(x) } else if x == 1 { out.append(y) } else { return nil }
        }
        return out
    }

    /// The element of `values` (of `shape`) that broadcast position `index` (in `outShape`) reads.
    static func read(_ values: [Float], _ shape: [Int], at index: [Int]) -> Double {
        let offset = index.count - shape.count
        let st = strides(shape)
        var flat = 0
        for d in shape.indices where shape[d] != 1 { flat += index[d + offset] * st[d] }
        return Double(values[flat])
    }

    /// `f(a, b)` elementwise with broadcasting.
    static func zip(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> (shape: [Int], values: [Double]) {
        let shape = broadcast(a.shape, b.shape)!
        let av = a.values, bv = b.values
        let values = (0..<count(shape)).map { i -> Double in
            let index = unravel(i, shape)
            return f(read(av, a.shape, at: index), read(bv, b.shape, at: index))
        }
        return (shape, values)
    }

    /// `f(x)` elementwise.
    static func map(_ x: Tensor, _ f: (Double) -> Double) -> [Double] { x.values.map { f(Double($0)) } }

    /// Reduces `axes` (non-negative, distinct) with `combine`, starting each lane from `initial`.
    static func reduce(_ x: Tensor, axes: [Int], keepDims: Bool, initial: Double,
                       _ combine: (Double, Double) -> Double) -> (shape: [Int], values: [Double]) {
        var kept = x.shape
        for a in axes { kept[a] = 1 }
        var out = [Double](repeating: initial, count: count(kept))
        let keptStrides = strides(kept)
        let xv = x.values
        for i in 0..<x.count {
            let index = unravel(i, x.shape)
            var o = 0
            for d in index.indices where !axes.contains(d) { o += index[d] * keptStrides[d] }
            out[o] = combine(out[o], Double(xv[i]))
        }
        let shape = keepDims ? kept : x.shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return (shape, out)
    }

    /// NumPy's `matmul`: vectors promoted and demoted, batch dimensions broadcast; a triple loop in Double.
    static func matmul(_ a: Tensor, _ b: Tensor) -> (shape: [Int], values: [Double]) {
        let aShape = a.rank == 1 ? [1] + a.shape : a.shape
        let bShape = b.rank == 1 ? b.shape + [1] : b.shape
        let m = aShape[aShape.count - 2], k = aShape[aShape.count - 1], n = bShape[bShape.count - 1]
        precondition(bShape[bShape.count - 2] == k)
        let batchA = Array(aShape.dropLast(2)), batchB = Array(bShape.dropLast(2))
        let batch = broadcast(batchA, batchB)!
        let av = a.values, bv = b.values
        var out: [Double] = []
        for bi in 0..<count(batch) {
            let bIndex = unravel(bi, batch)
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k {
                        s += read(av, aShape, at: bIndex + [i, p]) * read(bv, bShape, at: bIndex + [p, j])
                    }
                    out.append(s)
                }
            }
        }
        var shape = batch
        if a.rank != 1 { shape.append(m) }
        if b.rank != 1 { shape.append(n) }
        return (shape, out)
    }

    /// A plain matrix product of [m, k] and [k, n] in Double, flat loops only (fast enough for large sizes).
    static func matmul2D(_ a: Tensor, _ b: Tensor) -> [Double] {
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        let av = a.values.map(Double.init), bv = b.values.map(Double.init)
        var out = [Double](repeating: 0, count: m * n)
        av.withUnsafeBufferPointer { pa in
            bv.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    for i in 0..<m {
                        for p in 0..<k {
                            let x = pa[i * k + p]
                            for j in 0..<n { po[i * n + j] += x * pb[p * n + j] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The positions Python's `range(*slice(start, stop, step).indices(n))` visits.
    static func sliceIndices(_ start: Int?, _ stop: Int?, _ step: Int, _ n: Int) -> [Int] {
        func adjust(_ v: Int?, _ dflt: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 {
                v += n
                if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= n {
                v = step < 0 ? n - 1 : n
            }
            return v
        }
        let s = adjust(start, step < 0 ? n - 1 : 0)
        let e = adjust(stop, step < 0 ? -1 : n)
        return Array(stride(from: s, to: e, by: step))
    }
}
