extension Tensor {
    /// The rows (slices along dimension 0) at `indices`, copied into a new tensor of this tensor's dtype
    /// with no history: a data set's samples, a batch. An index out of range is a ValueError.
    public func rows<C: Collection>(_ indices: C) throws -> Tensor where C.Element == Int {
        guard rank >= 1 else { throw TensorError.shape("rows: a tensor of shape \(describe(shape)) has no rows") }
        let count = shape[0], inner = shape.dropFirst().reduce(1, *)
        var starts: [Int] = []
        starts.reserveCapacity(indices.count)
        for i in indices {
            guard i >= 0 && i < count else { throw TensorError.value("rows: row \(i) is out of range for \(count) rows") }
            starts.append(i * inner)
        }
        return try pickedBlocks(starts, block: inner, shape: [indices.count] + shape.dropFirst(), op: "rows")
    }
}
