import COpenBLAS

/// The LAPACK routines the linear-algebra functions use, in Float64, one matrix at a time.
///
/// Each takes its inputs by value (LAPACK overwrites them) and throws a ValueError naming `op` and the
/// problem when LAPACK reports one; a workspace is sized by LAPACK's own query (`lwork = -1`).
enum LAPACK {
    /// X with A·X = B, by LU with partial pivoting (`dgesv`); A must be square and nonsingular.
    static func solve(_ a: Matrix, _ b: Matrix, op: String) throws -> Matrix {
        var a = a, b = b
        var n = Int32(a.rows), nrhs = Int32(b.cols), lda = a.leading, ldb = b.leading, info: Int32 = 0
        var pivots = [Int32](repeating: 0, count: Swift.max(1, a.rows))
        dgesv_(&n, &nrhs, &a.data, &lda, &pivots, &b.data, &ldb, &info)
        if info > 0 { throw singular(op, column: Int(info)) }
        return b
    }

    /// The error for an exactly singular matrix, whose LU factor has a zero pivot in `column` (1-based).
    static func singular(_ op: String, column: Int) -> TensorError {
        TensorError.value("\(op): the matrix is singular (its LU factorization has a zero pivot in column \(column))")
    }

    /// The LU factorization `dgetrf` leaves in place (L below the diagonal, U on and above it), the row
    /// interchanges (1-based) and the first zero pivot (1-based; 0 when there is none).
    static func lu(_ a: Matrix) -> (lu: Matrix, pivots: [Int32], zeroPivot: Int) {
        var a = a
        var m = Int32(a.rows), n = Int32(a.cols), lda = a.leading, info: Int32 = 0
        var pivots = [Int32](repeating: 0, count: Swift.max(1, Swift.min(a.rows, a.cols)))
        dgetrf_(&m, &n, &a.data, &lda, &pivots, &info)
        return (a, pivots, Int(info))
    }

    /// The lower Cholesky factor L with A = L·Lᵀ (`dpotrf`), reading only A's lower triangle.
    static func cholesky(_ a: Matrix, op: String) throws -> Matrix {
        var a = a
        var n = Int32(a.rows), lda = a.leading, info: Int32 = 0
        var uplo = CChar(UInt8(ascii: "L"))
        dpotrf_(&uplo, &n, &a.data, &lda, &info, 1)
        if info > 0 {
            throw TensorError.value("\(op): the matrix is not positive-definite (its leading minor of order \(info) is not positive)")
        }
        return a.lower()
    }

