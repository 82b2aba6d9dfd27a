import Foundation
import Testing
@testable import TensorEngine

extension TensorEngine {
    /// dtypes through indexing, scans, reorders, norms, sorting, counting and linear algebra: float64
    /// computes in Double forward and backward, element moves keep any dtype, positions are int64 and
    /// integer indices are read exactly.
    @Suite struct IndexingDTypes {
        func t(_ v: [Double], _ dtype: DType, shape: [Int]? = nil, grad: Bool = false) throws -> Tensor {
            try Tensor(shape: shape ?? [v.count], elements: v, dtype: dtype, requiresGrad: grad)
        }

        func ints(_ v: [Int64], shape: [Int]? = nil) throws -> Tensor {
            try Tensor(shape: shape ?? [v.count], elements: v, dtype: .int64)
        }

        /// The gradient of `sum(f(x) * w)` for float64 `x`, with w = 1, 2, 3, …
        func gradient(_ x: Tensor, _ f: (Tensor) throws -> Tensor) throws -> Tensor {
            let y = try f(x)
            let w = try Tensor(shape: y.shape, elements: (0..<y.count).map { Double($0 + 1) }, dtype: y.dtype)
            try (y * w).sum().backward()
            return try #require(x.grad)
        }

        @Test func integerIndicesBeyondFloat32AreReadExactly() throws {
            // 2^24 + 1 rounds to 2^24 in float32; byte i of the source holds i mod 256.
            let n = (1 << 24) + 2
            let source = try Tensor.filling([n], dtype: .uint8, op: "test") { bytes in
                for i in 0..<n { bytes[i] = UInt8(truncatingIfNeeded: i) }
            }
            let picked = try source.indexSelect(axis: 0, indices: ints([(1 << 24) + 1]))
            #expect(picked.dtype == .uint8)
            #expect(picked.elements(as: UInt8.self) == [1])
            #expect(try source.gather(axis: 0, index: ints([(1 << 24) + 1, 3])).elements(as: UInt8.self) == [1, 3])
        }

        @Test func gatherAndIndexSelectKeepTheSourceType() throws {
            let big = (Int64(1) << 53) + 1
            let table = try ints([big, 2, 3, 4], shape: [2, 2])
            let rows = try table.indexSelect(axis: 0, indices: ints([1, 0]))
            #expect(rows.dtype == .int64 && rows.elements(as: Int64.self) == [3, 4, big, 2])
            let g = try table.gather(axis: 1, index: ints([1, 0, 0, 0], shape: [2, 2]))
            #expect(g.elements(as: Int64.self) == [2, big, 3, 3])
            // Float indices (whole numbers) still work, as Soma's float labels do.
            #expect(try table.indexSelect(axis: 0, indices: t([1], .float64)).elements(as: Int64.self) == [3, 4])
            expectError(.type) { try table.indexSelect(axis: 0, indices: try t([1], .bool)) }
            expectError(.index) { try table.indexSelect(axis: 0, indices: try ints([2])) }
            expectError(.value) { try table.indexSelect(axis: 0, indices: try t([0.5], .float64)) }
        }

        @Test func float64GatherFamilyDifferentiatesInDouble() throws {
            let x = try t([0.1, 0.2, 0.3, 0.4], .float64, shape: [2, 2], grad: true)
            let y = try x.indexSelect(axis: 0, indices: ints([1, 1]))
            #expect(y.dtype == .float64 && y.elements(as: Double.self) == [0.3, 0.4, 0.3, 0.4])
            let dx = try gradient(x) { try $0.indexSelect(axis: 0, indices: try ints([1, 1])) }
            #expect(dx.dtype == .float64 && dx.elements(as: Double.self) == [0, 0, 4, 6])

            let w = try t([0.1, 0.2, 0.3, 0.4], .float64, shape: [2, 2], grad: true)
            let e = try Tensor.embedding(ints([1, 0, 1]), weight: w, paddingIndex: 0)
            #expect(e.dtype == .float64 && e.elements(as: Double.self) == [0.3, 0.4, 0.1, 0.2, 0.3, 0.4])
            let dw = try gradient(w) { try Tensor.embedding(try ints([1, 0, 1]), weight: $0, paddingIndex: 0) }
            #expect(dw.dtype == .float64 && dw.elements(as: Double.self) == [0, 0, 1 + 5, 2 + 6])

            let z = try t([0.1, 0.2], .float64, grad: true)
            let dz = try gradient(z) { try $0.gather(axis: 0, index: try ints([1, 1, 0])) }
            #expect(dz.dtype == .float64 && dz.elements(as: Double.self) == [3, 3])
        }

