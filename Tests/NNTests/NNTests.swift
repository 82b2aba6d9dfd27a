import Foundation
import NN
import TensorEngine
import Testing

/// Shared state (the engine's RNG and gradient mode) is process-wide, so these run one at a time.
@Suite(.serialized) struct NNTests {
    func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
    }

    @Test func linearMatchesMatmulAndGradients() throws {
        seed(1)
        let layer = try Linear(3, 2)
        let x = try Tensor.randn([4, 3])
        let y = try layer(x)
        let reference = try x.matmul(try layer.weight.transpose()) + layer.bias!
        #expect(close(y.values, reference.values))
        try (y * y).sum().backward()
        // d/dW sum(y²) = 2 yᵀ x, d/db = 2 Σ y.
        let dW = try (y.detach() * 2).transpose().matmul(x)
        #expect(close(layer.weight.grad!.values, dW.values, 1e-4))
        #expect(close(layer.bias!.grad!.values, try (y.detach() * 2).sum(axis: 0).values, 1e-4))
    }

    @Test func linearOnBatchedInput() throws {
        let layer = try Linear(4, 5)
        #expect(try layer(try Tensor.ones([2, 3, 4])).shape == [2, 3, 5])
        #expect(throws: TensorError.self) { try layer(try Tensor.ones([2, 3])) }
    }

    @Test func sequentialCollectsParametersAndModes() throws {
        let model = Sequential(try Linear(2, 8), Activation.tanh, try Linear(8, 1), Activation.sigmoid)
        #expect(model.parameters().count == 4)
        #expect(model.namedParameters().map(\.0) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(model.parameterCount == 2 * 8 + 8 + 8 + 1)
        model.eval()
        #expect(model.layers.allSatisfy { !$0.isTraining })
        model.train()
        #expect(model.layers.allSatisfy { $0.isTraining })
    }

    @Test func mseValueAndShapeCheck() throws {
        let loss = try Loss.mse(Tensor([1, 2, 3]), Tensor([1, 1, 1]))
        #expect(abs(try loss.item() - 5.0 / 3.0) < 1e-6)
        #expect(throws: TensorError.self) { try Loss.mse(Tensor([1, 2]), Tensor([1, 2, 3])) }
    }

    @Test func crossEntropyMatchesLogSoftmaxAndFiniteDifferences() throws {
        seed(2)
        let logits = try Tensor.randn([5, 4])
        logits.requiresGrad = true
        let labels = Tensor([0, 3, 1, 1, 2])
        let loss = try Loss.crossEntropy(logits, labels)
        let logp = try logits.detach().logSoftmax(axis: 1)
        var expected: Float = 0
        for (i, c) in [0, 3, 1, 1, 2].enumerated() { expected -= logp.values[i * 4 + c] }
        #expect(abs(try loss.item() - expected / 5) < 1e-5)
        try loss.backward()
        let analytic = logits.grad!.values
        let h: Float = 1e-2
        for i in 0..<logits.count {
            func at(_ delta: Float) throws -> Float {
                let copy = try logits.detach().copy()
                try copy.withUnsafeMutableValues { $0[i] += delta }
                return try Loss.crossEntropy(copy, labels).item()
            }
            let numeric = (try at(h) - (try at(-h))) / (2 * h)
            #expect(abs(numeric - analytic[i]) < 2e-3)
        }
        #expect(throws: TensorError.self) { try Loss.crossEntropy(logits, Tensor([0, 1, 2, 3, 4])) }
    }

    @Test func sgdMomentumAndNesterovFollowPyTorchRules() throws {
        let w = Tensor([1]); w.requiresGrad = true
        let opt = try SGD([w], lr: 0.1, momentum: 0.9)
        for _ in 0..<2 {
            opt.zeroGrad()
            try (w * w).sum().backward()
            try opt.step()
        }
        // step 1: g=2, b=2, w=0.8; step 2: g=1.6, b=0.9*2+1.6=3.4, w=0.8-0.34=0.46
        #expect(abs(w.values[0] - 0.46) < 1e-6)
        let v = Tensor([1]); v.requiresGrad = true
        let nesterov = try SGD([v], lr: 0.1, momentum: 0.9, nesterov: true)
        try (v * v).sum().backward()
        try nesterov.step()
        // g=2, b=2, update g + 0.9 b = 3.8, v = 1 - 0.38
        #expect(abs(v.values[0] - 0.62) < 1e-6)
    }

    @Test func adamFirstStepsMatchTheFormula() throws {
        let w = Tensor([1, -2]); w.requiresGrad = true
        let opt = try Adam([w], lr: 0.1)
        var m: [Double] = [0, 0], v: [Double] = [0, 0], reference: [Double] = [1, -2]
        for step in 1...3 {
            opt.zeroGrad()
            try (w * w * w).sum().backward()
            try opt.step()
            for i in 0..<2 {
                let g = 3 * reference[i] * reference[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                let mh = m[i] / (1 - pow(0.9, Double(step))), vh = v[i] / (1 - pow(0.999, Double(step)))
                reference[i] -= 0.1 * mh / (vh.squareRoot() + 1e-8)
            }
        }
        #expect(close(w.values, reference.map { Float($0) }, 1e-5))
    }

    @Test func adamWDecaysWeightsApartFromTheGradient() throws {
        let w = Tensor([2]); w.requiresGrad = true
        let opt = try Adam([w], lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true)
        w.grad = Tensor([0])
        try opt.step()
        // Zero gradient: only the decay acts, w *= 1 - lr * wd.
        #expect(abs(w.values[0] - 2 * (1 - 0.05)) < 1e-6)
    }

    @Test func xorTrainsToZeroError() throws {
        seed(0)
        let x = try Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = try Tensor([[0], [1], [1], [0]])
        let model = Sequential(try Linear(2, 8), Activation.tanh, try Linear(8, 1), Activation.sigmoid)
        let opt = try Adam(model.parameters(), lr: 0.05)
        for _ in 0..<500 {
            let loss = try Loss.mse(try model(x), y)
            opt.zeroGrad()
            try loss.backward()
            try opt.step()
        }
        #expect(try model(x).round().values == [0, 1, 1, 0])
    }
}
