import COpenBLAS

/// The affine map of a fully connected layer, fused into one op: `x @ weightᵀ + bias`.
extension Tensor {
    /// `x @ weightᵀ + bias` for `x` of shape `[..., in]`, `weight` `[out, in]`, `bias` `[out]`.
    ///
    /// One GEMM forward and two backward, with the transpose done by BLAS rather than a copy; it is the
    /// hot op of every MLP, so it is a primitive rather than a composite.
    public static func linear(_ x: Tensor, weight: Tensor, bias: Tensor?) throws -> Tensor {
        guard weight.rank == 2, x.rank >= 1, x.shape[x.rank - 1] == weight.shape[1] else {
            throw TensorError.shape("linear: input \(describe(x.shape)) does not fit weight \(describe(weight.shape)) (expected last dimension \(weight.rank == 2 ? weight.shape[1] : -1))")
        }
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        if let bias, bias.shape != [outFeatures] {
            throw TensorError.shape("linear: bias \(describe(bias.shape)) does not fit weight \(describe(weight.shape)) (expected [\(outFeatures)])")
        }
        if x.dtype != .float32 || weight.dtype != .float32 || (bias.map { $0.dtype != .float32 } ?? false) {
            // Other types (a float64 model for a gradient check) compose the product: dgemm, then the bias.
            let product = try x.matmul(try weight.transpose())
            return try bias.map { try product + $0 } ?? product
        }
        let rows = x.count / Swift.max(inFeatures, 1)
        let outShape = Array(x.shape.dropLast()) + [outFeatures]
        let out = try Tensor.allocate(outShape, op: "linear")
        OperationCounter.record("linear", macs: rows * outFeatures * inFeatures)
        out.writing { po in
            if let bias {
                bias.reading { pb in for r in 0..<rows { (po + r * outFeatures).update(from: pb, count: outFeatures) } }
            }
            if rows > 0 && outFeatures > 0 {
                if inFeatures > 0 {
                    BLAS.useThreads(forWork: rows * outFeatures * inFeatures)
                    x.reading { px in
                        weight.reading { pw in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outFeatures),
                                        Int32(inFeatures), 1, px, Int32(inFeatures), pw, Int32(inFeatures),
                                        bias == nil ? 0 : 1, po, Int32(outFeatures))
                        }
                    }
                } else if bias == nil {
                    po.update(repeating: 0, count: out.count)
                }
            }
        }
        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        // Detached copies share storage, so an in-place update before backward copies instead of
        // changing what the rule reads.
        let xShape = x.shape, xKept = x.saved(), wKept = weight.saved()
        let needX = x.tracksGrad, needW = weight.tracksGrad
        return out.recording("linear", inputs) { g in
            let xSaved = xKept.tensor, wSaved = wKept.tensor
            if Autograd.isCreatingGraph {
                // Recorded products, so the gradients can be differentiated again.
                let g2 = try g.reshape([rows, outFeatures]), x2 = try xSaved.reshape([rows, inFeatures])
                var grads: [Tensor?] = [needX ? try g2.matmul(wSaved).reshape(xShape) : nil,
                                        needW ? try g2.transpose().matmul(x2) : nil]
                if bias != nil { grads.append(try g2.sum(axis: 0)) }
                return grads
            }
            let g2 = Tensor(storage: g.storage, shape: [rows, outFeatures])
            let x2 = Tensor(storage: xSaved.storage, shape: [rows, inFeatures])
            var grads: [Tensor?] = [
                needX ? Tensor(storage: try gemm(g2, false, wSaved, false).storage, shape: xShape) : nil,
                needW ? try gemm(g2, true, x2, false) : nil,
            ]
            if bias != nil { grads.append(try g2.sum(axis: 0)) }
            return grads
        }
    }
}
