/// Counting and searching: unique, bincount, histc and searchsorted. None of them has a gradient.
///
/// Types follow PyTorch: unique keeps the values' dtype with int64 inverse and counts; bincount gives
/// int64 counts (or weighted sums); searchsorted gives int64 positions; histc keeps a float dtype.
extension Tensor {
    /// The distinct values of the flattened tensor, ascending, in this tensor's dtype; with
    /// `returnInverse`, for each input element the index (int64) of its value in the result (shaped as
    /// the input); with `returnCounts`, how often (int64) each value occurs.
    ///
    /// The result is always sorted (`sorted: false` is accepted, as PyTorch's CPU version sorts anyway).
    public func unique(sorted: Bool = true, returnInverse: Bool = false, returnCounts: Bool = false) throws
        -> (values: Tensor, inverse: Tensor?, counts: Tensor?) {
        let flat = try reshape([count]).detach()
        let order = try flat.sortedPositions(axis: 0, descending: false)
        // Values compare in their own type: floats exactly as Double, integers as int64.
        let same: (Int, Int) -> Bool
        if dtype.isFloatingPoint {
            let v = try elements(as: Double.self, op: "unique")
            same = { v[$0] == v[$1] }
        } else {
            let v = try elements(as: Int64.self, op: "unique")
            same = { v[$0] == v[$1] }
        }
        var firsts: [Int] = [], counts: [Int64] = []
        var inverse = [Int64](repeating: 0, count: count)
        for p in order {
            // NaN never equals itself, so each NaN is its own value, as in PyTorch.
            if let last = firsts.last, same(last, p) { counts[counts.count - 1] += 1 } else { firsts.append(p); counts.append(1) }
            inverse[p] = Int64(firsts.count - 1)
        }
        return (try flat.picked(firsts, shape: [firsts.count], op: "unique"),
                returnInverse ? try Tensor(shape: shape, elements: inverse, dtype: .int64) : nil,
                returnCounts ? try Tensor(shape: [counts.count], elements: counts, dtype: .int64) : nil)
    }

    /// How often (int64) each whole number 0, 1, … occurs in this vector of non-negative whole numbers,
    /// with at least `minlength` bins; with `weights`, the sum of the weights at each value's
    /// positions, float32 for float32 weights and float64 for any other type (as PyTorch).
    public func bincount(weights: Tensor? = nil, minlength: Int = 0) throws -> Tensor {
        guard rank == 1 else { throw TensorError.shape("bincount: needs a vector of counts, got shape \(describe(shape))") }
        guard minlength >= 0 else { throw TensorError.value("bincount: minlength must not be negative (got \(minlength))") }
        if let weights, weights.shape != shape {
            throw TensorError.shape("bincount: weights of shape \(describe(weights.shape)) do not match the input's \(describe(shape))")
        }
        let bins = try binValues()
        let length = Swift.max((bins.max() ?? -1) + 1, minlength)
        _ = try Memory.count([length], op: "bincount")
        guard let weights else {
            var out = [Int64](repeating: 0, count: length)
            for b in bins { out[b] += 1 }
            return try Tensor(shape: [length], elements: out, dtype: .int64)
        }
        let w = try weights.elements(as: Double.self, op: "bincount")
        if weights.dtype == .float32 {
            // Summed in float32, as before and as PyTorch does for float32 weights.
            var out = [Float](repeating: 0, count: length)
            for (i, b) in bins.enumerated() { out[b] += Float(w[i]) }
            return try Tensor(shape: [length], values: out)
        }
        var out = [Double](repeating: 0, count: length)
        for (i, b) in bins.enumerated() { out[b] += w[i] }
        return try Tensor(shape: [length], elements: out, dtype: .float64)
    }

    /// The elements as bin numbers for `bincount`: integers read exactly, floats must be whole.
    private func binValues() throws -> [Int] {
        func bad(_ text: String) -> TensorError {
            TensorError.value("bincount: values must be non-negative whole numbers (got \(text))")
        }
        if dtype == .bool { return try elements(as: Int64.self, op: "bincount").map { Int($0) } }
        if dtype.isInteger {
            return try elements(as: Int64.self, op: "bincount").map { v in
                guard v >= 0 else { throw bad(String(v)) }
                return Int(v)
            }
        }
        return try elements(as: Double.self, op: "bincount").map { v in
            guard v >= 0, v == v.rounded(), v < 1e9 else {
                throw bad(v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)")
            }
            return Int(v)
        }
    }

