import Testing
@testable import TensorEngine

/// Gradient checks in Double for float64 ops: central differences with a step of 1e-6 agree with an
/// exact float64 gradient to about 1e-9, while a gradient computed in float32 is off by about 1e-7.
enum Float64Check {
    /// A float64 tensor of `shape` whose values are not float32 numbers (each carries a part below
    /// float32's precision), so a computation that rounds its input to float32 shows.
    static func tensor(_ shape: [Int], seed: Int, scale: Double = 1, requiresGrad: Bool = false) throws -> Tensor {
        let n = shape.reduce(1, *)
        let values = (0..<n).map { i -> Double in
            let k = Double((i * 7919 + seed * 104_729) % 1000) / 1000
            return scale * (2 * k - 1 + 1e-9 * Double(i % 7 + 1))
        }
        return try Tensor(shape: shape, elements: values, dtype: .float64, requiresGrad: requiresGrad)
    }

    /// `Σ f(inputs)·w` with fixed weights `w`, as a Double.
    static func objective(_ f: ([Tensor]) throws -> Tensor, _ inputs: [Tensor]) throws -> Double {
        let y = try f(inputs)
        let v = try y.elements(as: Double.self, op: "check")
        return v.enumerated().reduce(0) { $0 + $1.element * weight($1.offset) }
    }

    static func weight(_ i: Int) -> Double { 0.5 + Double(i % 5) / 7 }

    /// Checks that `f` of float64 `inputs` gives float64, and that every input's gradient is float64
    /// and agrees with central differences to `tolerance` (absolute plus relative).
    static func gradients(_ inputs: [Tensor], tolerance: Double = 1e-8,
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ f: ([Tensor]) throws -> Tensor) throws {
        let leaves = try inputs.map { try Tensor(shape: $0.shape, elements: $0.elements(as: Double.self), dtype: .float64, requiresGrad: true) }
        let y = try f(leaves)
        #expect(y.dtype == .float64, "result \(y.dtype)", sourceLocation: sourceLocation)
        let w = try Tensor(shape: y.shape, elements: (0..<y.count).map(weight), dtype: .float64)
        try (y * w).sum().backward()
        for (index, leaf) in leaves.enumerated() {
            guard let g = leaf.grad else {
                Issue.record("input \(index) got no gradient", sourceLocation: sourceLocation)
                continue
            }
            #expect(g.dtype == .float64, "gradient \(index) is \(g.dtype)", sourceLocation: sourceLocation)
            let analytic = g.elements(as: Double.self)
            let base = inputs[index].elements(as: Double.self)
            for j in base.indices {
                let h = 1e-6
                var plus = base, minus = base
                plus[j] += h
                minus[j] -= h
                var args = inputs.map { $0.detach() }
                args[index] = try Tensor(shape: leaf.shape, elements: plus, dtype: .float64)
                let up = try objective(f, args)
                args[index] = try Tensor(shape: leaf.shape, elements: minus, dtype: .float64)
                let numeric = (up - (try objective(f, args))) / (plus[j] - minus[j])
                #expect(Swift.abs(analytic[j] - numeric) <= tolerance * (1 + Swift.abs(numeric)),
                        "input \(index)[\(j)]: analytic \(analytic[j]), numeric \(numeric)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The largest absolute difference of two tensors' elements, read as Double.
    static func distance(_ a: Tensor, _ b: Tensor) throws -> Double {
        zip(a.elements(as: Double.self), b.elements(as: Double.self)).map { Swift.abs($0 - $1) }.max() ?? 0
    }
}