        @Test func scatterAddKeepsTheType() throws {
            let big = (Int64(1) << 53) + 1
            let out = try ints([big, 0]).scatterAdd(axis: 0, index: ints([0, 1, 1]), source: ints([2, 3, 4]))
            #expect(out.dtype == .int64 && out.elements(as: Int64.self) == [big + 2, 7])
            let d = try t([0.1, 0], .float64).scatterAdd(axis: 0, index: ints([0]), source: t([0.2], .float64))
            #expect(d.dtype == .float64 && d.elements(as: Double.self) == [0.1 + 0.2, 0])
        }

        @Test func scansComputeInTheirType() throws {
            let x = try t([0.1, 0.2, 0.3], .float64, grad: true)
            #expect(try x.cumsum(axis: 0).elements(as: Double.self) == [0.1, 0.1 + 0.2, 0.1 + 0.2 + 0.3])
            #expect(try x.cumprod(axis: 0).elements(as: Double.self) == [0.1, 0.1 * 0.2, 0.1 * 0.2 * 0.3])
            let dsum = try gradient(x) { try $0.cumsum(axis: 0) }
            #expect(dsum.dtype == .float64 && dsum.elements(as: Double.self) == [6, 5, 3])
            let y = try t([0.1, 0.2, 0.3], .float64, grad: true)
            let dprod = try gradient(y) { try $0.cumprod(axis: 0) }
            #expect(dprod.dtype == .float64)
            #expect(dprod.elements(as: Double.self)[2] == 3 * (0.1 * 0.2))
            // Integers and bools scan exactly into int64; float16 keeps its type.
            let big = (Int64(1) << 53) + 1
            #expect(try ints([big, 1]).cumsum(axis: 0).elements(as: Int64.self) == [big, big + 1])
            #expect(try t([1, 2, 3], .int32).cumprod(axis: 0).dtype == .int64)
            #expect(try t([1, 0, 1], .bool).cumsum(axis: 0).elements(as: Int64.self) == [1, 1, 2])
            #expect(try t([1, 2], .float16).cumsum(axis: 0).dtype == .float16)
        }

        @Test func reordersKeepAnyType() throws {
            let big = (Int64(1) << 53) + 1
            let m = try ints([big, 2, 3, 4], shape: [2, 2])
            #expect(try m.flip([0]).elements(as: Int64.self) == [3, 4, big, 2])
            #expect(try m.roll([1], axes: [1]).elements(as: Int64.self) == [2, big, 4, 3])
            #expect(try m.tril().elements(as: Int64.self) == [big, 0, 3, 4])
            #expect(try m.triu().elements(as: Int64.self) == [big, 2, 0, 4])
            #expect(try m.diag().elements(as: Int64.self) == [big, 4])
            #expect(try m.repeatInterleave([2], axis: 0).elements(as: Int64.self) == [big, 2, big, 2, 3, 4, 3, 4])
            let b = try t([1, 0], .bool)
            #expect(try b.diag().elements(as: Bool.self) == [true, false, false, false])
            #expect(try b.flip([0]).dtype == .bool)
            let x = try t([0.1, 0.2, 0.3, 0.4], .float64, shape: [2, 2], grad: true)
            let dx = try gradient(x) { try $0.flip([1]).tril() }
            #expect(dx.dtype == .float64 && dx.elements(as: Double.self) == [0, 1, 4, 3])
        }

