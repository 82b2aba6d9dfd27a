/// Counting and searching: unique, bincount, histc and searchsorted. None of them has a gradient.
extension Tensor {
    /// The distinct values of the flattened tensor, ascending; with `returnInverse`, for each input element
    /// the index of its value in the result (shaped as the input); with `returnCounts`, how often each
    /// value occurs.
    ///
    /// The result is always sorted (`sorted: false` is accepted, as PyTorch's CPU version sorts anyway).
    public func unique(sorted: Bool = true, returnInverse: Bool = false, returnCounts: Bool = false) throws
        -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        let flat = values
        let order = try reshape([count]).sortedPositions(axis: 0, descending: false)
        var distinct: [Float] = [], counts: [Float] = []
        var inverse = [Float](repeating: 0, count: count)
        for p in order {
            let v = flat[p]
            // NaN never equals itself, so each NaN is its own value, as in PyTorch.
            if let last = distinct.last, last == v { counts[counts.count - 1] += 1 } else { distinct.append(v); counts.append(1) }
            inverse[p] = Float(distinct.count - 1)
        }
        return (try Tensor(shape: [distinct.count], values: distinct),
                returnInverse ? try Tensor(shape: shape, values: inverse) : nil,
                returnCounts ? try Tensor(shape: [counts.count], values: counts) : nil)
    }

    /// How often each whole number 0, 1, … occurs in this vector of non-negative whole numbers (or the
    /// sum of `weights` at its positions), with at least `minlength` bins.
    public func bincount(weights: Tensor? = nil, minlength: Int = 0) throws -> Tensor {
        guard rank == 1 else { throw TensorError.shape("bincount: needs a vector of counts, got shape \(describe(shape))") }
        guard minlength >= 0 else { throw TensorError.value("bincount: minlength must not be negative (got \(minlength))") }
        if let weights, weights.shape != shape {
            throw TensorError.shape("bincount: weights of shape \(describe(weights.shape)) do not match the input's \(describe(shape))")
        }
        var bins: [Int] = []
        try reading { x in
            for i in 0..<count {
                let v = x[i]
                guard v >= 0, v == v.rounded(), v < 1e9 else {
                    throw TensorError.value("bincount: values must be non-negative whole numbers (got \(v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)"))")
                }
                bins.append(Int(v))
            }
        }
        let length = Swift.max((bins.max() ?? -1) + 1, minlength)
        _ = try Memory.count([length], op: "bincount")
        var out = [Float](repeating: 0, count: length)
        let w = weights?.values
        for (i, b) in bins.enumerated() { out[b] += w?[i] ?? 1 }
        return try Tensor(shape: [length], values: out)
    }

    /// A histogram of all elements in `bins` equal bins over `[low, high]`; elements outside are not
    /// counted. When `low == high` the data's own minimum and maximum are used (PyTorch's histc).
    public func histc(bins: Int = 100, min low: Float = 0, max high: Float = 0) throws -> Tensor {
        guard bins > 0 else { throw TensorError.value("histc: bins must be positive (got \(bins))") }
        guard low <= high else { throw TensorError.value("histc: min \(low) is larger than max \(high)") }
        let flat = values
        var lo = low, hi = high
        if lo == hi, let first = flat.first {
            lo = flat.reduce(first) { Swift.min($0, $1) }
            hi = flat.reduce(first) { Swift.max($0, $1) }
        }
        if lo == hi { lo -= 1; hi += 1 }
        guard lo.isFinite, hi.isFinite else {
            throw TensorError.value("histc: the range [\(lo), \(hi)] is not finite")
        }
        _ = try Memory.count([bins], op: "histc")
        var out = [Float](repeating: 0, count: bins)
        for v in flat where v >= lo && v <= hi {
            // In Double: hi − lo may overflow a Float.
            out[Swift.min(Int((Double(v) - Double(lo)) * Double(bins) / (Double(hi) - Double(lo))), bins - 1)] += 1
        }
        return try Tensor(shape: [bins], values: out)
    }

    /// For each of `values`, the index at which it would be inserted into this sorted sequence to keep it
    /// sorted: before equal elements, or after them with `right`.
    ///
    /// A vector sequence serves values of any shape; otherwise the sequence's leading dimensions must match
    /// the values' and each row is searched for the values of the same row.
    public func searchsorted(_ values: Tensor, right: Bool = false) throws -> Tensor {
        guard rank >= 1 else { throw TensorError.shape("searchsorted: the sorted sequence needs at least one dimension") }
        let n = shape[rank - 1]
        if rank > 1 {
            guard values.rank == rank, Array(values.shape.dropLast()) == Array(shape.dropLast()) else {
                throw TensorError.shape("searchsorted: values of shape \(describe(values.shape)) do not match the leading dimensions of the sorted sequence \(describe(shape))")
            }
        }
        let perRow = rank == 1 ? values.count : values.shape[values.rank - 1]
        let seq = self.values, vals = values.values
        var out = [Float](repeating: 0, count: vals.count)
        for (i, v) in vals.enumerated() {
            let base = rank == 1 ? 0 : (i / Swift.max(perRow, 1)) * n
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2, s = seq[base + mid]
                if right ? s <= v : s < v { lo = mid + 1 } else { hi = mid }
            }
            out[i] = Float(lo)
        }
        return try Tensor(shape: values.shape, values: out)
    }
}
