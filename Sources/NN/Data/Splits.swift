import TensorEngine

/// Splitting and joining data sets, as PyTorch's `random_split`, `Subset` and `ConcatDataset`, for data
/// sets that are tensors sharing their first dimension (inputs, targets, …): every part keeps each
/// tensor's dtype and the pairing of samples.
public enum DataSplits {
    /// The sample count shared by `tensors`, or a ShapeError naming `op`.
    static func sampleCount(_ tensors: [Tensor], op: String) throws -> Int {
        guard let first = tensors.first else { throw TensorError(.value, "\(op): needs at least one tensor") }
        for t in tensors where t.rank == 0 || t.shape[0] != first.shape.first {
            throw TensorError(.shape, "\(op): every tensor must hold the same number of samples along dimension 0 (got \(tensors.map(\.shape)))")
        }
        return first.shape[0]
    }

    /// The samples at `indices` of every tensor (PyTorch's `Subset`); an index out of range is a ValueError.
    public static func subset(_ tensors: [Tensor], _ indices: [Int]) throws -> [Tensor] {
        let n = try sampleCount(tensors, op: "Subset")
        for i in indices where i < 0 || i >= n {
            throw TensorError(.value, "Subset: index \(i) is out of range for \(n) samples")
        }
        return try tensors.map { try $0.rows(indices) }
    }

    /// Random disjoint parts of the data set (PyTorch's `random_split`), in a fresh order drawn from the
    /// seeded generator. `lengths` are sample counts adding up to the data set's size, or fractions
    /// adding up to 1: then each part gets ⌊n·fraction⌋ samples and the remainder goes one by one to
    /// the first parts, as PyTorch does.
    public static func randomSplit(_ tensors: [Tensor], _ lengths: [Double]) throws -> [[Tensor]] {
        let n = try sampleCount(tensors, op: "randomSplit")
        let counts = try partSizes(lengths, of: n)
        let order = Datasets.permutation(n)
        var start = 0
        return try counts.map { count in
            defer { start += count }
            return try tensors.map { try $0.rows(order[start..<(start + count)]) }
        }
    }

    /// The size of each part for `lengths` (counts, or fractions adding up to 1) of `n` samples.
    static func partSizes(_ lengths: [Double], of n: Int) throws -> [Int] {
        guard !lengths.isEmpty else { throw TensorError(.value, "randomSplit: lengths is empty") }
        for l in lengths where !(l >= 0) || !l.isFinite {
            throw TensorError(.value, "randomSplit: lengths must be non-negative numbers (got \(lengths))")
        }
        let total = lengths.reduce(0, +)
        if lengths.allSatisfy({ $0 == $0.rounded() }) && total == Double(n) { return lengths.map { Int($0) } }
        guard Swift.abs(total - 1) <= 1e-9, lengths.allSatisfy({ $0 <= 1 }) else {
            throw TensorError(.value, "randomSplit: lengths \(lengths) must be sample counts adding up to \(n) or fractions adding up to 1")
        }
        var sizes = lengths.map { Int((Double(n) * $0).rounded(.down)) }
        for i in 0..<(n - sizes.reduce(0, +)) { sizes[i % sizes.count] += 1 }
        return sizes
    }

    /// The data sets one after the other (PyTorch's `ConcatDataset`): each must have as many tensors,
    /// with the same shape past dimension 0; types combine as in `concat`.
    public static func concatenate(_ datasets: [[Tensor]]) throws -> [Tensor] {
        guard let first = datasets.first else { throw TensorError(.value, "ConcatDataset: needs at least one data set") }
        for d in datasets {
            _ = try sampleCount(d, op: "ConcatDataset")
            guard d.count == first.count else {
                throw TensorError(.value, "ConcatDataset: every data set must hold \(first.count) tensors (one holds \(d.count))")
            }
        }
        return try (0..<first.count).map { k in try Tensor.concat(datasets.map { $0[k].detach() }, axis: 0) }
    }
}
