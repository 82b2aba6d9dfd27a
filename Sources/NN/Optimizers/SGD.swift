import TensorEngine

/// Stochastic gradient descent with optional momentum, Nesterov momentum and weight decay (PyTorch's rules).
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let momentum: Float, weightDecay: Float, nesterov: Bool
    private var velocity: [Tensor?]

    /// Throws a ValueError for what PyTorch rejects: a negative lr, momentum or weightDecay, and Nesterov
    /// momentum without a positive momentum.
    public init(_ parameters: [Tensor], lr: Float, momentum: Float = Defaults.momentum, weightDecay: Float = Defaults.weightDecay,
                nesterov: Bool = false) throws {
        let arguments = OptimizerArguments("SGD")
        try arguments.nonNegative(["lr": lr, "momentum": momentum, "weightDecay": weightDecay])
        if nesterov { try arguments.positive("momentum", momentum, for: "nesterov") }
        self.parameters = parameters
        learningRate = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        velocity = Array(repeating: nil, count: parameters.count)
    }

    /// PyTorch's defaults, which the language's `SGD` declares too (lr has none, as in PyTorch).
    public enum Defaults {
        public static let momentum: Float = 0, weightDecay: Float = 0
    }

    public func step() throws {
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let lr = learningRate, wd = weightDecay, mu = momentum, nesterov = self.nesterov
            if mu != 0 && velocity[i] == nil { velocity[i] = try Tensor.zeros(like: p) }
            let v = velocity[i]
            try grad.withUnsafeValues { g in
                try p.withUnsafeMutableValues { w in
                    guard g.count == w.count else { throw TensorError(.shape, "SGD: gradient and parameter sizes differ") }
                    if let v {
                        try v.withUnsafeMutableValues { b in
                            for j in 0..<w.count {
                                let d = g[j] + wd * w[j]
                                b[j] = mu * b[j] + d
                                w[j] -= lr * (nesterov ? d + mu * b[j] : b[j])
                            }
                        }
                    } else {
                        for j in 0..<w.count { w[j] -= lr * (g[j] + wd * w[j]) }
                    }
                }
            }
        }
    }
}
