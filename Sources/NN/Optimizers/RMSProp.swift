import TensorEngine

/// RMSProp (PyTorch's `RMSprop`): steps scaled by a running root-mean-square of the gradient, with
/// optional momentum, a centered variant (subtracting the running mean) and weight decay.
public final class RMSProp: Optimizer, ParameterwiseOptimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let alpha: Double, epsilon: Double, weightDecay: Double, momentum: Double
    public let centered: Bool
    /// Climbs the objective instead of descending it (PyTorch's `maximize`).
    public let maximize: Bool
    /// Per parameter: the running mean of squared gradients, of gradients (centered) and the momentum buffer.
    private var squareAverage: [Tensor], gradientAverage: [Tensor], buffer: [Tensor]

    /// Throws a ValueError for what PyTorch rejects: a negative lr, alpha, epsilon, weightDecay or momentum.
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, alpha: Double = Defaults.alpha, epsilon: Double = Defaults.epsilon,
                weightDecay: Double = Defaults.weightDecay, momentum: Double = Defaults.momentum, centered: Bool = false,
                maximize: Bool = false) throws {
        try OptimizerArguments("RMSProp").nonNegative(["lr": lr, "alpha": alpha, "epsilon": epsilon, "weightDecay": weightDecay,
                                                       "momentum": momentum])
        self.parameters = parameters
        learningRate = lr
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        self.maximize = maximize
        squareAverage = try OptimizerBuffers.states(for: parameters)
        gradientAverage = try OptimizerBuffers.states(for: parameters, used: centered)
        buffer = try OptimizerBuffers.states(for: parameters, used: momentum > 0)
    }

    /// PyTorch's defaults, which the language's `RMSProp` declares too.
    public enum Defaults {
        public static let lr: Double = 0.01, alpha: Double = 0.99, epsilon: Double = 1e-8
        public static let weightDecay: Double = 0, momentum: Double = 0
    }

    public func step() throws {
        try updateEach(op: "RMSProp")
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let a = T.hyperparameter(alpha), eps = T.hyperparameter(epsilon), lr = T.hyperparameter(learningRate)
        let wd = T.hyperparameter(weightDecay), mu = T.hyperparameter(momentum)
        let centered = self.centered, useMomentum = momentum > 0
        let states = [squareAverage[i], gradientAverage[i], buffer[i]]
        try OptimizerBuffers.with(T.self, p, grad, states, op: "RMSProp") { w, g, s, count in
            let sq = s[0], ga = s[1], buf = s[2]
            Parallel.forRange(count, cost: 8) { start, end in
                for j in start..<end {
                    let gj = g[j] + wd * w[j]
                    let sj = a * sq[j] + (1 - a) * gj * gj
                    sq[j] = sj
                    var average: T
                    if centered {
                        let mj = a * ga[j] + (1 - a) * gj
                        ga[j] = mj
                        average = (sj - mj * mj).squareRoot()
                    } else {
                        average = sj.squareRoot()
                    }
                    average += eps
                    if useMomentum {
                        let bj = mu * buf[j] + gj / average
                        buf[j] = bj
                        w[j] -= lr * bj
                    } else {
                        w[j] -= lr * gj / average
                    }
                }
            }
        }
    }
}

extension RMSProp {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("RMSProp")
        try state.add("squareAverage", squareAverage)
        try state.add("gradientAverage", gradientAverage)
        try state.add("momentumBuffer", buffer)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("RMSProp", reading: tensors)
        let squares = try state.buffers("squareAverage", for: parameters)
        let gradients = try state.buffers("gradientAverage", for: parameters, used: centered)
        buffer = try state.buffers("momentumBuffer", for: parameters, used: momentum > 0)
        squareAverage = squares
        gradientAverage = gradients
    }
}
