import NN
import Script
import TensorEngine

/// `fit` and `progress`: the builtins that draw a live display, which needs the runtime's display
/// handler and output.
extension Runtime {
    func installLive() {
        var lib = Library()
        lib.add("fit", ["model", "data", "loss", "optimizer", .defaulted("epochs", 1), .optional("validation"), .optional("scheduler"),
                        .optional("metrics", shown: "[]"), .optional("clipNorm"), .defaulted("display", true),
                        .optional("earlyStopping"), .optional("checkpoint"), .optional("checkpointMonitor"), .defaulted("schedulerStep", "epoch"),
                        .defaulted("accumulate", 1), .optional("callbacks", shown: "[]"), .defaulted("distributed", false),
                        .defaulted("xray", false), .optional("record"), .optional("recordEvery", shown: "10")],
                "trains model on data (a DataLoader or [x, y]) and returns the history; a live progress bar and loss curve update in place while it runs. An interrupt stops it at the next step, keeping the weights and returning the partial history. earlyStopping: [\"monitor\": \"valLoss\", \"patience\": 3, \"minDelta\": 0, \"mode\": \"auto\", \"restoreBest\": true] stops when the monitored series stops improving; checkpoint: path saves the best model (by checkpointMonitor) whenever it improves; schedulerStep: \"batch\" steps the scheduler after every optimizer step; accumulate: k adds the gradients of k batches before each step; callbacks: [fn(epoch, logs) {...}] run after each epoch, and one returning \"stop\" ends training. distributed: true trains data-parallel on every process of an mpirun/srun job: rank 0's weights go to all, gradients are averaged after each backward, each process takes its part of the data (a DataLoader made with shard: true, or its rows of [x, y]), losses and metrics are averaged over the processes, and only rank 0 draws and writes the checkpoint. xray: true (or [\"every\": k]) records per layer every 10 (k) steps the gradient norm, update/weight ratio, weight drift and the statistics of the activations each layer receives, draws them beside the loss, names what it sees (vanishing or exploding gradients, dead ReLUs, saturated units, a learning rate too high or low), and keeps it in history.xray. record: fn() { ... } keeps what fn returns (a decision boundary, samples, filters) before training, every recordEvery steps and at the end, in evaluation mode without gradients, for replay(history).") { [unowned self] a, interpreter in
            let optimizer = try a.value("optimizer")
            guard case .object(let opt as OptimizerValue) = optimizer else {
                throw ScriptError("TypeError", "fit: optimizer must be an optimizer such as Adam(model.parameters()), not a \(optimizer.typeName)")
            }
            var scheduler: (any Scheduler)?
            if let s = try a.given("scheduler") {
                guard case .object(let sv as SchedulerValue) = s else {
                    throw ScriptError("TypeError", "fit: scheduler must be a scheduler such as StepLR(opt, stepSize: 10), not a \(s.typeName)")
                }
                scheduler = sv.scheduler
            }
            let epochs = try a.integer("epochs", as: "epochs of fit")
            guard epochs >= 1 else { throw ScriptError("ValueError", "fit: epochs must be at least 1, got \(epochs)") }
            let clipNorm = try a.given("clipNorm").map { try $0.number("clipNorm of fit") }
            if let clipNorm, !(clipNorm > 0) { throw ScriptError("ValueError", "fit: clipNorm must be positive, got \(clipNorm)") }
            let display = LiveDisplay(self)
            if try !a.boolean("display", as: "display of fit") { display.silence() }
            var data = try Runtime.batches(try a.value("data"), "data")
            let model = try a.value("model")
            var distribution: FitDistribution?
            if try a.boolean("distributed", as: "distributed of fit") {
                let job = try FitDistribution(model: model, module: Convert.moduleOrNil(model, interpreter))
                data = try job.part(of: data)
                if !job.world.isMain { display.silence() }
                distribution = job
            }
            let validation = try a.given("validation").map { try Runtime.batches($0, "validation") }
            let metrics = try (a.given("metrics")?.sequence("metrics of fit") ?? []).enumerated().map { i, m in (name: Runtime.metricName(m, i), function: m) }
            let names = ["loss"] + metrics.map(\.name)
            let keys = names + (validation == nil ? [] : names.map(TrainingHistory.validationName)) + ["lr"]
            let loop = FitLoop(
                interpreter: interpreter, model: model, loss: try a.value("loss"), optimizer: opt.optimizer, scheduler: scheduler,
                data: data, validation: validation, metrics: metrics, epochs: epochs, clipNorm: clipNorm, display: display,
                options: try FitOptions.parse(a, keys: keys, hasValidation: validation != nil), distribution: distribution)
            return .object(HistoryValue(try loop.run()))
        }
        lib.add("progress", ["iterable", .defaulted("label", ""), .optional("total", shown: "len(iterable)")],
                "the iterable with a live progress bar for a for loop (count, rate, time left); p.set(loss: x) shows values beside it.") { [unowned self] a, _ in
            .object(try ProgressValue(try a.value("iterable"), label: try a.string("label", as: "label of progress"),
                                      total: try a.given("total").map { try $0.integer("total of progress") }, display: LiveDisplay(self)))
        }
        lib.install(into: interpreter)
    }

    /// Training or validation data: a DataLoader, or a pair [x, y] used as one batch.
    static func batches(_ value: Value, _ what: String) throws -> FitLoop.Batches {
        if case .object(let o as DataLoaderValue) = value {
            guard o.loader.count > 0 else {
                throw ScriptError("ValueError", "fit: the \(what) loader has no batches (\(o.loader.sampleCount) samples, batchSize \(o.loader.batchSize), dropLast)")
            }
            guard o.loader.hasTargets else {
                throw ScriptError("ValueError", "fit: the \(what) loader's samples have no targets; give its data set targets (y, or target: for a CSVStream)")
            }
            return .loader(o.loader)
        }
        if case .list(let l) = value, l.items.count == 2 {
            let x = try Convert.tensor(l.items[0], "the inputs of \(what)")
            let y = try Convert.tensor(l.items[1], "the targets of \(what)")
            guard x.rank > 0, y.rank > 0, x.shape[0] == y.shape[0] else {
                throw ScriptError("ShapeError", "fit: the \(what) inputs \(x.shape) and targets \(y.shape) must have the same number of samples (rows)")
            }
            return .whole(x, y)
        }
        throw ScriptError("TypeError", "fit: \(what) must be a DataLoader or a pair [x, y], not a \(value.typeName)")
    }

    /// The name a metric's values go under in the history: the function's own name.
    static func metricName(_ metric: Value, _ index: Int) -> String {
        if case .function(let f) = metric, !f.name.isEmpty, f.name != "closure" { return f.name }
        return "metric\(index + 1)"
    }
}
