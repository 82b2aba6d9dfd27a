/// Embedding look-up: rows of a weight matrix picked by a tensor of indices.
extension Tensor {
    /// The rows of `weight` `[num, dim]` named by `indices` (whole numbers in `0..<num`), shaped
    /// `indices.shape + [dim]`, in the weight's dtype; indices may be of any integer type or whole
    /// floats. The row at `paddingIndex` (negative counts from the end) gets no gradient, as in PyTorch,
    /// so it keeps its value through training.
    public static func embedding(_ indices: Tensor, weight: Tensor, paddingIndex: Int? = nil) throws -> Tensor {
        guard weight.rank == 2 else {
            throw TensorError.shape("embedding: weight must have shape [num, dim], got \(describe(weight.shape))")
        }
        let rows = weight.shape[0], dim = weight.shape[1]
        let padding = try paddingIndex.map { p -> Int in
            guard p >= -rows, p < rows else {
                throw TensorError.index("embedding: padding index \(p) is out of range for \(rows) embeddings")
            }
            return p < 0 ? p + rows : p
        }
        let idx = try indices.indexValues(bound: rows, op: "embedding")
        let starts = idx.map { $0 * dim }
        let out = try weight.pickedBlocks(starts, block: dim, shape: indices.shape + [dim], op: "embedding")
        let shape = weight.shape, paddingStart = padding.map { $0 * dim }
        return out.recording("embedding", [weight]) { g in
            // Element by element while creating a graph: `scatterAdded` records its gradient.
            if Autograd.isCreatingGraph {
                let positions = Tensor.blockPositions(starts, block: dim) { $0 == paddingStart }
                return [try g.scatterAdded(into: shape, at: positions)]
            }
            return [try g.scatterAddedBlocks(into: shape, at: starts, block: dim) { $0 == paddingStart }]
        }
    }
}
