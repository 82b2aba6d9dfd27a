import NN
import TensorEngine
import Testing

/// Converting a model with `to(dtype)` and training it in float64; initializers on every floating type.
@Suite(.serialized) struct ModuleDTypeTests {
    @Test func float64MLPTrainsWithAdamAndStaysFloat64() throws {
        seed(7)
        let model = Sequential([try Linear(2, 8), Activation.tanh, try Linear(8, 1)])
        let before = model.parameters()
        let opt = try Adam(model.parameters(), lr: 0.05)
        try model.to(.float64)
        #expect(model.dtype == .float64)
        // The optimizer made before the conversion still holds the model's parameters.
        #expect(zip(before, opt.parameters).allSatisfy { $0 === $1 })
        let x = try Tensor(shape: [4, 2], elements: [0.0, 0, 0, 1, 1, 0, 1, 1], dtype: .float64)
        let y = try Tensor(shape: [4, 1], elements: [0.0, 1, 1, 0], dtype: .float64)
        var losses: [Double] = []
        for _ in 0..<20 {
            opt.zeroGrad()
            let loss = try Loss.mse(try model(x), y)
            #expect(loss.dtype == .float64)
            try loss.backward()
            try opt.step()
            losses.append(try loss.itemValue())
        }
        #expect(losses.last! < losses.first!, "\(losses)")
        for p in model.parameters() {
            #expect(p.dtype == .float64)
            #expect(p.grad?.dtype == .float64)
        }
        try model.float()
        #expect(model.parameters().allSatisfy { $0.dtype == .float32 && $0.grad?.dtype == .float32 })
    }

    @Test func instanceNormTracksFloat64RunningStatistics() throws {
        let norm = try InstanceNorm1d(2, momentum: 0.5, trackRunningStats: true)
        try norm.to(.float64)
        // Instances [1, 3] and [10, 30]: means 2 and 20, unbiased variances 2 and 200.
        let x = try Tensor(shape: [1, 2, 2], elements: [1.0, 3, 10, 30], dtype: .float64)
        _ = try norm(x)
        let mean = try #require(norm.runningMean), variance = try #require(norm.runningVar)
        #expect(mean.dtype == .float64 && variance.dtype == .float64)
        #expect(mean.elements(as: Double.self) == [1, 10])
        #expect(variance.elements(as: Double.self) == [1.5, 100.5])
    }

    @Test func conversionKeepsIntegerBuffersAndRefusesIntegerTypes() throws {
        let bn = try BatchNorm1d(3)
        try bn.double()
        #expect(bn.namedBuffers().allSatisfy { $0.1.dtype == .float64 })
        let x = try Tensor(shape: [4, 3], elements: (0..<12).map { Double($0) * 0.37 }, dtype: .float64)
        #expect(try bn(x).dtype == .float64)
        #expect(try bn.numBatchesTracked!.itemValue() == 1)
        #expect(throws: TensorError.self) { try bn.to(.int64) }
        try bn.half()
        #expect(bn.parameters().allSatisfy { $0.dtype == .float16 })
    }

    @Test func initializersFillFloat64FromTheFloat32Stream() throws {
        for (name, initialize) in [
            ("xavierUniform", { try Init.xavierUniform($0) }),
            ("xavierNormal", { try Init.xavierNormal($0) }),
            ("kaimingUniform", { try Init.kaimingUniform($0) }),
            ("kaimingNormal", { try Init.kaimingNormal($0) }),
            ("normal", { try Init.normal($0, mean: 1, std: 2) }),
            ("uniform", { try Init.uniform($0, low: -3, high: 3) }),
        ] as [(String, (Tensor) throws -> Void)] {
            let single = try Tensor.zeros([4, 3]), double = try Tensor.zeros([4, 3]).to(.float64)
            seed(11)
            try initialize(single)
            seed(11)
            try initialize(double)
            #expect(double.dtype == .float64)
            #expect(double.elements(as: Double.self) == single.elements(as: Float.self).map { Double($0) }, "\(name)")
            let integers = try Tensor.zeros([4, 3]).to(.int64)
            let error = #expect(throws: TensorError.self, "\(name)") { try initialize(integers) }
            #expect(error?.message.contains("int64") == true)
        }
    }

    @Test func orthogonalAndConstantsFillFloat64() throws {
        let q = try Tensor.zeros([3, 5]).to(.float64)
        try Init.orthogonal(q)
        #expect(q.dtype == .float64)
        // Rows orthonormal to Double precision, not float32's.
        let v = q.elements(as: Double.self)
        for a in 0..<3 {
            for b in 0..<3 {
                let dot = (0..<5).reduce(0.0) { $0 + v[a * 5 + $1] * v[b * 5 + $1] }
                #expect(Swift.abs(dot - (a == b ? 1 : 0)) < 1e-13)
            }
        }
        let c = try Tensor.zeros([2]).to(.float64)
        try Init.constant(c, 0.25)
        #expect(c.elements(as: Double.self) == [0.25, 0.25])
        try Init.ones(c)
        #expect(c.dtype == .float64 && c.elements(as: Double.self) == [1, 1])
        #expect(throws: TensorError.self) { try Init.orthogonal(try Tensor.zeros([2, 2]).to(.int32)) }
    }
}
