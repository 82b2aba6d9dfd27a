import NN
import Plot
import Script
import TensorEngine

/// The training loop behind `fit(...)`: epochs of minibatch steps, validation after each epoch,
/// metrics, a scheduler, gradient clipping and a live display; `FitOptions` adds early stopping, a
/// best-model checkpoint, per-batch scheduling, gradient accumulation and the script's callbacks.
///
/// An interrupt stops the loop before the next step; the weights trained so far stay and the partial
/// history is returned. Any other error ends `fit` with that error.
final class FitLoop {
    /// Minibatches: a data loader's, or one batch of all the data.
    enum Batches {
        case loader(DataLoader)
        case whole(Tensor, Tensor)

        var count: Int {
            if case .loader(let l) = self { return l.count }
            return 1
        }

        /// Calls `body` with the index and data of each batch of one pass, made as it is reached, so a
        /// loader over a stream or a memory-mapped file never holds the whole pass.
        func forEach(_ body: (Int, Tensor, Tensor) throws -> Void) throws {
            switch self {
            case .loader(let l):
                var i = 0
                try l.forEachBatch { x, y in
                    guard let y else { throw ScriptError("ValueError", "fit: the loader's batches have no targets") }
                    try body(i, x, y)
                    i += 1
                    return true
                }
            case .whole(let x, let y): try body(0, x, y)
            }
        }
    }

    let interpreter: Interpreter
    let model: Value
    let module: (any Module)?
    let loss: Value
    let optimizer: any Optimizer
    let scheduler: (any Scheduler)?
    let data: Batches
    let validation: Batches?
    let metrics: [(name: String, function: Value)]
    let epochs: Int
    let clipNorm: Double?
    let display: LiveDisplay
    /// The data-parallel job this process trains in, with `distributed: true`.
    let distribution: FitDistribution?
    private(set) var options: FitOptions
    private(set) var history = TrainingHistory()
    private var status = ProgressStatus()
    /// The X-ray with `xray:`: made when training starts, its hooks removed when it ends.
    private var xray: FitXRay?
    /// The frames of `record:`.
    private var recorder: ReplayRecorder?
    /// Optimizer steps taken: batches, or groups of `accumulate` batches.
    private var optimizerSteps = 0
    /// The epoch whose weights early stopping restored, if it did: the last frame must show them.
    private var restoredEpoch: Int?
    /// Whether the live chart's loss axis is logarithmic: log while every loss is positive, and linear
    /// for good from the first one that is not, so the axis never switches back and forth as it trains.
    private var logAxis = true

    init(interpreter: Interpreter, model: Value, loss: Value, optimizer: any Optimizer, scheduler: (any Scheduler)?,
         data: Batches, validation: Batches?, metrics: [(name: String, function: Value)], epochs: Int,
         clipNorm: Double?, display: LiveDisplay, options: FitOptions = FitOptions(), distribution: FitDistribution? = nil) {
        self.interpreter = interpreter
        self.model = model
        self.module = Convert.moduleOrNil(model, interpreter)
        self.loss = loss
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.data = data
        self.validation = validation
        self.metrics = metrics
        self.epochs = epochs
        self.clipNorm = clipNorm
        self.display = display
        self.distribution = distribution
        self.options = options
        status.total = epochs * data.count
        status.unit = "steps"
    }

