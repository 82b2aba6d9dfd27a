import Foundation
import Testing
@testable import TensorEngine

/// The fused normalizations, attention and GELU in each dtype: float64 in Double forward and backward,
/// float16 computed in float32 and rounded back, integer and bool inputs in float32.
@Suite struct NormalizationDTypes {
    typealias C = Float64Check

    @Test func layerNormComputesInDouble() throws {
        let x = try C.tensor([3, 4], seed: 1), w = try C.tensor([4], seed: 2), b = try C.tensor([4], seed: 3)
        let y = try Tensor.layerNorm(x, normalizedShape: [4], weight: w, bias: b, eps: 1e-5)
        #expect(y.dtype == .float64)
        // The formula by hand in Double.
        let xv = x.elements(as: Double.self), wv = w.elements(as: Double.self), bv = b.elements(as: Double.self)
        var expected: [Double] = []
        for r in 0..<3 {
            let row = Array(xv[(r * 4)..<(r * 4 + 4)])
            let mu = row.reduce(0, +) / 4
            let variance = row.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 4
            expected += (0..<4).map { (row[$0] - mu) / (variance + 1e-5).squareRoot() * wv[$0] + bv[$0] }
        }
        #expect(zip(y.elements(as: Double.self), expected).allSatisfy { Swift.abs($0 - $1) < 1e-14 })
        try C.gradients([x, w, b]) { try Tensor.layerNorm($0[0], normalizedShape: [4], weight: $0[1], bias: $0[2]) }
        try C.gradients([x]) { try Tensor.rmsNorm($0[0], normalizedShape: [4]) }
    }

    @Test func groupInstanceAndLocalResponseNormComputeInDouble() throws {
        let x = try C.tensor([2, 4, 3], seed: 4), w = try C.tensor([4], seed: 5), b = try C.tensor([4], seed: 6)
        try C.gradients([x, w, b]) { try Tensor.groupNorm($0[0], numGroups: 2, weight: $0[1], bias: $0[2], eps: 0.01) }
        try C.gradients([x, w, b]) { try Tensor.instanceNorm($0[0], weight: $0[1], bias: $0[2]) }
        try C.gradients([x]) { try Tensor.localResponseNorm($0[0], size: 3, alpha: 0.3, beta: 0.7, k: 1.3) }
    }

    @Test func batchNormComputesInDoubleAndUpdatesStatisticsInTheirType() throws {
        let x = try C.tensor([4, 3, 2], seed: 7), w = try C.tensor([3], seed: 8), b = try C.tensor([3], seed: 9)
        try C.gradients([x, w, b]) { t in
            try Tensor.batchNorm(t[0], runningMean: nil, runningVar: nil, weight: t[1], bias: t[2], training: true)
        }
        // float64 statistics move toward the batch's in Double; float32 ones stay float32.
        let mean64 = try Tensor.constant([3], 0, dtype: .float64), var64 = try Tensor.constant([3], 1, dtype: .float64)
        let mean32 = try Tensor.zeros([3]), var32 = try Tensor.full([3], 1)
        _ = try Tensor.batchNorm(x, runningMean: mean64, runningVar: var64, weight: nil, bias: nil, training: true, momentum: 0.3)
        _ = try Tensor.batchNorm(x, runningMean: mean32, runningVar: var32, weight: nil, bias: nil, training: true, momentum: 0.3)
        #expect(mean64.dtype == .float64 && var64.dtype == .float64 && mean32.dtype == .float32)
        let batchMean = try x.mean(axes: [0, 2]).elements(as: Double.self)
        #expect(zip(mean64.elements(as: Double.self), batchMean).allSatisfy { Swift.abs($0 - 0.3 * $1) < 1e-15 })
        // Evaluation reads the running statistics in Double.
        let eval = try Tensor.batchNorm(x, runningMean: mean64, runningVar: var64, weight: nil, bias: nil, training: false)
        #expect(eval.dtype == .float64)
        try C.gradients([x]) { t in
            try Tensor.batchNorm(t[0], runningMean: mean64, runningVar: var64, weight: nil, bias: nil, training: false)
        }
    }

