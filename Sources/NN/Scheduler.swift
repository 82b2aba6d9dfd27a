import Tensor

/// Changes an optimizer's learning rate as training goes on; call `step()` once per epoch (or per
/// batch, as the schedule is meant), after `optimizer.step()`, as in PyTorch.
///
/// Schedulers set the rate when made (the rate of step 0) and on every `step()`; they compute it from
/// the step count and the rate the optimizer had when the scheduler was made, so a rate set by hand in
/// between is overwritten by the next step (ReduceLROnPlateau excepted: it scales the current rate).
public protocol Scheduler: AnyObject {
    /// The optimizer whose `learningRate` this scheduler sets.
    var optimizer: any Optimizer { get }
    /// The number of `step()` calls so far (PyTorch's `last_epoch`).
    var epoch: Int { get }
    /// The learning rate this scheduler set last.
    var learningRate: Float { get }
    /// Advances one step and sets the optimizer's learning rate.
    func step() throws
}

extension Scheduler {
    /// Throws a ValueError naming the argument unless `valid`.
    static func check(_ valid: Bool, _ message: @autoclosure () -> String) throws {
        guard valid else { throw TensorError(.value, "\(Self.self): " + message()) }
    }
}
