/// Central finite differences: the numeric half of a gradient check, shared by NN's `gradcheck` and the
/// engine's own tests so that both estimate gradients the same way.
public enum FiniteDifferences {
    /// `Σ y[i]·weights[i]`, accumulated in Double: the scalar a check differentiates, so that every
    /// element of a result counts with its own weight.
    public static func weightedSum(_ y: Tensor, _ weights: [Double]) -> Double {
        var s = 0.0
        for (a, w) in zip(y.elements(as: Double.self), weights) { s += a * w }
        return s
    }

    /// The derivative of `objective` with respect to each element of `inputs[index]`:
    /// `(L(x + eps) − L(x − eps)) / step`, where `step` is how far apart the two inputs actually are in
    /// their dtype, not 2·eps (a float32 input rounds both).
    ///
    /// `objective` receives the inputs detached, with `inputs[index]` replaced by the perturbed copy, and
    /// runs twice per element; an interrupt of the running `EngineContext` stops the loop between elements.
    public static func gradient(of objective: ([Tensor]) throws -> Double, at inputs: [Tensor], input index: Int,
                                eps: Double) throws -> [Double] {
        let x = inputs[index], base = x.elements(as: Double.self)
        // The value a Double becomes in the input's dtype, read back as a Double.
        func stored(_ v: Double) -> Double { x.dtype == .float64 ? v : Double(Float(v)) }
        var args = inputs.map { $0.detach() }
        var differences = [Double](repeating: 0, count: base.count)
        for j in base.indices {
            try EngineContext.checkInterrupt()
            var plus = base, minus = base
            plus[j] = stored(base[j] + eps)
            minus[j] = stored(base[j] - eps)
            args[index] = try Tensor(shape: x.shape, elements: plus, dtype: x.dtype)
            let up = try objective(args)
            args[index] = try Tensor(shape: x.shape, elements: minus, dtype: x.dtype)
            let down = try objective(args)
            differences[j] = (up - down) / (plus[j] - minus[j])
        }
        return differences
    }
}