    /// Runs every epoch (or until interrupted) and returns the history.
    func run() throws -> TrainingHistory {
        let start = LiveDisplay.now()
        // Plain output gets about 20 epoch lines however many epochs there are, and a line at least
        // every 10 seconds.
        let lineStride = (epochs + 19) / 20
        var lastLine = start
        var epochsSinceLine = 0
        let wasTraining = module?.isTraining ?? true
        if let every = options.xrayEvery {
            guard let module else { throw ScriptError("TypeError", "fit: xray needs a model made of layers, whose layers it can look into") }
            xray = try FitXRay(module, every: every)
        }
        recorder = options.record.map { ReplayRecorder(every: $0.every) }
        defer {
            if wasTraining { module?.train() } else { module?.eval() }
            distribution?.finish()
            xray?.finish()
        }
        do {
            if recorder != nil { try recordFrame(epoch: 0) }
            for epoch in 0..<epochs {
                status.label = "epoch \(epoch + 1)/\(epochs)"
                let train = try trainEpoch(epoch, start: start)
                let checked = try validation.map(validate)
                // An epoch enters the history only once complete, so every per-epoch list has one
                // entry per finished epoch, also after an interrupt.
                try train.combined(distribution).record(into: &history, validation: false, metrics: metrics.map(\.name))
                try checked?.combined(distribution).record(into: &history, validation: true, metrics: metrics.map(\.name))
                try stepScheduler()
                history.record("lr", optimizer.learningRate)
                history.epochs += 1
                if let xray {
                    for diagnosis in xray.endEpoch() { display.milestone("x-ray: " + diagnosis) }
                    history.xray = xray.record
                }
                try afterEpoch()
                history.seconds = LiveDisplay.now() - start
                status.elapsed = history.seconds
                status.values = history.latest
                // Drawn when due like any step (a thousand short epochs must not mean a thousand
                // drawings), and always at the end.
                let last = epoch == epochs - 1 || history.stopReason != nil
                if last { status.state = .finished }
                display.refresh(force: last) { frame() }
                epochsSinceLine += 1
                if last || (epoch + 1) % lineStride == 0 || LiveDisplay.now() - lastLine >= 10 {
                    // The time since the previous line, which covers every epoch since then.
                    let now = LiveDisplay.now()
                    display.milestone(history.epochLine(of: epochs, seconds: now - lastLine, epochsTaken: epochsSinceLine))
                    lastLine = now
                    epochsSinceLine = 0
                }
                if let reason = history.stopReason {
                    display.milestone(reason)
                    break
                }
            }
        } catch let error as ScriptError where error.kind == "Interrupted" {
            history.interrupted = true
        }
        if let recorder, recorder.lastStep != optimizerSteps || restoredEpoch != nil, !history.interrupted {
            try recordFrame(epoch: history.steps.last?.epoch ?? 0, note: restoredEpoch.map { "the best weights, of epoch \($0), restored" })
        }
        history.frames = recorder?.frames ?? []
        history.seconds = LiveDisplay.now() - start
        if history.interrupted {
            status.elapsed = history.seconds
            status.state = .interrupted
            status.note = "weights kept"
            display.refresh(force: true) { frame() }
            display.milestone("interrupted in epoch \(history.epochs + 1) after \(status.done) steps: the weights trained so far are kept")
        }
        return history
    }

    private func trainEpoch(_ epoch: Int, start: Double) throws -> Sums {
        module?.train()
        var sums = Sums()
        let batchCount = data.count
        try data.forEach { i, x, y in
            if interpreter.interruptRequested {
                interpreter.clearInterrupt()
                throw ScriptError("Interrupted", "fit was interrupted")
            }
            try distribution?.beforeStep()
            xray?.beginStep(status.done)
            let output = try interpreter.call(model, Arguments([Convert.wrap(x)]))
            let l = try lossTensor(output, y)
            let k = options.accumulate
            if k == 1 {
                optimizer.zeroGrad()
                try l.backward()
                try xray?.afterBackward()
                try optimizerStep()
                try xray?.afterStep(epoch: Double(epoch) + Double(i + 1) / Double(batchCount))
            } else {
                // Each loss is scaled by 1/(batches in its group), so the accumulated gradient is the
                // mean over the group; the last group of an epoch may be shorter and still steps.
                let groupStart = i - i % k
                let groupSize = min(k, batchCount - groupStart)
                if i == groupStart { optimizer.zeroGrad() }
                try (l / Float(groupSize)).backward()
                if i == groupStart + groupSize - 1 {
                    try xray?.afterBackward()
                    try optimizerStep()
                    try xray?.afterStep(epoch: Double(epoch) + Double(i + 1) / Double(batchCount))
                }
            }
            let local = try l.itemValue()
            sums.add(local, try noGrad { try metricValues(output, y) }, count: x.shape.first ?? 1)
            // The curve shows the job's loss: every process's batch of this step together.
            let value = try distribution?.mean(local) ?? local
            status.done += 1
            history.recordStep(epoch: Double(epoch) + Double(i + 1) / Double(batchCount), loss: value)
            if let recorder, recorder.isDue(optimizerSteps) { try recordFrame(epoch: Double(epoch) + Double(i + 1) / Double(batchCount)) }
            if display.isDue() {
                status.elapsed = LiveDisplay.now() - start
                status.values = [("loss", value)] + history.latest.filter { $0.name != "loss" }
                display.refresh { frame() }
            }
        }
        return sums
    }

