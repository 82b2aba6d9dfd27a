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
    /// The learning rate of each parameter group (one group unless this is `ParameterGroups`); setting
    /// it sets the groups in order, leaving groups beyond the rates given alone.
    var learningRates: [Double] { get set }
    /// Applies one update from the current gradients; parameters without a gradient are left alone.
    func step() throws
    /// What the next steps depend on besides the parameters and the rate (moments, step counts), as
    /// named copies: per-parameter buffers as `name.i`, counters as 0-d float64 tensors.
    func state() throws -> [String: Tensor]
    /// Restores what `state()` returned, so the next steps are those the saved optimizer would take;
    /// throws a ValueError naming the entry that is missing or does not fit.
    func loadState(_ state: [String: Tensor]) throws
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    public var learningRates: [Double] {
        get { [learningRate] }
        set { if let first = newValue.first { learningRate = first } }
    }
}