    @Test func attentionComputesInDoubleWithTheFusedKernelsMasking() throws {
        let q = try C.tensor([2, 4, 3, 3], seed: 10), k = try C.tensor([2, 2, 5, 3], seed: 11), v = try C.tensor([2, 2, 5, 2], seed: 12)
        // A mask that hides every key from one query: its output is 0, as the fused kernel gives.
        var hidden = [Double](repeating: 1, count: 3 * 5)
        for j in 0..<5 { hidden[5 + j] = 0 }
        hidden[2] = 0
        let mask = try Tensor(shape: [3, 5], elements: hidden, dtype: .bool)
        for (causal, window, m) in [(false, nil, nil), (true, nil, nil), (true, 2, nil), (false, nil, mask)] as [(Bool, Int?, Tensor?)] {
            func attend(_ t: [Tensor]) throws -> Tensor {
                try Tensor.scaledDotProductAttention(t[0], t[1], t[2], causal: causal, window: window, attnMask: m, scale: 0.3)
            }
            try C.gradients([q, k, v], attend)
            // The same attention in float32 agrees to float32's precision.
            let y64 = try attend([q, k, v]), y32 = try attend([try q.to(.float32), try k.to(.float32), try v.to(.float32)])
            #expect(y32.dtype == .float32)
            #expect(try C.distance(y64, y32) < 1e-5)
        }
        // The batch-first layout of multi-head attention.
        let qb = try C.tensor([2, 3, 6], seed: 13), kb = try C.tensor([2, 4, 3], seed: 14), vb = try C.tensor([2, 4, 3], seed: 15)
        func heads(_ t: [Tensor]) throws -> Tensor {
            try Tensor.multiHeadAttention(query: t[0], key: t[1], value: t[2], heads: 2, kvHeads: 1, causal: true)
        }
        try C.gradients([qb, kb, vb], heads)
        let y32 = try heads([try qb.to(.float32), try kb.to(.float32), try vb.to(.float32)])
        #expect(try C.distance(try heads([qb, kb, vb]), y32) < 1e-5)
    }

    @Test func geluComputesInDouble() throws {
        let x = try C.tensor([10], seed: 16, scale: 3)
        let y = try x.gelu(), xv = x.elements(as: Double.self)
        #expect(y.dtype == .float64)
        #expect(zip(y.elements(as: Double.self), xv).allSatisfy { y, v in Swift.abs(y - v * 0.5 * (1 + erf(v / 2.0.squareRoot()))) < 1e-15 })
        try C.gradients([x]) { try $0[0].gelu() }
        try C.gradients([x]) { try $0[0].gelu(approximate: .tanh) }
    }

    @Test func otherTypesComputeInFloat32AndKeepTheirFloatingType() throws {
        let values: [Double] = [-1.5, 0, 0.5, 2, 1, -0.25, 3, -2]
        for dtype in [DType.float16, .bfloat16, .int64, .bool] {
            let x = try Tensor(shape: [2, 4], elements: values, dtype: dtype)
            let expected: DType = dtype.isFloatingPoint ? dtype : .float32
            let results: [(String, Tensor)] = [
                ("layerNorm", try Tensor.layerNorm(x, normalizedShape: [4])),
                ("rmsNorm", try Tensor.rmsNorm(x, normalizedShape: [4])),
                ("groupNorm", try Tensor.groupNorm(x.reshape([2, 2, 2]), numGroups: 1)),
                ("localResponseNorm", try Tensor.localResponseNorm(x.reshape([2, 2, 2]), size: 2)),
                ("batchNorm", try Tensor.batchNorm(x, runningMean: nil, runningVar: nil, weight: nil, bias: nil, training: true)),
                ("attention", try Tensor.scaledDotProductAttention(x, x, x)),
                ("gelu", try x.gelu()),
                ("dropout", try x.dropout(p: 0.5)),
            ]
            for (name, y) in results { #expect(y.dtype == expected, "\(name) of \(dtype) gave \(y.dtype)") }
        }
        // A float16 input's gradient comes back as float16.
        let h = try Tensor(shape: [2, 4], elements: values, dtype: .float16, requiresGrad: true)
        try Tensor.layerNorm(h, normalizedShape: [4]).sum().backward()
        #expect(h.grad?.dtype == .float16)
    }

    @Test func dropoutScalesFloat64InDouble() throws {
        let x = try C.tensor([200], seed: 17, requiresGrad: true)
        let y = try x.dropout(p: 0.3)
        try y.sum().backward()
        // Each gradient is the mask: 0 or exactly 1/(1 − 0.3) in Double.
        let g = x.grad!.elements(as: Double.self)
        #expect(x.grad!.dtype == .float64 && Set(g).isSubset(of: [0, 1 / 0.7]) && g.contains(1 / 0.7))
        let yv = y.elements(as: Double.self), xv = x.elements(as: Double.self)
        #expect((0..<200).allSatisfy { yv[$0] == xv[$0] * g[$0] })
    }
}
