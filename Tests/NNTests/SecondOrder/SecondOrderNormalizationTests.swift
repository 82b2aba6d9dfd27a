import Foundation
import NN
import TensorEngine
import Testing

/// Second derivatives through the normalizations, whose float32 rules are fused kernels: each input is
/// checked by `gradgradcheck` in float64, and the float32 kernels' composite forms agree with float64.
@Suite(.serialized) struct SecondOrderNormalizationTests {
    @Test func layerAndRMSNormDifferentiateTwice() throws {
        seed(21)
        let x = try Tensor.randn([2, 3, 4]), w = try Tensor.randn([4]), b = try Tensor.randn([4])
        #expect(try gradgradcheck({ try Tensor.layerNorm($0[0], normalizedShape: [4], weight: $0[1], bias: $0[2]) }, [x, w, b]))
        #expect(try gradgradcheck({ try Tensor.layerNorm($0[0], normalizedShape: [3, 4]) }, [x]))
        #expect(try gradgradcheck({ try Tensor.rmsNorm($0[0], normalizedShape: [4], weight: $0[1], eps: 1e-3) }, [x, w]))
        #expect(try gradgradcheck({ try Tensor.rmsNorm($0[0], normalizedShape: [3, 4]) }, [x]))
    }

    @Test func batchNormDifferentiatesTwiceInBothModes() throws {
        seed(22)
        let x = try Tensor.randn([3, 2, 2]), w = try Tensor.randn([2]), b = try Tensor.randn([2])
        let mean = try Tensor(shape: [2], values: [0.3, -0.2]), variance = try Tensor(shape: [2], values: [0.8, 1.5])
        // Batch statistics, with and without running estimates to update (they do not change the output).
        #expect(try gradgradcheck({ try Tensor.batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1], bias: $0[2],
                                                         training: true) }, [x, w, b]))
        #expect(try gradgradcheck({ try Tensor.batchNorm($0[0], runningMean: mean.copy(), runningVar: variance.copy(),
                                                         weight: nil, bias: nil, training: true) }, [x]))
        // Running statistics: affine in x, so its second derivatives are the cross terms with the weight.
        #expect(try gradgradcheck({ try Tensor.batchNorm($0[0], runningMean: mean, runningVar: variance, weight: $0[1],
                                                         bias: $0[2], training: false) }, [x, w, b]))
    }

    @Test func groupInstanceAndLocalResponseNormDifferentiateTwice() throws {
        seed(23)
        let x = try Tensor.randn([2, 4, 3]), w = try Tensor.randn([4]), b = try Tensor.randn([4])
        #expect(try gradgradcheck({ try Tensor.groupNorm($0[0], numGroups: 2, weight: $0[1], bias: $0[2]) }, [x, w, b]))
        #expect(try gradgradcheck({ try Tensor.instanceNorm($0[0], weight: $0[1], bias: $0[2]) }, [x, w, b]))
        #expect(try gradgradcheck({ try Tensor.localResponseNorm($0[0], size: 3, alpha: 0.5, beta: 0.75, k: 1) }, [x]))
    }

    @Test func float32KernelsUseTheirCompositeForm() throws {
        seed(24)
        let x = try Tensor.randn([3, 4, 5]), w = try Tensor.randn([5]), b = try Tensor.randn([5])
        let cw = try Tensor.randn([4]), cb = try Tensor.randn([4])
        let mean = try Tensor.randn([4]), variance = try Tensor.randn([4]).abs() + 0.5
        let ops: [(String, ([Tensor]) throws -> Tensor, [Tensor])] = [
            ("layerNorm", { try Tensor.layerNorm($0[0], normalizedShape: [5], weight: $0[1], bias: $0[2]) }, [x, w, b]),
            ("layerNorm without affine", { try Tensor.layerNorm($0[0], normalizedShape: [4, 5]) }, [x]),
            ("rmsNorm", { try Tensor.rmsNorm($0[0], normalizedShape: [5], weight: $0[1], eps: 1e-3) }, [x, w]),
            ("batchNorm training", { try Tensor.batchNorm($0[0], runningMean: nil, runningVar: nil, weight: $0[1],
                                                          bias: $0[2], training: true) }, [x, cw, cb]),
            ("batchNorm eval", { try Tensor.batchNorm($0[0], runningMean: mean.to($0[0].dtype), runningVar: variance.to($0[0].dtype),
                                                      weight: $0[1], bias: $0[2], training: false) }, [x, cw, cb]),
            ("groupNorm", { try Tensor.groupNorm($0[0], numGroups: 2, weight: $0[1], bias: $0[2]) }, [x, cw, cb]),
        ]
        for (name, op, inputs) in ops {
            #expect(try secondDerivativesAgreeAcrossTypes(op, inputs), "\(name)")
        }
    }

    @Test func normalizationLayersDifferentiateTwiceInFloat32() throws {
        seed(25)
        let x = try Tensor.randn([2, 4, 3, 3])
        let layers: [(String, any Module)] = [
            ("BatchNorm2d", try BatchNorm2d(4)),
            ("GroupNorm", try GroupNorm(numGroups: 2, numChannels: 4)),
            ("InstanceNorm2d", try InstanceNorm2d(4, affine: true)),
            ("LayerNorm", try LayerNorm([3])),
            ("RMSNorm", try RMSNorm([3, 3])),
        ]
        for (name, layer) in layers {
            let input = try x.copy()
            input.requiresGrad = true
            let g = try #require(try Tensor.gradients(of: [try layer(input).pow(3).sum()], withRespectTo: [input],
                                                      createGraph: true)[0])
            let parameters = layer.parameters()
            let second = try Tensor.gradients(of: [try (g * g).sum()], withRespectTo: [input] + parameters)
            #expect(second.allSatisfy { $0 != nil }, "\(name)")
        }
    }
}

