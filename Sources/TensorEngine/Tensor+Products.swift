/// Outer and Kronecker products, and coordinate grids.
extension Tensor {
    /// The outer product of two vectors: `out[i, j] = a[i] · b[j]`.
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 1, b.rank == 1 else {
            throw TensorError.shape("outer: needs two vectors, got shapes \(describe(a.shape)) and \(describe(b.shape))")
        }
        return try a.reshape([a.count, 1]) * b.reshape([1, b.count])
    }

    /// The Kronecker product: each element of `a` times the whole of `b`, in blocks.
    ///
    /// The operands may differ in rank; the smaller one gets leading dimensions of size 1 (PyTorch's rule).
    public static func kron(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let r = Swift.max(a.rank, b.rank)
        let sa = Array(repeating: 1, count: r - a.rank) + a.shape, sb = Array(repeating: 1, count: r - b.rank) + b.shape
        // Interleaving a's and b's dimensions makes the product a broadcast that a reshape turns into blocks.
        let x = try a.reshape(sa.flatMap { [$0, 1] }), y = try b.reshape(sb.flatMap { [1, $0] })
        return try (x * y).reshape(zip(sa, sb).map { $0 * $1 })
    }

    /// Coordinate grids from vectors: with `"ij"` indexing grid k varies along axis k; with `"xy"` the
    /// first two axes are swapped (the Cartesian convention of NumPy's default).
    public static func meshgrid(_ tensors: [Tensor], indexing: String = "ij") throws -> [Tensor] {
        guard indexing == "ij" || indexing == "xy" else {
            throw TensorError.value("meshgrid: indexing must be \"ij\" or \"xy\", got \"\(indexing)\"")
        }
        if let bad = tensors.firstIndex(where: { $0.rank > 1 }) {
            throw TensorError.shape("meshgrid: tensor \(bad) has shape \(describe(tensors[bad].shape)); each must be a vector or a number")
        }
        var sizes = tensors.map(\.count)
        let swap = indexing == "xy" && tensors.count >= 2
        if swap { sizes.swapAt(0, 1) }
        return try tensors.enumerated().map { k, t in
            var axis = k
            if swap && k < 2 { axis = 1 - k }
            var view = Array(repeating: 1, count: sizes.count)
            view[axis] = t.count
            return try t.reshape(view).expand(to: sizes)
        }
    }
}
