import NN
import TensorEngine
import Testing

/// NAdam, RMSProp and Adagrad against PyTorch's optimizers on fixed gradients, plus clipping and penalties.
@Suite(.serialized) struct TrainingOptimizerTests {
    typealias S = TrainingSupport

    static let start: [Float] = [0.5, -1, 2, 0]
    static let gradients: [[Float]] = [[0.3, -0.2, 1.5, 0], [0.1, 0.4, -0.5, 0.2], [-0.6, 0.3, 0.8, -0.1], [0.2, -0.7, 0.05, 0.3]]

    /// Parameter values after each of the four steps, from `torch.optim` in float32 with `w.grad` set by hand.
    static let reference: [String: [[Double]]] = [
        "nadam": [[0.39435482, -0.89435482, 1.89435482, 0], [0.355311602, -0.985010564, 1.92143178, -0.104498036], [0.451181114, -1.05089903, 1.86692894, -0.0605522729], [0.419279337, -0.957449794, 1.8561393, -0.161557689]],
        "nadam wd": [[0.39435482, -0.89435482, 1.89435482, 0], [0.349804699, -0.965150654, 1.90693903, -0.104498036], [0.438833326, -1.01391232, 1.84628522, -0.0563247539], [0.3987692, -0.909700274, 1.82319021, -0.155645683]],
        "nadam decoupled": [[0.389354825, -0.88435483, 1.87435484, 0], [0.346418053, -0.966167033, 1.88268828, -0.104498036], [0.438823402, -1.02239382, 1.8093586, -0.0595072918], [0.402533382, -0.918720603, 1.78047538, -0.159917623]],
        "nadam md": [[0.445233285, -0.945233345, 1.94523311, 0], [0.422714084, -0.993569613, 1.95854747, -0.0564020462], [0.475082964, -1.0309509, 1.92795563, -0.033525411], [0.458414972, -0.979595542, 1.92098546, -0.0901372284]],
        "rmsprop": [[0.400000036, -0.900000036, 1.89999998, 0], [0.368234009, -0.989532292, 1.93176603, -0.0999999568], [0.456881583, -1.0454725, 1.88627565, -0.0550986491], [0.428412467, -0.965943873, 1.88341939, -0.135534808]],
        "rmsprop momentum": [[0.400000036, -0.900000036, 1.89999998, 0], [0.278234035, -0.899532318, 1.841766, -0.0999999568], [0.257292181, -0.955051541, 1.74386513, -0.145098612], [0.209975407, -0.92549026, 1.65289807, -0.266123563]],
        "rmsprop centered": [[0.399496257, -0.899496257, 1.8994962, 0], [0.367474556, -0.989120185, 1.9313246, -0.100503743], [0.456163585, -1.04530501, 1.88560069, -0.0555589013], [0.42769447, -0.965754807, 1.88272905, -0.136454701]],
        "rmsprop all": [[0.433333963, -0.933334053, 1.93333352, 0], [0.372642159, -0.946376324, 1.91215706, -0.0666655526], [0.396437168, -0.982383132, 1.86519432, -0.0688278452], [0.38567251, -0.943328023, 1.83256507, -0.124418654]],
        "adagrad": [[0.400000006, -0.899999976, 1.89999998, 0], [0.368377239, -0.989442706, 1.93162274, -0.100000009], [0.456842422, -1.04515135, 1.88647616, -0.0552786477], [0.428558141, -0.965891957, 1.88365567, -0.135457024]],
        "adagrad all": [[0.438368529, -0.944291532, 1.90329039, 0], [0.421999931, -0.977192521, 1.91485667, -0.0272164978], [0.456478536, -0.99271965, 1.89057696, -0.01695567], [0.444855511, -0.961712539, 1.88592541, -0.0374330878]],
    ]

    static let optimizers: [(String, @Sendable ([Tensor]) throws -> any Optimizer)] = [
        ("nadam", { try NAdam($0, lr: 0.1) }),
        ("nadam wd", { try NAdam($0, lr: 0.1, weightDecay: 0.1) }),
        ("nadam decoupled", { try NAdam($0, lr: 0.1, weightDecay: 0.1, decoupledWeightDecay: true) }),
        ("nadam md", { try NAdam($0, lr: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, momentumDecay: 0.01) }),
        ("rmsprop", { try RMSProp($0, lr: 0.01) }),
        ("rmsprop momentum", { try RMSProp($0, lr: 0.01, momentum: 0.9) }),
        ("rmsprop centered", { try RMSProp($0, lr: 0.01, centered: true) }),
        ("rmsprop all", { try RMSProp($0, lr: 0.02, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.1, momentum: 0.5, centered: true) }),
        ("adagrad", { try Adagrad($0, lr: 0.1) }),
        ("adagrad all", { try Adagrad($0, lr: 0.1, lrDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.2, epsilon: 1e-6) }),
    ]

    @Test(arguments: optimizers.map(\.0))
    func stepsMatchPyTorch(_ name: String) throws {
        let w = try S.tensor(Self.start, requiresGrad: true)
        let opt = try Self.optimizers.first { $0.0 == name }!.1([w])
        for (k, g) in Self.gradients.enumerated() {
            w.grad = try S.tensor(g)
            try opt.step()
            #expect(S.close(w.values, Self.reference[name]![k], 2e-6), "\(name) step \(k + 1): \(w.values)")
        }
    }

