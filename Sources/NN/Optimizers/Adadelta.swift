import TensorEngine

/// Adadelta (PyTorch's rules and defaults): each weight's step is the ratio of two running RMS values,
/// of past steps and of gradients, so it needs no hand-tuned rate (`lr` only scales it, 1 by default).
public final class Adadelta: Optimizer, ParameterwiseOptimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let rho: Double, epsilon: Double, weightDecay: Double
    /// Climbs the objective instead of descending it (PyTorch's `maximize`).
    public let maximize: Bool
    /// Per parameter: the running mean of squared gradients, and of squared steps.
    private var squareAverage: [Tensor], deltaAverage: [Tensor]

    /// Throws a ValueError for what PyTorch rejects: a negative lr, epsilon or weightDecay, and rho
    /// outside [0, 1].
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, rho: Double = Defaults.rho, epsilon: Double = Defaults.epsilon,
                weightDecay: Double = Defaults.weightDecay, maximize: Bool = false) throws {
        let arguments = OptimizerArguments("Adadelta")
        try arguments.nonNegative("lr", lr)
        try arguments.unitInterval("rho", rho)
        try arguments.nonNegative(["epsilon": epsilon, "weightDecay": weightDecay])
        self.parameters = parameters
        learningRate = lr
        self.rho = rho
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.maximize = maximize
        squareAverage = try OptimizerBuffers.states(for: parameters)
        deltaAverage = try OptimizerBuffers.states(for: parameters)
    }

    /// PyTorch's defaults, which the language's `Adadelta` declares too.
    public enum Defaults {
        public static let lr: Double = 1, rho: Double = 0.9, epsilon: Double = 1e-6, weightDecay: Double = 0
    }

    public func step() throws {
        try updateEach(op: "Adadelta")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let rho = T.hyperparameter(rho), eps = T.hyperparameter(epsilon), lr = T.hyperparameter(learningRate)
        let wd = T.hyperparameter(weightDecay)
        try OptimizerBuffers.with(T.self, p, grad, [squareAverage[i], deltaAverage[i]], op: "Adadelta") { w, g, s, count in
            let sq = s[0], acc = s[1]
            Parallel.forRange(count, cost: 8) { start, end in
                for j in start..<end {
                    let gj = g[j] + wd * w[j]
                    let sj = rho * sq[j] + (1 - rho) * gj * gj
                    sq[j] = sj
                    let delta = (acc[j] + eps).squareRoot() / (sj + eps).squareRoot() * gj
                    acc[j] = rho * acc[j] + (1 - rho) * delta * delta
                    w[j] -= lr * delta
                }
            }
        }
    }
}

extension Adadelta {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("Adadelta")
        try state.add("squareAverage", squareAverage)
        try state.add("deltaAverage", deltaAverage)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("Adadelta", reading: tensors)
        let squares = try state.buffers("squareAverage", for: parameters)
        deltaAverage = try state.buffers("deltaAverage", for: parameters)
        squareAverage = squares
    }
}
