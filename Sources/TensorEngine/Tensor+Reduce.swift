#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reductions over all elements or along axes, with `keepDims`, and their gradient rules.
extension Tensor {
    /// Splits `shape` around `axis` into the (outer, length, inner) extents of a row-major walk.
    static func extents(_ shape: [Int], axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (Shape.count(Array(shape[..<axis])), shape[axis], Shape.count(Array(shape[(axis + 1)...])))
    }

    /// Resolves and de-duplicates user axes, sorted ascending.
    func axes(_ axes: [Int], op: String) throws -> [Int] {
        if axes.count == 1 { return [try Shape.axis(axes[0], rank: rank, op: op)] }
        let resolved = try axes.map { try Shape.axis($0, rank: rank, op: op) }.sorted()
        // Sorted, a repeat sits next to its twin; no Set, whose setup costs more than the sum of a small tensor.
        for i in resolved.indices.dropFirst() where resolved[i] == resolved[i - 1] {
            throw TensorError.value("\(op): axis listed twice in \(axes)")
        }
        return resolved
    }

    /// The shape after reducing `axes`, keeping them as size 1 or dropping them.
    func reducedShape(_ axes: [Int], keepDims: Bool) -> [Int] {
        var out: [Int] = []
        for (i, d) in shape.enumerated() {
            if axes.contains(i) { if keepDims { out.append(1) } } else { out.append(d) }
        }
        return out
    }

    /// Sums one axis (already resolved) into a tensor with that axis kept as size 1. Records nothing.
    func sumValues(axis: Int) throws -> Tensor {
        var kept = shape
        kept[axis] = 1
        let out = try Tensor.full(kept, 0)
        let (outer, length, inner) = Tensor.extents(shape, axis: axis)
        reading(into: out) { x, o in
            if inner == 1 {
                Parallel.forRange(outer, cost: length) { s, e in
                    for i in s..<e { o[i] = Kernels.sum(x + i * length, length) }
                }
            } else if length <= Kernels.sumBlock {
                Parallel.forRange(outer, cost: length * inner) { s, e in
                    for i in s..<e {
                        let dst = o + i * inner
                        for k in 0..<length {
                            let src = x + (i * length + k) * inner
                            for j in 0..<inner { dst[j] += src[j] }
                        }
                    }
                }
            } else {
                // Long columns: float sums per block of rows, added in Double, as Kernels.sum does.
                Parallel.forRange(outer, cost: length * inner) { s, e in
                    var total = [Double](repeating: 0, count: inner)
                    for i in s..<e {
                        let dst = o + i * inner
                        for j in 0..<inner { total[j] = 0 }
                        var k0 = 0
                        while k0 < length {
                            for j in 0..<inner { dst[j] = 0 }
                            for k in k0..<Swift.min(length, k0 + Kernels.sumBlock) {
                                let src = x + (i * length + k) * inner
                                for j in 0..<inner { dst[j] += src[j] }
                            }
                            for j in 0..<inner { total[j] += Double(dst[j]) }
                            k0 += Kernels.sumBlock
                        }
                        for j in 0..<inner { dst[j] = Float(total[j]) }
                    }
                }
            }
        }
        return out
    }

    /// The sum of every element, as a scalar.
    public func sum() -> Tensor {
        if dtype != .float32 {
            let shape = self.shape
            // A one-element sum of a storage type: allocating it fails only where nothing else could run.
            guard let total = try? typedSum(axes: Array(0..<rank)).reshape([]) else { fatalError("sum: out of memory") }
            return total.recording("sum", [self]) { g in [try g.expand(to: shape)] }
        }
        let n = count
        let chunks = n >= Parallel.threshold ? Parallel.workers : 1
        var partial = [Double].filled(0, count: chunks)
        reading { x in
            partial.withUnsafeMutableBufferPointer { p in
                Parallel.forRange(chunks, cost: Parallel.threshold) { s, e in
                    for c in s..<e { p[c] = Double(Kernels.sum(x + n * c / chunks, n * (c + 1) / chunks - n * c / chunks)) }
                }
            }
        }
        let shape = self.shape
        return Tensor(Float(partial.reduce(0, +))).recording("sum", [self]) { g in [try g.expand(to: shape)] }
    }

    /// Sums along `axes` (negative counts from the end).
    public func sum(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        let resolved = try self.axes(axes, op: "sum")
        var out = self.detach()
        if dtype == .float32 { for a in resolved { out = try out.sumValues(axis: a) } }
        else { out = try typedSum(axes: resolved) }
        let result = Tensor(storage: out.storage, shape: reducedShape(resolved, keepDims: keepDims))
        let shape = self.shape, kept = reducedShape(resolved, keepDims: true)
        return result.recording("sum", [self]) { g in [try g.reshape(kept).expand(to: shape)] }
    }

    /// Sums along one axis.
    public func sum(axis: Int, keepDims: Bool = false) throws -> Tensor { try sum(axes: [axis], keepDims: keepDims) }