    @Test(arguments: optimizers.map(\.0))
    func largeParametersTakeTheParallelPathAlike(_ name: String) throws {
        // Beyond Parallel.threshold the loop is split; every chunk must update as the small case does.
        let n = 1 << 17
        let big = try Tensor.full([n], 0.5), small = try Tensor.full([1], 0.5)
        big.requiresGrad = true
        small.requiresGrad = true
        let make = Self.optimizers.first { $0.0 == name }!.1
        let optBig = try make([big]), optSmall = try make([small])
        for g in [0.3, -0.2, 1.5] as [Float] {
            big.grad = try Tensor.full([n], g)
            small.grad = try Tensor.full([1], g)
            try optBig.step()
            try optSmall.step()
        }
        #expect(big.values.allSatisfy { $0 == small.values[0] })
    }

    @Test func parametersWithoutGradientsAreLeftAloneAndKeepTheirOwnStepCount() throws {
        let a = try S.tensor([1], requiresGrad: true), b = try S.tensor([1], requiresGrad: true)
        let opt = try NAdam([a, b], lr: 0.1)
        a.grad = Tensor([0.3])
        try opt.step()
        #expect(b.values == [1])
        // b's first step is a first step (bias corrections of step 1), as PyTorch's per-parameter state.
        b.grad = Tensor([0.3])
        try opt.step()
        #expect(S.close(b.values, [1 - 0.10564518], 1e-6))
    }

    @Test func optimizersTrainAModel() throws {
        let x = try Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = try Tensor([[0], [1], [1], [0]])
        let makers: [(String, ([Tensor]) throws -> any Optimizer)] = [
            ("NAdam", { try NAdam($0, lr: 0.05) }), ("RMSProp", { try RMSProp($0, lr: 0.01) }), ("Adagrad", { try Adagrad($0, lr: 0.3) }),
        ]
        for (name, make) in makers {
            seed(0)
            let model = Sequential(try Linear(2, 8), Activation.tanh, try Linear(8, 1))
            let opt = try make(model.parameters())
            var loss: Float = 1
            for _ in 0..<400 {
                let l = try Loss.mse(try model(x), y)
                opt.zeroGrad()
                try l.backward()
                try opt.step()
                loss = try l.item()
            }
            #expect(loss < 0.02, "\(name): loss \(loss)")
        }
    }

    @Test func aGradientOfAnotherSizeIsAnError() throws {
        let w = try S.tensor([1], requiresGrad: true)
        let opt = try Adagrad([w])
        w.grad = Tensor([1, 2])
        #expect(throws: TensorError.self) { try opt.step() }
    }

    @Test func clipGradNormScalesToTheMaximumAndReturnsTheNorm() throws {
        let a = try S.tensor([3, 0], requiresGrad: true), b = try S.tensor([0], requiresGrad: true)
        let frozen = try S.tensor([5], requiresGrad: true)
        a.grad = Tensor([3, 0])
        b.grad = Tensor([4])
        // torch.nn.utils.clip_grad_norm_: norm 5, coefficient 1 / (5 + 1e-6).
        let norm = try clipGradNorm([a, b, frozen], maxNorm: 1)
        #expect(norm == 5)
        #expect(S.close(a.grad!.values, [0.6, 0], 1e-6))
        #expect(S.close(b.grad!.values, [0.8], 1e-6))
        #expect(frozen.grad == nil)
        // Below the maximum nothing changes.
        #expect(S.close([try clipGradNorm([a, b], maxNorm: 10)], [1], 1e-6))
        #expect(S.close(b.grad!.values, [0.8], 1e-6))
        // Other norms: the largest magnitude, and the sum of magnitudes.
        a.grad = Tensor([3, -6])
        #expect(try clipGradNorm([a], maxNorm: 100, normType: .infinity) == 6)
        #expect(try clipGradNorm([a], maxNorm: 100, normType: 1) == 9)
        #expect(S.close([try clipGradNorm([a], maxNorm: 100, normType: 3)], [6.24025147], 1e-6))
        #expect(throws: TensorError.self) { try clipGradNorm([a], maxNorm: -1) }
        #expect(throws: TensorError.self) { try clipGradNorm([a], maxNorm: 1, normType: 0) }
    }

    @Test func clipGradNormDoesNotWriteIntoSharedStorage() throws {
        let w = try S.tensor([1, 1], requiresGrad: true)
        try (w * Tensor([30, 40])).sum().backward()
        let seen = w.grad!.detach()   // shares the gradient's storage
        try clipGradNorm([w], maxNorm: 5)
        #expect(seen.values == [30, 40])
        #expect(S.close(w.grad!.values, [3, 4], 1e-5))
    }

    @Test func clipGradValueClampsEachElement() throws {
        let w = try S.tensor([1, 1, 1], requiresGrad: true)
        w.grad = Tensor([-3, 0.2, 7])
        try clipGradValue([w], clipValue: 1)
        #expect(w.grad!.values == [-1, 0.2, 1])
        #expect(throws: TensorError.self) { try clipGradValue([w], clipValue: -1) }
    }

    @Test func penaltiesJoinTheGraph() throws {
        let a = try S.tensor([1, -2, 0], requiresGrad: true), b = try S.tensor([0.5], [1, 1], requiresGrad: true)
        let l1 = try l1Penalty([a, b]), l2 = try l2Penalty([a, b])
        #expect(try l1.item() == 3.5)
        #expect(try l2.item() == 5.25)
        try (l1 * 2 + l2).backward()
        #expect(a.grad!.values == [2 + 2, -2 - 4, 0])
        #expect(b.grad!.values == [2 + 1])
        #expect(b.grad!.shape == [1, 1])
        #expect(try l1Penalty([]).item() == 0)
        try S.checkGradients([try S.tensor([0.7, -1.3, 2.2]), try S.tensor([-0.4, 0.9])]) { try l2Penalty($0) * 0.5 + l1Penalty($0) }
    }
}
