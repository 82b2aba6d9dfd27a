#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Adam, and AdamW when `decoupledWeightDecay` is set (PyTorch's update rules and defaults).
public final class Adam: AdaptiveMoments, Optimizer, ParameterwiseOptimizer {
    private var steps = 0

    /// Throws a ValueError for what PyTorch rejects: a negative lr, epsilon or weightDecay, and betas
    /// outside [0, 1). Messages name the optimizer AdamW where `decoupledWeightDecay` is set.
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2,
                epsilon: Double = Defaults.epsilon, weightDecay: Double = Defaults.weightDecay,
                decoupledWeightDecay: Bool = false, amsgrad: Bool = false, maximize: Bool = false) throws {
        self.amsgrad = amsgrad
        maxV = try OptimizerBuffers.states(for: parameters, used: amsgrad)
        try super.init(decoupledWeightDecay ? "AdamW" : "Adam", parameters, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay, maximize: maximize)
    }

    /// Divides by the largest running average of squared gradients seen so far rather than the current
    /// one (PyTorch's `amsgrad`), so a parameter's step size never grows back.
    public let amsgrad: Bool
    /// Per parameter, with `amsgrad`: the largest `v` so far (empty otherwise).
    private var maxV: [Tensor]

    /// PyTorch's defaults, which the language's `Adam` and `AdamW` declare too.
    public enum Defaults {
        public static let lr: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8
        public static let weightDecay: Double = 0
        /// AdamW's weight decay (PyTorch's `AdamW(weight_decay=0.01)`).
        public static let decoupledWeightDecay: Double = 0.01
    }

    /// The step's factors from the bias corrections, computed once per step in Double (as PyTorch's
    /// Python floats): lr / (1 − beta1^t) and 1 / √(1 − beta2^t).
    private var stepSize = 0.0, inverseRootCorrection2 = 0.0

    public func step() throws {
        steps += 1
        let t = Double(steps)
        stepSize = learningRate / (1 - pow(beta1, t))
        inverseRootCorrection2 = 1 / (1 - pow(beta2, t)).squareRoot()
        try updateEach(op: "Adam")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let b1 = T.hyperparameter(beta1), b2 = T.hyperparameter(beta2), eps = T.hyperparameter(epsilon)
        let lr = T.hyperparameter(learningRate), wd = T.hyperparameter(weightDecay)
        let stepSize = T(stepSize), inverseRootCorrection2 = T(inverseRootCorrection2), decoupled = decoupledWeightDecay
        let amsgrad = self.amsgrad
        try OptimizerBuffers.with(T.self, p, grad, [m[i], v[i], maxV[i]], op: "Adam") { wp, gp, s, count in
            let mp = s[0], vp = s[1], top = s[2]
            Parallel.forRange(count, cost: 8) { s, e in
                if amsgrad {
                    for j in s..<e {
                        let wj = AdaptiveMoments.advance(wp[j], gp[j], &mp[j], &vp[j], b1: b1, b2: b2, lr: lr, decay: wd, decoupled: decoupled).w
                        top[j] = Swift.max(top[j], vp[j])
                        wp[j] = wj - stepSize * mp[j] / (top[j].squareRoot() * inverseRootCorrection2 + eps)
                    }
                } else if decoupled {
                    Adam.update(wp + s, gp + s, mp + s, vp + s, e - s, b1, b2, eps, stepSize,
                                inverseRootCorrection2) { w, g in w *= 1 - lr * wd; return g }
                } else {
                    Adam.update(wp + s, gp + s, mp + s, vp + s, e - s, b1, b2, eps, stepSize,
                                inverseRootCorrection2) { w, g in g + wd * w }
                }
            }
        }
    }

    /// The update of `count` elements, as one loop with no branch so that it vectorizes;
    /// `decay(&w, g)` applies weight decay and returns the gradient to use.
    @inline(__always) private static func update<T: EngineFloat>(
        _ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
        _ v: UnsafeMutablePointer<T>, _ count: Int, _ b1: T, _ b2: T, _ eps: T,
        _ stepSize: T, _ inverseRootCorrection2: T, _ decay: (inout T, T) -> T
    ) {
        for j in 0..<count {
            var wj = w[j]
            let gj = decay(&wj, g[j])
            let mj = b1 * m[j] + (1 - b1) * gj
            let vj = b2 * v[j] + (1 - b2) * gj * gj
            m[j] = mj
            v[j] = vj
            w[j] = wj - stepSize * mj / (vj.squareRoot() * inverseRootCorrection2 + eps)
        }
    }
}

extension Adam {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("Adam")
        try state.add("step", Double(steps))
        try addMoments(to: &state)
        try state.add("maxV", maxV)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("Adam", reading: tensors)
        let steps = try state.integer("step")
        try loadMoments(from: state)
        maxV = try state.buffers("maxV", for: parameters, used: amsgrad)
        self.steps = steps
    }
}
