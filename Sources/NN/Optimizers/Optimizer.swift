import TensorEngine

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// The tensors being optimized.
    var parameters: [Tensor] { get }
    /// The learning rate, which schedulers change between steps.
    var learningRate: Float { get set }
    /// Applies one update from the current gradients; parameters without a gradient are left alone.
    func step() throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// The learning-rate rule every optimizer's constructor applies, shared with `opt.lr = …` so that a
/// setter never accepts what a constructor rejects (NaN or a negative rate).
public enum LearningRate {
    /// Throws a ValueError naming `op` unless `lr` is a non-negative number.
    public static func check(_ lr: Float, _ op: String) throws {
        try OptimizerBuffers.checkNonNegative(op, ["learning rate": lr])
    }
}
