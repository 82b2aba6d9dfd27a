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
                return .object(SchedulerValue(try make(o.optimizer, a), o))
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
            }, o))
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
                  "cycles lr between baseLr and maxLr (each a rate or a list of one per group; modes \"triangular\", \"triangular2\", \"exp_range\").") { o, a in
            let modeName = try a.string("mode")
            guard let mode = CyclicLR.Mode(rawValue: modeName == "expRange" ? "exp_range" : modeName) else {
                throw ScriptError("ValueError", "CyclicLR: mode must be \"triangular\", \"triangular2\" or \"exp_range\", not \"\(modeName)\"")
            }
            return try CyclicLR(o, baseLrs: try rates(a, "baseLr"), maxLrs: try rates(a, "maxLr"), stepSizeUp: try a.integer("stepSizeUp"),
                                stepSizeDown: try a.given("stepSizeDown")?.integer("stepSizeDown"), mode: mode, gamma: try a.number("gamma"))
        }
        scheduler("CosineAnnealingWarmRestarts", ["t0", .defaulted("tMult", engine: CosineAnnealingWarmRestarts.Defaults.tMult),
                                                  .defaulted("etaMin", engine: CosineAnnealingWarmRestarts.Defaults.etaMin)],
                  "a half cosine from lr down to etaMin over t0 steps, then a restart, each cycle tMult times longer.") { o, a in
            try CosineAnnealingWarmRestarts(o, t0: try a.integer("t0"), tMult: try a.integer("tMult"), etaMin: try a.number("etaMin"))
        }
        scheduler("OneCycleLR", ["maxLr", .optional("totalSteps"), .optional("epochs"), .optional("stepsPerEpoch"),
                                 .defaulted("pctStart", engine: OneCycleLR.Defaults.pctStart),
                                 .defaulted("annealStrategy", engine: OneCycleLR.Defaults.anneal),
                                 .defaulted("divFactor", engine: OneCycleLR.Defaults.divFactor),
                                 .defaulted("finalDivFactor", engine: OneCycleLR.Defaults.finalDivFactor), .defaulted("threePhase", false),
                                 .defaulted("cycleMomentum", true), .defaulted("baseMomentum", engine: OneCycleLR.Defaults.baseMomentum),
                                 .defaulted("maxMomentum", engine: OneCycleLR.Defaults.maxMomentum)],
                  "the one-cycle policy: up from maxLr/divFactor to maxLr over pctStart of the steps, then down to maxLr/(divFactor·finalDivFactor), the momentum (or beta1) cycling the other way between maxMomentum and baseMomentum.") { o, a in
            let strategy = try a.string("annealStrategy")
            guard let anneal = OneCycleLR.Anneal(rawValue: strategy) else {
                throw ScriptError("ValueError", "OneCycleLR: annealStrategy must be \"cos\" or \"linear\", not \"\(strategy)\"")
            }
            return try OneCycleLR(o, maxLrs: try rates(a, "maxLr"), totalSteps: try oneCycleSteps(a), pctStart: try a.number("pctStart"),
                                  anneal: anneal, divFactor: try a.number("divFactor"), finalDivFactor: try a.number("finalDivFactor"),
                                  threePhase: try a.boolean("threePhase"), cycleMomentum: try a.boolean("cycleMomentum"),
                                  baseMomentum: try a.number("baseMomentum"), maxMomentum: try a.number("maxMomentum"))
        }
        lib.add("SequentialLR", ["optimizer", "schedulers", "milestones"],
                "runs schedulers one after another: schedulers[i] from milestones[i − 1] on, counting its steps from 0 there.") { a, _ in
            let (optimizer, schedulers) = try combined(a, "SequentialLR")
            return .object(SchedulerValue(try SequentialLR(optimizer.optimizer, schedulers: schedulers,
                                                           milestones: try a.value("milestones").integers("milestones")), optimizer))
        }
        lib.add("ChainedScheduler", ["schedulers", .optional("optimizer")],
                "applies several schedulers at every step, multiplying their factors.") { a, _ in
            let (optimizer, schedulers) = try combined(a, "ChainedScheduler")
            return .object(SchedulerValue(try ChainedScheduler(schedulers, optimizer: optimizer.optimizer), optimizer))
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

    /// A rate for every parameter group, or a list of one per group.
    private static func rates(_ a: BoundArguments, _ label: String) throws -> [Double] {
        let v = try a.value(label)
        if case .list(let l) = v { return try l.items.map { try $0.number("each rate of \(label)") } }
        return [try v.number(label)]
    }

    /// OneCycleLR's length: totalSteps, or epochs × stepsPerEpoch (PyTorch's two ways).
    private static func oneCycleSteps(_ a: BoundArguments) throws -> Int {
        if let total = try a.given("totalSteps") { return try total.integer("totalSteps") }
        guard let epochs = try a.given("epochs"), let perEpoch = try a.given("stepsPerEpoch") else {
            throw ScriptError("ValueError", "OneCycleLR: give totalSteps, or both epochs and stepsPerEpoch")
        }
        let e = try epochs.integer("epochs"), s = try perEpoch.integer("stepsPerEpoch")
        guard e > 0, s > 0 else { throw ScriptError("ValueError", "OneCycleLR: epochs and stepsPerEpoch must be positive (got \(e), \(s))") }
        let (total, overflow) = e.multipliedReportingOverflow(by: s)
        guard !overflow else { throw ScriptError("ValueError", "OneCycleLR: epochs × stepsPerEpoch is too large") }
        return total
    }

    /// The optimizer (given, or that of the schedulers) and the schedulers of SequentialLR and
    /// ChainedScheduler; a TypeError for anything that is not a step-count schedule.
    private static func combined(_ a: BoundArguments, _ name: String) throws -> (OptimizerValue, [any StepSchedule]) {
        let values = try a.sequence("schedulers")
        var schedulers: [any StepSchedule] = [], optimizers: [OptimizerValue] = []
        for (i, v) in values.enumerated() {
            guard case .object(let s as SchedulerValue) = v else {
                throw ScriptError("TypeError", "\(name): scheduler \(i) must be a scheduler such as StepLR(opt, 10), not a \(v.typeName)")
            }
            guard let schedule = s.scheduler as? any StepSchedule else {
                throw ScriptError("ValueError", "\(name): scheduler \(i) is a \(s.typeName), which steps on a metric and cannot be combined")
            }
            schedulers.append(schedule)
            optimizers.append(s.optimizerValue)
        }
        if let given = try a.given("optimizer") {
            guard case .object(let o as OptimizerValue) = given else {
                throw ScriptError("TypeError", "\(name) needs an optimizer (such as SGD(...) or Adam(...)), not a \(given.typeName)")
            }
            return (o, schedulers)
        }
        guard let first = optimizers.first else { throw ScriptError("ValueError", "\(name): expects at least one scheduler") }
        return (first, schedulers)
    }
}
