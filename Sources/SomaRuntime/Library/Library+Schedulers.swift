import NN
import Script
import TensorEngine

/// Learning-rate schedulers in the language: each takes an optimizer and sets its `lr` on `step()`.
extension Library {
    static func addSchedulers(_ lib: inout Library) {
        func scheduler(_ name: String, _ parameters: [Signature.Parameter], _ summary: String,
                       _ make: @escaping (any Optimizer, BoundArguments) throws -> any Scheduler) {
            lib.add(name, ["optimizer"] + parameters, summary) { a, _ in
                let given = try a.value("optimizer")
                guard case .object(let o as OptimizerValue) = given else {
                    throw ScriptError("TypeError", "\(name) needs an optimizer (such as SGD(...) or Adam(...)), not a \(given.typeName)")
                }
                return .object(SchedulerValue(try make(o.optimizer, a)))
            }
        }
        scheduler("StepLR", ["stepSize", .defaulted("gamma", engine: StepLR.Defaults.gamma)], "multiplies lr by gamma every stepSize steps.") { o, a in
            try StepLR(o, stepSize: try a.integer("stepSize"), gamma: try a.number("gamma"))
        }
        scheduler("MultiStepLR", ["milestones", .defaulted("gamma", engine: MultiStepLR.Defaults.gamma)],
                  "multiplies lr by gamma at each milestone step.") { o, a in
            try MultiStepLR(o, milestones: try a.value("milestones").integers("milestones"), gamma: try a.number("gamma"))
        }
        scheduler("LinearLR", [.defaulted("startFactor", engine: LinearLR.Defaults.startFactor), .defaulted("endFactor", engine: LinearLR.Defaults.endFactor),
                               .defaulted("totalIters", engine: LinearLR.Defaults.totalIters)],
                  "scales lr by a factor moving linearly from startFactor to endFactor over totalIters steps (a warm-up).") { o, a in
            try LinearLR(o, startFactor: try a.number("startFactor"), endFactor: try a.number("endFactor"), totalIters: try a.integer("totalIters"))
        }
        scheduler("PolynomialLR", [.defaulted("totalIters", engine: PolynomialLR.Defaults.totalIters), .defaulted("power", engine: PolynomialLR.Defaults.power)],
                  "lr₀ · (1 − t/totalIters)^power, reaching 0 at totalIters.") { o, a in
            try PolynomialLR(o, totalIters: try a.integer("totalIters"), power: try a.number("power"))
        }
        lib.add("LambdaLR", ["optimizer", "lrLambda"], "lr₀ · lrLambda(t) for the step count t: a schedule of your own.") { a, vm in
            let given = try a.value("optimizer"), function = try a.value("lrLambda")
            guard case .object(let o as OptimizerValue) = given else {
                throw ScriptError("TypeError", "LambdaLR needs an optimizer (such as SGD(...) or Adam(...)), not a \(given.typeName)")
            }
            guard case .function = function else { throw ScriptError("TypeError", "the lrLambda of LambdaLR must be a function, not a \(function.typeName)") }
            return .object(SchedulerValue(try LambdaLR(o.optimizer) { [weak vm] t in
                guard let vm else { return 1 }
                return (try vm.call(function, Arguments([.number(Double(t))])).number("what lrLambda returned"))
            }))
        }
        scheduler("ExponentialLR", ["gamma"], "multiplies lr by gamma every step.") { o, a in
            try ExponentialLR(o, gamma: try a.number("gamma"))
        }
        scheduler("CosineLR", ["total", .defaulted("warmup", engine: CosineLR.Defaults.warmup), .defaulted("minLr", engine: CosineLR.Defaults.minLr)],
                  "a linear warmup over `warmup` steps, then a half cosine down to minLr at step `total`.") { o, a in
            try CosineLR(o, total: try a.integer("total"), warmup: try a.integer("warmup"), minLr: try a.number("minLr"))
        }
        scheduler("CyclicLR", ["baseLr", "maxLr", .defaulted("stepSizeUp", engine: CyclicLR.Defaults.stepSizeUp),
                               .optional("stepSizeDown", shown: "stepSizeUp"), .defaulted("mode", engine: CyclicLR.Defaults.mode),
                               .defaulted("gamma", engine: CyclicLR.Defaults.gamma)],
                  "cycles lr between baseLr and maxLr (modes \"triangular\", \"triangular2\", \"exp_range\").") { o, a in
            let modeName = try a.string("mode")
            guard let mode = CyclicLR.Mode(rawValue: modeName == "expRange" ? "exp_range" : modeName) else {
                throw ScriptError("ValueError", "CyclicLR: mode must be \"triangular\", \"triangular2\" or \"exp_range\", not \"\(modeName)\"")
            }
            return try CyclicLR(o, baseLr: try a.number("baseLr"), maxLr: try a.number("maxLr"), stepSizeUp: try a.integer("stepSizeUp"),
                                stepSizeDown: try a.given("stepSizeDown")?.integer("stepSizeDown"), mode: mode, gamma: try a.number("gamma"))
        }
        scheduler("InverseTimeLR", ["decay"], "lr₀ / (1 + decay·t).") { o, a in
            try InverseTimeLR(o, decay: try a.number("decay"))
        }
        scheduler("ReduceLROnPlateau", [.defaulted("mode", engine: ReduceLROnPlateau.Defaults.mode),
                                        .defaulted("factor", engine: ReduceLROnPlateau.Defaults.factor),
                                        .defaulted("patience", engine: ReduceLROnPlateau.Defaults.patience),
                                        .defaulted("threshold", engine: ReduceLROnPlateau.Defaults.threshold),
                                        .defaulted("thresholdMode", engine: ReduceLROnPlateau.Defaults.thresholdMode),
                                        .defaulted("cooldown", engine: ReduceLROnPlateau.Defaults.cooldown),
                                        .defaulted("minLr", engine: ReduceLROnPlateau.Defaults.minLr),
                                        .defaulted("eps", engine: ReduceLROnPlateau.Defaults.epsilon)],
                  "multiplies lr by factor when step(metric) sees no improvement for more than patience steps.") { o, a in
            let modeName = try a.string("mode"), thresholdName = try a.string("thresholdMode")
            guard let mode = ReduceLROnPlateau.Mode(rawValue: modeName) else {
                throw ScriptError("ValueError", "ReduceLROnPlateau: mode must be \"min\" or \"max\", not \"\(modeName)\"")
            }
            guard let thresholdMode = ReduceLROnPlateau.ThresholdMode(rawValue: thresholdName) else {
                throw ScriptError("ValueError", "ReduceLROnPlateau: thresholdMode must be \"rel\" or \"abs\", not \"\(thresholdName)\"")
            }
            return try ReduceLROnPlateau(o, mode: mode, factor: try a.number("factor"), patience: try a.integer("patience"),
                                         threshold: try a.number("threshold"), thresholdMode: thresholdMode, cooldown: try a.integer("cooldown"),
                                         minLr: try a.number("minLr"), epsilon: try a.number("eps"))
        }
    }
}
