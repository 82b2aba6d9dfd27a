import Foundation
import Testing
@testable import TensorEngine

extension TensorEngine {
    /// dtypes: PyTorch's promotion and casts, and ops that keep or change the type as PyTorch's do.
    @Suite struct DTypes {
        func t(_ v: [Double], _ dtype: DType, shape: [Int]? = nil) throws -> Tensor {
            try Tensor(shape: shape ?? [v.count], elements: v, dtype: dtype)
        }

        @Test func promotionFollowsTorchPromoteTypes() {
            // Values from torch.promote_types.
            let cases: [(DType, DType, DType)] = [
                (.int64, .float32, .float32), (.float32, .float64, .float64), (.float16, .bfloat16, .float32),
                (.uint8, .int8, .int16), (.uint8, .int32, .int32), (.bool, .int8, .int8), (.bool, .float16, .float16),
                (.int32, .int64, .int64), (.float16, .float32, .float32), (.int64, .float16, .float16),
            ]
            for (a, b, r) in cases {
                #expect(DType.promote(a, b) == r, "\(a) with \(b)")
                #expect(DType.promote(b, a) == r, "\(b) with \(a)")
            }
        }

        @Test func numbersAndScalarsPromoteByCategory() throws {
            let i = try t([1, 2], .int64), f = try t([1, 2], .float32), d = try t([1, 2], .float64), b = try t([1, 0], .bool)
            #expect(Tensor.resultType(i, .number(2)) == .int64)
            #expect(Tensor.resultType(i, .number(2.5)) == .float32)
            #expect(Tensor.resultType(b, .number(2)) == .int64)
            #expect(Tensor.resultType(d, .number(0.1)) == .float64)
            #expect(Tensor.resultType(f, try t([1], .float64, shape: [])) == .float32)
            #expect(Tensor.resultType(i, try t([1], .float64, shape: [])) == .float64)
            #expect(Tensor.resultType(f, d) == .float64)
            // The exact double goes into a float64 computation.
            #expect(try (d * .number(0.1)).elements(as: Double.self) == [0.1, 0.2])
        }

        @Test func castsMatchPyTorch() throws {
            let x = try t([300, -1, 2.7, -2.7, .nan, 1e30], .float64)
            #expect(try x.to(.uint8).elements(as: UInt8.self) == [44, 255, 2, 254, 0, 0])
            #expect(try x.to(.int64).elements(as: Int64.self) == [300, -1, 2, -2, Int64.min, Int64.min])
            #expect(try x.to(.bool).elements(as: Bool.self) == [true, true, true, true, true, true])
            let big = try Tensor(shape: [1], elements: [Int64(1) << 62 + 1], dtype: .int64)
            #expect(try big.to(.int64).elements(as: Int64.self) == [(Int64(1) << 62) + 1])
            #expect(BFloat16(1.00390625).floatValue == 1)        // a tie rounds to even
            #expect(BFloat16(1.01171875).floatValue == 1.015625)
            #expect(BFloat16(Float.nan).floatValue.isNaN)
        }

        @Test func float64ArithmeticKeepsDoublePrecision() throws {
            let a = try t([0.1, 1e-12], .float64), b = try t([0.2, 1], .float64)
            let s = try a + b
            #expect(s.dtype == .float64)
            #expect(s.elements(as: Double.self) == [0.1 + 0.2, 1 + 1e-12])
            #expect(try (a * b).elements(as: Double.self) == [0.1 * 0.2, 1e-12])
            #expect(try a.exp().elements(as: Double.self) == [Foundation.exp(0.1), Foundation.exp(1e-12)])
            #expect(try a.tanh().dtype == .float64)
            #expect(a.sum().elements(as: Double.self) == [0.1 + 1e-12])
            #expect(try (a.mean()).elements(as: Double.self) == [(0.1 + 1e-12) / 2])
        }

        @Test func integerArithmeticIsExact() throws {
            let big = Double(1 << 53)
            let a = try Tensor(shape: [3], elements: [Int64(1) << 53, -7, 7], dtype: .int64)
            let b = try Tensor(shape: [3], elements: [Int64(1), 2, -2], dtype: .int64)
            #expect(try (a + b).elements(as: Int64.self) == [(Int64(1) << 53) + 1, -5, 5])
            #expect(try (a * b).dtype == .int64)
            #expect(try a.floorDivide(b).elements(as: Int64.self) == [Int64(1) << 53, -4, -4])
            #expect(try a.remainder(b).elements(as: Int64.self) == [0, 1, -1])
            // True division of integers gives float32, as in PyTorch.
            #expect(try (a / b).dtype == .float32)
            #expect(try (a + .number(2)).dtype == .int64)
            #expect(try (a * .number(0.5)).dtype == .float32)
            #expect(a.sum().elements(as: Int64.self) == [(Int64(1) << 53)])
            #expect(big == 9007199254740992)
            #expect(throws: TensorError.self) { try a.floorDivide(try Tensor(shape: [1], elements: [Int64(0)], dtype: .int64)) }
        }

        @Test func comparisonsGiveBoolAndBoolsCount() throws {
            let a = try t([1, 2, 3], .float32), b = try t([3, 2, 1], .int64)
            let m = try a < b
            #expect(m.dtype == .bool)
            #expect(m.elements(as: Bool.self) == [true, false, false])
            #expect(m.sum().dtype == .int64)
            #expect(m.sum().elements(as: Int64.self) == [1])
            #expect(try (a == a).mean().item() == 1)
            #expect(try (m * m).dtype == .bool)
            #expect(throws: TensorError.self) { try m - m }
            let w = try Tensor.where(m, try t([10, 20, 30], .float64), .number(0))
            #expect(w.dtype == .float64)
            #expect(w.elements(as: Double.self) == [10, 0, 0])
        }

