import COpenBLAS

/// The float types the convolution, pooling and resampling kernels compute in: Float and Double.
///
/// Each names its BLAS matrix product and its sum, so one generic kernel specialized for Float calls
/// `cblas_sgemm` and `Kernels.sum` (the float32 code as it always was) and specialized for Double calls
/// `cblas_dgemm` and sums in double precision.
protocol ConvFloat: EngineFloat, SIMDScalar, Codable {
    /// `cblas_sgemm` or `cblas_dgemm`, with the same arguments.
    static func gemm(_ order: CBLAS_ORDER, _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE,
                     _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Self, _ a: UnsafePointer<Self>, _ lda: Int32,
                     _ b: UnsafePointer<Self>, _ ldb: Int32, _ beta: Self, _ c: UnsafeMutablePointer<Self>, _ ldc: Int32)
    /// The sum of `n` values.
    static func sum(_ p: UnsafePointer<Self>, _ n: Int) -> Self
    /// `dst[0..<n] = src[0..<n]` (im2col's row copy).
    static func copy(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, _ n: Int)
    /// `dst[0..<n] += src[0..<n]` (col2im's row sum).
    static func add(_ src: UnsafePointer<Self>, _ dst: UnsafeMutablePointer<Self>, _ n: Int)
}

extension Float: ConvFloat {
    @inline(__always) static func gemm(_ order: CBLAS_ORDER, _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE,
                                       _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Float, _ a: UnsafePointer<Float>,
                                       _ lda: Int32, _ b: UnsafePointer<Float>, _ ldb: Int32, _ beta: Float,
                                       _ c: UnsafeMutablePointer<Float>, _ ldc: Int32) {
        cblas_sgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    @inline(__always) static func sum(_ p: UnsafePointer<Float>, _ n: Int) -> Float { Kernels.sum(p, n) }

    /// In eight lanes: rows here are short (a few dozen values), where a `memcpy` call costs more than
    /// the copy.
    @inline(__always) static func copy(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self),
                                                        as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { dst[i] = src[i]; i += 1 }
    }

    /// In eight lanes (the compiler cannot vectorize it alone: it cannot rule out that the two overlap).
    @inline(__always) static func add(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ n: Int) {
        var i = 0
        while i + 8 <= n {
            let sum = UnsafeRawPointer(dst + i).loadUnaligned(as: SIMD8<Float>.self)
                + UnsafeRawPointer(src + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(dst + i).storeBytes(of: sum, as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { dst[i] += src[i]; i += 1 }
    }
}

extension Double: ConvFloat {
    @inline(__always) static func gemm(_ order: CBLAS_ORDER, _ transA: CBLAS_TRANSPOSE, _ transB: CBLAS_TRANSPOSE,
                                       _ m: Int32, _ n: Int32, _ k: Int32, _ alpha: Double, _ a: UnsafePointer<Double>,
                                       _ lda: Int32, _ b: UnsafePointer<Double>, _ ldb: Int32, _ beta: Double,
                                       _ c: UnsafeMutablePointer<Double>, _ ldc: Int32) {
        cblas_dgemm(order, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }

    static func sum(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
        var total: Double = 0
        for i in 0..<n { total += p[i] }
        return total
    }

    @inline(__always) static func copy(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ n: Int) {
        dst.update(from: src, count: n)
    }

    @inline(__always) static func add(_ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0..<n { dst[i] += src[i] }
    }
}
