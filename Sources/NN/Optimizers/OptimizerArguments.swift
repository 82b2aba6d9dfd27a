import TensorEngine

/// The argument rules of optimizers' initializers: PyTorch's rules, worded one way for every optimizer.
///
/// A failed rule throws a ValueError (`TensorError(.value)`, which the language shows as a ValueError)
/// naming the optimizer, the argument as the initializer and the language spell it, the rule and the
/// value given: `Adam: lr must be non-negative (got -0.1)`. NaN fails every rule, as in PyTorch.
public struct OptimizerArguments {
    /// The optimizer's name as the user wrote it (`AdamW`, not `Adam`), for the message.
    public let optimizer: String

    public init(_ optimizer: String) { self.optimizer = optimizer }

    /// Requires `value ≥ 0`: the rule for lr, epsilon, weightDecay, momentum, alpha, lrDecay and the like.
    public func nonNegative(_ argument: String, _ value: Double) throws {
        try require(value >= 0, argument, "non-negative", value)
    }

    /// Requires each of `arguments` to be non-negative, checking them in order.
    public func nonNegative(_ arguments: KeyValuePairs<String, Double>) throws {
        for (argument, value) in arguments { try nonNegative(argument, value) }
    }

    /// Requires `0 ≤ value < 1`: the rule for the decay rates of running averages (Adam's betas).
    public func beta(_ argument: String, _ value: Double) throws {
        try require(value >= 0 && value < 1, argument, "in [0, 1)", value)
    }

    /// Requires `0 ≤ value ≤ 1`: the rule for Adadelta's rho.
    public func unitInterval(_ argument: String, _ value: Double) throws {
        try require(value >= 0 && value <= 1, argument, "in [0, 1]", value)
    }

    /// Requires `value > 0`, for what a chosen option needs (Nesterov momentum needs a momentum).
    public func positive(_ argument: String, _ value: Double, for option: String) throws {
        try require(value > 0, argument, "positive for \(option)", value)
    }

    private func require(_ valid: Bool, _ argument: String, _ rule: String, _ value: Double) throws {
        guard valid else { throw TensorError(.value, "\(optimizer): \(argument) must be \(rule) (got \(value))") }
    }
}

/// The learning-rate rule every optimizer's initializer applies, shared with `opt.lr = …` so that a
/// setter never accepts what an initializer rejects (NaN or a negative rate).
public enum LearningRate {
    /// Throws a ValueError naming `optimizer` unless `lr` is a non-negative number.
    public static func check(_ lr: Double, _ optimizer: String) throws {
        try OptimizerArguments(optimizer).nonNegative("lr", lr)
    }
}
