import NN
import TensorEngine
import Testing

/// Saving and restoring optimizers and schedulers: a run broken after N steps and resumed from the
/// saved state on fresh objects ends bit-identical to an unbroken run; and parameter groups.
struct OptimizerStateTests {
    typealias Make = @Sendable ([Tensor]) throws -> any Optimizer
    typealias Schedule = @Sendable (any Optimizer) throws -> any Scheduler

    static let optimizers: [(String, Make)] = [
        ("adam", { try Adam($0, lr: 0.05, weightDecay: 0.1, amsgrad: true) }),
        ("adamw", { try Adam($0, lr: 0.05, weightDecay: 0.1, decoupledWeightDecay: true) }),
        ("sgd", { try SGD($0, lr: 0.1, momentum: 0.9, nesterov: true) }),
        ("nadam", { try NAdam($0, lr: 0.05) }),
        ("radam", { try RAdam($0, lr: 0.05) }),
        ("adamax", { try Adamax($0, lr: 0.05) }),
        ("rmsprop", { try RMSProp($0, lr: 0.01, momentum: 0.5, centered: true) }),
        ("adagrad", { try Adagrad($0, lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1) }),
        ("adadelta", { try Adadelta($0, lr: 0.5) }),
        ("lion", { try Lion($0, lr: 0.01) }),
        ("groups", { p in
            try ParameterGroups([try Adam([p[0]], lr: 0.05), try SGD([p[1]], lr: 0.1, momentum: 0.9)])
        }),
    ]

    static let schedules: [(String, Schedule)] = [
        ("cosine", { try CosineLR($0, total: 12) }),
        ("step", { try StepLR($0, stepSize: 3, gamma: 0.5) }),
        ("one cycle", { o in
            // Momentum cycles where every group has one to cycle, and is part of what must resume.
            let cycled = ((o as? ParameterGroups)?.groups ?? [o]).allSatisfy { $0 is any CycledMomentum }
            return try OneCycleLR(o, maxLrs: [0.1], totalSteps: 12, cycleMomentum: cycled)
        }),
        ("sequential", { o in
            try SequentialLR(o, schedulers: [try LinearLR(o, startFactor: 0.5, totalIters: 3), try ExponentialLR(o, gamma: 0.9)], milestones: [3])
        }),
        ("plateau", { try ReduceLROnPlateau($0, factor: 0.5, patience: 0) }),
    ]

    /// Fresh parameters of two shapes, float32 or float64.
    static func parameters(_ dtype: DType) throws -> [Tensor] {
        let a = try Tensor.full(checked: [2, 3], 0.5, dtype: dtype), b = try Tensor.full(checked: [3], -0.25, dtype: dtype)
        return [a, b]
    }

    /// `steps` steps whose gradients depend on the parameters (so a wrong state shows), each followed
    /// by a scheduler step (with a metric that rises, for a plateau schedule).
    static func train(_ parameters: [Tensor], _ opt: any Optimizer, _ scheduler: any Scheduler, steps: Range<Int>) throws {
        for s in steps {
            for p in parameters { p.grad = try (p * p - Tensor.number(0.1 * Double(s))).detach() }
            try opt.step()
            if let plateau = scheduler as? any MetricScheduler { plateau.step(metric: Double(s)) } else { try scheduler.step() }
        }
    }

    @Test(arguments: [DType.float32, .float64])
    func resumedRunsEndBitIdentical(dtype: DType) throws {
        for (name, make) in Self.optimizers {
            for (scheduleName, schedule) in Self.schedules {
                let whole = try Self.parameters(dtype), wholeOpt = try make(whole), wholeSchedule = try schedule(wholeOpt)
                try Self.train(whole, wholeOpt, wholeSchedule, steps: 0..<9)

                let first = try Self.parameters(dtype), firstOpt = try make(first), firstSchedule = try schedule(firstOpt)
                try Self.train(first, firstOpt, firstSchedule, steps: 0..<5)
                let saved = try firstOpt.state(), savedSchedule = firstSchedule.state()
                let resumed = try Self.parameters(dtype)
                for (r, f) in zip(resumed, first) { try r.assign(f) }
                let resumedOpt = try make(resumed), resumedSchedule = try schedule(resumedOpt)
                try resumedOpt.loadState(saved)
                try resumedSchedule.loadState(savedSchedule)
                try Self.train(resumed, resumedOpt, resumedSchedule, steps: 5..<9)

                for (r, w) in zip(resumed, whole) {
                    #expect(r.elements(as: Double.self) == w.elements(as: Double.self), "\(name) with \(scheduleName) in \(dtype)")
                }
                #expect(resumedOpt.learningRates == wholeOpt.learningRates, "\(name) with \(scheduleName)")
            }
        }
    }

    @Test func stateIsACopy() throws {
        let p = try Self.parameters(.float32), opt = try Adam(p, lr: 0.1)
        try Self.train(p, opt, try StepLR(opt, stepSize: 1), steps: 0..<1)
        let saved = try opt.state(), before = saved["m.0"]?.elements(as: Double.self)
        try Self.train(p, opt, try StepLR(opt, stepSize: 1), steps: 1..<2)
        #expect(saved["m.0"]?.elements(as: Double.self) == before)
        #expect(try saved["step"]?.itemValue() == 1)
    }

    @Test func loadStateRejectsAMisfit() throws {
        let opt = try Adam(try Self.parameters(.float32))
        let other = try Adam([try Tensor.full([4], 1)])
        #expect(throws: TensorError.self) { try opt.loadState([:]) }
        try other.parameters[0].grad = Tensor.full([4], 1)
        try other.step()
        #expect(throws: TensorError.self) { try opt.loadState(try other.state()) }
        let schedule = try StepLR(opt, stepSize: 2)
        #expect(throws: TensorError.self) { try schedule.loadState(["epoch": -1, "baseLr.0": 0.1, "lastLr.0": 0.1]) }
        #expect(throws: TensorError.self) { try schedule.loadState(["epoch": 1, "baseLr.0": 0.1, "lastLr.0": 0.1, "lastLr.1": 0.1]) }
    }

    @Test func groupsFollowTheirOwnSchedules() throws {
        let p = try Self.parameters(.float32)
        let opt = try ParameterGroups([try SGD([p[0]], lr: 0.1), try SGD([p[1]], lr: 0.02)])
        let schedule = try StepLR(opt, stepSize: 1, gamma: 0.5)
        try schedule.step()
        #expect(opt.learningRates == [0.05, 0.01])
        opt.learningRate = 0.3
        #expect(opt.learningRates == [0.3, 0.3])
        #expect(throws: TensorError.self) { try opt.add(try SGD([p[0]], lr: 0.1)) }
        #expect(throws: TensorError.self) { try ParameterGroups([]) }
    }
}
