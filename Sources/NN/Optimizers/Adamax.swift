#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Adamax: Adam with the largest recent gradient magnitude in place of the squared average (PyTorch's
/// rule: `u = max(beta2·u, |g| + epsilon)`, `w −= lr / (1 − beta1^t) · m / u`).
public final class Adamax: AdaptiveMoments, Optimizer, ParameterwiseOptimizer {
    private var steps = 0

    /// Throws a ValueError for what PyTorch rejects: a negative lr, epsilon or weightDecay, and betas
    /// outside [0, 1).
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2,
                epsilon: Double = Defaults.epsilon, weightDecay: Double = Defaults.weightDecay, maximize: Bool = false) throws {
        try super.init("Adamax", parameters, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay, decoupledWeightDecay: false, maximize: maximize)
    }

    /// PyTorch's defaults, which the language's `Adamax` declares too.
    public enum Defaults {
        public static let lr: Double = 0.002, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
        public static let weightDecay: Double = 0
    }

    /// lr / (1 − beta1^t), computed once per step in Double.
    private var stepSize = 0.0

    public func step() throws {
        steps += 1
        stepSize = learningRate / (1 - pow(beta1, Double(steps)))
        try updateEach(op: "Adamax")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let b1 = T.hyperparameter(beta1), b2 = T.hyperparameter(beta2), eps = T.hyperparameter(epsilon)
        let wd = T.hyperparameter(weightDecay)
        let stepSize = T(stepSize)
        try OptimizerBuffers.with(T.self, p, grad, [m[i], v[i]], op: "Adamax") { w, g, s, count in
            let mb = s[0], ub = s[1]
            for k in 0..<count {
                let gk = g[k] + wd * w[k]
                mb[k] = b1 * mb[k] + (1 - b1) * gk
                ub[k] = Swift.max(b2 * ub[k], Swift.abs(gk) + eps)
                w[k] -= stepSize * mb[k] / ub[k]
            }
        }
    }
}

extension Adamax {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("Adamax")
        try state.add("step", Double(steps))
        try addMoments(to: &state)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("Adamax", reading: tensors)
        let steps = try state.integer("step")
        try loadMoments(from: state)
        self.steps = steps
    }
}
