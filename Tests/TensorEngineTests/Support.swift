import Foundation
import Testing
import TensorEngine

/// The root of every Tensor suite.
///
/// Serialized because the engine keeps process-wide state that tests change: `backward()` and
/// `noGrad { }` switch `Autograd.isEnabled` off for everyone while they run, and `seed(_:)` replaces the
/// global generator. Two tests running side by side would see each other's switches.
@Suite("Tensor", .serialized) struct TensorEngine {}

// MARK: - Making tensors

/// A tensor from literal values; the count must match the shape.
func tensor(_ values: [Float], _ shape: [Int], requiresGrad: Bool = false) throws -> Tensor {
    try Tensor(shape: shape, values: values, requiresGrad: requiresGrad)
}

/// A 1-D tensor.
func vector(_ values: [Float]) throws -> Tensor { try tensor(values, [values.count]) }

/// Uniform values in `range` from a private generator, so tests do not touch the global one.
func random(_ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -1...1) -> Tensor {
    var rng = RNG(seed: seed)
    let n = Shape.count(shape)
    let values = (0..<n).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * rng.uniform() }
    return try! Tensor(shape: shape, values: values)
}

/// Distinct values at least `gap` apart, shuffled, none within `gap / 2` of zero: inputs that keep every
/// finite-difference step away from kinks (relu and abs at 0, ties of max and min).
func spread(_ shape: [Int], seed: UInt64, gap: Float = 0.25) -> Tensor {
    var rng = RNG(seed: seed)
    let n = Shape.count(shape)
    var order = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
    let values = order.map { (Float($0) - Float(n) / 2 + 0.5) * gap }
    return try! Tensor(shape: shape, values: values)
}

// MARK: - Comparing

/// Whether `actual` matches `expected` within `atol + rtol * |expected|` everywhere, with the same count.
func isClose(_ actual: [Float], _ expected: [Double], rtol: Double = 1e-5, atol: Double = 1e-6) -> Bool {
    guard actual.count == expected.count else { return false }
    for (a, e) in zip(actual, expected) {
        if a.isNaN != e.isNaN { return false }
        if a.isNaN { continue }
        if a.isInfinite || e.isInfinite {
            if Double(a) != e { return false }
            continue
        }
        if Swift.abs(Double(a) - e) > atol + rtol * Swift.abs(e) { return false }
    }
    return true
}

/// Expects `t` to have `shape` and values close to `expected`.
func expectValues(_ t: Tensor, _ expected: [Double], shape: [Int], rtol: Double = 1e-5, atol: Double = 1e-6,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(t.shape == shape, "shape \(t.shape), expected \(shape)", sourceLocation: sourceLocation)
    #expect(isClose(t.values, expected, rtol: rtol, atol: atol),
            "values \(t.values)\n   expected \(expected)", sourceLocation: sourceLocation)
}

/// `expectValues` for Float literals.
func expectValues(_ t: Tensor, _ expected: [Float], shape: [Int], rtol: Double = 1e-5, atol: Double = 1e-6,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    expectValues(t, expected.map(Double.init), shape: shape, rtol: rtol, atol: atol, sourceLocation: sourceLocation)
}

/// Runs `body`, expecting it to throw a TensorError of `kind`; returns the error for message checks.
@discardableResult
func expectError<T>(_ kind: TensorError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
                    _ body: () throws -> T) -> TensorError? {
    do {
        let value = try body()
        Issue.record("expected a \(kind.rawValue), but the call returned \(value)", sourceLocation: sourceLocation)
        return nil
    } catch let error as TensorError {
        #expect(error.kind == kind, "expected a \(kind.rawValue), got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a TensorError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
