#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Rectified Adam (PyTorch's `RAdam`): plain momentum steps while the variance of the adaptive rate is
/// not yet tractable (the first steps), then Adam steps scaled by the rectification term.
public final class RAdam: AdaptiveMoments, Optimizer, ParameterwiseOptimizer {
    private var steps = 0

    /// Throws a ValueError for what PyTorch rejects: a negative lr, epsilon or weightDecay, and betas
    /// outside [0, 1).
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2,
                epsilon: Double = Defaults.epsilon, weightDecay: Double = Defaults.weightDecay,
                decoupledWeightDecay: Bool = false, maximize: Bool = false) throws {
        try super.init("RAdam", parameters, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay, maximize: maximize)
    }

    /// PyTorch's defaults, which the language's `RAdam` declares too.
    public enum Defaults {
        public static let lr: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
        public static let weightDecay: Double = 0
    }

    public func step() throws {
        steps += 1
        try updateEach(op: "RAdam")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`); the step factors are computed in Double.
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let b1 = T.hyperparameter(beta1), b2 = T.hyperparameter(beta2), eps = T.hyperparameter(epsilon)
        let lr = T.hyperparameter(learningRate), wd = T.hyperparameter(weightDecay)
        let decoupled = decoupledWeightDecay
        let t = Double(steps)
        let correction1 = 1 - pow(beta1, t), correction2 = 1 - pow(beta2, t)
        // The length of the approximated simple moving average, and its limit.
        let rhoInfinity = 2 / (1 - beta2) - 1
        let rho = rhoInfinity - 2 * t * pow(beta2, t) / correction2
        let rectified = rho > 5
        let rectification = rectified
            ? ((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)).squareRoot() : 0
        let momentumStep = T(learningRate / correction1)
        let adaptiveStep = T(learningRate / correction1 * rectification * correction2.squareRoot())
        try OptimizerBuffers.with(T.self, p, grad, [m[i], v[i]], op: "RAdam") { w, g, s, count in
            let mp = s[0], vp = s[1]
            Parallel.forRange(count, cost: 8) { start, end in
                for j in start..<end {
                    let wj = AdaptiveMoments.advance(w[j], g[j], &mp[j], &vp[j], b1: b1, b2: b2, lr: lr, decay: wd, decoupled: decoupled).w
                    let mj = mp[j]
                    w[j] = rectified ? wj - adaptiveStep * mj / (vp[j].squareRoot() + eps) : wj - momentumStep * mj
                }
            }
        }
    }
}

extension RAdam {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("RAdam")
        try state.add("step", Double(steps))
        try addMoments(to: &state)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("RAdam", reading: tensors)
        let steps = try state.integer("step")
        try loadMoments(from: state)
        self.steps = steps
    }
}
