#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Scales the gradients of `parameters` so that their joint norm is at most `maxNorm`, and returns the
/// norm before clipping (PyTorch's `clip_grad_norm_`: coefficient `maxNorm / (norm + 1e-6)`, applied
/// only when below 1). `normType` is p of the p-norm, `.infinity` for the largest magnitude.
/// Parameters without a gradient are skipped.
///
/// The norm is summed in Double for every type; a float64 gradient is read and scaled in Double, the
/// others as `scaleInPlace` scales them (float16 and bfloat16 through float32). Integer and bool
/// gradients are a TypeError.
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Double, normType: Double = 2) throws -> Double {
    guard maxNorm >= 0, !maxNorm.isNaN else {
        throw TensorError(.value, "clipGradNorm: maxNorm must be non-negative (got \(maxNorm))")
    }
    guard normType > 0 else {
        throw TensorError(.value, "clipGradNorm: normType must be positive or infinity (got \(normType))")
    }
    let grads = parameters.compactMap(\.grad)
    var total: Double = 0
    for g in grads {
        if try OptimizerBuffers.precision(of: g, op: "clipGradNorm") == .float64 {
            try g.withUnsafeElements(as: Double.self) { accumulate($0, normType, &total) }
        } else {
            try g.withUnsafeElements(as: Float.self) { accumulate($0, normType, &total) }
        }
    }
    let norm: Double
    if normType == .infinity || normType == 1 { norm = total }
    else if normType == 2 { norm = total.squareRoot() }
    else { norm = pow(total, 1 / normType) }
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        for g in grads {
            if g.dtype == .float64 {
                try g.withUnsafeMutableElements(as: Double.self, op: "clipGradNorm") { v in
                    for j in v.indices { v[j] *= coefficient }
                }
            } else {
                try g.scaleInPlace(Float(coefficient))
            }
        }
    }
    return norm
}

/// Adds the p-norm terms of `values` to `total` (the largest magnitude for the infinity norm).
private func accumulate<T: EngineFloat>(_ values: UnsafeBufferPointer<T>, _ normType: Double, _ total: inout Double) {
    if normType == .infinity {
        for x in values { total = max(total, Double(Swift.abs(x))) }
    } else if normType == 2 {
        for x in values { total += Double(x) * Double(x) }
    } else if normType == 1 {
        for x in values { total += Double(Swift.abs(x)) }
    } else {
        for x in values { total += pow(Double(Swift.abs(x)), normType) }
    }
}

/// Limits every gradient element of `parameters` to [-clipValue, clipValue] in place (PyTorch's
/// `clip_grad_value_`). Parameters without a gradient are skipped.
///
/// Each gradient is clipped in its own type (float16 and bfloat16 through float32); integer and bool
/// gradients are a TypeError.
public func clipGradValue(_ parameters: [Tensor], clipValue: Double) throws {
    guard clipValue >= 0, !clipValue.isNaN else {
        throw TensorError(.value, "clipGradValue: clipValue must be non-negative (got \(clipValue))")
    }
    for p in parameters {
        guard let g = p.grad else { continue }
        if try OptimizerBuffers.precision(of: g, op: "clipGradValue") == .float64 {
            try clip(g, clipValue)
        } else if g.dtype == .float32 {
            try clip(g, Float(clipValue))
        } else {
            let work = try g.detach().to(.float32)
            try clip(work, Float(clipValue))
            try g.assign(work)
        }
    }
}

/// Clips `gradient`, whose elements are `T`s, to [-limit, limit] in place.
private func clip<T: EngineFloat>(_ gradient: Tensor, _ limit: T) throws {
    try gradient.withUnsafeMutableElements(as: T.self, op: "clipGradValue") { v in
        for j in v.indices { v[j] = min(max(v[j], -limit), limit) }
    }
}
