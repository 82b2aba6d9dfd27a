import NN
import TensorEngine
import Testing

/// Learning-rate schedules against the sequences of PyTorch's schedulers (`optimizer.step()`,
/// `scheduler.step()`, then the group's lr), starting from lr 0.1.
@Suite(.serialized) struct TrainingSchedulerTests {
    typealias S = TrainingSupport

    func optimizer(lr: Double = 0.1) throws -> SGD {
        let w = try Tensor.full([1], 0)
        w.requiresGrad = true
        return try SGD([w], lr: lr, momentum: 0.9)
    }

    /// The rate at step 0 (after construction) and after each of `expected.count - 1` steps.
    func expectSequence(_ opt: SGD, _ scheduler: any Scheduler, _ expected: [Double],
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        var seen = [opt.learningRate]
        for _ in 1..<expected.count {
            try opt.step()
            try scheduler.step()
            #expect(scheduler.learningRate == opt.learningRate, sourceLocation: sourceLocation)
            seen.append(opt.learningRate)
        }
        #expect(scheduler.epoch == expected.count - 1, sourceLocation: sourceLocation)
        #expect(S.close(seen, expected, 1e-6), "\(seen)", sourceLocation: sourceLocation)
    }

    @Test func stepLR() throws {
        let opt = try optimizer()
        try expectSequence(opt, try StepLR(opt, stepSize: 3, gamma: 0.5),
                           [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125])
        #expect(throws: TensorError(.value, "StepLR: stepSize must be positive (got 0)")) { try StepLR(opt, stepSize: 0) }
    }

    @Test func exponentialLR() throws {
        let opt = try optimizer()
        try expectSequence(opt, try ExponentialLR(opt, gamma: 0.9),
                           [0.1, 0.09, 0.081, 0.0729, 0.06561, 0.059049, 0.0531441, 0.04782969, 0.043046721, 0.0387420489, 0.034867844])
        #expect(throws: TensorError.self) { try ExponentialLR(opt, gamma: -1) }
    }

    @Test func cosineWithoutWarmupIsCosineAnnealingLR() throws {
        let opt = try optimizer()
        try expectSequence(opt, try CosineLR(opt, total: 10, minLr: 0.01),
                           [0.1, 0.0977975432, 0.0914057647, 0.0814503364, 0.0689057647, 0.055, 0.0410942353,
                            0.0285496636, 0.0185942353, 0.0122024568, 0.01])
    }

    @Test func cosineWithWarmupIsLinearThenCosine() throws {
        // SequentialLR([LinearLR(start_factor: 1/4, total_iters: 3), CosineAnnealingLR(T_max: 8, eta_min: 0.001)], milestones: [4]).
        let opt = try optimizer()
        let scheduler = try CosineLR(opt, total: 12, warmup: 4, minLr: 0.001)
        try expectSequence(opt, scheduler, [0.025, 0.05, 0.075, 0.1, 0.1, 0.0962320369, 0.0855017857, 0.0694428299, 0.0505,
                                            0.0315571701, 0.0154982143, 0.00476796314, 0.001])
        // After `total` the rate stays at the minimum.
        try scheduler.step()
        #expect(opt.learningRate == 0.001)
        #expect(throws: TensorError.self) { try CosineLR(opt, total: 5, warmup: 5) }
        #expect(throws: TensorError.self) { try CosineLR(opt, total: 0) }
    }

    @Test func cyclicLRModes() throws {
        var opt = try optimizer()
        try expectSequence(opt, try CyclicLR(opt, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, stepSizeDown: 2),
                           [0.01, 0.0325, 0.055, 0.0775, 0.1, 0.055, 0.01, 0.0325, 0.055, 0.0775, 0.1, 0.055, 0.01, 0.0325, 0.055, 0.0775])
        opt = try optimizer()
        try expectSequence(opt, try CyclicLR(opt, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: .triangular2),
                           [0.01, 0.04, 0.07, 0.1, 0.07, 0.04, 0.01, 0.025, 0.04, 0.055, 0.04, 0.025, 0.01, 0.0175, 0.025, 0.0325])
        opt = try optimizer()
        try expectSequence(opt, try CyclicLR(opt, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: .exponentialRange, gamma: 0.9),
                           [0.01, 0.037, 0.0586, 0.07561, 0.049366, 0.0277147, 0.01, 0.024348907, 0.0358280326, 0.044867844,
                            0.0309207064, 0.0194143179, 0.01, 0.0176255975, 0.0237260755, 0.0285302019])
        #expect(throws: TensorError.self) { try CyclicLR(opt, baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0) }
    }

    @Test func inverseTimeDecay() throws {
        // LambdaLR(lambda t: 1 / (1 + 0.5 t)).
        let opt = try optimizer()
        try expectSequence(opt, try InverseTimeLR(opt, decay: 0.5),
                           [0.1, 0.0666666667, 0.05, 0.04, 0.0333333333, 0.0285714286, 0.025, 0.0222222222, 0.02, 0.0181818182, 0.0166666667])
    }

    static let metrics: [Double] = [1, 0.9, 0.895, 0.894, 0.95, 0.89, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77, 0.78, 0.5, 0.6, 0.6, 0.6, 0.6]

    func plateau(_ scheduler: ReduceLROnPlateau, _ opt: SGD, _ metrics: [Double], _ expected: [Double],
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        var seen: [Double] = []
        for m in metrics {
            try opt.step()
            scheduler.step(metric: m)
            seen.append(opt.learningRate)
        }
        #expect(S.close(seen, expected, 1e-6), "\(seen)", sourceLocation: sourceLocation)
    }

    @Test func reduceLROnPlateauMatchesPyTorch() throws {
        var opt = try optimizer()
        try plateau(try ReduceLROnPlateau(opt, factor: 0.5, patience: 2, threshold: 0.01, cooldown: 1, minLr: 0.01), opt, Self.metrics,
                    [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.0125, 0.0125, 0.01, 0.01])
        opt = try optimizer()
        try plateau(try ReduceLROnPlateau(opt), opt, Self.metrics + Array(repeating: 0.6, count: 12),
                    Array(repeating: 0.1, count: 26) + Array(repeating: 0.01, count: 6))
        opt = try optimizer()
        try plateau(try ReduceLROnPlateau(opt, mode: .max, factor: 0.2, patience: 1, threshold: 0.05, thresholdMode: .abs), opt,
                    [0.1, 0.2, 0.25, 0.26, 0.27, 0.5, 0.5, 0.5, 0.5, 0.5], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.02, 0.02, 0.004])
    }

    @Test func reduceLROnPlateauNeedsAMetric() throws {
        let opt = try optimizer()
        let scheduler = try ReduceLROnPlateau(opt)
        #expect(throws: TensorError.self) { try scheduler.step() }
        #expect(throws: TensorError.self) { try ReduceLROnPlateau(opt, factor: 1) }
        #expect(throws: TensorError.self) { try ReduceLROnPlateau(opt, patience: -1) }
    }

    @Test func schedulersDriveAnyOptimizer() throws {
        let w = try Tensor.full([1], 1)
        w.requiresGrad = true
        let adam = try Adam([w], lr: 0.01)
        let scheduler = try StepLR(adam, stepSize: 1, gamma: 0.5)
        try scheduler.step()
        #expect(adam.learningRate == 0.005)
        let rms = try RMSProp([w], lr: 0.2)
        _ = try CyclicLR(rms, baseLr: 0.001, maxLr: 0.01)
        #expect(rms.learningRate == 0.001)
    }
}
