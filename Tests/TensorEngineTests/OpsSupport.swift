import Testing
import TensorEngine

/// `expectValues` with Double expectations, so that whole-number literals need no annotation.
func expectNumbers(_ t: Tensor, _ expected: [Double], shape: [Int], rtol: Double = 1e-5, atol: Double = 1e-6,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    expectValues(t, expected, shape: shape, rtol: rtol, atol: atol, sourceLocation: sourceLocation)
}
