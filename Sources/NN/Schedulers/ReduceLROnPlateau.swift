import TensorEngine

/// Cuts the learning rate by `factor` when a watched metric stops improving (PyTorch's rules).
///
/// Call `step(metric:)` once per epoch with, say, the validation loss. After more than `patience`
/// epochs without an improvement beyond `threshold` the rate becomes `max(lr · factor, minLr)`, then
/// `cooldown` epochs pass before bad epochs count again.
public final class ReduceLROnPlateau: MetricScheduler {
    /// Whether a lower (`min`) or higher (`max`) metric is better.
    public enum Mode: String, Sendable { case min, max }
    /// Whether `threshold` is relative to the best value (`rel`) or an absolute margin (`abs`).
    public enum ThresholdMode: String, Sendable { case rel, abs }

    public let optimizer: any Optimizer
    public let mode: Mode, thresholdMode: ThresholdMode
    public let factor: Double, patience: Int, threshold: Double, cooldown: Int, minLearningRate: Double
    /// Reductions smaller than this are skipped (PyTorch's `eps`).
    public let epsilon: Double
    public private(set) var epoch = 0
    public private(set) var learningRates: [Double]
    /// The best metric so far.
    public private(set) var best: Double
    /// Epochs since the last improvement (reset by a reduction and during cooldown).
    public private(set) var badEpochs = 0
    private var cooldownLeft = 0

    public init(_ optimizer: any Optimizer, mode: Mode = Defaults.mode, factor: Double = Defaults.factor,
                patience: Int = Defaults.patience, threshold: Double = Defaults.threshold,
                thresholdMode: ThresholdMode = Defaults.thresholdMode, cooldown: Int = Defaults.cooldown,
                minLr: Double = Defaults.minLr, epsilon: Double = Defaults.epsilon) throws {
        try Self.check(factor >= 0 && factor < 1, "factor must be in [0, 1) (got \(factor))")
        try Self.check(patience >= 0, "patience must be non-negative (got \(patience))")
        try Self.check(cooldown >= 0, "cooldown must be non-negative (got \(cooldown))")
        try Self.check(threshold >= 0, "threshold must be non-negative (got \(threshold))")
        try Self.check(minLr >= 0, "minLr must be non-negative (got \(minLr))")
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        minLearningRate = minLr
        self.epsilon = epsilon
        best = mode == .min ? .infinity : -.infinity
        learningRates = optimizer.learningRates
    }

    /// PyTorch's defaults, which the language's `ReduceLROnPlateau` declares too.
    public enum Defaults {
        public static let mode = Mode.min, thresholdMode = ThresholdMode.rel
        public static let factor: Double = 0.1, threshold: Double = 1e-4, minLr: Double = 0, epsilon: Double = 1e-8
        public static let patience = 10, cooldown = 0
    }

    /// Records one epoch's metric and reduces the rate after too many epochs without improvement.
    public func step(metric: Double) {
        epoch += 1
        if isBetter(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let old = optimizer.learningRate
            let new = (Swift.max(old * factor, minLearningRate))
            if old - new > epsilon { optimizer.learningRate = new }
            cooldownLeft = cooldown
            badEpochs = 0
        }
        learningRates = optimizer.learningRates
    }

    /// A plateau scheduler needs the metric; this throws a ValueError saying so.
    public func step() throws {
        throw TensorError(.value, "ReduceLROnPlateau: step needs the metric to watch, as step(metric: loss)")
    }

    private func isBetter(_ value: Double) -> Bool {
        let t = threshold
        switch (mode, thresholdMode) {
        case (.min, .rel): return value < best * (1 - t)
        case (.min, .abs): return value < best - t
        case (.max, .rel): return value > best * (1 + t)
        case (.max, .abs): return value > best + t
        }
    }

    public func state() -> [String: Double] {
        var state = ["epoch": Double(epoch), "best": best, "badEpochs": Double(badEpochs), "cooldownLeft": Double(cooldownLeft)]
        SchedulerState.add("lastLr", learningRates, to: &state)
        return state
    }

    public func loadState(_ values: [String: Double]) throws {
        let state = SchedulerState(scheduler: "ReduceLROnPlateau", values: values)
        let epoch = try state.integer("epoch"), best = try state.number("best")
        let bad = try state.integer("badEpochs"), cooldownLeft = try state.integer("cooldownLeft")
        let last = try state.rates("lastLr", count: learningRates.count)
        self.epoch = epoch
        self.best = best
        badEpochs = bad
        self.cooldownLeft = cooldownLeft
        learningRates = last
        optimizer.learningRates = last
    }
}
