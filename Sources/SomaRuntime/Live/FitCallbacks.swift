import NN
import Script
import TensorEngine

/// A history series watched for improvement after each epoch, by early stopping and by the checkpoint.
struct FitMonitor {
    let key: String
    /// Larger is better (`mode: "max"`), as for an accuracy; smaller otherwise.
    let maximize: Bool
    /// How much the value must beat the best so far by to count as an improvement.
    let minDelta: Double
    private(set) var best: Double?
    /// The epoch (counted from 1) of the best value.
    private(set) var bestEpoch = 0
    /// Epochs since the last improvement.
    private(set) var wait = 0

    init(key: String, maximize: Bool, minDelta: Double = 0) {
        self.key = key
        self.maximize = maximize
        self.minDelta = minDelta
    }

    /// Records the value of `epoch` (from 1); true when it improves on the best so far. NaN never does.
    mutating func update(_ value: Double, epoch: Int) -> Bool {
        let improved: Bool
        if let best {
            improved = maximize ? value > best + minDelta : value < best - minDelta
        } else {
            improved = !value.isNaN
        }
        if improved {
            best = value
            bestEpoch = epoch
            wait = 0
        } else {
            wait += 1
        }
        return improved
    }

    /// `"max"` for accuracies, `"min"` for everything else, when the caller leaves the mode out.
    static func maximizes(_ mode: String, key: String, _ what: String) throws -> Bool {
        switch mode {
        case "min": return false
        case "max": return true
        case "auto": return key.lowercased().contains("accuracy")
        default: throw ScriptError("ValueError", "fit: \(what) mode must be \"min\", \"max\" or \"auto\", got \(Value.quote(mode))")
        }
    }
}

/// What `fit` does around its epochs and steps besides training: early stopping, a best-model
/// checkpoint, when the scheduler steps, gradient accumulation and the script's own callbacks.
struct FitOptions {
    struct EarlyStopping {
        var monitor: FitMonitor
        let patience: Int
        let restoreBest: Bool
        /// The model's parameters and buffers at the best epoch (when restoring).
        var best: [(String, Tensor)]?
    }

    var earlyStopping: EarlyStopping?
    var checkpoint: (path: String, monitor: FitMonitor)?
    /// Non-plateau schedulers step after every optimizer step instead of after every epoch.
    var schedulerPerBatch = false
    /// Batches whose gradients add up before one optimizer step.
    var accumulate = 1
    /// Script functions `fn(epoch, logs)` called after each epoch; one returning "stop" stops training.
    var callbacks: [Value] = []
    /// With `xray:`, the X-ray records every this many steps.
    var xrayEvery: Int?
    /// With `record:`, the function whose value is a replay's frame, taken every `recordEvery` steps.
    var record: (function: Value, every: Int)?