    /// Sums a broadcast result back to `target`, the shape it was broadcast from.
    public func sum(to target: [Int]) throws -> Tensor {
        let lead = rank - target.count
        guard lead >= 0 else { throw TensorError.shape("sum(to:): cannot reduce \(describe(shape)) to \(describe(target))") }
        var axes = Array(0..<lead)
        for (i, d) in target.enumerated() where d != shape[lead + i] {
            guard d == 1 else { throw TensorError.shape("sum(to:): cannot reduce \(describe(shape)) to \(describe(target))") }
            axes.append(lead + i)
        }
        return try sum(axes: axes, keepDims: true).reshape(target)
    }

    /// The mean of every element.
    ///
    /// An integer or bool tensor's mean is a float32 (PyTorch refuses it; counting hits, as in
    /// `(predicted == labels).mean()`, is too common a use to refuse).
    public func mean() throws -> Tensor {
        if !dtype.isFloatingPoint { return try to(.float32).mean() }
        return try sum().divided(byCount: Swift.max(count, 1))
    }

    /// The mean along `axes`.
    public func mean(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        if !dtype.isFloatingPoint { return try to(.float32).mean(axes: axes, keepDims: keepDims) }
        let resolved = try self.axes(axes, op: "mean")
        let n = resolved.reduce(1) { $0 * shape[$1] }
        return try sum(axes: resolved, keepDims: keepDims).divided(byCount: Swift.max(n, 1))
    }

    public func mean(axis: Int, keepDims: Bool = false) throws -> Tensor { try mean(axes: [axis], keepDims: keepDims) }

    /// The variance along `axis` (all elements when nil); `correction` 1 gives the unbiased estimate.
    public func variance(axis: Int? = nil, keepDims: Bool = false, correction: Int = 1) throws -> Tensor {
        try variance(axes: axis.map { [$0] } ?? Array(0..<rank), keepDims: keepDims, correction: correction)
    }

    /// The variance over `axes`: the squared deviations summed and divided by `n − correction`
    /// (1, the default, is the unbiased estimate; 0 the biased one).
    ///
    /// As in PyTorch, a divisor of 0 or less gives NaN (or infinity), never a silent 0: the unbiased
    /// variance of one sample is NaN.
    public func variance(axes: [Int], keepDims: Bool = false, correction: Int = 1) throws -> Tensor {
        let resolved = try self.axes(axes, op: "var")
        let n = resolved.reduce(1) { $0 * shape[$1] }
        let centered = try self - (try mean(axes: resolved, keepDims: true))
        return try centered.pow(2).sum(axes: resolved, keepDims: keepDims).divided(byCount: Swift.max(n - correction, 0))
    }

    /// The standard deviation along `axis` (all elements when nil).
    public func std(axis: Int? = nil, keepDims: Bool = false, correction: Int = 1) throws -> Tensor {
        try std(axes: axis.map { [$0] } ?? Array(0..<rank), keepDims: keepDims, correction: correction)
    }

    /// The standard deviation over `axes`, `sqrt(variance(axes:correction:))`.
    ///
    /// Where the deviation is 0 the gradient is 0, as in PyTorch, not the NaN of `sqrt`'s 1/(2·0)
    /// (dividing by the std of a constant feature must not poison every gradient).
    public func std(axes: [Int], keepDims: Bool = false, correction: Int = 1) throws -> Tensor {
        let v = try variance(axes: axes, keepDims: keepDims, correction: correction)
        return try v.unary("std", cost: 4, { sqrtf($0) }, { $0.squareRoot() }) { _, y, g in
            if Autograd.isCreatingGraph { return try Tensor.where(y == Tensor.number(0), Tensor.number(0), g / (y * 2)) }
            return try Tensor.zipValues(g, y, op: "std", { g, y in y == 0 ? 0 : g / (2 * y) }, { g, y in y == 0 ? 0 : g / (2 * y) })
        }
    }

    /// `log(sum(exp(x)))` along `axis`, computed stably by subtracting the maximum first.
    public func logsumexp(axis: Int, keepDims: Bool = false) throws -> Tensor {
        try logsumexp(axes: [axis], keepDims: keepDims)
    }

    /// log(sum(exp(x))) over several axes at once, computed stably (PyTorch's `logsumexp(dim=(…))`).
    public func logsumexp(axes: [Int], keepDims: Bool = false) throws -> Tensor {
        let resolved = try self.axes(axes, op: "logsumexp")
        let m = try amax(axes: resolved, keepDims: true).detach()
        let finite = try m.mapValues({ $0.isFinite ? $0 : 0 }, { $0.isFinite ? $0 : 0 })
        let s = try (self - finite).exp().sum(axes: resolved, keepDims: true).log() + finite
        return keepDims ? s : try s.reshape(reducedShape(resolved, keepDims: false))
    }
}