/// Whether the second derivatives of `op` computed in float32 (through its fused kernel's composite
/// form) agree with float64: the gradient of Σ y²·r with a graph, then the gradient of its inner
/// product with fixed directions, for every input.
func secondDerivativesAgreeAcrossTypes(_ op: ([Tensor]) throws -> Tensor, _ inputs: [Tensor],
                                       tolerance: Double = 2e-3) throws -> Bool {
    func fixed(_ shape: [Int], _ phase: Double, _ dtype: DType) throws -> Tensor {
        let n = shape.reduce(1, *)
        return try Tensor(shape: shape, elements: (0..<n).map { sin(Double($0) * 0.7 + phase) }, dtype: dtype)
    }
    func secondDerivatives(_ dtype: DType) throws -> [[Double]] {
        let leaves = try inputs.map { v -> Tensor in
            let t = try v.to(dtype).detach()
            t.requiresGrad = true
            return t
        }
        let y = try op(leaves)
        let loss = try (y * y * fixed(y.shape, 0.3, dtype)).sum()
        let grads = try Tensor.gradients(of: [loss], withRespectTo: leaves, createGraph: true)
        var inner: Tensor?
        for (i, g) in grads.enumerated() {
            guard let g else { continue }
            let term = try (g * fixed(g.shape, Double(i) + 1.1, dtype)).sum()
            inner = try inner.map { try $0 + term } ?? term
        }
        let second = try Tensor.gradients(of: [try #require(inner)], withRespectTo: leaves, allowUnused: true)
        return zip(second, leaves).map { s, leaf in
            guard let s else { return Array(repeating: 0, count: leaf.count) }
            return s.elements(as: Double.self)
        }
    }
    let single = try secondDerivatives(.float32), double = try secondDerivatives(.float64)
    let scale = double.joined().map(Swift.abs).max() ?? 1
    for (s, d) in zip(single, double) {
        for (a, b) in zip(s, d) where Swift.abs(a - b) > tolerance * Swift.max(1, scale) {
            Issue.record("float32 \(a) vs float64 \(b)")
            return false
        }
    }
    return true
}