        @Test func movementOpsKeepTheType() throws {
            let x = try Tensor(shape: [2, 3], elements: [Int64(1) << 60, 2, 3, 4, 5, 6], dtype: .int64)
            #expect(try x.transpose().dtype == .int64)
            #expect(try x.transpose().elements(as: Int64.self) == [Int64(1) << 60, 4, 2, 5, 3, 6])
            #expect(try x.expand(to: [2, 2, 3]).dtype == .int64)
            #expect(try x[.all, .slice(1, nil, 1)].elements(as: Int64.self) == [2, 3, 5, 6])
            let y = try x.replacing([.at(0)], with: .number(7.9))
            #expect(y.dtype == .int64)
            #expect(y.elements(as: Int64.self) == [7, 7, 7, 4, 5, 6])
        }

        @Test func float64GradientsAreDoubleAndCastBack() throws {
            let x = try t([0.3, -1.2, 2.0], .float64)
            x.requiresGrad = true
            let y = try (x.tanh() * x.exp() + x.pow(3)).sum()
            try y.backward()
            let g = try #require(x.grad)
            #expect(g.dtype == .float64)
            let expected = [0.3, -1.2, 2.0].map { v in
                (1 - Foundation.tanh(v) * Foundation.tanh(v)) * Foundation.exp(v) + Foundation.tanh(v) * Foundation.exp(v) + 3 * v * v
            }
            for (a, b) in zip(g.elements(as: Double.self), expected) { #expect(Swift.abs(a - b) <= 1e-14 * Swift.max(1, Swift.abs(b))) }
            // A float32 leaf in a float64 computation gets a float32 gradient.
            let w = try Tensor(shape: [3], values: [1, 2, 3], requiresGrad: true)
            try (w * x).sum().backward()
            #expect(w.grad?.dtype == .float32)
        }
    }
}

extension TensorEngine {
    /// Products, reductions and lane ops in float64 and the index results in int64.
    @Suite struct DTypeOps {
        @Test func float64MatmulUsesDoublePrecision() throws {
            let a = try Tensor(shape: [2, 2], elements: [1 + 1e-10, 1, 1, 1], dtype: .float64)
            let b = try Tensor(shape: [2, 1], elements: [1.0, -1], dtype: .float64)
            let p = try a.matmul(b)
            #expect(p.dtype == .float64)
            #expect(p.elements(as: Double.self)[0] == (1 + 1e-10) - 1)
            // A float64 batch through `linear` keeps float64 and its gradients.
            let w = try Tensor(shape: [3, 2], elements: [0.5, -0.25, 1, 2, 0, 1e-9], dtype: .float64)
            w.requiresGrad = true
            let y = try Tensor.linear(a, weight: w, bias: nil)
            #expect(y.dtype == .float64)
            try y.sum().backward()
            #expect(w.grad?.dtype == .float64)
            let column: Double = 2 + 1e-10
            #expect(w.grad?.elements(as: Double.self) == [column, 2, column, 2, column, 2])
            // Integers multiply exactly and stay integers.
            let i = try Tensor(shape: [1, 2], elements: [Int64(3), 4], dtype: .int64)
            #expect(try i.matmul(try i.transpose()).elements(as: Int64.self) == [25])
            #expect(try i.matmul(try i.transpose()).dtype == .int64)
        }

        @Test func indicesAreInt64AndExtremaKeepTheType() throws {
            let x = try Tensor(shape: [2, 3], elements: [Int64(5), 9, 9, -1, -7, 3], dtype: .int64)
            let am = try x.argmax(axis: 1)
            #expect(am.dtype == .int64)
            #expect(am.elements(as: Int64.self) == [1, 2])
            #expect(try x.max(axis: 1).dtype == .int64)
            #expect(try x.max(axis: 1).elements(as: Int64.self) == [9, 3])
            #expect(try x.min().elements(as: Int64.self) == [-7])
            let f = try Tensor(shape: [3], values: [0.5, 2, 1])
            #expect(try f.argmax().dtype == .int64)
        }

        @Test func softmaxInFloat64SumsToOneInDouble() throws {
            let x = try Tensor(shape: [1, 3], elements: [1000, 1001, 999.0], dtype: .float64)
            let ls = try x.logSoftmax(axis: 1)
            #expect(ls.dtype == .float64)
            let expected = [1000.0, 1001, 999].map { $0 - 1001 - Foundation.log(Foundation.exp(-1) + 1 + Foundation.exp(-2)) }
            for (a, b) in zip(ls.elements(as: Double.self), expected) { #expect(Swift.abs(a - b) < 1e-13) }
            #expect(Swift.abs(try x.softmax(axis: 1).sum().itemValue() - 1) < 1e-15)
        }

        @Test func concatPromotesAndKeepsTheGradientType() throws {
            let a = try Tensor(shape: [2], values: [1, 2], requiresGrad: true)
            let b = try Tensor(shape: [1], elements: [0.1], dtype: .float64)
            let c = try Tensor.concat([a, b])
            #expect(c.dtype == .float64)
            #expect(c.elements(as: Double.self) == [1, 2, 0.1])
            try c.sum().backward()
            #expect(a.grad?.dtype == .float32)
            #expect(a.grad?.values == [1, 1])
            let bools = try Tensor.concat([try Tensor(shape: [1], elements: [true], dtype: .bool),
                                           try Tensor(shape: [1], elements: [false], dtype: .bool)])
            #expect(bools.dtype == .bool)
        }
    }
}
