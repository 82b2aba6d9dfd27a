/// A tensor of shape `[..., m, n]` as its matrices in Float64, and back: how every linear-algebra
/// function batches over leading dimensions, as PyTorch's `torch.linalg` does.
struct MatrixBatch {
    /// The leading dimensions.
    let batch: [Int]
    var matrices: [Matrix]

    init(batch: [Int], matrices: [Matrix]) {
        self.batch = batch
        self.matrices = matrices
    }

    /// The matrices of `t`, or a ShapeError naming `op` when `t` has fewer than two dimensions, a
    /// ValueError when a value is NaN or infinite (LAPACK's answer for those is undefined), and a
    /// MemoryError when the working copies would not fit.
    init(_ t: Tensor, op: String, what: String = "A") throws {
        guard t.rank >= 2 else { throw Linalg.notMatrix(t.shape, op: op, what: what) }
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1]
        batch = Array(t.shape.dropLast(2))
        let count = Shape.count(batch)
        // Float64 copies of the input, LAPACK's overwritten copies and the factors are Swift arrays, whose
        // allocation stops the process when it fails: ask for memory first, as tensor copies do.
        guard Memory.available(bytes: 4 * t.count * MemoryLayout<Double>.stride) else {
            throw TensorError(.memory, Memory.cannotAllocate(t.shape, op: op))
        }
        matrices = try t.withUnsafeValues { v in
            guard v.allSatisfy(\.isFinite) else {
                throw TensorError.value("\(op): \(what) contains NaN or infinite values")
            }
            return MatrixBatch.matrices(v, count: count, rows: m, cols: n)
        }
    }

    /// The matrices of `t` (shaped like the result whose gradient it is); no values are checked.
    init(gradient t: Tensor, batch: [Int]) {
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1]
        self.batch = batch
        matrices = t.withUnsafeValues { MatrixBatch.matrices($0, count: Shape.count(batch), rows: m, cols: n) }
    }

    /// `count` row-major `rows × cols` matrices, one after another, as column-major Float64 matrices.
    private static func matrices(_ v: UnsafeBufferPointer<Float>, count: Int, rows m: Int, cols n: Int) -> [Matrix] {
        (0..<count).map { b in
            var matrix = Matrix(zeros: m, n)
            for i in 0..<m { for j in 0..<n { matrix.data[j * m + i] = Double(v[b * m * n + i * n + j]) } }
            return matrix
        }
    }

    /// Applies `body` to each matrix; the shape of the results must not vary along the batch.
    func map(_ body: (Matrix) throws -> Matrix) rethrows -> MatrixBatch {
        MatrixBatch(batch: batch, matrices: try matrices.map(body))
    }

    /// The matrices as one Float32 tensor of shape `batch + [rows, cols]`, where `rows` and `cols` give
    /// the shape of each matrix even when the batch is empty.
    func tensor(rows: Int, cols: Int, op: String) throws -> Tensor {
        let out = try Tensor.allocate(batch + [rows, cols], op: op)
        out.writing { o in
            for (b, matrix) in matrices.enumerated() {
                for i in 0..<rows { for j in 0..<cols { o[b * rows * cols + i * cols + j] = Float(matrix[i, j]) } }
            }
        }
        return out
    }

    /// One vector per matrix as a tensor of shape `batch + [length]`.
    static func tensor(vectors: [[Double]], batch: [Int], length: Int, op: String) throws -> Tensor {
        let out = try Tensor.allocate(batch + [length], op: op)
        out.writing { o in
            for (b, v) in vectors.enumerated() { for (i, x) in v.enumerated() { o[b * length + i] = Float(x) } }
        }
        return out
    }

    /// The vectors of a tensor of shape `batch + [length]` (a gradient), in Float64.
    static func vectors(_ t: Tensor, batch: [Int]) -> [[Double]] {
        let length = t.shape.last ?? 0
        return t.withUnsafeValues { v in
            (0..<Shape.count(batch)).map { b in (0..<length).map { Double(v[b * length + $0]) } }
        }
    }
}