    private func optimizerStep() throws {
        if let clipNorm { _ = try clipGradNorm(optimizer.parameters, maxNorm: clipNorm) }
        try optimizer.step()
        optimizerSteps += 1
        if options.schedulerPerBatch, let scheduler, !(scheduler is ReduceLROnPlateau) { try scheduler.step() }
    }

    /// The checkpoint, the callbacks, then early stopping (so callbacks see the epoch's own weights
    /// before any restore), once an epoch is in the history; sets the history's stop reason when one
    /// of them ends training.
    private func afterEpoch() throws {
        let epoch = history.epochs
        if var checkpoint = options.checkpoint {
            if checkpoint.monitor.update(history.series[checkpoint.monitor.key]?.last ?? .nan, epoch: epoch) {
                guard let module else { throw ScriptError("TypeError", "fit: checkpoint needs a model made of layers (a module) to save") }
                // Every process holds the same weights: one writes them.
                if distribution?.world.isMain ?? true { try saveState(module, checkpoint.path) }
            }
            options.checkpoint = checkpoint
        }
        for callback in options.callbacks {
            let result = try interpreter.call(callback, Arguments([.number(Double(epoch)), logs()]))
            if case .string("stop") = result, history.stopReason == nil {
                history.stopReason = "stopped by a callback after epoch \(epoch)"
            }
        }
        if var stopping = options.earlyStopping {
            let key = stopping.monitor.key
            if stopping.monitor.update(history.series[key]?.last ?? .nan, epoch: epoch) {
                if stopping.restoreBest, let module { stopping.best = try module.stateDict().map { ($0.0, try $0.1.copy()) } }
            } else if stopping.monitor.wait >= stopping.patience {
                var reason = "stopped early after epoch \(epoch): \(key) did not improve for \(stopping.monitor.wait) epoch\(stopping.monitor.wait == 1 ? "" : "s")"
                if let best = stopping.monitor.best {
                    reason += " (best \(ProgressStatus.number(best)) in epoch \(stopping.monitor.bestEpoch)"
                    if let state = stopping.best, let module {
                        try noGrad { try module.loadStateDict(state) }
                        restoredEpoch = stopping.monitor.bestEpoch
                        reason += ", restored"
                    }
                    reason += ")"
                }
                if history.stopReason == nil { history.stopReason = reason }
            }
            if stopping.monitor.bestEpoch > 0 { history.bestEpoch = stopping.monitor.bestEpoch }
            options.earlyStopping = stopping
        }
    }

    /// This epoch's values by history name (loss, metrics, val…, lr), for the callbacks.
    private func logs() throws -> Value {
        let d = DictionaryStorage()
        for name in history.names {
            if let v = history.series[name]?.last { try d.set(.string(name), .number(v)) }
        }
        return .dictionary(d)
    }

    private func validate(_ batches: Batches) throws -> Sums {
        module?.eval()
        var sums = Sums()
        try noGrad {
            try batches.forEach { _, x, y in
                try interpreter.checkInterrupt()
                let output = try interpreter.call(model, Arguments([Convert.wrap(x)]))
                let l = try lossTensor(output, y)
                sums.add(try l.itemValue(), try metricValues(output, y), count: x.shape.first ?? 1)
            }
        }
        return sums
    }

    /// ReduceLROnPlateau watches the validation loss (the training loss without validation data).
    private func stepScheduler() throws {
        guard let scheduler else { return }
        if options.schedulerPerBatch && !(scheduler is ReduceLROnPlateau) { return }
        if let plateau = scheduler as? ReduceLROnPlateau {
            plateau.step(metric: history.series["valLoss"]?.last ?? history.series["loss"]?.last ?? .nan)
        } else {
            try scheduler.step()
        }
    }

