import NN
import Script
import Tensor

/// A learning-rate scheduler as a value of the language: `sched.step()` (or `sched.step(loss)` for
/// ReduceLROnPlateau), `sched.lr`, `sched.epoch`.
final class SchedulerValue: ScriptObject {
    let scheduler: any Scheduler
    init(_ scheduler: any Scheduler) { self.scheduler = scheduler }

    var typeName: String { String(describing: type(of: scheduler)) }
    var text: String { "\(typeName)(\(LearningRateMember.text(scheduler.learningRate)), epoch: \(scheduler.epoch))" }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "step":
            return .function(NativeFunction("step", doc: "sched.step() — advances one step and sets the optimizer's lr; ReduceLROnPlateau takes the metric: sched.step(loss).") { a, _ in
                try self.step(a)
                return .null
            })
        case LearningRateMember.name: return LearningRateMember.value(scheduler.learningRate)
        case "epoch": return .number(Double(scheduler.epoch))
        case "optimizer": return .object(OptimizerValue(scheduler.optimizer))
        default: return nil
        }
    }

    var memberNames: [String] { ["epoch", "lr", "optimizer", "step"] }

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        try LearningRateMember.set(name, value, on: nil, owner: typeName)
    }

    private func step(_ a: Arguments) throws {
        guard let plateau = scheduler as? ReduceLROnPlateau else {
            guard a.positional.isEmpty, a.labelled.isEmpty else {
                throw ScriptError("TypeError", "\(typeName).step takes no arguments (only ReduceLROnPlateau watches a metric)")
            }
            try scheduler.step()
            return
        }
        let v = try a.bind("ReduceLROnPlateau.step", ["metric"])
        guard let metric = v[0] else {
            throw ScriptError("TypeError", "ReduceLROnPlateau.step needs the metric to watch, as step(loss)")
        }
        plateau.step(metric: try Convert.scalar(metric, "the metric of ReduceLROnPlateau.step"))
    }
}
