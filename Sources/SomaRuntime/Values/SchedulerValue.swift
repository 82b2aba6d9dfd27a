import NN
import Script
import TensorEngine

/// A learning-rate scheduler as a value of the language: `sched.step()` (or `sched.step(loss)` for
/// ReduceLROnPlateau), `sched.lr`, `sched.epoch`.
final class SchedulerValue: TabledObject {
    let scheduler: any Scheduler
    init(_ scheduler: any Scheduler) { self.scheduler = scheduler }

    var typeName: String { String(describing: type(of: scheduler)) }
    var text: String { "\(typeName)(\(LearningRateMember.text(scheduler.learningRate)), epoch: \(scheduler.epoch))" }

    static let members = MemberTable<SchedulerValue>([
        .method("step", [.optional("metric")],
                "advances one step and sets the optimizer's lr; ReduceLROnPlateau takes the metric it watches: sched.step(loss).") { s, a, _ in
            try s.step(try a.given("metric"))
            return .null
        },
        .property(LearningRateMember.name, "the learning rate it set last.") { s in LearningRateMember.value(s.scheduler.learningRate) },
        .property("epoch", "how many steps it has taken.") { s in .number(Double(s.scheduler.epoch)) },
        .property("optimizer", "the optimizer whose lr it sets.") { s in .object(OptimizerValue(s.scheduler.optimizer)) },
    ])

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        try LearningRateMember.set(name, value, on: nil, owner: typeName)
    }

    private func step(_ metric: Value?) throws {
        guard let watcher = scheduler as? any MetricScheduler else {
            guard metric == nil else {
                throw ScriptError("TypeError", "\(typeName).step takes no arguments (only ReduceLROnPlateau watches a metric)")
            }
            try scheduler.step()
            return
        }
        guard let metric else {
            throw ScriptError("TypeError", "\(typeName).step needs the metric to watch, as step(loss)")
        }
        watcher.step(metric: try Convert.scalar(metric, "the metric of \(typeName).step"))
    }
}
