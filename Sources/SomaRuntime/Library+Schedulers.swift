import NN
import Script
import Tensor

/// Learning-rate schedulers in the language: each takes an optimizer and sets its `lr` on `step()`.
extension Library {
    static func addSchedulers(_ lib: inout Library) {
        func scheduler(_ name: String, _ names: [String], required: Int, _ doc: String,
                       _ make: @escaping (any Optimizer, [Value?]) throws -> any Scheduler) {
            lib.add(name, doc) { a, _ in
                let v = try a.bind(name, ["optimizer"] + names, required: required + 1)
                guard case .object(let o as OptimizerValue) = v[0]! else {
                    throw ScriptError("TypeError", "\(name) needs an optimizer (such as SGD(...) or Adam(...)), not a \(v[0]!.typeName)")
                }
                return .object(SchedulerValue(try make(o.optimizer, Array(v.dropFirst()))))
            }
        }
        scheduler("StepLR", ["stepSize", "gamma"], required: 1, "StepLR(optimizer, stepSize, gamma: 0.1) — multiplies lr by gamma every stepSize steps.") { o, v in
            try StepLR(o, stepSize: try v[0]!.integer("stepSize"), gamma: try Convert.float(v[1], "gamma", default: 0.1))
        }
        scheduler("ExponentialLR", ["gamma"], required: 1, "ExponentialLR(optimizer, gamma) — multiplies lr by gamma every step.") { o, v in
            try ExponentialLR(o, gamma: Float(try v[0]!.number("gamma")))
        }
        scheduler("CosineLR", ["total", "warmup", "minLr"], required: 1, "CosineLR(optimizer, total, warmup: 0, minLr: 0) — a linear warmup over `warmup` steps, then a half cosine down to minLr at step `total`.") { o, v in
            try CosineLR(o, total: try v[0]!.integer("total"), warmup: try v[1]?.integer("warmup") ?? 0,
                         minLr: try Convert.float(v[2], "minLr", default: 0))
        }
        scheduler("CyclicLR", ["baseLr", "maxLr", "stepSizeUp", "stepSizeDown", "mode", "gamma"], required: 2, "CyclicLR(optimizer, baseLr, maxLr, stepSizeUp: 2000, stepSizeDown: stepSizeUp, mode: \"triangular\", gamma: 1) — cycles lr between baseLr and maxLr (modes \"triangular\", \"triangular2\", \"exp_range\").") { o, v in
            let modeName = try v[4]?.string("mode") ?? "triangular"
            guard let mode = CyclicLR.Mode(rawValue: modeName == "expRange" ? "exp_range" : modeName) else {
                throw ScriptError("ValueError", "CyclicLR: mode must be \"triangular\", \"triangular2\" or \"exp_range\", not \"\(modeName)\"")
            }
            return try CyclicLR(o, baseLr: Float(try v[0]!.number("baseLr")), maxLr: Float(try v[1]!.number("maxLr")),
                                stepSizeUp: try v[2]?.integer("stepSizeUp") ?? 2000, stepSizeDown: try v[3]?.integer("stepSizeDown"),
                                mode: mode, gamma: try Convert.float(v[5], "gamma", default: 1))
        }
        scheduler("InverseTimeLR", ["decay"], required: 1, "InverseTimeLR(optimizer, decay) — lr₀ / (1 + decay·t).") { o, v in
            try InverseTimeLR(o, decay: Float(try v[0]!.number("decay")))
        }
        scheduler("ReduceLROnPlateau", ["mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr", "eps"], required: 0,
                  "ReduceLROnPlateau(optimizer, mode: \"min\", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: \"rel\", cooldown: 0, minLr: 0, eps: 1e-8) — multiplies lr by factor when step(metric) sees no improvement for more than patience steps.") { o, v in
            let modeName = try v[0]?.string("mode") ?? "min", thresholdName = try v[4]?.string("thresholdMode") ?? "rel"
            guard let mode = ReduceLROnPlateau.Mode(rawValue: modeName) else {
                throw ScriptError("ValueError", "ReduceLROnPlateau: mode must be \"min\" or \"max\", not \"\(modeName)\"")
            }
            guard let thresholdMode = ReduceLROnPlateau.ThresholdMode(rawValue: thresholdName) else {
                throw ScriptError("ValueError", "ReduceLROnPlateau: thresholdMode must be \"rel\" or \"abs\", not \"\(thresholdName)\"")
            }
            return try ReduceLROnPlateau(o, mode: mode, factor: try Convert.float(v[1], "factor", default: 0.1),
                                         patience: try v[2]?.integer("patience") ?? 10,
                                         threshold: try Convert.float(v[3], "threshold", default: 1e-4), thresholdMode: thresholdMode,
                                         cooldown: try v[5]?.integer("cooldown") ?? 0, minLr: try Convert.float(v[6], "minLr", default: 0),
                                         epsilon: try Convert.float(v[7], "eps", default: 1e-8))
        }
    }
}
