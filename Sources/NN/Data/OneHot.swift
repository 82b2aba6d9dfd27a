import TensorEngine

/// One-hot rows for class labels: a tensor of shape `labels.shape + [classes]` with a 1 at each label.
///
/// Labels are floats of whole values in `0..<classes`; `classes` defaults to the largest label plus one.
public func oneHot(_ labels: Tensor, classes: Int? = nil) throws -> Tensor {
    let values = labels.values
    for (i, v) in values.enumerated() where !(v == v.rounded() && v >= 0 && v < 1e9) {
        throw TensorError(.value, "oneHot: label \(v) at position \(i) is not a non-negative whole number")
    }
    let n = classes ?? (values.max().map { Int($0) + 1 } ?? 0)
    guard n >= 1 else { throw TensorError(.value, "oneHot: classes must be positive (got \(n))") }
    if let bad = values.firstIndex(where: { Int($0) >= n }) {
        throw TensorError(.index, "oneHot: label \(Int(values[bad])) at position \(bad) is out of range 0..<\(n)")
    }
    guard values.count <= Tensor.maxElements / n else {
        throw TensorError(.memory, "oneHot: \(values.count) labels × \(n) classes is too many elements")
    }
    let out = try Tensor.full(checked: labels.shape + [n], 0)
    try out.withUnsafeMutableValues { o in
        for (i, v) in values.enumerated() { o[i * n + Int(v)] = 1 }
    }
    return out
}