    private func lossTensor(_ output: Value, _ target: Tensor) throws -> Tensor {
        let value = try interpreter.call(loss, Arguments([output, Convert.wrap(target)]))
        guard case .object(let o as TensorValue) = value, o.tensor.count == 1 else {
            throw ScriptError("TypeError", "the loss function must return a one-element tensor (as mse(output, target) does), not \(FitLoop.describe(value))")
        }
        return o.tensor
    }

    private func metricValues(_ output: Value, _ target: Tensor) throws -> [Double] {
        try metrics.map { metric in
            let value = try interpreter.call(metric.function, Arguments([output, Convert.wrap(target)]))
            switch value {
            case .number(let n): return n
            case .object(let o as TensorValue) where o.tensor.count == 1: return try o.tensor.itemValue()
            default:
                throw ScriptError("TypeError", "the metric \(metric.name) must return a number, not \(FitLoop.describe(value))")
            }
        }
    }

    private static func describe(_ value: Value) -> String {
        if case .object(let o as TensorValue) = value { return "a tensor of shape \(o.tensor.shape)" }
        return "a \(value.typeName)"
    }

    /// Calls `record:`'s function in evaluation mode without gradients and keeps its value as a frame,
    /// captioned with the step, the epoch and the loss of the latest step.
    private func recordFrame(epoch: Double, note: String? = nil) throws {
        guard let recorder, let record = options.record else { return }
        let wasTraining = module?.isTraining ?? false
        module?.eval()
        defer { if wasTraining { module?.train() } }
        let value = try noGrad { try interpreter.call(record.function, Arguments([])) }
        var caption = "step \(optimizerSteps) · epoch \(NumberFormat.compact(epoch, significant: 3))"
        if let loss = history.steps.last?.loss { caption += " · loss \(NumberFormat.compact(loss, significant: 3))" }
        if let note { caption += " · " + note }
        recorder.add(ReplayFrame(value, caption: caption), step: optimizerSteps)
    }

    /// The progress bar, with the loss curves below it once there are two steps to draw (and the
    /// X-ray's charts or the latest recorded frame beside them).
    private func frame() -> LiveFrame {
        guard history.steps.count >= 2 else { return status.frame() }
        if logAxis && !history.lossesArePositive { logAxis = false }
        let loss = history.lossChart(logY: logAxis)
        if let xray, !xray.record.steps.isEmpty {
            return status.frame(chart: Chart.grid([loss] + xray.record.charts(metrics: ["gradNorm", "updateRatio", "activationStd"]), columns: 2))
        }
        // The latest recorded frame beside the loss, when it is a chart.
        if case .object(let latest as ChartValue)? = recorder?.frames.last?.value {
            return status.frame(chart: Chart.grid([loss, latest.chart], columns: 2))
        }
        return status.frame(chart: loss)
    }

    /// Sample-weighted sums of the loss and metrics over one pass.
    private struct Sums {
        var loss = 0.0
        var metrics: [Double] = []
        var samples = 0

        /// The sums over every process of the job (these sums without one).
        func combined(_ distribution: FitDistribution?) throws -> Sums {
            guard let distribution else { return self }
            let all = try distribution.sum([loss, Double(samples)] + metrics)
            return Sums(loss: all[0], metrics: Array(all[2...]), samples: Int(all[1]))
        }

        mutating func add(_ loss: Double, _ metricValues: [Double], count: Int) {
            self.loss += loss * Double(count)
            if metrics.isEmpty { metrics = Array(repeating: 0, count: metricValues.count) }
            for (i, m) in metricValues.enumerated() { metrics[i] += m * Double(count) }
            samples += count
        }

        func record(into history: inout TrainingHistory, validation: Bool, metrics names: [String]) {
            guard samples > 0 else { return }
            func key(_ name: String) -> String {
                validation ? TrainingHistory.validationName(name) : name
            }
            history.record(key("loss"), loss / Double(samples))
            for (name, sum) in zip(names, metrics) { history.record(key(name), sum / Double(samples)) }
        }
    }
}
