import TensorEngine

/// What Adam (and AdamW) and NAdam share: their settings, PyTorch's rules for them, and the running
/// averages of each parameter's gradient (`m`) and squared gradient (`v`); each adds its own update.
public class AdaptiveMoments: CycledMomentum {
    /// One element's weight decay and running moments, as every Adam variant takes them: decoupled
    /// decay scales the weight, coupled decay adds `decay · w` to the gradient; `m` and `v` are updated
    /// in place. Returns the decayed weight and the gradient used.
    @inline(__always) static func advance<T: EngineFloat>(_ w: T, _ g: T, _ m: inout T, _ v: inout T, b1: T, b2: T,
                                                          lr: T, decay: T, decoupled: Bool) -> (w: T, g: T) {
        var wj = w, gj = g
        if decoupled { wj *= 1 - lr * decay } else { gj += decay * wj }
        m = b1 * m + (1 - b1) * gj
        v = b2 * v + (1 - b2) * gj * gj
        return (wj, gj)
    }

    public let parameters: [Tensor]
    public var learningRate: Double
    /// The decay of the gradient's running average; OneCycleLR cycles it as PyTorch cycles `betas[0]`.
    public var beta1: Double
    public let beta2: Double, epsilon: Double, weightDecay: Double
    /// Decays weights apart from the gradient (as AdamW does) instead of adding `weightDecay · w` to it.
    public let decoupledWeightDecay: Bool
    /// Climbs the objective instead of descending it (PyTorch's `maximize`).
    public let maximize: Bool
    var m: [Tensor], v: [Tensor]

    /// Throws a ValueError, naming `optimizer`, for what PyTorch rejects: a negative lr, epsilon or
    /// weightDecay, and betas outside [0, 1).
    init(_ optimizer: String, _ parameters: [Tensor], lr: Double, beta1: Double, beta2: Double, epsilon: Double,
         weightDecay: Double, decoupledWeightDecay: Bool, maximize: Bool) throws {
        let arguments = OptimizerArguments(optimizer)
        try arguments.nonNegative("lr", lr)
        try arguments.beta("beta1", beta1)
        try arguments.beta("beta2", beta2)
        try arguments.nonNegative("epsilon", epsilon)
        try arguments.nonNegative("weightDecay", weightDecay)
        self.parameters = parameters
        learningRate = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.maximize = maximize
        m = try OptimizerBuffers.states(for: parameters)
        v = try OptimizerBuffers.states(for: parameters)
    }
}

extension AdaptiveMoments {
    /// Adds the running averages as `m.i` and `v.i`.
    func addMoments(to state: inout OptimizerState) throws {
        try state.add("m", m)
        try state.add("v", v)
    }

    /// Restores the running averages, zero where none was saved.
    func loadMoments(from state: OptimizerState) throws {
        m = try state.buffers("m", for: parameters)
        v = try state.buffers("v", for: parameters)
    }
}

extension AdaptiveMoments {
    public var cycledMomentum: Double {
        get { beta1 }
        set { beta1 = newValue }
    }
}
