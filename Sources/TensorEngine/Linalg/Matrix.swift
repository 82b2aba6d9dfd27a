import COpenBLAS

/// A dense Float64 matrix in column-major order, LAPACK's layout: the working form of one matrix of a
/// batch while a linear-algebra routine factors it, and of the gradient rules, which run in Float64 too.
struct Matrix {
    let rows: Int
    let cols: Int
    /// Element (i, j) is `data[j * rows + i]`.
    var data: [Double]

    init(rows: Int, cols: Int, data: [Double]) {
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// A matrix of zeros.
    init(zeros rows: Int, _ cols: Int) {
        self.init(rows: rows, cols: cols, data: Array(repeating: 0, count: rows * cols))
    }

    /// The n × n identity.
    static func identity(_ n: Int) -> Matrix {
        var m = Matrix(zeros: n, n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// The square matrix with `values` on its diagonal.
    static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(zeros: values.count, values.count)
        for (i, v) in values.enumerated() { m[i, i] = v }
        return m
    }

    subscript(i: Int, j: Int) -> Double {
        get { data[j * rows + i] }
        set { data[j * rows + i] = newValue }
    }

    /// LAPACK's leading dimension: at least 1 even for an empty matrix.
    var leading: Int32 { Int32(Swift.max(1, rows)) }

    var transposed: Matrix {
        var t = Matrix(zeros: cols, rows)
        for j in 0..<cols { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }

    /// The first `k` columns.
    func columns(_ k: Int) -> Matrix { columns(0..<k) }

    /// The columns in `range`.
    func columns(_ range: Range<Int>) -> Matrix {
        Matrix(rows: rows, cols: range.count, data: Array(data[(range.lowerBound * rows)..<(range.upperBound * rows)]))
    }

    /// This matrix with `other`'s columns after its own.
    func appending(columns other: Matrix) -> Matrix {
        Matrix(rows: rows, cols: cols + other.cols, data: data + other.data)
    }

    /// The first `k` rows.
    func rowsPrefix(_ k: Int) -> Matrix {
        var out = Matrix(zeros: k, cols)
        for j in 0..<cols { for i in 0..<k { out[i, j] = self[i, j] } }
        return out
    }

    /// The lower triangle (`strict`: without the diagonal); the rest zero.
    func lower(strict: Bool = false) -> Matrix {
        var out = Matrix(zeros: rows, cols)
        for j in 0..<cols { for i in 0..<rows where strict ? i > j : i >= j { out[i, j] = self[i, j] } }
        return out
    }

    /// The upper triangle; the rest zero.
    func upper() -> Matrix {
        var out = Matrix(zeros: rows, cols)
        for j in 0..<cols { for i in 0..<rows where i <= j { out[i, j] = self[i, j] } }
        return out
    }

    static func + (a: Matrix, b: Matrix) -> Matrix {
        Matrix(rows: a.rows, cols: a.cols, data: zip(a.data, b.data).map { $0 + $1 })
    }

    static func - (a: Matrix, b: Matrix) -> Matrix {
        Matrix(rows: a.rows, cols: a.cols, data: zip(a.data, b.data).map { $0 - $1 })
    }

    static func * (a: Matrix, s: Double) -> Matrix {
        Matrix(rows: a.rows, cols: a.cols, data: a.data.map { $0 * s })
    }

    /// Elementwise product.
    func hadamard(_ b: Matrix) -> Matrix {
        Matrix(rows: rows, cols: cols, data: zip(data, b.data).map { $0 * $1 })
    }

    /// The matrix product through `cblas_dgemm`.
    static func * (a: Matrix, b: Matrix) -> Matrix {
        var out = Matrix(zeros: a.rows, b.cols)
        guard a.rows > 0, b.cols > 0, a.cols > 0 else { return out }
        let ldo = out.leading
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                out.data.withUnsafeMutableBufferPointer { po in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(a.rows), Int32(b.cols), Int32(a.cols),
                                1, pa.baseAddress, a.leading, pb.baseAddress, b.leading, 0, po.baseAddress, ldo)
                }
            }
        }
        return out
    }
}
