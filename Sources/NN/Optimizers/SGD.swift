import TensorEngine

/// Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay (PyTorch's rules).
public final class SGD: Optimizer, ParameterwiseOptimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    /// The momentum factor; OneCycleLR cycles it.
    public var momentum: Double
    public let weightDecay: Double, nesterov: Bool
    /// Climbs the objective instead of descending it (PyTorch's `maximize`).
    public let maximize: Bool
    private var velocity: [Tensor?]

    /// Throws a ValueError for what PyTorch rejects: a negative lr, momentum or weightDecay, and Nesterov
    /// momentum without a positive momentum.
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, momentum: Double = Defaults.momentum, weightDecay: Double = Defaults.weightDecay,
                nesterov: Bool = false, maximize: Bool = false) throws {
        let arguments = OptimizerArguments("SGD")
        try arguments.nonNegative(["lr": lr, "momentum": momentum, "weightDecay": weightDecay])
        if nesterov { try arguments.positive("momentum", momentum, for: "nesterov") }
        self.parameters = parameters
        learningRate = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.maximize = maximize
        velocity = Array(repeating: nil, count: parameters.count)
    }

    /// PyTorch's defaults, which the language's `SGD` declares too; lr is PyTorch 2's 1e-3, so a list of
    /// parameter groups that each set their own lr needs no optimizer-wide one.
    public enum Defaults {
        public static let lr: Double = 1e-3
        public static let momentum: Double = 0, weightDecay: Double = 0
    }

    public func step() throws {
        try updateEach(op: "SGD")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let lr = T.hyperparameter(learningRate), wd = T.hyperparameter(weightDecay), mu = T.hyperparameter(momentum)
        let nesterov = self.nesterov
        if mu != 0 && velocity[i] == nil { velocity[i] = try OptimizerBuffers.state(for: p) }
        if let v = velocity[i] {
            try OptimizerBuffers.with(T.self, p, grad, [v], op: "SGD") { w, g, s, count in
                let b = s[0]
                for j in 0..<count {
                    let d = g[j] + wd * w[j]
                    b[j] = mu * b[j] + d
                    w[j] -= lr * (nesterov ? d + mu * b[j] : b[j])
                }
            }
        } else {
            try OptimizerBuffers.with(T.self, p, grad, [], op: "SGD") { w, g, _, count in
                for j in 0..<count { w[j] -= lr * (g[j] + wd * w[j]) }
            }
        }
    }
}

extension SGD {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("SGD")
        try state.add("momentumBuffer", velocity)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        velocity = try OptimizerState("SGD", reading: tensors).savedBuffers("momentumBuffer", for: parameters)
    }
}

extension SGD: CycledMomentum {
    public var cycledMomentum: Double {
        get { momentum }
        set { momentum = newValue }
    }
}
