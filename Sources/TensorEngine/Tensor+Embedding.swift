/// Embedding look-up: rows of a weight matrix picked by a tensor of indices.
extension Tensor {
    /// The rows of `weight` `[num, dim]` named by `indices` (whole numbers in `0..<num`), shaped
    /// `indices.shape + [dim]`. The row at `paddingIndex` (negative counts from the end) gets no gradient,
    /// as in PyTorch, so it keeps its value through training.
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
        let out = try Tensor.allocate(indices.shape + [dim], op: "embedding")
        weight.reading(into: out) { w, o in
            for (n, k) in idx.enumerated() { (o + n * dim).update(from: w + k * dim, count: dim) }
        }
        let shape = weight.shape
        return out.recording("embedding", [weight]) { g in
            let dw = try Tensor.full(shape, 0)
            g.reading(into: dw) { gp, d in
                for (n, k) in idx.enumerated() where k != padding {
                    let row = d + k * dim, src = gp + n * dim
                    for j in 0..<dim { row[j] += src[j] }
                }
            }
            return [dw]
        }
    }
}