    /// A histogram of all elements in `bins` equal bins over `[low, high]`; elements outside are not
    /// counted. When `low == high` the data's own minimum and maximum are used (PyTorch's histc).
    ///
    /// The counts keep a float tensor's dtype (float16 and bfloat16 count in float32 and round back);
    /// integer and bool tensors count in float32.
    public func histc(bins: Int = 100, min low: Double = 0, max high: Double = 0) throws -> Tensor {
        guard bins > 0 else { throw TensorError.value("histc: bins must be positive (got \(bins))") }
        guard low <= high else { throw TensorError.value("histc: min \(low) is larger than max \(high)") }
        _ = try Memory.count([bins], op: "histc")
        switch dtype {
        case .float64:
            let out = try Tensor.histogram(try elements(as: Double.self, op: "histc"), bins, low, high)
            return try Tensor(shape: [bins], elements: out, dtype: .float64)
        case .float16, .bfloat16:
            return try computeValues.histc(bins: bins, min: low, max: high).to(dtype)
        default:
            let out = try Tensor.histogram(try elements(as: Float.self, op: "histc"), bins, Float(low), Float(high))
            return try Tensor(shape: [bins], values: out)
        }
    }

    /// `histc` with float32 bounds, for callers that hold them as Float (exact in Double).
    @_disfavoredOverload
    public func histc(bins: Int = 100, min low: Float, max high: Float) throws -> Tensor {
        try histc(bins: bins, min: Double(low), max: Double(high))
    }

    /// The counts of `histc` for values of type T, with the range in T.
    private static func histogram<T: EngineFloat>(_ flat: [T], _ bins: Int, _ low: T, _ high: T) throws -> [T] {
        var lo = low, hi = high
        if lo == hi, let first = flat.first {
            lo = flat.reduce(first) { Swift.min($0, $1) }
            hi = flat.reduce(first) { Swift.max($0, $1) }
        }
        if lo == hi { lo -= 1; hi += 1 }
        guard lo.isFinite, hi.isFinite else {
            throw TensorError.value("histc: the range [\(lo), \(hi)] is not finite")
        }
        var out = [T](repeating: 0, count: bins)
        for v in flat where v >= lo && v <= hi {
            // In Double: hi − lo may overflow a Float.
            out[Swift.min(Int((Double(v) - Double(lo)) * Double(bins) / (Double(hi) - Double(lo))), bins - 1)] += 1
        }
        return out
    }

    /// For each of `values`, the index (int64) at which it would be inserted into this sorted sequence
    /// to keep it sorted: before equal elements, or after them with `right`.
    ///
    /// A vector sequence serves values of any shape; otherwise the sequence's leading dimensions must match
    /// the values' and each row is searched for the values of the same row. Two integer tensors compare
    /// exactly as int64, anything else as Double.
    public func searchsorted(_ values: Tensor, right: Bool = false) throws -> Tensor {
        guard rank >= 1 else { throw TensorError.shape("searchsorted: the sorted sequence needs at least one dimension") }
        if rank > 1 {
            guard values.rank == rank, Array(values.shape.dropLast()) == Array(shape.dropLast()) else {
                throw TensorError.shape("searchsorted: values of shape \(describe(values.shape)) do not match the leading dimensions of the sorted sequence \(describe(shape))")
            }
        }
        let out: [Int64]
        if !dtype.isFloatingPoint && !values.dtype.isFloatingPoint {
            out = search(try elements(as: Int64.self, op: "searchsorted"), try values.elements(as: Int64.self, op: "searchsorted"),
                         valuesShape: values.shape, right: right)
        } else {
            out = search(try elements(as: Double.self, op: "searchsorted"), try values.elements(as: Double.self, op: "searchsorted"),
                         valuesShape: values.shape, right: right)
        }
        return try Tensor(shape: values.shape, elements: out, dtype: .int64)
    }

    /// The binary searches of `searchsorted` over this tensor's shape.
    private func search<T: Comparable>(_ seq: [T], _ vals: [T], valuesShape: [Int], right: Bool) -> [Int64] {
        let n = shape[rank - 1]
        let perRow = rank == 1 ? vals.count : valuesShape[valuesShape.count - 1]
        var out = [Int64](repeating: 0, count: vals.count)
        for (i, v) in vals.enumerated() {
            let base = rank == 1 ? 0 : (i / Swift.max(perRow, 1)) * n
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) / 2, s = seq[base + mid]
                if right ? s <= v : s < v { lo = mid + 1 } else { hi = mid }
            }
            out[i] = Int64(lo)
        }
        return out
    }
}
