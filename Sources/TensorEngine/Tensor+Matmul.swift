import Synchronization
import COpenBLAS

/// Matrix products through OpenBLAS `cblas_sgemm`, with NumPy's `matmul` rules for vectors and batches.
extension Tensor {
    /// The matrix product `self @ other`.
    ///
    /// Vectors are promoted as in NumPy (a leading 1-D operand is a row, a trailing one a column, and the
    /// added dimension is removed again); leading batch dimensions broadcast.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 1, other.rank >= 1 else {
            throw TensorError.shape("matmul: both operands need at least one dimension, got \(describe(shape)) @ \(describe(other.shape))")
        }
        let k1 = shape[rank - 1], k2 = other.rank == 1 ? other.shape[0] : other.shape[other.rank - 2]
        guard k1 == k2 else {
            throw TensorError.shape("matmul: \(describe(shape)) @ \(describe(other.shape)) — inner dimensions \(k1) and \(k2) differ")
        }
        // float32 pairs run the path below through sgemm and float64 pairs through dgemm; every other pair
        // (float16 @ float32 promotes to float32, but its bytes are not float32) converts first.
        guard dtype == other.dtype, dtype == .float32 || dtype == .float64 else {
            return try typedMatmul(other, Tensor.resultType(self, other))
        }
        // Two matrices, the common case, need none of the reshapes below (they would return their input).
        if rank == 2 && other.rank == 2 && k1 > 0 { return try Tensor.batchedProduct(self, other) }
        let a = rank == 1 ? try reshape([1, k1]) : self
        let b = other.rank == 1 ? try other.reshape([k2, 1]) : other
        var product: Tensor
        if b.rank == 2 {
            // All rows of a batched left operand share one right matrix: one GEMM over the flattened rows.
            let rows = try a.reshape([Shape.count(Array(a.shape.dropLast())), k1])
            product = try Tensor.batchedProduct(rows, b).reshape(Array(a.shape.dropLast()) + [b.shape[1]])
        } else {
            let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
            let batch = try Shape.broadcast(batchA, batchB, op: "matmul")
            product = try Tensor.batchedProduct(try a.expand(to: batch + Array(a.shape.suffix(2))),
                                                try b.expand(to: batch + Array(b.shape.suffix(2))))
        }
        if rank == 1 { product = try product.squeeze(axis: -2) }
        if other.rank == 1 { product = try product.squeeze(axis: -1) }
        return product
    }

    /// `a @ b` for operands of equal batch dimensions, recorded as one op.
    static func batchedProduct(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let out = try gemm(a, false, b, false)
        OperationCounter.record("matmul", macs: out.count * a.shape[a.rank - 1])
        guard Autograd.isEnabled, a.tracksGrad || b.tracksGrad else { return out }
        let xs = a.saved(), ys = b.saved(), needA = a.tracksGrad, needB = b.tracksGrad
        return out.recording("matmul", [a, b]) { g in
            let x = xs.tensor, y = ys.tensor
            if Autograd.isCreatingGraph {
                // Recorded products, so the gradients can be differentiated again.
                return [needA ? try batchedProduct(g, try y.transpose()) : nil,
                        needB ? try batchedProduct(try x.transpose(), g) : nil]
            }
            return [needA ? try gemm(g, false, y, true) : nil,
                    needB ? try gemm(x, true, g, false) : nil]
        }
    }

    /// `op(a) @ op(b)` over matching batch dimensions, where `op` transposes the last two dimensions
    /// when its flag is set; nothing is copied to transpose.
    static func gemm(_ a: Tensor, _ transA: Bool, _ b: Tensor, _ transB: Bool) throws -> Tensor {
        let ar = a.rank, br = b.rank
        let m = transA ? a.shape[ar - 1] : a.shape[ar - 2]
        let k = transA ? a.shape[ar - 2] : a.shape[ar - 1]
        let n = transB ? b.shape[br - 2] : b.shape[br - 1]
        let batch = ar == 2 ? 1 : Shape.count(Array(a.shape.dropLast(2)))
        let outShape = ar == 2 ? [m, n] : Array(a.shape.dropLast(2)) + [m, n]
        if k == 0 { return try Tensor.constant(outShape, 0, dtype: a.dtype) }
        let out = try Tensor.allocate(outShape, dtype: a.dtype, op: "matmul")
        if m == 0 || n == 0 { return out }
        BLAS.useThreads(forWork: m * n * k)
        let lda = a.shape[ar - 1], ldb = b.shape[br - 1]
        if a.dtype == .float64 {
            a.reading(as: Double.self) { pa in
                b.reading(as: Double.self) { pb in
                    out.writing(as: Double.self) { po in
                        for i in 0..<batch {
                            cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                                        Int32(m), Int32(n), Int32(k), 1, pa + i * m * k, Int32(lda),
                                        pb + i * k * n, Int32(ldb), 0, po + i * m * n, Int32(n))
                        }
                    }
                }
            }
            return out
        }
        a.reading { pa in
            b.reading(into: out) { pb, po in
                for i in 0..<batch {
                    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), 1,
                                pa + i * m * k, Int32(lda),
                                pb + i * k * n, Int32(ldb),
                                0, po + i * m * n, Int32(n))
                }
            }
        }
        return out
    }
}

extension Tensor {
    /// `matmul` for operands that do not both hold float32: float64 products run through dgemm; the
    /// 16-bit float types multiply in float32 and integer types in float64 (exact while every partial
    /// sum stays below 2^53), each rounded back to the result type.
    private func typedMatmul(_ other: Tensor, _ type: DType) throws -> Tensor {
        let compute: DType = type == .float64 || !type.isFloatingPoint ? .float64 : .float32
        let product = try operand(as: compute).matmul(try other.operand(as: compute))
        return try product.to(type)
    }
}

/// OpenBLAS thread control: small products run on one thread, where a hand-off costs more than it saves.
public enum BLAS {
    /// Multiply-adds (m·n·k) from which a product uses every worker.
    public static let parallelWork = 128 * 128 * 128
    /// The thread count last given to OpenBLAS, whose setting is one for the whole process: the lock
    /// keeps this record true when sessions on several threads multiply at once.
    private static let current = Mutex(-1)

    /// Sets OpenBLAS's thread count for a product of the given size, calling into it only on a change.
    static func useThreads(forWork work: Int) {
        let wanted = work >= parallelWork ? Parallel.workers : 1
        current.withLock { current in
            if wanted != current {
                openblas_set_num_threads(Int32(wanted))
                current = wanted
            }
        }
    }
}
