import NN
import Tensor
import Testing

/// Helpers of the training-area suites (activations, losses, optimizers, schedulers, init): closeness
/// checks and a central finite-difference gradient check, the method of TensorTests' GradCheck.
enum TrainingSupport {
    /// Whether every pair agrees within `tol`, relative above 1 and absolute below.
    static func close(_ a: [Float], _ b: [Double], _ tol: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            (x.isInfinite && Double(x) == y) || Swift.abs(Double(x) - y) <= tol * Swift.max(1, Swift.abs(y))
        }
    }

    static func tensor(_ values: [Float], _ shape: [Int]? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try Tensor(shape: shape ?? [values.count], values: values, requiresGrad: requiresGrad)
    }

    /// Compares autograd with central differences for `L = Σ f(x) · R`, R a fixed projection.
    ///
    /// `f` gets fresh leaves; the numeric gradient of element j is `(L(x + h) − L(x − h)) / 2h` with L
    /// summed in Double. Also checks that the comparison would catch a gradient doubled, halved or
    /// negated, so a loose tolerance cannot pass a wrong rule.
    static func checkGradients(_ inputs: [Tensor], h: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
                               only: Set<Int>? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                               _ f: ([Tensor]) throws -> Tensor) throws {
        let leaves = inputs.map { x -> Tensor in
            let leaf = x.copy()
            leaf.requiresGrad = true
            return leaf
        }
        let out = try f(leaves)
        var rng = RNG(seed: 0x5EED)
        let projection = (0..<out.count).map { _ in Double(2 * rng.uniform() - 1) }
        let r = try Tensor(shape: out.shape, values: projection.map(Float.init))
        try (out * r).sum().backward()
        func objective(_ args: [Tensor]) throws -> Double {
            let y = try noGrad { try f(args) }
            return zip(y.values, projection).reduce(0) { $0 + Double($1.0) * $1.1 }
        }
        for (i, x) in inputs.enumerated() where only?.contains(i) ?? true {
            let analytic = leaves[i].grad?.values.map(Double.init) ?? Array(repeating: 0, count: x.count)
            #expect(leaves[i].grad == nil || leaves[i].grad!.shape == x.shape, "gradient shape", sourceLocation: sourceLocation)
            var numeric = [Double](repeating: 0, count: x.count)
            let base = x.values
            var args = inputs
            for j in base.indices {
                var plus = base, minus = base
                plus[j] += h
                minus[j] -= h
                args[i] = try Tensor(shape: x.shape, values: plus)
                let up = try objective(args)
                args[i] = try Tensor(shape: x.shape, values: minus)
                let down = try objective(args)
                numeric[j] = (up - down) / (Double(plus[j]) - Double(minus[j]))
            }
            func agrees(_ a: [Double]) -> Bool {
                zip(a, numeric).allSatisfy { Swift.abs($0 - $1) <= atol + rtol * Swift.max(Swift.abs($0), Swift.abs($1)) }
            }
            #expect(agrees(analytic), "input \(i): analytic \(analytic) numeric \(numeric)", sourceLocation: sourceLocation)
            if (numeric.map(Swift.abs).max() ?? 0) > 10 * atol {
                for factor in [2.0, 0.5, -1.0] {
                    #expect(!agrees(analytic.map { $0 * factor }), "input \(i): the check is too loose to see a factor \(factor)",
                            sourceLocation: sourceLocation)
                }
            }
        }
    }
}
