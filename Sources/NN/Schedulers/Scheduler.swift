import TensorEngine

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
    /// The learning rate this scheduler set last (PyTorch's `get_last_lr()`).
    var learningRate: Double { get }
    /// Advances one step and sets the optimizer's learning rate.
    func step() throws
}

/// A scheduler that steps on a watched metric, as `step(metric: validationLoss)`; its plain `step()`
/// throws, since it has nothing to decide on.
public protocol MetricScheduler: Scheduler {
    /// Records one epoch's metric and sets the optimizer's learning rate from it.
    func step(metric: Double)
}

extension Scheduler {
    /// Throws a ValueError naming the argument unless `valid`.
    static func check(_ valid: Bool, _ message: @autoclosure () -> String) throws {
        guard valid else { throw TensorError(.value, "\(Self.self): " + message()) }
    }
}