    /// The options from `fit`'s arguments; `keys` are the history series an epoch will record, which
    /// a monitor must name.
    static func parse(_ a: BoundArguments, keys: [String], hasValidation: Bool) throws -> FitOptions {
        var options = FitOptions()
        let defaultKey = hasValidation ? "valLoss" : "loss"
        func checkedKey(_ key: String, _ what: String) throws -> String {
            guard keys.contains(key) else {
                throw ScriptError("ValueError", "fit: \(what) monitors \(Value.quote(key)), which is not in the history (it has: \(keys.joined(separator: ", ")))")
            }
            return key
        }
        var earlyStopping = try a.given("earlyStopping")
        // `true` asks for every default, `false` for none.
        if case .bool(let on) = earlyStopping { earlyStopping = on ? .dictionary(DictionaryStorage()) : nil }
        if let given = earlyStopping {
            let settings = try FitOptions.settings(given, "earlyStopping", known: ["monitor", "patience", "minDelta", "mode", "restoreBest"])
            let key = try checkedKey(try settings["monitor"]?.string("monitor of earlyStopping") ?? defaultKey, "earlyStopping")
            let patience = try settings["patience"]?.integer("patience of earlyStopping") ?? 3
            guard patience >= 0 else { throw ScriptError("ValueError", "fit: earlyStopping patience must not be negative, got \(patience)") }
            let minDelta = try settings["minDelta"]?.number("minDelta of earlyStopping") ?? 0
            guard minDelta >= 0 else { throw ScriptError("ValueError", "fit: earlyStopping minDelta must not be negative, got \(minDelta)") }
            let mode = try settings["mode"]?.string("mode of earlyStopping") ?? "auto"
            let monitor = FitMonitor(key: key, maximize: try FitMonitor.maximizes(mode, key: key, "earlyStopping"), minDelta: minDelta)
            options.earlyStopping = EarlyStopping(monitor: monitor, patience: patience,
                                                  restoreBest: try settings["restoreBest"]?.boolean("restoreBest of earlyStopping") ?? true)
        }
        if let path = try a.given("checkpoint") {
            let path = try Convert.path(path, "fit's checkpoint")
            let key = try checkedKey(try a.given("checkpointMonitor")?.string("checkpointMonitor of fit") ?? options.earlyStopping?.monitor.key ?? defaultKey,
                                     "checkpoint")
            options.checkpoint = (path, FitMonitor(key: key, maximize: try FitMonitor.maximizes("auto", key: key, "checkpoint")))
        }
        switch try a.string("schedulerStep", as: "schedulerStep of fit") {
        case "epoch": options.schedulerPerBatch = false
        case "batch": options.schedulerPerBatch = true
        case let other: throw ScriptError("ValueError", "fit: schedulerStep must be \"epoch\" or \"batch\", got \(Value.quote(other))")
        }
        options.accumulate = try a.integer("accumulate", as: "accumulate of fit")
        guard options.accumulate >= 1 else { throw ScriptError("ValueError", "fit: accumulate must be at least 1, got \(options.accumulate)") }
        switch try a.value("xray") {
        case .bool(let on): options.xrayEvery = on ? 10 : nil
        case let given:
            let settings = try FitOptions.settings(given, "xray", known: ["every"])
            let every = try settings["every"]?.integer("every of xray") ?? 10
            guard every >= 1 else { throw ScriptError("ValueError", "fit: xray's every must be at least 1, got \(every)") }
            options.xrayEvery = every
        }
        let every = try a.given("recordEvery").map { try $0.integer("recordEvery of fit") }
        if let every, every < 1 { throw ScriptError("ValueError", "fit: recordEvery must be at least 1, got \(every)") }
        if let record = try a.given("record") {
            guard case .function = record else {
                throw ScriptError("TypeError", "fit: record must be a function fn() { ... } returning what to show (a chart, a drawing, an image), not a \(record.typeName)")
            }
            options.record = (record, every ?? 10)
        } else if every != nil {
            throw ScriptError("ValueError", "fit: recordEvery says how often record: fn takes a frame, and no record: was given")
        }
        options.callbacks = try a.given("callbacks")?.sequence("callbacks of fit") ?? []
        for c in options.callbacks {
            guard case .function = c else { throw ScriptError("TypeError", "fit: each callback must be a function fn(epoch, logs), not a \(c.typeName)") }
        }
        return options
    }

    /// A settings dictionary with string keys among `known`.
    private static func settings(_ value: Value, _ what: String, known: [String]) throws -> [String: Value] {
        guard case .dictionary(let d) = value else {
            throw ScriptError("TypeError", "fit: \(what) must be true or a dictionary such as [\"patience\": 3], not a \(value.typeName)")
        }
        var out: [String: Value] = [:]
        for (k, v) in zip(d.keys, d.values) {
            guard case .string(let name) = k, known.contains(name) else {
                let shown = if case .string(let name) = k { Value.quote(name) } else { "of type \(k.typeName)" }
                throw ScriptError("ValueError", "fit: \(what) has no setting \(shown) (it has: \(known.joined(separator: ", ")))")
            }
            out[name] = v
        }
        return out
    }
}
