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
