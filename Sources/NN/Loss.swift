import Tensor

/// Loss functions: each reduces a batch to a scalar mean.
public enum Loss {
    /// Mean squared error; prediction and target must have the same shape.
    public static func mse(_ prediction: Tensor, _ target: Tensor) throws -> Tensor {
        guard prediction.shape == target.shape else {
            throw TensorError(.shape, "mse: prediction \(prediction.shape) and target \(target.shape) differ in shape")
        }
        return try (prediction - target).pow(2).mean()
    }

    /// Cross-entropy of logits `[N, C]` against class indices `[N]` (floats of integral value).
    ///
    /// Fused: one pass computes log-softmax and picks the targets; the gradient is
    /// `(softmax − onehot) / N`, which needs no second log-softmax.
    public static func crossEntropy(_ logits: Tensor, _ labels: Tensor) throws -> Tensor {
        guard logits.rank == 2, labels.rank == 1, labels.shape[0] == logits.shape[0] else {
            throw TensorError(.shape, "crossEntropy: logits \(logits.shape) need shape [N, C] and labels \(labels.shape) shape [N]")
        }
        let n = logits.shape[0], c = logits.shape[1]
        let logp = try logits.detach().logSoftmax(axis: 1)
        var classes = [Int](repeating: 0, count: n)
        var total: Double = 0
        try labels.withUnsafeValues { y in
            try logp.withUnsafeValues { lp in
                for i in 0..<n {
                    let v = y[i]
                    guard v == v.rounded(), v >= 0, Int(v) < c else {
                        throw TensorError(.index, "crossEntropy: label \(v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : "\(v)") at position \(i) is not a class index in 0..<\(c)")
                    }
                    classes[i] = Int(v)
                    total -= Double(lp[i * c + Int(v)])
                }
            }
        }
        let out = Tensor(Float(total / Double(max(n, 1))))
        return out.recording("crossEntropy", [logits]) { g in
            let scale = try g.item() / Float(max(n, 1))
            let dx = logp.exp()
            dx.withUnsafeMutableValues { d in
                for i in 0..<n { d[i * c + classes[i]] -= 1 }
                for j in 0..<d.count { d[j] *= scale }
            }
            return [dx]
        }
    }
}
