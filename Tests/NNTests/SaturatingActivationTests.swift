import Foundation
import NN
import TensorEngine
import Testing

/// selu, celu, mish, hardsigmoid, hardtanh, softsign, threshold, glu and PReLU. Their PyTorch values and
/// gradients are checked, with finite differences, by TrainingActivationTests' tables, which take these
/// in; here are the rest and the errors of bad arguments.
@Suite struct SaturatingActivationTests {
    typealias S = TrainingSupport

    static let points = TrainingActivationTests.points

    /// `(values, gradients)` at `points` from PyTorch 2 in float64 (`y.sum().backward()`), its conventions
    /// at the kinks included (hardtanh at ±1, hardsigmoid at ±3, threshold at 1, selu and celu at 0).
    static let reference: [String: ([Double], [Double])] = [
        "selu": ([-1.72589863, -1.67056873, -1.61378576, -1.11133074, -0.691758188, 0, 0.315210296, 1.05070099, 2.62675247, 3.15210296, 4.20280395, 7.35490691, 26.2675247], [0.0322007127, 0.0875306121, 0.144313582, 0.646768603, 1.06634115, 1.75809934, 1.05070099, 1.05070099, 1.05070099, 1.05070099, 1.05070099, 1.05070099, 1.05070099]),
        "celu": ([-0.981684361, -0.950212932, -0.917915001, -0.632120559, -0.39346934, 0, 0.3, 1, 2.5, 3, 4, 7, 25], [0.0183156389, 0.0497870684, 0.0820849986, 0.367879441, 0.60653066, 1, 1, 1, 1, 1, 1, 1, 1]),
        "celu05": ([-0.499832269, -0.498760624, -0.496631027, -0.432332358, -0.316060279, 0, 0.3, 1, 2.5, 3, 4, 7, 25], [0.000335462628, 0.00247875218, 0.006737947, 0.135335283, 0.367879441, 1, 1, 1, 1, 1, 1, 1, 1]),
        "mish": ([-0.0725917408, -0.145647461, -0.196816204, -0.303401461, -0.220743775, 0, 0.208001372, 0.865098388, 2.4713923, 2.986535, 3.99741281, 6.99998838, 25], [-0.0537732098, -0.0933931145, -0.109743573, 0.0592167559, 0.289510678, 0.6, 0.7828273, 1.04903622, 1.04112953, 1.02110691, 1.00443288, 1.00002156, 1]),
        "hardsigmoid": ([0, 0, 0.0833333333, 0.333333333, 0.416666667, 0.5, 0.55, 0.666666667, 0.916666667, 1, 1, 1, 1], [0, 0, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0.166666672, 0, 0, 0, 0]),
        "hardtanh": ([-1, -1, -1, -1, -0.5, 0, 0.3, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]),
        "hardtanh26": ([-2.5, -2.5, -2.5, -1, -0.5, 0, 0.3, 1, 2.5, 3, 4, 6, 6], [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]),
        "softsign": ([-0.8, -0.75, -0.714285714, -0.5, -0.333333333, 0, 0.230769231, 0.5, 0.714285714, 0.75, 0.8, 0.875, 0.961538462], [0.04, 0.0625, 0.0816326531, 0.25, 0.444444444, 1, 0.591715976, 0.25, 0.0816326531, 0.0625, 0.04, 0.015625, 0.00147928994]),
        "threshold": ([-7, -7, -7, -7, -7, -7, -7, -7, 2.5, 3, 4, 7, 25], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
    ]

    static let functions: [(String, @Sendable (Tensor) throws -> Tensor)] = [
        ("selu", { try $0.selu() }),
        ("celu", { try $0.celu() }),
        ("celu05", { try $0.celu(alpha: 0.5) }),
        ("mish", { try $0.mish() }),
        ("hardsigmoid", { try $0.hardsigmoid() }),
        ("hardtanh", { try $0.hardtanh() }),
        ("hardtanh26", { try $0.hardtanh(minVal: -2.5, maxVal: 6) }),
        ("softsign", { try $0.softsign() }),
        ("threshold", { try $0.threshold(1, -7) }),
    ]

    @Test func largeInputsStayFinite() throws {
        let x = try S.tensor([-100, -30, 30, 100], requiresGrad: true)
        for (name, f) in Self.functions {
            let y = try f(x)
            try y.sum().backward()
            let finite = y.values.allSatisfy(\.isFinite) && x.grad!.values.allSatisfy(\.isFinite)
            #expect(finite, "\(name): \(y.values) \(x.grad!.values)")
            x.grad = nil
        }
        #expect(try x.mish().values[3] == 100)
    }

    /// `sin(0.7 i)` for i in 0..<count, the input of the multi-dimensional references.
    static func wave(_ shape: [Int], requiresGrad: Bool = true) throws -> Tensor {
        let n = shape.reduce(1, *)
        return try S.tensor((0..<n).map { Float(sin(0.7 * Double($0))) }, shape, requiresGrad: requiresGrad)
    }

    /// `cos(0.3 i)`, the weights of the objective `sum(y · r)` whose gradients PyTorch computed.
    static func ripple(_ shape: [Int]) throws -> Tensor {
        let n = shape.reduce(1, *)
        return try S.tensor((0..<n).map { Float(cos(0.3 * Double($0))) }, shape)
    }

    @Test func preluPerChannelMatchesPyTorch() throws {
        let x = try Self.wave([2, 3, 4]), w = try S.tensor([0.1, -0.5, 2], requiresGrad: true)
        let y = try Tensor.prelu(x, weight: w)
        #expect(S.close(y.values, Self.preluValues))
        try (y * Self.ripple([2, 3, 4])).sum().backward()
        #expect(S.close(x.grad!.values, Self.preluInputGradient))
        #expect(S.close(w.grad!.values, Self.preluWeightGradient))
        // Shifted off the kink at 0, where a central difference averages the two slopes.
        let shifted = try S.tensor(try Self.wave([2, 3, 4]).values.map { $0 + 0.05 }, [2, 3, 4])
        try S.checkGradients([shifted, try S.tensor([0.1, -0.5, 2])]) {
            try Tensor.prelu($0[0], weight: $0[1])
        }
    }

    @Test func preluLayerLearnsOneSlopePerChannel() throws {
        let layer = try PReLU(numParameters: 3)
        #expect(layer.namedParameters().map(\.0) == ["weight"])
        #expect(layer.weight.values == [0.25, 0.25, 0.25])
        #expect(layer.summaryName == "PReLU(numParameters: 3)")
        #expect(try PReLU().summaryName == "PReLU()")
        let y = try layer(try S.tensor([-4, 2, -8], [1, 3]))
        #expect(y.values == [-1, 2, -2])
    }

    @Test func layersShowTheirNonDefaultOptions() throws {
        #expect(Activation.celu(alpha: 2).summaryName == "CELU(alpha: 2)")
        #expect(Activation.celu().summaryName == "CELU()")
        #expect(Activation.hardtanh(maxVal: 2).summaryName == "Hardtanh(maxVal: 2)")
        #expect(Activation.threshold(0.5, 0).summaryName == "Threshold(0.5, 0)")
        #expect(Activation.glu(axis: 1).summaryName == "GLU(axis: 1)")
        #expect(try LocalResponseNorm(5, k: 2).summaryName == "LocalResponseNorm(5, k: 2)")
        #expect(try GroupNorm(numGroups: 1, numChannels: 3, affine: false).summaryName == "GroupNorm(1, 3, affine: false)")
    }

    @Test func preluKeepsAScalarScalar() throws {
        let y = try Tensor.prelu(try Tensor(shape: [], values: [-2]), weight: try S.tensor([0.5]))
        #expect(y.shape == [] && y.values == [-1])
    }

    @Test func gluMatchesPyTorch() throws {
        let x = try Self.wave([2, 3, 4])
        let y = try x.glu()
        #expect(y.shape == [2, 3, 2])
        #expect(S.close(y.values, Self.gluValues))
        try (y * Self.ripple([2, 3, 4])[.all, .all, .range(0, 2, 1)]).sum().backward()
        #expect(S.close(x.grad!.values, Self.gluInputGradient))
        try S.checkGradients([try Self.wave([4, 3], requiresGrad: false)]) { try $0[0].glu(axis: 0) }
    }

    @Test func badArgumentsAreClearErrors() throws {
        let x = try Tensor.zeros([2, 3, 4])
        #expect(throws: TensorError.self) { try PReLU(numParameters: 0) }
        let four = try PReLU(numParameters: 4)
        #expect { try four(x) } throws: { "\($0)".contains("PReLU: the weight has 4 values but the input [2, 3, 4] has 3 channels") }
        #expect { try Tensor.prelu(x, weight: try Tensor.zeros([2, 2])) } throws: { "\($0)".contains("prelu: the weight must be a vector") }
        #expect { try x.glu(axis: 1) } throws: { "\($0)".contains("glu: axis 1 of the input [2, 3, 4] has odd size 3") }
        #expect { try x.hardtanh(minVal: 1, maxVal: -1) } throws: { "\($0)".contains("minVal (1.0) must not exceed maxVal (-1.0)") }
        #expect { try x.celu(alpha: 0) } throws: { "\($0)".contains("celu: alpha must not be 0") }
    }

    static let preluValues: [Double] = [0, 0.644217687, 0.98544973, 0.863209367, 0.33498815, 0.175391614, 0.435787886, 0.491226306, -1.26253328, 0.0168139005, 0.656986599, 0.988168234, 0.854598908, 0.319098362, -0.0366479129, -0.087969576, 0.489588865, 0.309068556, 0.0336230472, 0.669569762, 0.990607356, 0.845746831, 0.303118357, -0.764142834]
    static let preluInputGradient: [Double] = [0.1, 0.955336489, 0.825335615, 0.621609968, 0.362357754, -0.0353686008, 0.113601047, 0.252423052, -1.47478743, -0.904072142, -0.989992497, -0.98747977, -0.896758416, -0.725932304, -0.0490260821, -0.0210795799, -0.0437494917, -0.188988871, 0.634692876, 0.834712785, 0.960170287, 0.999858636, 0.950232592, 1.6314502]
    static let preluWeightGradient: [Double] = [0.36510653, 0.349878665, 0.153826807]
    static let gluValues: [Double] = [0, 0.453098107, 0.0987968902, -0.0955552465, -0.415741568, 0.0122527258, 0.349866009, 0.0935726683, -0.497818824, -0.408840099, 0.569801955, 0.343058083]
    static let gluInputGradient: [Double] = [0.728188223, 0.671917526, 0, 0.128416596, 0.106868912, 0.0192691959, 0.0252415031, -0.00491803797, -0.485635072, -0.658820842, 0.104666533, -0.00300499694, -0.367125776, -0.212872991, -0.185300458, -0.048008329, 0.0444849181, 0.249997055, -0.0214132114, -0.052323637, 0.552294411, 0.405570053, 0.232408471, 0.203875502]
}
