import NN
import TensorEngine
import Testing

/// Initializers: the bounds and spreads PyTorch's `nn.init` gives, checked as statistics of large tensors.
@Suite(.serialized) struct TrainingInitTests {
    typealias S = TrainingSupport

    func statistics(_ t: Tensor) -> (mean: Double, std: Double, low: Float, high: Float) {
        let v = t.values.map(Double.init)
        let mean = v.reduce(0, +) / Double(v.count)
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)
        return (mean, variance.squareRoot(), t.values.min()!, t.values.max()!)
    }

    /// Expects mean ≈ 0 and std ≈ `std` (within 2%, the sampling error of 10⁵ draws is ~0.3%).
    func expectSpread(_ t: Tensor, std: Double, bound: Float? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let s = statistics(t)
        #expect(Swift.abs(s.mean) < 0.02 * std, "mean \(s.mean)", sourceLocation: sourceLocation)
        #expect(Swift.abs(s.std / std - 1) < 0.02, "std \(s.std), expected \(std)", sourceLocation: sourceLocation)
        if let bound {
            #expect(s.low >= -bound && s.high <= bound, "range \(s.low)...\(s.high) beyond ±\(bound)", sourceLocation: sourceLocation)
            #expect(s.high > 0.99 * bound && s.low < -0.99 * bound, "range \(s.low)...\(s.high) does not reach ±\(bound)", sourceLocation: sourceLocation)
        }
    }

    @Test func gainsAreThoseOfPyTorch() {
        #expect(Init.gain(.linear) == 1)
        #expect(Init.gain(.sigmoid) == 1)
        #expect(Init.gain(.tanh) == 5.0 / 3)
        #expect(S.close([Init.gain(.relu)], [1.41421356]))
        #expect(S.close([Init.gain(.leakyRelu)], [1.41414284]))
        #expect(S.close([Init.gain(.leakyRelu, negativeSlope: 0.2)], [1.38675049]))
        #expect(Init.gain(.selu) == 0.75)
    }

    @Test func fansCountTheReceptiveField() throws {
        #expect(try Init.fans(Tensor.zeros([64, 32])) == (32, 64))
        #expect(try Init.fans(Tensor.zeros([16, 3, 5, 5])) == (75, 400))
        #expect(throws: TensorError.self) { try Init.fans(Tensor.zeros([10])) }
    }

    @Test func xavier() throws {
        seed(1)
        let w = try Tensor.zeros([400, 300])
        try Init.xavierUniform(w)
        let bound = (6.0 / 700).squareRoot()
        expectSpread(w, std: bound / 3.0.squareRoot(), bound: Float(bound))
        try Init.xavierNormal(w, gain: 2)
        expectSpread(w, std: 2 * (2.0 / 700).squareRoot())
    }

    @Test func kaiming() throws {
        seed(2)
        let w = try Tensor.zeros([200, 100, 3])   // fanIn 300, fanOut 600
        try Init.kaimingUniform(w)
        let gain = (2 / (1 + 0.0)).squareRoot()
        expectSpread(w, std: gain / 300.0.squareRoot(), bound: Float(gain * (3.0 / 300).squareRoot()))
        try Init.kaimingNormal(w, mode: .fanOut, nonlinearity: .relu)
        expectSpread(w, std: 2.0.squareRoot() / 600.0.squareRoot())
        try Init.kaimingUniform(w, a: Float(5).squareRoot())   // PyTorch's Linear default: bound 1/√fanIn
        expectSpread(w, std: 1 / 300.0.squareRoot() / 3.0.squareRoot(), bound: 1 / Float(300).squareRoot())
        try Init.kaimingNormal(w, nonlinearity: .tanh)
        expectSpread(w, std: 5.0 / 3 / 300.0.squareRoot())
        #expect(throws: TensorError.self) { try Init.kaimingNormal(try Tensor.zeros([5])) }
    }

    @Test func constantsNormalAndUniform() throws {
        seed(3)
        let w = try Tensor.zeros([100_000])
        try Init.uniform(w, low: -2, high: 2)
        expectSpread(w, std: 4 / 12.0.squareRoot(), bound: 2)
        try Init.normal(w, mean: 0, std: 0.02)
        expectSpread(w, std: 0.02)
        try Init.normal(w, mean: 3, std: 0.5)
        #expect(Swift.abs(statistics(w).mean - 3) < 0.01)
        try Init.zeros(w)
        #expect(w.values.allSatisfy { $0 == 0 })
        try Init.ones(w)
        #expect(w.values.allSatisfy { $0 == 1 })
        try Init.constant(w, 0.25)
        #expect(w.values.allSatisfy { $0 == 0.25 })
        #expect(throws: TensorError.self) { try Init.uniform(w, low: 1, high: 0) }
        #expect(throws: TensorError.self) { try Init.normal(w, std: -1) }
    }

    @Test func initializersFillTheParameterInPlace() throws {
        seed(4)
        let layer = try Linear(4, 3)
        let weight = layer.weight, copy = layer.weight.detach()
        let before = copy.values
        try Init.xavierUniform(layer.weight)
        #expect(layer.weight === weight)
        #expect(layer.weight.requiresGrad)
        #expect(layer.weight.values != before)
        #expect(copy.values == before)   // a tensor sharing the old storage keeps its values
        try Init.zeros(layer.bias!)
        #expect(try layer(try Tensor.zeros([2, 4])).values == [0, 0, 0, 0, 0, 0])
    }

    @Test func initializersRepeatWithTheSeed() throws {
        let a = try Tensor.zeros([3, 5]), b = try Tensor.zeros([3, 5])
        seed(7); try Init.orthogonal(a)
        seed(7); try Init.orthogonal(b)
        #expect(a.values == b.values)
    }

    /// `WᵀW` (tall) or `WWᵀ` (wide) is `gain²·I`.
    func expectOrthogonal(_ rows: Int, _ cols: Int, gain: Float = 1, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let w = try Tensor.zeros([rows, cols])
        try Init.orthogonal(w, gain: gain)
        let product = rows >= cols ? try w.transpose().matmul(w) : try w.matmul(w.transpose())
        let n = min(rows, cols)
        let identity = try Tensor.eye(n) * (gain * gain)
        let error = product.values.enumerated().map { Swift.abs($0.element - identity.values[$0.offset]) }.max()!
        #expect(error < 1e-5 * max(1, gain * gain), "\(rows)×\(cols): max |WᵀW − g²I| = \(error)", sourceLocation: sourceLocation)
    }

    @Test func orthogonalRowsOrColumns() throws {
        seed(5)
        try expectOrthogonal(64, 64)
        try expectOrthogonal(100, 30)
        try expectOrthogonal(30, 100, gain: 2)
        try expectOrthogonal(1, 8)
        // Higher ranks are flattened after the first dimension: [8, 2, 3] is 8 × 6.
        let conv = try Tensor.zeros([8, 2, 3])
        try Init.orthogonal(conv)
        let flat = try conv.reshape([8, 6])
        let gram = try flat.transpose().matmul(flat)
        #expect(S.close(gram.values, try Tensor.eye(6).values.map(Double.init), 1e-5))
        #expect(throws: TensorError.self) { try Init.orthogonal(try Tensor.zeros([4])) }
    }

    /// Layers start as PyTorch's do: Linear uniform in ±1/√in (weight and bias), recurrent layers
    /// uniform in ±1/√hidden, Embedding standard normal, normalization scales 1 and shifts 0.
    /// (Conv: ConvTests.layersInitializeAsPyTorch; LSTM: RecurrentTests.)
    @Test func layersStartWithPyTorchsDefaults() throws {
        seed(6)
        let linear = try Linear(400, 300)
        expectSpread(linear.weight, std: 1 / 400.0.squareRoot() / 3.0.squareRoot(), bound: 1 / Float(400).squareRoot())
        let bias = statistics(linear.bias!)
        #expect(bias.low >= -1 / Float(400).squareRoot() && bias.high <= 1 / Float(400).squareRoot())
        #expect(bias.high > 0.9 / Float(400).squareRoot())
        for layer in [try GRU(50, 100) as any RecurrentModule, try RNN(50, 100)] {
            for p in layer.parameters() {
                let s = statistics(p)
                #expect(s.low >= -0.1 && s.high <= 0.1 && s.high > 0.095, "\(layer.summaryName): \(s.low)...\(s.high)")
            }
        }
        let embedding = try Embedding(1000, 100, paddingIndex: 3)
        let rows = try embedding.weight[.range(4, 1000, 1)]
        expectSpread(rows, std: 1)
        #expect(try embedding.weight[.at(3)].values.allSatisfy { $0 == 0 })
        let mha = try MultiHeadAttention(64, heads: 4)
        #expect(mha.qProj.weight.values.allSatisfy { Swift.abs($0) <= 1 / Float(8) })
        let norms: [(Tensor?, Tensor?)] = [
            (try BatchNorm1d(5).weight, try BatchNorm1d(5).bias), (try LayerNorm(5).weight, try LayerNorm(5).bias),
            (try RMSNorm(5).weight, nil),
        ]
        for (weight, bias) in norms {
            #expect(weight!.values == [1, 1, 1, 1, 1])
            #expect(bias?.values ?? [0, 0, 0, 0, 0] == [0, 0, 0, 0, 0])
        }
    }
}
