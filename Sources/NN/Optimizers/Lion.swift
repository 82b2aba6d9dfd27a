import TensorEngine

/// Lion (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"): steps of the same size
/// for every weight, in the sign of an interpolation between the momentum and the gradient, with
/// decoupled weight decay. It wants a learning rate 3–10× smaller than AdamW's and a larger weight decay.
///
/// `w ← w·(1 − lr·weightDecay) − lr·sign(beta1·m + (1 − beta1)·g)`, then `m ← beta2·m + (1 − beta2)·g`.
public final class Lion: Optimizer, ParameterwiseOptimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    /// The blend of momentum and gradient that a step takes the sign of; OneCycleLR cycles it.
    public var beta1: Double
    public let beta2: Double, weightDecay: Double
    /// Climbs the objective instead of descending it.
    public let maximize: Bool
    /// Per parameter: the momentum (a running average of gradients).
    private var momentum: [Tensor]

    /// Throws a ValueError for a negative lr or weightDecay, and betas outside [0, 1).
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, beta1: Double = Defaults.beta1, beta2: Double = Defaults.beta2,
                weightDecay: Double = Defaults.weightDecay, maximize: Bool = false) throws {
        let arguments = OptimizerArguments("Lion")
        try arguments.nonNegative("lr", lr)
        try arguments.beta("beta1", beta1)
        try arguments.beta("beta2", beta2)
        try arguments.nonNegative("weightDecay", weightDecay)
        self.parameters = parameters
        learningRate = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.weightDecay = weightDecay
        self.maximize = maximize
        momentum = try OptimizerBuffers.states(for: parameters)
    }

    /// The paper's defaults, which the language's `Lion` declares too.
    public enum Defaults {
        public static let lr: Double = 1e-4, beta1: Double = 0.9, beta2: Double = 0.99, weightDecay: Double = 0
    }

    public func step() throws {
        try updateEach(op: "Lion")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let b1 = T.hyperparameter(beta1), b2 = T.hyperparameter(beta2)
        let lr = T.hyperparameter(learningRate), decay = 1 - T.hyperparameter(learningRate * weightDecay)
        try OptimizerBuffers.with(T.self, p, grad, [momentum[i]], op: "Lion") { w, g, s, count in
            let mp = s[0]
            Parallel.forRange(count, cost: 4) { start, end in
                for j in start..<end {
                    let direction = b1 * mp[j] + (1 - b1) * g[j]
                    let sign: T = direction > 0 ? 1 : (direction < 0 ? -1 : 0)
                    w[j] = w[j] * decay - lr * sign
                    mp[j] = b2 * mp[j] + (1 - b2) * g[j]
                }
            }
        }
    }
}

extension Lion {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("Lion")
        try state.add("momentum", momentum)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        momentum = try OptimizerState("Lion", reading: tensors).buffers("momentum", for: parameters)
    }
}

extension Lion: CycledMomentum {
    public var cycledMomentum: Double {
        get { beta1 }
        set { beta1 = newValue }
    }
}