        @Test func normsComputeInDouble() throws {
            let x = try t([0.1, -0.2, 1e-200], .float64, grad: true)
            let n1 = try x.norm(.p(1))
            #expect(n1.dtype == .float64 && n1.elements(as: Double.self) == [0.1 + 0.2 + 1e-200])
            let n2 = try x.norm()
            #expect(n2.elements(as: Double.self) == [(0.1 * 0.1 + 0.2 * 0.2 + 1e-200 * 1e-200).squareRoot()])
            let dx = try gradient(x) { try $0.norm() }
            #expect(dx.dtype == .float64)
            #expect(Swift.abs(dx.elements(as: Double.self)[0] - 0.1 / n2.elements(as: Double.self)[0]) < 1e-15)
            // The order is a Double: 0.3 is not rounded to float32.
            let n3 = try t([2], .float64).norm(.p(0.3)).elements(as: Double.self)[0]
            #expect(n3 == Foundation.pow(Foundation.pow(2, 0.3), 1 / 0.3))
            #expect(try Tensor.cdist(t([0.1, 0.2], .float64, shape: [1, 2]), t([0, 0], .float64, shape: [1, 2])).dtype == .float64)
            #expect(try t([3, 4], .int64).norm().dtype == .float32)
            #expect(try t([3, 4], .float16).norm().dtype == .float16)
        }

        @Test func sortsCompareInTheirTypeAndGiveInt64Positions() throws {
            // Equal in float32, ordered in float64.
            let x = try t([1 + 1e-12, 1], .float64, grad: true)
            let (values, indices) = try x.sort()
            #expect(values.dtype == .float64 && values.elements(as: Double.self) == [1, 1 + 1e-12])
            #expect(indices.dtype == .int64 && indices.elements(as: Int64.self) == [1, 0])
            #expect(try x.argsort(descending: true).elements(as: Int64.self) == [0, 1])
            let dx = try gradient(x) { try $0.sort().values }
            #expect(dx.dtype == .float64 && dx.elements(as: Double.self) == [2, 1])
            let big = (Int64(1) << 53) + 1
            let top = try ints([big - 1, big, 5]).topk(2)
            #expect(top.values.dtype == .int64 && top.values.elements(as: Int64.self) == [big, big - 1])
            #expect(top.indices.dtype == .int64 && top.indices.elements(as: Int64.self) == [1, 0])
        }

        @Test func countingOpsGivePyTorchsTypes() throws {
            let big = (Int64(1) << 53) + 1
            let u = try ints([big, 2, big]).unique(returnInverse: true, returnCounts: true)
            #expect(u.values.dtype == .int64 && u.values.elements(as: Int64.self) == [2, big])
            #expect(u.inverse?.dtype == .int64 && u.inverse?.elements(as: Int64.self) == [1, 0, 1])
            #expect(u.counts?.elements(as: Int64.self) == [1, 2])
            #expect(try t([1 + 1e-12, 1], .float64).unique().values.elements(as: Double.self) == [1, 1 + 1e-12])

            let counts = try ints([0, 2, 2]).bincount()
            #expect(counts.dtype == .int64 && counts.elements(as: Int64.self) == [1, 0, 2])
            let weighted = try ints([0, 0]).bincount(weights: t([0.1, 0.2], .float64))
            #expect(weighted.dtype == .float64 && weighted.elements(as: Double.self) == [0.1 + 0.2])
            #expect(try ints([0]).bincount(weights: t([1], .float32)).dtype == .float32)

            let s = try ints([1, big, big + 1]).searchsorted(ints([big]))
            #expect(s.dtype == .int64 && s.elements(as: Int64.self) == [1])
            #expect(try t([0, 1e-12], .float64).searchsorted(t([1e-13], .float64)).elements(as: Int64.self) == [1])

            let nz = try t([0, 1e-50, 0, 1], .float64, shape: [2, 2]).nonzero()
            #expect(nz.dtype == .int64 && nz.elements(as: Int64.self) == [0, 1, 1, 1])

            let h = try t([0.1, 0.2, 0.9], .float64).histc(bins: 2, min: 0, max: 1)
            #expect(h.dtype == .float64 && h.elements(as: Double.self) == [2, 1])
            #expect(try t([1, 2], .int64).histc(bins: 2).dtype == .float32)
        }

