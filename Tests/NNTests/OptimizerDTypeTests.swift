import NN
import TensorEngine
import Testing

/// Optimizers in each dtype: a float64 parameter updates in Double (one step against the rule written
/// out by hand in Double with the decimal hyperparameters), a float32 parameter exactly as the float32
/// rule always computed it (bit for bit), float16 updates through float32, and integer parameters are a
/// TypeError naming the optimizer.
@Suite struct OptimizerDTypeTests {
    /// Values with parts below float32's precision, so a float32 computation of a float64 step shows.
    static let start: [Double] = [0.5 + 1e-10, -1.25 + 3e-11, 2.0 - 7e-12, 0.031 + 1e-13, -0.7]
    static let gradient: [Double] = [0.3 + 2e-11, -0.2, 1.5 - 5e-12, 1e-3, -0.45 + 1e-12]

    /// The rule of one step from fresh state, written generically so that the Float instance is the
    /// float32 loop of the optimizers (same operations in the same order) and the Double one the rule
    /// in Double; the hyperparameters are literals of `T` (0.1 is the double 0.1 for Double).
    typealias Rule<T> = (_ w: T, _ g: T) -> T

    static func sgd<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let lr: T = 0.1, mu: T = 0.9, wd: T = 0.01
        return { w, g in
            let d = g + wd * w
            let b = mu * 0 + d
            return w - lr * (d + mu * b)
        }
    }

    static func adam<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let b1: T = 0.8, b2: T = 0.99, eps: T = 1e-6, wd: T = 0.05
        // The bias corrections in Double, once per step.
        let stepSize = T(0.01 / (1 - 0.8)), irc2 = T(1 / (1 - 0.99).squareRoot())
        return { w, g in
            let gj = g + wd * w
            let m = b1 * 0 + (1 - b1) * gj
            let v = b2 * 0 + (1 - b2) * gj * gj
            return w - stepSize * m / (v.squareRoot() * irc2 + eps)
        }
    }

    static func adamax<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let b1: T = 0.85, b2: T = 0.95, eps: T = 1e-7, wd: T = 0.1
        let stepSize = T(0.02 / (1 - 0.85))
        return { w, g in
            let gk = g + wd * w
            let m = b1 * 0 + (1 - b1) * gk
            let u = Swift.max(b2 * 0, Swift.abs(gk) + eps)
            return w - stepSize * m / u
        }
    }

    static func nadam<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let b1: T = 0.8, b2: T = 0.99, eps: T = 1e-6, wd: T = 0.1
        // The step factors in Double from the hyperparameters as written, as PyTorch computes them in
        // Python floats.
        let b1d = 0.8, b2d = 0.99, lrd = 0.05, decay = 0.01
        let bias2 = T(1 - Double.pow(b2d, 1))
        let mu = b1d * (1 - 0.5 * Double.pow(0.96, 1 * decay)), muNext = b1d * (1 - 0.5 * Double.pow(0.96, 2 * decay))
        let gradStep = T(lrd * (1 - mu) / (1 - mu)), momentumStep = T(lrd * muNext / (1 - mu * muNext))
        let irb2 = 1 / bias2.squareRoot()
        return { w, g in
            let gj = g + wd * w
            let m = b1 * 0 + (1 - b1) * gj
            let v = b2 * 0 + (1 - b2) * gj * gj
            return w - (gradStep * gj + momentumStep * m) / (v.squareRoot() * irb2 + eps)
        }
    }

    static func rmsprop<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let lr: T = 0.02, a: T = 0.9, eps: T = 1e-6, wd: T = 0.1, mu: T = 0.5
        return { w, g in
            let gj = g + wd * w
            let s = a * 0 + (1 - a) * gj * gj
            let m = a * 0 + (1 - a) * gj
            var average = (s - m * m).squareRoot()
            average += eps
            let b = mu * 0 + gj / average
            return w - lr * b
        }
    }

    static func adagrad<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let lr: T = 0.1, lrDecay: T = 0.5, wd: T = 0.1, initial: T = 0.2, eps: T = 1e-6
        let rate = lr / (1 + T(0) * lrDecay)
        return { w, g in
            let gj = g + wd * w
            let s = initial + gj * gj
            return w - rate * gj / (s.squareRoot() + eps)
        }
    }

    static func adadelta<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let lr: T = 0.5, rho: T = 0.8, eps: T = 1e-5, wd: T = 0.1
        return { w, g in
            let gj = g + wd * w
            let s = rho * 0 + (1 - rho) * gj * gj
            let delta = (0 + eps).squareRoot() / (s + eps).squareRoot() * gj
            return w - lr * delta
        }
    }

    /// RAdam's first step, before rectification: a momentum step of lr / (1 − beta1) (decoupled decay).
    static func radam<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let lr: T = 0.01, b1: T = 0.8, wd: T = 0.1
        let momentumStep = T(0.01 / (1 - 0.8))
        return { w, g in
            let wj = w * (1 - lr * wd)
            let m = b1 * 0 + (1 - b1) * g
            return wj - momentumStep * m
        }
    }

    static func lion<T: EngineFloat>(_: T.Type) -> Rule<T> {
        let lr: T = 0.001, b1: T = 0.9, decay = 1 - T(0.001 * 0.5)
        return { w, g in
            let direction = b1 * 0 + (1 - b1) * g
            return w * decay - lr * (direction > 0 ? 1 : (direction < 0 ? -1 : 0))
        }
    }

    /// Each optimizer with the hyperparameters its rule above uses.
    static let cases: [(String, @Sendable ([Tensor]) throws -> any Optimizer)] = [
        ("SGD", { try SGD($0, lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true) }),
        ("Adam", { try Adam($0, lr: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.05) }),
        ("Adamax", { try Adamax($0, lr: 0.02, beta1: 0.85, beta2: 0.95, epsilon: 1e-7, weightDecay: 0.1) }),
        ("NAdam", { try NAdam($0, lr: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1, momentumDecay: 0.01) }),
        ("RMSProp", { try RMSProp($0, lr: 0.02, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.1, momentum: 0.5, centered: true) }),
        ("Adagrad", { try Adagrad($0, lr: 0.1, lrDecay: 0.5, weightDecay: 0.1, initialAccumulatorValue: 0.2, epsilon: 1e-6) }),
        ("Adadelta", { try Adadelta($0, lr: 0.5, rho: 0.8, epsilon: 1e-5, weightDecay: 0.1) }),
        ("RAdam", { try RAdam($0, lr: 0.01, beta1: 0.8, weightDecay: 0.1, decoupledWeightDecay: true) }),
        ("Lion", { try Lion($0, lr: 0.001, weightDecay: 0.5) }),
    ]

    static func rule<T: EngineFloat>(_ name: String, _ type: T.Type) -> Rule<T> {
        switch name {
        case "SGD": return sgd(type)
        case "Adam": return adam(type)
        case "Adamax": return adamax(type)
        case "NAdam": return nadam(type)
        case "RMSProp": return rmsprop(type)
        case "Adadelta": return adadelta(type)
        case "RAdam": return radam(type)
        case "Lion": return lion(type)
        default: return adagrad(type)
        }
    }

    /// One step of the optimizer `name` on a parameter of `T`'s dtype; returns the parameter.
    static func step<T: EngineFloat>(_ name: String, _ type: T.Type) throws -> Tensor {
        let make = cases.first { $0.0 == name }!.1
        let p = try Tensor(shape: [start.count], elements: start, dtype: T.dtype, requiresGrad: true)
        p.grad = try Tensor(shape: [gradient.count], elements: gradient, dtype: T.dtype)
        try make([p]).step()
        return p
    }

    @Test(arguments: cases.map(\.0))
    func float64StepIsTheRuleInDouble(_ name: String) throws {
        let p = try Self.step(name, Double.self)
        #expect(p.dtype == .float64)
        let got = p.elements(as: Double.self), rule = Self.rule(name, Double.self)
        for j in Self.start.indices {
            let want = rule(Self.start[j], Self.gradient[j])
            #expect(Swift.abs(got[j] - want) <= 1e-15 * Swift.abs(want), "\(name)[\(j)]: \(got[j]) vs \(want)")
        }
    }

    @Test(arguments: cases.map(\.0))
    func float32StepIsTheFloat32RuleBitForBit(_ name: String) throws {
        let p = try Self.step(name, Float.self)
        #expect(p.dtype == .float32)
        let got = p.elements(as: Float.self), rule = Self.rule(name, Float.self)
        let want = Self.start.indices.map { rule(Float(Self.start[$0]), Float(Self.gradient[$0])) }
        #expect(got.map(\.bitPattern) == want.map(\.bitPattern), "\(name): \(got) vs \(want)")
    }

    @Test(arguments: cases.map(\.0))
    func float16UpdatesThroughFloat32AndIntegersAreTypeErrors(_ name: String) throws {
        let make = Self.cases.first { $0.0 == name }!.1
        let h = try Tensor(shape: [2], elements: [1.0, -2.0], dtype: .float16, requiresGrad: true)
        h.grad = try Tensor(shape: [2], elements: [0.5, 0.5], dtype: .float16)
        try make([h]).step()
        #expect(h.dtype == .float16)
        #expect(h.elements(as: Double.self) != [1.0, -2.0])

        let i = try Tensor(shape: [2], elements: [1.0, 2.0], dtype: .int64)
        i.grad = try Tensor(shape: [2], elements: [1.0, 1.0], dtype: .int64)
        let error = #expect(throws: TensorError.self) { try make([i]).step() }
        #expect(error?.message.hasPrefix("\(name): cannot update a int64 parameter") == true, "\(String(describing: error))")
    }

    @Test func stateMadeBeforeConversionCarriesOverInTheParametersType() throws {
        let p = try Tensor(shape: [2], elements: [1.0, 2.0], dtype: .float32, requiresGrad: true)
        let opt = try Adam([p], lr: 0.1)
        p.grad = try Tensor(shape: [2], elements: [0.5, -0.5], dtype: .float32)
        try opt.step()
        try p.convertInPlace(to: .float64)
        #expect(p.grad?.dtype == .float64)
        try opt.step()
        #expect(p.dtype == .float64)
        #expect(p.grad?.dtype == .float64)
    }

    @Test func clippingWorksInEachType() throws {
        let p = try Tensor(shape: [2], elements: [0.0, 0.0], dtype: .float64, requiresGrad: true)
        p.grad = try Tensor(shape: [2], elements: [3.0 + 1e-12, 4.0], dtype: .float64)
        let norm = try clipGradNorm([p], maxNorm: 1)
        #expect(Swift.abs(Double(norm) - 5) < 1e-6)
        let g = p.grad!.elements(as: Double.self), c = 1 / ((3.0 + 1e-12).squared + 16).squareRoot().plus(1e-6)
        #expect(p.grad?.dtype == .float64)
        #expect(Swift.abs(g[0] - (3.0 + 1e-12) * c) <= 1e-15 && Swift.abs(g[1] - 4 * c) <= 1e-15)

        p.grad = try Tensor(shape: [2], elements: [0.3 + 1e-12, -2.0], dtype: .float64)
        try clipGradValue([p], clipValue: 0.5)
        #expect(p.grad!.elements(as: Double.self) == [0.3 + 1e-12, -0.5])

        let h = try Tensor(shape: [2], elements: [0.0, 0.0], dtype: .bfloat16, requiresGrad: true)
        h.grad = try Tensor(shape: [2], elements: [2.0, -0.25], dtype: .bfloat16)
        try clipGradValue([h], clipValue: 1)
        #expect(h.grad?.dtype == .bfloat16 && h.grad!.elements(as: Double.self) == [1, -0.25])

        let i = try Tensor(shape: [1], elements: [0.0], dtype: .int32)
        i.grad = try Tensor(shape: [1], elements: [2.0], dtype: .int32)
        #expect(throws: TensorError.self) { try clipGradValue([i], clipValue: 1) }
        #expect(throws: TensorError.self) { try clipGradNorm([i], maxNorm: 1) }
    }
}

private extension Double {
    var squared: Double { self * self }
    func plus(_ x: Double) -> Double { self + x }
}
