import NN
import TensorEngine
import Testing

/// The activations of the training area: values and gradients against PyTorch, finite differences.
@Suite(.serialized) struct TrainingActivationTests {
    typealias S = TrainingSupport

    static let points: [Float] = [-4, -3, -2.5, -1, -0.5, 0, 0.3, 1, 2.5, 3, 4, 7, 25]

    /// `(values, gradients)` at `points` from PyTorch 2 in float64 (`y.sum().backward()`), including its
    /// conventions at the kinks (relu6 at 0 and 6, hardswish at ±3, leaky relu at 0).
    static let reference: [String: ([Double], [Double])] = [
        "leakyRelu": ([-0.04, -0.03, -0.025, -0.01, -0.005, 0, 0.3, 1, 2.5, 3, 4, 7, 25], [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 1, 1, 1, 1, 1, 1, 1]),
        "leakyRelu02": ([-0.8, -0.6, -0.5, -0.2, -0.1, 0, 0.3, 1, 2.5, 3, 4, 7, 25], [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 1, 1, 1, 1, 1, 1, 1]),
        "relu6": ([0, 0, 0, 0, 0, 0, 0.3, 1, 2.5, 3, 4, 6, 6], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0]),
        "elu": ([-0.981684361, -0.950212932, -0.917915001, -0.632120559, -0.39346934, 0, 0.3, 1, 2.5, 3, 4, 7, 25], [0.0183156389, 0.0497870684, 0.0820849986, 0.367879441, 0.60653066, 1, 1, 1, 1, 1, 1, 1, 1]),
        "elu05": ([-0.490842181, -0.475106466, -0.458957501, -0.316060279, -0.19673467, 0, 0.3, 1, 2.5, 3, 4, 7, 25], [0.00915781944, 0.0248935342, 0.0410424993, 0.183939721, 0.30326533, 0.5, 1, 1, 1, 1, 1, 1, 1]),
        "gelu": ([-0.000126684967, -0.00404969409, -0.0155241633, -0.158655254, -0.154268769, 0, 0.185373427, 0.841344746, 2.48447584, 2.99595031, 3.99987332, 7, 25], [-0.000503649661, -0.0119456472, -0.0376110859, -0.0833154706, 0.132504875, 0.5, 0.732327767, 1.08331547, 1.03761109, 1.01194565, 1.00050365, 1, 1]),
        "geluTanh": ([-7.02459482e-05, -0.00363739208, -0.0150842661, -0.158808009, -0.15428599, 0, 0.185370924, 0.841191991, 2.48491573, 2.99636261, 3.99992975, 7, 25], [-0.000335123197, -0.0115841666, -0.0379515762, -0.0829640838, 0.132630096, 0.5, 0.732295452, 1.08296408, 1.03795158, 1.01158417, 1.00033512, 1, 1]),
        "silu": ([-0.0719448398, -0.14227762, -0.18964545, -0.268941421, -0.188770334, 0, 0.172332755, 0.731058579, 2.31035455, 2.85772238, 3.92805516, 6.99362264, 25], [-0.0526646149, -0.088104106, -0.0994011113, 0.0723294881, 0.260038813, 0.5, 0.64778001, 0.927670512, 1.09940111, 1.08810411, 1.05266461, 1.0054605, 1]),
        "hardSwish": ([-0, -0, -0.208333333, -0.333333333, -0.208333333, 0, 0.165, 0.666666667, 2.29166667, 3, 4, 7, 25], [0, 0, -0.333333333, 0.166666667, 0.333333333, 0.5, 0.6, 0.833333333, 1.33333333, 1, 1, 1, 1]),
        "softplus": ([0.0181499279, 0.0485873516, 0.0788897343, 0.313261688, 0.474076984, 0.693147181, 0.854355244, 1.31326169, 2.57888973, 3.04858735, 4.01814993, 7.00091147, 25], [0.01798621, 0.0474258732, 0.07585818, 0.268941421, 0.377540669, 0.5, 0.574442517, 0.731058579, 0.92414182, 0.952574127, 0.98201379, 0.999088949, 1]),
        "softplus2": ([0.000167703186, 0.00123784257, 0.00335767424, 0.0634640055, 0.156630844, 0.34657359, 0.518743975, 1.06346401, 2.50335767, 3, 4, 7, 25], [0.00033535013, 0.00247262316, 0.00669285092, 0.119202922, 0.268941421, 0.5, 0.645656306, 0.880797078, 0.993307149, 1, 1, 1, 1]),
    ]

    static let functions: [(String, @Sendable (Tensor) throws -> Tensor)] = [
        ("leakyRelu", { try $0.leakyRelu() }),
        ("leakyRelu02", { try $0.leakyRelu(negativeSlope: 0.2) }),
        ("relu6", { try $0.relu6() }),
        ("elu", { try $0.elu() }),
        ("elu05", { try $0.elu(alpha: 0.5) }),
        ("gelu", { try $0.gelu() }),
        ("geluTanh", { try $0.gelu(approximate: .tanh) }),
        ("silu", { try $0.silu() }),
        ("hardSwish", { try $0.hardSwish() }),
        ("softplus", { try $0.softplus() }),
        ("softplus2", { try $0.softplus(beta: 2, threshold: 5) }),
    ]

    /// These functions and the saturating ones, with their PyTorch values and gradients.
    static let allFunctions = functions + SaturatingActivationTests.functions
    static let allReferences = reference.merging(SaturatingActivationTests.reference) { own, _ in own }

    @Test(arguments: allFunctions.map(\.0))
    func valuesAndGradientsMatchPyTorch(_ name: String) throws {
        let f = Self.allFunctions.first { $0.0 == name }!.1
        let (values, grads) = Self.allReferences[name]!
        let x = try S.tensor(Self.points, requiresGrad: true)
        let y = try f(x)
        #expect(S.close(y.values, values, 1e-5), "\(name) values \(y.values)")
        try y.sum().backward()
        #expect(S.close(x.grad!.values, grads, 1e-5), "\(name) gradients \(x.grad!.values)")
    }

    @Test(arguments: allFunctions.map(\.0))
    func gradientsMatchFiniteDifferences(_ name: String) throws {
        let f = Self.allFunctions.first { $0.0 == name }!.1
        // Away from every kink (0, ±1, ±3, -2.5, 6) by more than the step.
        let x = try S.tensor([-3.7, -2.2, -1.3, -0.6, -0.2, 0.15, 0.45, 0.9, 1.7, 2.4, 3.6, 5.2, 6.8], [13])
        try S.checkGradients([x]) { try f($0[0]) }
    }

    /// GELU takes its derivative in the forward pass only when recording; the values must not depend on it.
    @Test func geluValuesAreTheSameRecordedOrNot() throws {
        let points = (0..<1000).map { Float($0 - 500) / 60 }
        for approximate in [GELUApproximation.none, .tanh] {
            let plain = try S.tensor(points).gelu(approximate: approximate).values
            let recorded = try S.tensor(points, requiresGrad: true).gelu(approximate: approximate).values
            let unrecorded = try noGrad { try S.tensor(points, requiresGrad: true).gelu(approximate: approximate).values }
            #expect(plain == recorded && plain == unrecorded, "\(approximate)")
        }
    }

    @Test func largeInputsStayFinite() throws {
        let x = try S.tensor([-100, -30, 30, 100])
        for (name, f) in Self.functions {
            let y = try f(x).values
            let finite = y.allSatisfy { $0.isFinite }
            #expect(finite, "\(name): \(y)")
        }
        // softplus switches to x itself above the threshold, as PyTorch.
        #expect(try x.softplus().values[3] == 100)
        #expect(try S.close(x.softplus().values, [0, 9.35762297e-14, 30, 100]))
    }

    @Test func layersApplyTheirFunctionAndDescribeTheirOptions() throws {
        let x = try S.tensor([-2, -0.5, 0.5, 2])
        let pairs: [(Activation, Tensor, String)] = [
            (.leakyReLU(), try x.leakyRelu(), "LeakyReLU()"),
            (.leakyReLU(negativeSlope: 0.2), try x.leakyRelu(negativeSlope: 0.2), "LeakyReLU(negativeSlope: 0.2)"),
            (.relu6, try x.relu6(), "ReLU6()"),
            (.elu(alpha: 0.5), try x.elu(alpha: 0.5), "ELU(alpha: 0.5)"),
            (.gelu(), try x.gelu(), "GELU()"),
            (.gelu(approximate: .tanh), try x.gelu(approximate: .tanh), "GELU(approximate: \"tanh\")"),
            (.silu, try x.silu(), "SiLU()"),
            (.hardSwish, try x.hardSwish(), "HardSwish()"),
            (.softplus(beta: 2), try x.softplus(beta: 2), "Softplus(beta: 2)"),
        ]
        for (layer, expected, summary) in pairs {
            #expect(try layer(x).values == expected.values, "\(summary)")
            #expect(layer.summaryName == summary)
            #expect(layer.parameters().isEmpty)
        }
    }

    @Test func softmaxLayersWorkAlongTheirAxis() throws {
        let x = try Tensor([[1, 2, 3], [-1, 0, 4]])
        let softmax0 = try Activation.softmax(axis: 0)(x)
        #expect(S.close(softmax0.values, [0.880797078, 0.880797078, 0.268941421, 0.119202922, 0.119202922, 0.731058579]))
        let logSoftmax = try Activation.logSoftmax()(x)
        #expect(S.close(logSoftmax.values, [-2.40760596, -1.40760596, -0.407605964, -5.02474489, -4.02474489, -0.0247448901]))
        #expect(Activation.softmax(axis: 1).summaryName == "Softmax(axis: 1)")
        #expect(throws: TensorError.self) { try Activation.softmax(axis: 2)(x) }
        try S.checkGradients([x]) { try Activation.logSoftmax(axis: 0)($0[0]) }
    }

    @Test func activationsInAModelTrain() throws {
        seed(3)
        let x = try Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = try Tensor([[0], [1], [1], [0]])
        let model = Sequential(try Linear(2, 8), Activation.gelu(), try Linear(8, 8), Activation.silu, try Linear(8, 1))
        let opt = try Adam(model.parameters(), lr: 0.05)
        var last: Float = 0
        for _ in 0..<300 {
            let loss = try Loss.binaryCrossEntropyWithLogits(try model(x), y)
            opt.zeroGrad()
            try loss.backward()
            try opt.step()
            last = try loss.item()
        }
        #expect(last < 0.05)
    }
}
