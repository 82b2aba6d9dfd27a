import NN
import TensorEngine
import Testing

/// Second derivatives of `fn` at `inputs` computed in `dtype` by a graph-creating backward pass: the
/// gradient of Σ(∂(Σ fn²)/∂x) with respect to each floating input, flattened in order.
func secondDerivatives(_ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], _ dtype: DType) throws -> [Double] {
    let xs = try inputs.map { x -> Tensor in
        guard x.dtype.isFloatingPoint else { return x }
        let leaf = try x.to(dtype).detach()
        leaf.requiresGrad = true
        return leaf
    }
    let floating = xs.filter { $0.dtype.isFloatingPoint }
    let y = try fn(xs)
    let first = try Tensor.gradients(of: [try (y * y).sum()], withRespectTo: floating, createGraph: true, allowUnused: true)
    let total = try first.compactMap { $0 }.reduce(try Tensor(shape: [], elements: [0.0], dtype: dtype)) { try $0 + $1.sum() }
    guard total.tracksGrad else { return floating.flatMap { [Double](repeating: 0, count: $0.count) } }
    let second = try Tensor.gradients(of: [total], withRespectTo: floating, allowUnused: true)
    return zip(floating, second).flatMap { x, g in g?.elements(as: Double.self) ?? [Double](repeating: 0, count: x.count) }
}

/// Whether the float32 graph-creating pass (the fused kernels' path) agrees with float64's.
func float32SecondDerivativesAgree(_ fn: ([Tensor]) throws -> Tensor, _ inputs: [Tensor], tolerance: Double = 1e-3) throws -> Bool {
    let single = try secondDerivatives(fn, inputs, .float32), double = try secondDerivatives(fn, inputs, .float64)
    let agree = single.count == double.count && zip(single, double).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    if !agree { Issue.record("float32 \(single) vs float64 \(double)") }
    return agree
}
