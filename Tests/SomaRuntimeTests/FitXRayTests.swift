import Testing
@testable import Script
@testable import SomaRuntime

/// `fit(..., xray: true)`: what it measures per layer, and what it diagnoses on the networks the course
/// uses to show each problem.
@Suite struct FitXRayTests {
    func run(_ code: String) throws -> String { try printed(code) }

    /// Notebook 05's deep network on the moons: 12 blocks of 32 units, sigmoid or residual.
    static let deep = """
        seed(0)
        let data = moons(256, noise: 0.1)
        layer Block(dim, kind) {
            let fc = Linear(dim, dim)
            fn forward(x) { if kind == "sigmoid" { sigmoid(fc(x)) } else { x + sigmoid(fc(x)) } }
        }
        layer Deep(kind) {
            let input = Linear(2, 32)
            let blocks = list(0..<12).map(fn(i) { Block(32, kind) })
            let output = Linear(32, 2)
            fn forward(x) {
                var h = input(x)
                for block in blocks { h = block(h) }
                output(h)
            }
        }
        fn train(kind) {
            seed(1)
            let model = Deep(kind)
            fit(model, data: DataLoader(data[0], data[1], batchSize: 32, shuffle: true), loss: crossEntropy,
                optimizer: SGD(model.parameters(), lr: 0.05), epochs: 2, xray: true, display: false).xray
        }
        """

    @Test func theVanishingGradientOfTheDeepSigmoidNetworkIsNamedAndNotTheResidualOnes() throws {
        let out = try run(Self.deep + """

            let sigmoidNet = train("sigmoid")
            let residualNet = train("residual")
            print(sigmoidNet.diagnoses.filter(fn(d) { d.contains("vanishing gradient") }).count)
            print(residualNet.diagnoses.filter(fn(d) { d.contains("vanishing gradient") }).count)
            print(sigmoidNet.layers.count, sigmoidNet.steps.count)
            """)
        #expect(out == "1\n0\n14 2\n")
    }

    @Test func deadReLUsSaturatedUnitsAndALearningRateTooHighAreNamed() throws {
        let out = try run("""
            seed(0)
            let x = randn([256, 8])
            let y = (x.sum(axis: 1) > 0).to(int64)
            let dead = Sequential(Linear(8, 16), ReLU(), Linear(16, 2))
            initConstant(dead[0].bias, -100)
            let a = fit(dead, data: DataLoader(x, y, batchSize: 64), loss: crossEntropy, optimizer: SGD(dead.parameters(), lr: 0.01),
                        epochs: 1, xray: true, display: false).xray
            let squashed = Sequential(Linear(8, 16), Tanh(), Linear(16, 2))
            initNormal(squashed[0].weight, std: 5)
            let b = fit(squashed, data: DataLoader(x, y, batchSize: 64), loss: crossEntropy, optimizer: SGD(squashed.parameters(), lr: 0.01),
                        epochs: 1, xray: true, display: false).xray
            let fast = Sequential(Linear(8, 16), ReLU(), Linear(16, 2))
            let c = fit(fast, data: DataLoader(x, y, batchSize: 64), loss: crossEntropy, optimizer: SGD(fast.parameters(), lr: 20),
                        epochs: 1, xray: ["every": 1], display: false).xray
            for d in a.diagnoses + b.diagnoses + c.diagnoses { print(d) }
            """)
        #expect(out.contains("100% of the ReLUs feeding layer 2 never fire: dead ReLUs — lower the learning rate or use LeakyReLU (see notebook 03)"))
        #expect(out.contains("of the units feeding layer 2 are saturated"))
        #expect(out.contains("learning rate too high (see notebook 04)"))
        #expect(!out.contains("vanishing"))
    }

    @Test func theMeasuresAreTheLayersOwn() throws {
        let out = try run("""
            seed(0)
            let x = randn([16, 3])
            let y = randn([16, 1])
            let m = Sequential(Linear(3, 4), ReLU(), Linear(4, 1))
            seed(5)
            let copy = Sequential(Linear(3, 4), ReLU(), Linear(4, 1))
            copy.loadStateDict(m.stateDict())
            let before = m[0].weight.clone()
            let h = fit(m, data: [x, y], loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), epochs: 1, xray: ["every": 1], display: false)
            mse(copy(x), y).backward()
            let g = copy[0].weight.grad
            let byHand = (g * g).sum().sqrt().item()
            let update = (m[0].weight - before)
            print(abs(h.xray.gradNorm["layer 1"][0] - byHand) < 1e-6)
            print(abs(h.xray.updateRatio["layer 1"][0] - (update * update).sum().sqrt().item() / (before * before).sum().sqrt().item()) < 1e-6)
            let hidden = relu(x @ before.T + m[0].bias.detach() * 0 + copy[0].bias.detach())
            print(abs(h.xray.activationMean["layer 2"][0] - hidden.mean().item()) < 1e-5, h.xray.activationMean["layer 1"][0])
            print(h.xray.steps, h.xray.layers)
            """)
        #expect(out == "true\ntrue\ntrue nan\n[1] [\"layer 1\", \"layer 2\"]\n")
    }

    @Test func withoutXRayNothingIsRecordedAndItsHooksGoWithIt() throws {
        let out = try run("""
            seed(0)
            let m = Sequential(Linear(2, 3), Linear(3, 1))
            let d = [randn([8, 2]), randn([8, 1])]
            print(fit(m, data: d, loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), display: false).xray)
            let h = fit(m, data: d, loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), xray: true, display: false)
            print(type(h.xray), len(h.xray.steps))
            fit(m, data: d, loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), display: false)
            print(len(h.xray.steps))
            """)
        #expect(out == "nil\nXRay 1\n1\n")
    }

    @Test func badSettingsAreErrors() throws {
        for (code, message) in [
            ("xray: [\"every\": 0]", "fit: xray's every must be at least 1, got 0"),
            ("xray: [\"often\": 2]", "fit: xray has no setting \"often\" (it has: every)"),
        ] {
            do {
                _ = try run("let m = Linear(2, 1)\nfit(m, data: [ones([4, 2]), ones([4, 1])], loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), display: false, \(code))")
                Issue.record("no error for \(code)")
            } catch let e as ScriptError {
                #expect(e.message == message)
            }
        }
    }
}