        @Test func linearAlgebraKeepsFloat64() throws {
            let a = try t([2, 1, 1, 3], .float64, shape: [2, 2], grad: true)
            let inverse = try Linalg.inv(a)
            #expect(inverse.dtype == .float64)
            let expected: [Double] = [3.0 / 5, -1.0 / 5, -1.0 / 5, 2.0 / 5]
            for (v, e) in zip(inverse.elements(as: Double.self), expected) { #expect(Swift.abs(v - e) < 1e-15) }
            let det = try Linalg.det(a)
            #expect(det.dtype == .float64 && Swift.abs(det.elements(as: Double.self)[0] - 5) < 1e-14)
            let da = try gradient(a) { try Linalg.det($0) }
            #expect(da.dtype == .float64)
            let x = try Linalg.solve(a, t([1, 0.1], .float64))
            #expect(x.dtype == .float64)
            #expect(Swift.abs(x.elements(as: Double.self)[1] + 0.16) < 1e-15)
            #expect(try Linalg.svdvals(a).dtype == .float64)
            #expect(try Linalg.eigh(a).eigenvalues.dtype == .float64)
            #expect(try Linalg.qr(a).R.dtype == .float64)
            #expect(try Linalg.pinv(a).dtype == .float64)
            #expect(try Linalg.cholesky(a).dtype == .float64)
            #expect(try Linalg.slogdet(a).logabsdet.dtype == .float64)
            #expect(try Linalg.lstsq(a, t([1, 0.1], .float64)).dtype == .float64)
            // Other types: the 16-bit floats round back, integers give float32; ranks are int64.
            #expect(try Linalg.inv(t([2, 0, 0, 4], .float16, shape: [2, 2])).dtype == .float16)
            #expect(try Linalg.inv(t([2, 0, 0, 4], .int64, shape: [2, 2])).elements(as: Float.self) == [0.5, 0, 0, 0.25])
            #expect(try Linalg.matrixRank(t([1, 2, 2, 4], .float64, shape: [2, 2])).elements(as: Int64.self) == [1])
        }

        @Test func clampUsesTheExactDoubleBounds() throws {
            let x = try t([1, -1, 0.5], .float64, grad: true)
            let y = try x.clamp(min: -0.3, max: 0.7)
            #expect(y.dtype == .float64 && y.elements(as: Double.self) == [0.7, -0.3, 0.5])
            let dx = try gradient(x) { try $0.clamp(min: -0.3, max: 0.7) }
            #expect(dx.dtype == .float64 && dx.elements(as: Double.self) == [0, 0, 3])
            // float32 tensors clamp at the float32 bound, as before.
            #expect(try Tensor(shape: [1], values: [1]).clamp(max: 0.7).values == [Float(0.7)])
            // Integers stay integers with whole bounds, as in PyTorch; a fractional bound gives float32.
            let big = (Int64(1) << 53) + 1
            let i = try ints([-3, 2, big])
            #expect(try i.clamp(min: 0).elements(as: Int64.self) == [0, 2, big])
            #expect(try i.clamp(min: 0, max: 5).elements(as: Int64.self) == [0, 2, 5])
            #expect(try i.clamp(min: 0.5).dtype == .float32)
        }

        @Test func noOpCrashesOnOtherTypes() throws {
            for dtype in [DType.int64, .int32, .uint8, .bool, .float16, .bfloat16] {
                let m = try t([1, 0, 1, 1], dtype, shape: [2, 2])
                let i = try ints([1, 0])
                #expect(try m.indexSelect(axis: 0, indices: i).dtype == dtype)
                #expect(try m.gather(axis: 1, index: ints([0, 0, 1, 1], shape: [2, 2])).dtype == dtype)
                #expect(try m.flip([0]).dtype == dtype)
                #expect(try m.roll([1]).dtype == dtype)
                #expect(try m.triu().dtype == dtype)
                #expect(try m.diag().dtype == dtype)
                #expect(try m.repeatInterleave([2]).dtype == dtype)
                #expect(try m.sort().values.dtype == dtype)
                #expect(try m.topk(1).indices.dtype == .int64)
                #expect(try m.unique().values.dtype == dtype)
                #expect(try m.nonzero().dtype == .int64)
                #expect(try m.scatterAdd(axis: 0, index: ints([0, 1], shape: [1, 2]), source: t([1, 1], dtype, shape: [1, 2])).dtype == dtype)
                #expect(try Tensor.einsum("ii->i", [m]).dtype == dtype)
                _ = try m.norm()
                _ = try m.cumsum(axis: 1)
                _ = try m.histc(bins: 3)
                _ = try m.flatten().searchsorted(m.flatten())
                _ = try Linalg.svdvals(m)
            }
        }
    }
}
