import TensorEngine

/// The L1 penalty `Σ |w|` over every element of `parameters`, as a scalar that joins the graph (add
/// `λ · l1Penalty(params)` to a loss); its gradient is `sign(w)`, 0 at 0.
public func l1Penalty(_ parameters: [Tensor]) throws -> Tensor { try penalty(parameters, squared: false) }

/// The L2 penalty `Σ w²` over every element of `parameters` (no ½), as a scalar that joins the graph;
/// its gradient is `2w`.
public func l2Penalty(_ parameters: [Tensor]) throws -> Tensor { try penalty(parameters, squared: true) }

/// One op over all parameters: a single sum forward and one gradient tensor per parameter backward,
/// rather than an abs, a sum and an add node per parameter.
///
/// The sum is float64 when any parameter is (float64 values read exactly), float32 otherwise; each
/// gradient is computed in Double for a float64 parameter and in float32 for the others.
private func penalty(_ parameters: [Tensor], squared: Bool) throws -> Tensor {
    var total: Double = 0
    for p in parameters {
        if p.dtype == .float64 {
            for x in try p.elements(as: Double.self, op: "penalty") { total += squared ? x * x : Swift.abs(x) }
        } else {
            p.withUnsafeValues { v in
                if squared { for x in v { total += Double(x) * Double(x) } }
                else { for x in v { total += Double(Swift.abs(x)) } }
            }
        }
    }
    let saved = parameters.map { $0.detach() }
    let type: DType = parameters.contains { $0.dtype == .float64 } ? .float64 : .float32
    let out = try Tensor(shape: [], elements: [total], dtype: type)
    return out.recording(squared ? "l2Penalty" : "l1Penalty", parameters, twice: false, composite: { ps in
        // The same sum from recorded ops, for graph-creating backward passes.
        try ps.reduce(try Tensor(shape: [], elements: [0.0], dtype: type)) { total, w in
            try total + (squared ? (w * w).sum() : w.abs().sum())
        }
    }) { g in
        let scale = try g.itemValue()
        return try saved.map { w in
            if w.dtype == .float64 {
                let d = try w.elements(as: Double.self, op: "penalty").map { x in
                    squared ? 2 * scale * x : (x > 0 ? scale : (x < 0 ? -scale : 0))
                }
                return try Tensor(shape: w.shape, elements: d, dtype: .float64)
            }
            let s = Float(scale)
            let d = try Tensor.zeros(w.shape)
            try w.withUnsafeValues { x in
                try d.withUnsafeMutableValues { o in
                    if squared { for j in o.indices { o[j] = 2 * s * x[j] } }
                    else { for j in o.indices { o[j] = x[j] > 0 ? s : (x[j] < 0 ? -s : 0) } }
                }
            }
            return d
        }
    }
}
