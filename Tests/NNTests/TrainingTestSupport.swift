import NN
import TensorEngine
import Testing

/// Helpers of the training-area suites (activations, losses, optimizers, schedulers, init): closeness
/// checks and a gradient check built on NN's finite differences.
enum TrainingSupport {
    /// Whether every pair agrees within `tol`, relative above 1 and absolute below.
    static func close(_ a: [Float], _ b: [Double], _ tol: Double = 1e-5) -> Bool {
        close(a.map(Double.init), b, tol)
    }

    static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            (x.isInfinite && x == y) || Swift.abs(x - y) <= tol * Swift.max(1, Swift.abs(y))
        }
    }

    static func tensor(_ values: [Float], _ shape: [Int]? = nil, requiresGrad: Bool = false) throws -> Tensor {
        try Tensor(shape: shape ?? [values.count], values: values, requiresGrad: requiresGrad)
    }

    /// Compares autograd with NN's central differences (`compareGradients`, gradcheck's method) for the
    /// inputs in `only` (all when nil), within `atol + rtol·max(|analytic|, |numeric|)`; a gradient of the
    /// wrong shape throws. Also checks that the comparison would catch a gradient doubled, halved or
    /// negated, so a loose tolerance cannot pass a wrong rule.
    static func checkGradients(_ inputs: [Tensor], h: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
                               only: Set<Int>? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                               _ f: ([Tensor]) throws -> Tensor) throws {
        let gradients = try compareGradients(f, inputs, eps: Double(h), only: only, dtype: .float32)
        for i in inputs.indices where only?.contains(i) ?? true {
            let analytic = gradients.analytic[i], numeric = gradients.numeric[i]
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