    /// The reduced QR factorization (`dgeqrf`, then `dorgqr`): Q is m × k with orthonormal columns and R
    /// is k × n upper triangular, k = min(m, n).
    static func qr(_ a: Matrix) -> (q: Matrix, r: Matrix) {
        let m = a.rows, n = a.cols, k = Swift.min(m, n)
        var a = a
        var mm = Int32(m), nn = Int32(n), kk = Int32(k), lda = a.leading, info: Int32 = 0
        var tau = [Double](repeating: 0, count: Swift.max(1, k))
        var query = 0.0, lwork: Int32 = -1
        dgeqrf_(&mm, &nn, &a.data, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(Swift.max(1, Int(query)))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgeqrf_(&mm, &nn, &a.data, &lda, &tau, &work, &lwork, &info)
        let r = a.rowsPrefix(k).upper()
        var q = a.columns(k)
        guard k > 0 else { return (q, r) }
        lwork = -1
        dorgqr_(&mm, &kk, &kk, &q.data, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(Swift.max(1, Int(query)))
        work = [Double](repeating: 0, count: Int(lwork))
        dorgqr_(&mm, &kk, &kk, &q.data, &lda, &tau, &work, &lwork, &info)
        return (q, r)
    }

    /// Which factors `svd` computes.
    enum SVDVectors: UInt8 {
        /// U is m × m and Vᵀ n × n.
        case full = 65   // "A"
        /// U is m × k and Vᵀ k × n, k = min(m, n).
        case reduced = 83   // "S"
        /// Only the singular values.
        case none = 78   // "N"
    }

    /// A = U·diag(S)·Vᵀ by divide and conquer (`dgesdd`); S descending.
    static func svd(_ a: Matrix, _ vectors: SVDVectors, op: String) throws -> (u: Matrix, s: [Double], vt: Matrix) {
        let m = a.rows, n = a.cols, k = Swift.min(m, n)
        let uCols = vectors == .full ? m : vectors == .reduced ? k : 0
        let vtRows = vectors == .full ? n : vectors == .reduced ? k : 0
        if k == 0 {
            let full = vectors == .full
            return (full ? .identity(m) : Matrix(zeros: m, uCols), [], full ? .identity(n) : Matrix(zeros: vtRows, n))
        }
        var a = a
        var u = Matrix(zeros: uCols == 0 ? 0 : m, uCols), vt = Matrix(zeros: vtRows, vtRows == 0 ? 0 : n)
        var s = [Double](repeating: 0, count: Swift.max(1, k))
        var jobz = CChar(vectors.rawValue)
        var mm = Int32(m), nn = Int32(n), lda = a.leading, ldu = Int32(Swift.max(1, m)), ldvt = Int32(Swift.max(1, vtRows))
        var info: Int32 = 0, query = 0.0, lwork: Int32 = -1
        var iwork = [Int32](repeating: 0, count: Swift.max(1, 8 * k))
        if u.data.isEmpty { u.data = [0] }
        if vt.data.isEmpty { vt.data = [0] }
        dgesdd_(&jobz, &mm, &nn, &a.data, &lda, &s, &u.data, &ldu, &vt.data, &ldvt, &query, &lwork, &iwork, &info, 1)
        lwork = Int32(Swift.max(1, Int(query)))
        var work = [Double](repeating: 0, count: Int(lwork))
        dgesdd_(&jobz, &mm, &nn, &a.data, &lda, &s, &u.data, &ldu, &vt.data, &ldvt, &work, &lwork, &iwork, &info, 1)
        if info > 0 { throw TensorError.value("\(op): the singular value decomposition did not converge") }
        let uOut = Matrix(rows: uCols == 0 ? 0 : m, cols: uCols, data: Array(u.data.prefix(m * uCols)))
        let vtOut = Matrix(rows: vtRows, cols: vtRows == 0 ? 0 : n, data: Array(vt.data.prefix(vtRows * n)))
        return (uOut, Array(s.prefix(k)), vtOut)
    }

    /// The eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix by divide
    /// and conquer (`dsyevd`), reading only its lower triangle.
    static func eigh(_ a: Matrix, op: String) throws -> (values: [Double], vectors: Matrix) {
        let n = a.rows
        var a = a
        var jobz = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "L"))
        var nn = Int32(n), lda = a.leading, info: Int32 = 0
        var w = [Double](repeating: 0, count: Swift.max(1, n))
        var query = 0.0, lwork: Int32 = -1, iquery: Int32 = 0, liwork: Int32 = -1
        if a.data.isEmpty { return ([], a) }
        dsyevd_(&jobz, &uplo, &nn, &a.data, &lda, &w, &query, &lwork, &iquery, &liwork, &info, 1, 1)
        lwork = Int32(Swift.max(1, Int(query)))
        liwork = Swift.max(1, iquery)
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&jobz, &uplo, &nn, &a.data, &lda, &w, &work, &lwork, &iwork, &liwork, &info, 1, 1)
        if info > 0 { throw TensorError.value("\(op): the eigenvalue computation did not converge") }
        return (Array(w.prefix(n)), a)
    }

    /// The minimum-norm least-squares solution X (n × k) of A·X ≈ B by SVD (`dgelsd`); singular values
    /// at most `rcond` times the largest count as zero.
    static func lstsq(_ a: Matrix, _ b: Matrix, rcond: Double, op: String) throws -> Matrix {
        let m = a.rows, n = a.cols, k = b.cols
        var a = a
        // B's storage must hold max(m, n) rows: the solution comes back in its first n.
        let ldbRows = Swift.max(1, m, n)
        var rhs = Matrix(zeros: ldbRows, k)
        for j in 0..<k { for i in 0..<m { rhs[i, j] = b[i, j] } }
        if rhs.data.isEmpty || a.data.isEmpty { return Matrix(zeros: n, k) }
        var mm = Int32(m), nn = Int32(n), nrhs = Int32(k), lda = a.leading, ldb = Int32(ldbRows), rank: Int32 = 0
        var rcond = rcond, info: Int32 = 0, query = 0.0, lwork: Int32 = -1, iquery: Int32 = 0
        var s = [Double](repeating: 0, count: Swift.max(1, Swift.min(m, n)))
        dgelsd_(&mm, &nn, &nrhs, &a.data, &lda, &rhs.data, &ldb, &s, &rcond, &rank, &query, &lwork, &iquery, &info)
        lwork = Int32(Swift.max(1, Int(query)))
        var work = [Double](repeating: 0, count: Int(lwork)), iwork = [Int32](repeating: 0, count: Swift.max(1, Int(iquery)))
        dgelsd_(&mm, &nn, &nrhs, &a.data, &lda, &rhs.data, &ldb, &s, &rcond, &rank, &work, &lwork, &iwork, &info)
        if info > 0 { throw TensorError.value("\(op): the singular value decomposition did not converge") }
        return rhs.rowsPrefix(n)
    }
}
