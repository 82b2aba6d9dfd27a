#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Adam with Nesterov momentum (PyTorch's `NAdam`: momentum decay schedule, defaults, weight decay).
public final class NAdam: AdaptiveMoments, Optimizer, ParameterwiseOptimizer {
    public let momentumDecay: Double
    /// Per parameter: updates done, and the running product of the momentum coefficients μ.
    private var steps: [Int], muProduct: [Double]

    /// Throws a ValueError for what PyTorch rejects: a negative lr, epsilon, weightDecay or momentumDecay,
    /// and betas outside [0, 1).
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2,
                epsilon: Double = Defaults.epsilon, weightDecay: Double = Defaults.weightDecay,
                momentumDecay: Double = Defaults.momentumDecay, decoupledWeightDecay: Bool = false, maximize: Bool = false) throws {
        self.momentumDecay = momentumDecay
        steps = Array(repeating: 0, count: parameters.count)
        muProduct = Array(repeating: 1, count: parameters.count)
        try super.init("NAdam", parameters, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay, maximize: maximize)
        // Checked after the others, as PyTorch does.
        try OptimizerArguments("NAdam").nonNegative("momentumDecay", momentumDecay)
    }

    /// PyTorch's defaults, which the language's `NAdam` declares too.
    public enum Defaults {
        public static let lr: Double = 0.002, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
        public static let weightDecay: Double = 0, momentumDecay: Double = 0.004
    }

    public func step() throws {
        try updateEach(op: "NAdam") { steps[$0] += 1 }
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`); the step factors are computed in Double.
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let b1 = T.hyperparameter(beta1), b2 = T.hyperparameter(beta2), eps = T.hyperparameter(epsilon)
        let lr = T.hyperparameter(learningRate), wd = T.hyperparameter(weightDecay)
        let decoupled = decoupledWeightDecay
        let b1d = beta1, b2d = beta2, lrd = learningRate, decay = momentumDecay
        let t = Double(steps[i])
        let bias2 = T(1 - pow(b2d, t))
        // The momentum coefficient of this step and of the next (Dozat's schedule).
        let mu = b1d * (1 - 0.5 * pow(0.96, t * decay))
        let muNext = b1d * (1 - 0.5 * pow(0.96, (t + 1) * decay))
        muProduct[i] *= mu
        let gradStep = T(lrd * (1 - mu) / (1 - muProduct[i]))
        let momentumStep = T(lrd * muNext / (1 - muProduct[i] * muNext))
        let inverseRootBias2 = 1 / bias2.squareRoot()
        try OptimizerBuffers.with(T.self, p, grad, [m[i], v[i]], op: "NAdam") { w, g, s, count in
            let mp = s[0], vp = s[1]
            Parallel.forRange(count, cost: 8) { start, end in
                for j in start..<end {
                    let (wj, gj) = AdaptiveMoments.advance(w[j], g[j], &mp[j], &vp[j], b1: b1, b2: b2, lr: lr, decay: wd, decoupled: decoupled)
                    let denominator = vp[j].squareRoot() * inverseRootBias2 + eps
                    w[j] = wj - (gradStep * gj + momentumStep * mp[j]) / denominator
                }
            }
        }
    }
}

extension NAdam {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("NAdam")
        try state.add("step", steps.map(Double.init))
        try state.add("muProduct", muProduct)
        try addMoments(to: &state)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("NAdam", reading: tensors)
        let steps = try state.integers("step", count: parameters.count)
        let muProduct = try state.numbers("muProduct", count: parameters.count, fallback: 1)
        try loadMoments(from: state)
        self.steps = steps
        self.muProduct = muProduct
    }
}
