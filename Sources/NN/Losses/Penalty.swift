import TensorEngine

/// The L1 penalty `Σ |w|` over every element of `parameters`, as a scalar that joins the graph (add
/// `λ · l1Penalty(params)` to a loss); its gradient is `sign(w)`, 0 at 0.
public func l1Penalty(_ parameters: [Tensor]) throws -> Tensor { try penalty(parameters, squared: false) }

/// The L2 penalty `Σ w²` over every element of `parameters` (no ½), as a scalar that joins the graph;
/// its gradient is `2w`.
public func l2Penalty(_ parameters: [Tensor]) throws -> Tensor { try penalty(parameters, squared: true) }

/// One op over all parameters: a single sum forward and one gradient tensor per parameter backward,
/// rather than an abs, a sum and an add node per parameter.
private func penalty(_ parameters: [Tensor], squared: Bool) throws -> Tensor {
    var total: Double = 0
    for p in parameters {
        p.withUnsafeValues { v in
            if squared { for x in v { total += Double(x) * Double(x) } }
            else { for x in v { total += Double(Swift.abs(x)) } }
        }
    }
    let saved = parameters.map { $0.detach() }
    return Tensor(Float(total)).recording(squared ? "l2Penalty" : "l1Penalty", parameters) { g in
        let scale = try g.item()
        return try saved.map { w in
            let d = try Tensor.zeros(like: w)
            try w.withUnsafeValues { x in
                try d.withUnsafeMutableValues { o in
                    if squared { for j in o.indices { o[j] = 2 * scale * x[j] } }
                    else { for j in o.indices { o[j] = x[j] > 0 ? scale : (x[j] < 0 ? -scale : 0) } }
                }
            }
            return d
        }
    }
}
