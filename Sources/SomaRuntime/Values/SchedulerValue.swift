import NN
import Script
import TensorEngine

/// A learning-rate scheduler as a value of the language: `sched.step()` (or `sched.step(loss)` for
/// ReduceLROnPlateau), `sched.lr`, `sched.epoch`, `sched.state()` and `sched.loadState(state)`.
final class SchedulerValue: TabledObject {
    let scheduler: any Scheduler
    /// The optimizer value it was made with, so `sched.optimizer` is that same value.
    let optimizerValue: OptimizerValue
    init(_ scheduler: any Scheduler, _ optimizer: OptimizerValue) {
        self.scheduler = scheduler
        optimizerValue = optimizer
    }

    var typeName: String { String(describing: type(of: scheduler)) }
    var text: String { "\(typeName)(\(LearningRateMember.text(scheduler.learningRate)), epoch: \(scheduler.epoch))" }

    static let members = MemberTable<SchedulerValue>([
        .method("step", [.optional("metric")],
                "advances one step and sets the optimizer's lr; ReduceLROnPlateau takes the metric it watches: sched.step(loss).") { s, a, _ in
            try s.step(try a.given("metric"))
            return .null
        },
        .property(LearningRateMember.name, "the learning rate it set last (of the first parameter group).") { s in
            LearningRateMember.value(s.scheduler.learningRate)
        },
        .property("lrs", "the learning rate it set last of each parameter group (PyTorch's get_last_lr()).") { s in
            .list(ListStorage(s.scheduler.learningRates.map(LearningRateMember.value)))
        },
        .method("state", [], "its step count and rates, as a dictionary of 0-d float64 tensors that save(…) writes.") { s, _, _ in
            try OptimizerValue.dictionary(try s.scheduler.state().mapValues { try Tensor.full(checked: [], $0, dtype: .float64) })
        },
        .method("loadState", ["state"], "restores what state() returned (or load(…) read back) and sets the optimizer's rates it had set.") { s, a, _ in
            let tensors = try OptimizerValue.tensors(try a.value("state"), "\(s.typeName).loadState")
            try s.scheduler.loadState(try tensors.mapValues { t in
                guard t.count == 1 else { throw ScriptError("ValueError", "\(s.typeName).loadState: every entry must be one number, not shape \(t.shape)") }
                return try t.itemValue()
            })
            return .null
        },
        .property("epoch", "how many steps it has taken.") { s in .number(Double(s.scheduler.epoch)) },
        .property("optimizer", "the optimizer whose lr it sets.") { s in .object(s.optimizerValue) },
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
