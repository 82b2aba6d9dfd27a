import TensorEngine

/// An optimizer whose step updates each parameter on its own, with one update loop written generic
/// over the element type and run in the parameter's precision (see `OptimizerBuffers`).
protocol ParameterwiseOptimizer: Optimizer {
    /// Whether the step climbs the objective (PyTorch's `maximize`): the gradients are negated first.
    var maximize: Bool { get }

    /// Updates parameter `i` (`p`, with gradient `grad`) in `T`.
    func update<T: EngineFloat>(_ type: T.Type, _ i: Int, _ p: Tensor, _ grad: Tensor) throws
}

extension ParameterwiseOptimizer {
    /// Runs `update` for every parameter that has a gradient, in Double for float64 and in Float
    /// otherwise; `before(i)` runs first for each (a per-parameter step count).
    func updateEach(op: String, before: (Int) -> Void = { _ in }) throws {
        for (i, p) in parameters.enumerated() {
            guard var grad = p.grad else { continue }
            if maximize { grad = try noGrad { try Tensor.number(0) - grad } }
            before(i)
            if try OptimizerBuffers.precision(of: p, op: op) == .float64 {
                try update(Double.self, i, p, grad)
            } else {
                try update(Float.self, i, p, grad)
            }
        }
    }
}
