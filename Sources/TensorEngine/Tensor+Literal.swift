/// Tensors from Swift arrays.
extension Tensor {
    /// A vector.
    public convenience init(_ values: [Float]) {
        try! self.init(shape: [values.count], values: values)
    }

    /// A matrix from rows of equal length, or a ShapeError naming the first ragged row.
    public convenience init(_ rows: [[Float]]) throws {
        let width = rows.first?.count ?? 0
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw TensorError.shape("tensor: row \(bad) has \(rows[bad].count) values but row 0 has \(width)")
        }
        try self.init(shape: [rows.count, width], values: rows.flatMap { $0 })
    }
}
