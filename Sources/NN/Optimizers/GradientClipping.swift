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
@discardableResult
public func clipGradNorm(_ parameters: [Tensor], maxNorm: Float, normType: Float = 2) throws -> Float {
    guard maxNorm >= 0, !maxNorm.isNaN else {
        throw TensorError(.value, "clipGradNorm: maxNorm must be non-negative (got \(maxNorm))")
    }
    guard normType > 0 else {
        throw TensorError(.value, "clipGradNorm: normType must be positive or infinity (got \(normType))")
    }
    let grads = parameters.compactMap(\.grad)
    var total: Double = 0
    for g in grads {
        g.withUnsafeValues { v in
            if normType == .infinity {
                for x in v { total = max(total, Double(Swift.abs(x))) }
            } else if normType == 2 {
                for x in v { total += Double(x) * Double(x) }
            } else if normType == 1 {
                for x in v { total += Double(Swift.abs(x)) }
            } else {
                let p = Double(normType)
                for x in v { total += pow(Double(Swift.abs(x)), p) }
            }
        }
    }
    let norm: Double
    if normType == .infinity || normType == 1 { norm = total }
    else if normType == 2 { norm = total.squareRoot() }
    else { norm = pow(total, 1 / Double(normType)) }
    let coefficient = Double(maxNorm) / (norm + 1e-6)
    if coefficient < 1 {
        for g in grads { try g.scaleInPlace(Float(coefficient)) }
    }
    return Float(norm)
}

/// Limits every gradient element of `parameters` to [-clipValue, clipValue] in place (PyTorch's
/// `clip_grad_value_`). Parameters without a gradient are skipped.
public func clipGradValue(_ parameters: [Tensor], clipValue: Float) throws {
    guard clipValue >= 0, !clipValue.isNaN else {
        throw TensorError(.value, "clipGradValue: clipValue must be non-negative (got \(clipValue))")
    }
    for p in parameters {
        try p.grad?.withUnsafeMutableValues { v in
            for j in v.indices { v[j] = min(max(v[j], -clipValue), clipValue) }
        }
    }
}
