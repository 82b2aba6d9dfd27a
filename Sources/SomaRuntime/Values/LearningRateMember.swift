import NN
import Script

/// The `lr` member that optimizers and schedulers share, set on an optimizer only, since a scheduler
/// recomputes the rate on every step.
enum LearningRateMember {
    static let name = "lr"

    /// `x.lr`, and the text forms' `lr: 0.01`.
    static func value(_ rate: Double) -> Value { .number(rate) }
    static func text(_ rate: Double) -> String { "lr: " + Value.formatNumber(rate) }

    /// `opt.lr = value`, or for a scheduler's `sched.lr = value` an error that points at its optimizer.
    /// Returns false for members other than `lr`.
    static func set(_ member: String, _ value: Value, on optimizer: (any Optimizer)?, owner: String) throws -> Bool {
        guard member == name else { return false }
        guard let optimizer else {
            throw ScriptError("TypeError", "the lr of a \(owner) cannot be set: it recomputes lr on every step; set its optimizer's lr instead")
        }
        let rate = try value.number("lr")
        try LearningRate.check(rate, owner)
        optimizer.learningRate = rate
        return true
    }
}
