import TensorEngine

/// Updates parameters from their gradients.
///
/// Each parameter updates in its own type: float32 in Float, float64 in Double (its state in float64),
/// float16 and bfloat16 through float32; integer and bool parameters are a TypeError (`OptimizerBuffers`).
public protocol Optimizer: AnyObject {
    /// The tensors being optimized.
    var parameters: [Tensor] { get }
    /// The learning rate, which schedulers change between steps.
    var learningRate: Double { get set }
    /// Applies one update from the current gradients; parameters without a gradient are left alone.
    func step() throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}
