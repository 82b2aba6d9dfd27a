/// A tensor of shape `[..., m, n]` as its matrices in Float64, and back: how every linear-algebra
/// function batches over leading dimensions, as PyTorch's `torch.linalg` does.
struct MatrixBatch {
    /// The leading dimensions.
    let batch: [Int]
    var matrices: [Matrix]
    /// The dtype `tensor` gives: float64 stays float64, float16 and bfloat16 round back to their type,
    /// and float32 holds every other input (integers and bools compute as float32, PyTorch's rule for
    /// floating ops).
    let dtype: DType

    init(batch: [Int], matrices: [Matrix], dtype: DType) {
        self.batch = batch
        self.matrices = matrices
        self.dtype = dtype
    }

    /// The dtype a linear-algebra result of an input of `dtype` has.
    static func resultType(_ dtype: DType) -> DType { dtype.isFloatingPoint ? dtype : .float32 }

    /// The matrices of `t`, or a ShapeError naming `op` when `t` has fewer than two dimensions, a
    /// ValueError when a value is NaN or infinite (LAPACK's answer for those is undefined), and a
    /// MemoryError when the working copies would not fit.
    ///
    /// Every dtype is read exactly into Float64 (int64 beyond 2^53 to the nearest Double).
    init(_ t: Tensor, op: String, what: String = "A") throws {
        guard t.rank >= 2 else { throw Linalg.notMatrix(t.shape, op: op, what: what) }
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1]
        batch = Array(t.shape.dropLast(2))
        dtype = MatrixBatch.resultType(t.dtype)
        let count = Shape.count(batch)
        // Float64 copies of the input, LAPACK's overwritten copies and the factors are Swift arrays, whose
        // allocation stops the process when it fails: ask for memory first, as tensor copies do.
        guard Memory.available(bytes: 5 * t.count * MemoryLayout<Double>.stride) else {
            throw TensorError(.memory, Memory.cannotAllocate(t.shape, op: op))
        }
        let v = t.elements(as: Double.self)
        guard v.allSatisfy(\.isFinite) else {
            throw TensorError.value("\(op): \(what) contains NaN or infinite values")
        }
        matrices = MatrixBatch.matrices(v, count: count, rows: m, cols: n)
    }

    /// The matrices of `t` (shaped like the result whose gradient it is); no values are checked.
    init(gradient t: Tensor, batch: [Int]) {
        let m = t.shape[t.rank - 2], n = t.shape[t.rank - 1]
        self.batch = batch
        dtype = MatrixBatch.resultType(t.dtype)
        matrices = MatrixBatch.matrices(t.elements(as: Double.self), count: Shape.count(batch), rows: m, cols: n)
    }

    /// `count` row-major `rows × cols` matrices, one after another, as column-major Float64 matrices.
    private static func matrices(_ v: [Double], count: Int, rows m: Int, cols n: Int) -> [Matrix] {
        (0..<count).map { b in
            var matrix = Matrix(zeros: m, n)
            for i in 0..<m { for j in 0..<n { matrix.data[j * m + i] = v[b * m * n + i * n + j] } }
            return matrix
        }
    }

    /// Applies `body` to each matrix; the shape of the results must not vary along the batch.
    func map(_ body: (Matrix) throws -> Matrix) rethrows -> MatrixBatch {
        MatrixBatch(batch: batch, matrices: try matrices.map(body), dtype: dtype)
    }

    /// The matrices as one tensor of `dtype` and shape `batch + [rows, cols]`, where `rows` and `cols`
    /// give the shape of each matrix even when the batch is empty.
    func tensor(rows: Int, cols: Int, op: String) throws -> Tensor {
        var values = [Double](repeating: 0, count: matrices.count * rows * cols)
        for (b, matrix) in matrices.enumerated() {
            for i in 0..<rows { for j in 0..<cols { values[b * rows * cols + i * cols + j] = matrix[i, j] } }
        }
        return try MatrixBatch.tensor(values, shape: batch + [rows, cols], dtype: dtype, op: op)
    }

    /// One vector per matrix as a tensor of `dtype` and shape `batch + [length]`.
    static func tensor(vectors: [[Double]], batch: [Int], length: Int, dtype: DType, op: String) throws -> Tensor {
        var values = [Double](repeating: 0, count: vectors.count * length)
        for (b, v) in vectors.enumerated() { for (i, x) in v.enumerated() { values[b * length + i] = x } }
        return try tensor(values, shape: batch + [length], dtype: dtype, op: op)
    }

    /// Row-major Float64 values as a tensor of `dtype`, rounded once (through float32 for the 16-bit
    /// types, as every other float op computes them).
    private static func tensor(_ values: [Double], shape: [Int], dtype: DType, op: String) throws -> Tensor {
        _ = try Memory.count(shape, op: op)
        if dtype == .float64 { return try Tensor(shape: shape, elements: values, dtype: .float64) }
        let single = try Tensor(shape: shape, elements: values.map { Float($0) }, dtype: .float32)
        return dtype == .float32 ? single : try single.to(dtype)
    }

    /// The vectors of a tensor of shape `batch + [length]` (a gradient), in Float64.
    static func vectors(_ t: Tensor, batch: [Int]) -> [[Double]] {
        let length = t.shape.last ?? 0
        let v = t.elements(as: Double.self)
        return (0..<Shape.count(batch)).map { b in (0..<length).map { v[b * length + $0] } }
    }
}
