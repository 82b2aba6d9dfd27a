import TensorEngine

/// Adagrad (PyTorch's rules and defaults): each weight's step shrinks with the sum of its squared
/// gradients so far; `lrDecay` also shrinks the rate as `lr / (1 + (t − 1)·lrDecay)`.
public final class Adagrad: Optimizer, ParameterwiseOptimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let lrDecay: Double, weightDecay: Double, initialAccumulatorValue: Double, epsilon: Double
    /// Climbs the objective instead of descending it (PyTorch's `maximize`).
    public let maximize: Bool
    private var sums: [Tensor]
    private var steps: [Int]

    /// Throws a ValueError for what PyTorch rejects: a negative lr, lrDecay, weightDecay,
    /// initialAccumulatorValue or epsilon.
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, lrDecay: Double = Defaults.lrDecay,
                weightDecay: Double = Defaults.weightDecay, initialAccumulatorValue: Double = Defaults.initialAccumulatorValue,
                epsilon: Double = Defaults.epsilon, maximize: Bool = false) throws {
        try OptimizerArguments("Adagrad").nonNegative(["lr": lr, "lrDecay": lrDecay, "weightDecay": weightDecay,
                                                       "initialAccumulatorValue": initialAccumulatorValue, "epsilon": epsilon])
        self.parameters = parameters
        learningRate = lr
        self.lrDecay = lrDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        self.maximize = maximize
        sums = try OptimizerBuffers.states(for: parameters, filledWith: initialAccumulatorValue)
        steps = Array(repeating: 0, count: parameters.count)
    }

    /// PyTorch's defaults, which the language's `Adagrad` declares too.
    public enum Defaults {
        public static let lr: Double = 0.01, lrDecay: Double = 0, weightDecay: Double = 0
        public static let initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10
    }

    public func step() throws {
        try updateEach(op: "Adagrad") { steps[$0] += 1 }
    }

    /// One parameter's update in `T` (see `OptimizerBuffers`).
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws {
        let eps = T.hyperparameter(epsilon), wd = T.hyperparameter(weightDecay)
        let rate = T.hyperparameter(learningRate) / (1 + T(steps[i] - 1) * T.hyperparameter(lrDecay))
        try OptimizerBuffers.with(T.self, p, grad, [sums[i]], op: "Adagrad") { w, g, s, count in
            let sum = s[0]
            Parallel.forRange(count, cost: 8) { start, end in
                for j in start..<end {
                    let gj = g[j] + wd * w[j]
                    let sj = sum[j] + gj * gj
                    sum[j] = sj
                    w[j] -= rate * gj / (sj.squareRoot() + eps)
                }
            }
        }
    }
}

extension Adagrad {
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("Adagrad")
        try state.add("step", steps.map(Double.init))
        try state.add("sum", sums)
        return state.tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("Adagrad", reading: tensors)
        let steps = try state.integers("step", count: parameters.count)
        sums = try state.buffers("sum", for: parameters, filledWith: initialAccumulatorValue)
        self.steps = steps
    }
}
