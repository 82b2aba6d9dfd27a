import TensorEngine

/// Changes an optimizer's learning rate as training goes on; call `step()` once per epoch (or per
/// batch, as the schedule is meant), after `optimizer.step()`, as in PyTorch.
///
/// Schedulers set the rate when made (the rate of step 0) and on every `step()`; they compute it from
/// the step count and the rate the optimizer had when the scheduler was made, so a rate set by hand in
/// between is overwritten by the next step (ReduceLROnPlateau excepted: it scales the current rate).
/// With parameter groups each group's rate follows the schedule from that group's own starting rate.
public protocol Scheduler: AnyObject {
    /// The optimizer whose `learningRate` this scheduler sets.
    var optimizer: any Optimizer { get }
    /// The number of `step()` calls so far (PyTorch's `last_epoch`).
    var epoch: Int { get }
    /// The learning rate this scheduler set last, of the first group (PyTorch's `get_last_lr()[0]`).
    var learningRate: Double { get }
    /// The learning rate this scheduler set last, per parameter group (PyTorch's `get_last_lr()`).
    var learningRates: [Double] { get }
    /// Advances one step and sets the optimizer's learning rate.
    func step() throws
    /// The counters and rates the next steps depend on, by name (PyTorch's `state_dict`).
    func state() -> [String: Double]
    /// Restores what `state()` returned and sets the optimizer's rates to those it had set last; a
    /// ValueError naming an entry that is missing or does not fit.
    func loadState(_ state: [String: Double]) throws
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

    public var learningRate: Double { learningRates.first ?? optimizer.learningRate }
}

/// Reads a scheduler's saved state, with messages naming the scheduler and the entry.
struct SchedulerState {
    let scheduler: String
    let values: [String: Double]

    /// The number saved as `name`, or a ValueError.
    func number(_ name: String) throws -> Double {
        guard let n = values[name] else {
            throw TensorError(.value, "\(scheduler).loadState: the state has no \(name) (was it saved from another scheduler?)")
        }
        return n
    }

    /// A saved whole number (a step count), at least `minimum`.
    func integer(_ name: String, minimum: Int = 0) throws -> Int {
        let n = try number(name)
        guard n >= Double(minimum), n < 0x1p53, n == n.rounded() else {
            throw TensorError(.value, "\(scheduler).loadState: \(name) must be a whole number of at least \(minimum) (got \(n))")
        }
        return Int(n)
    }

    /// The per-group numbers `name.0`, `name.1`, … for `count` groups.
    func numbers(_ name: String, count: Int) throws -> [Double] {
        guard values["\(name).\(count)"] == nil else {
            throw TensorError(.value, "\(scheduler).loadState: the state has more than \(count) parameter groups, the optimizer \(count)")
        }
        return try (0..<count).map { try number("\(name).\($0)") }
    }

    /// `numbers` checked as learning rates: non-negative and not NaN.
    func rates(_ name: String, count: Int) throws -> [Double] {
        let rates = try numbers(name, count: count)
        if let bad = rates.first(where: { !($0 >= 0) }) {
            throw TensorError(.value, "\(scheduler).loadState: \(name) must be non-negative (got \(bad))")
        }
        return rates
    }

    /// The state of a schedule that is its step count and rates: `epoch`, `baseLr.g` and `lastLr.g`.
    static func counted(_ epoch: Int, _ bases: [Double], _ last: [Double]) -> [String: Double] {
        var state = ["epoch": Double(epoch)]
        add("baseLr", bases, to: &state)
        add("lastLr", last, to: &state)
        return state
    }

    /// Reads what `counted` wrote, for `groups` parameter groups.
    static func counted(_ values: [String: Double], _ name: String, groups: Int) throws -> (epoch: Int, bases: [Double], last: [Double]) {
        let state = SchedulerState(scheduler: name, values: values)
        return (try state.integer("epoch"), try state.rates("baseLr", count: groups), try state.rates("lastLr", count: groups))
    }

    /// Writes per-group numbers as `name.g` into `state`.
    static func add(_ name: String, _ numbers: [Double], to state: inout [String: Double]) {
        for (g, n) in numbers.enumerated() { state["\(name).\(g)"] = n }
    }
}
