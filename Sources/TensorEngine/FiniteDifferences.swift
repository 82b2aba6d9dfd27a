/// Central finite differences: the numeric half of a gradient check, shared by NN's `gradcheck` and the
/// engine's own tests so that both estimate gradients the same way.
public enum FiniteDifferences {
    /// `Σ y[i]·weights[i]`, accumulated in Double: the scalar a check differentiates, so that every
    /// element of a result counts with its own weight.
    public static func weightedSum(_ y: Tensor, _ weights: [Float]) -> Double {
        y.withUnsafeValues { v in
            var s = 0.0
            for (a, w) in zip(v, weights) { s += Double(a) * Double(w) }
            return s
        }
    }

    /// The derivative of `objective` with respect to each element of `inputs[index]`:
    /// `(L(x + eps) − L(x − eps)) / step`, where `step` is how far apart the two Float inputs actually
    /// are, not 2·eps (rounding makes them differ).
    ///
    /// `objective` receives the inputs detached, with `inputs[index]` replaced by the perturbed copy, and
    /// runs twice per element; an interrupt of the running `EngineContext` stops the loop between elements.
    public static func gradient(of objective: ([Tensor]) throws -> Double, at inputs: [Tensor], input index: Int,
                                eps: Float) throws -> [Double] {
        let x = inputs[index], base = x.values
        var args = inputs.map { $0.detach() }
        var differences = [Double](repeating: 0, count: base.count)
        for j in base.indices {
            try EngineContext.checkInterrupt()
            var plus = base, minus = base
            plus[j] += eps
            minus[j] -= eps
            args[index] = try Tensor(shape: x.shape, values: plus)
            let up = try objective(args)
            args[index] = try Tensor(shape: x.shape, values: minus)
            let down = try objective(args)
            differences[j] = (up - down) / (Double(plus[j]) - Double(minus[j]))
        }
        return differences
    }
}
