/// Transposed convolutions: the gradient of a convolution with respect to its input, run forward with the
/// convolution's own kernels (GEMM and col2im forward; im2col and GEMM backward).
extension Tensor {
    /// The 2-D transposed convolution of `x` `[N, Cin, H, W]` (or unbatched `[Cin, H, W]`) with `weight`
    /// `[Cin, Cout/groups, kH, kW]` (PyTorch's layout) and an optional `bias` `[Cout]`.
    ///
    /// The output size is `(n − 1)·s − 2p + d(k − 1) + outputPadding + 1` per dimension; `outputPadding`
    /// must be smaller than the stride or the dilation. Options take one value or one per dimension.
    public static func convTranspose2d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1],
                                       padding: [Int] = [0], outputPadding: [Int] = [0], groups: Int = 1,
                                       dilation: [Int] = [1]) throws -> Tensor {
        try transposedConvolution("convTranspose2d", dims: 2, x, weight: weight, bias: bias, stride: stride,
                                  padding: padding, outputPadding: outputPadding, groups: groups, dilation: dilation)
    }

    /// The 1-D transposed convolution of `x` `[N, Cin, L]` (or `[Cin, L]`) with `weight` `[Cin, Cout/groups, k]`.
    public static func convTranspose1d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1,
                                       padding: Int = 0, outputPadding: Int = 0, groups: Int = 1,
                                       dilation: Int = 1) throws -> Tensor {
        try transposedConvolution("convTranspose1d", dims: 1, x, weight: weight, bias: bias, stride: [stride],
                                  padding: [padding], outputPadding: [outputPadding], groups: groups, dilation: [dilation])
    }

    static func transposedConvolution(_ op: String, dims: Int, _ x: Tensor, weight: Tensor, bias: Tensor?,
                                      stride: [Int], padding: [Int], outputPadding: [Int], groups: Int,
                                      dilation: [Int]) throws -> Tensor {
        if let result = try inKernelType([x, weight, bias], {
            try transposedConvolution(op, dims: dims, $0[0]!, weight: $0[1]!, bias: $0[2], stride: stride,
                                      padding: padding, outputPadding: outputPadding, groups: groups, dilation: dilation)
        }) { return result }
        let kernelNames = dims == 1 ? "k" : "kH, kW", spatialNames = dims == 1 ? "L" : "H, W"
        guard weight.rank == dims + 2 else {
            throw TensorError.shape("\(op): weight must have \(dims + 2) dimensions [in, out/groups, \(kernelNames)], got \(describe(weight.shape))")
        }
        guard x.rank == dims + 2 || x.rank == dims + 1 else {
            throw TensorError.shape("\(op): input must have shape [N, C, \(spatialNames)] or [C, \(spatialNames)], got \(describe(x.shape))")
        }
        guard groups >= 1 else { throw TensorError.value("\(op): groups must be positive, got \(groups)") }
        let batched = x.rank == dims + 2
        let n = batched ? x.shape[0] : 1
        let inChannels = x.shape[batched ? 1 : 0]
        guard weight.shape[0] == inChannels else {
            throw TensorError.shape("\(op): input \(describe(x.shape)) has \(inChannels) channel\(inChannels == 1 ? "" : "s") but weight \(describe(weight.shape)) expects \(weight.shape[0])")
        }
        guard inChannels % groups == 0 else {
            throw TensorError.value("\(op): \(inChannels) input channels cannot be split into \(groups) groups")
        }
        let outChannels = weight.shape[1] * groups
        if let bias, bias.shape != [outChannels] {
            throw TensorError.shape("\(op): bias \(describe(bias.shape)) does not fit \(outChannels) output channels (expected [\(outChannels)])")
        }
        let input = Array(x.shape.suffix(dims)), k = Array(weight.shape.suffix(dims))
        let s = try ConvGeometry.perDimension(stride, dims: dims, "stride", op: op, minimum: 1)
        let p = try ConvGeometry.perDimension(padding, dims: dims, "padding", op: op, minimum: 0)
        let d = try ConvGeometry.perDimension(dilation, dims: dims, "dilation", op: op, minimum: 1)
        let extra = try ConvGeometry.perDimension(outputPadding, dims: dims, "outputPadding", op: op, minimum: 0)
        for i in 0..<dims where extra[i] >= s[i] && extra[i] >= d[i] {
            throw TensorError.value("\(op): outputPadding \(extra) must be smaller than the stride \(s) or the dilation \(d)")
        }
        var out = [Int](repeating: 0, count: dims)
        for i in 0..<dims {
            // (n − 1)·s − 2p + d(k − 1) + outputPadding + 1, in checked arithmetic: sizes come from the user.
            let terms = [(input[i] - 1).multipliedReportingOverflow(by: s[i]),
                         (k[i] - 1).multipliedReportingOverflow(by: d[i]), p[i].multipliedReportingOverflow(by: 2)]
            guard !terms.contains(where: \.overflow), input[i] > 0 else {
                throw TensorError.shape("\(op): the output of input \(describe(x.shape)) with kernel \(describe(weight.shape)) is too large")
            }
            let (a, o1) = terms[0].partialValue.addingReportingOverflow(terms[1].partialValue)
            let (b, o2) = a.addingReportingOverflow(extra[i] + 1)
            guard !o1, !o2 else { throw TensorError.shape("\(op): the output of input \(describe(x.shape)) is too large") }
            out[i] = b - terms[2].partialValue
            guard out[i] > 0 else {
                throw TensorError.shape("\(op): padding \(p) leaves no output for input \(describe(x.shape)) and kernel \(describe(weight.shape))")
            }
        }
        let outShape = (batched ? [n] : []) + [outChannels] + out
        try checkShape(outShape, op)
        // The convolution this one transposes: from the output's planes back to the input's.
        let geometry = ConvGeometry(input: out, kernel: k, stride: s, dilation: d, padding: p.map { ($0, $0) }, output: input)
        try checkShape([weight.shape[1] * geometry.kernelArea, geometry.outPlane], op)
        let plan = ConvPlan(batch: n, channels: outChannels, outChannels: inChannels, groups: groups, geometry: geometry)
        if x.dtype == .float64 { return try transposedConvolve(Double.self, op, x, weight: weight, bias: bias, plan, outShape) }
        return try transposedConvolve(Float.self, op, x, weight: weight, bias: bias, plan, outShape)
    }

    /// The transposed convolution of checked operands, all of type `T`, into a result of `outShape`.
    static func transposedConvolve<T: ConvFloat>(_ type: T.Type, _ op: String, _ x: Tensor, weight: Tensor, bias: Tensor?,
                                                _ plan: ConvPlan, _ outShape: [Int]) throws -> Tensor {
        let geometry = plan.geometry, n = plan.batch, outChannels = plan.channels
        let result = try Tensor.allocate(outShape, dtype: T.dtype, op: op)
        // The plan is the convolution's this one transposes: the same products, run the other way.
        OperationCounter.record(op, macs: plan.work)
        x.reading(as: T.self) { px in
            weight.reading(as: T.self) { pw in result.writing(as: T.self) { po in plan.backward(px, px, pw, dx: po, dw: nil) } }
        }
        if let bias {
            let plane = geometry.inPlane
            bias.reading(as: T.self) { pb in
                result.writing(as: T.self) { po in
                    for sample in 0..<n {
                        for c in 0..<outChannels {
                            let row = po + (sample * outChannels + c) * plane
                            for j in 0..<plane { row[j] += pb[c] }
                        }
                    }
                }
            }
        }

        let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        // Nothing below (saved copies, the rule, the composite form) is needed when nothing records.
        guard Autograd.isEnabled, inputs.contains(where: \.tracksGrad) else { return result }
        let xSaved = x.detach(), wSaved = weight.detach()
        let needX = x.tracksGrad, needW = weight.tracksGrad, xShape = x.shape, wShape = weight.shape
        return result.recording(op, inputs, twice: false,
                                composite: { try transposedConvolutionComposite($0, plan, outShape) }) { g in
            let g = try g.to(T.dtype)
            let dx = needX ? try Tensor.uninitialized(xShape, dtype: T.dtype) : nil
            let dw = needW ? try Tensor.uninitialized(wShape, dtype: T.dtype) : nil
            g.reading(as: T.self) { pg in
                wSaved.reading(as: T.self) { pw in
                    if let dx { dx.writing(as: T.self) { pdx in plan.forward(pg, pw, nil, pdx) } }
                    if let dw {
                        xSaved.reading(as: T.self) { px in dw.writing(as: T.self) { pdw in plan.backward(px, pg, pw, dx: nil, dw: pdw) } }
                    }
                }
            }
            var grads: [Tensor?] = [dx, dw]
            if bias != nil {
                let db = try Tensor.constant([outChannels], 0, dtype: T.dtype), plane = geometry.inPlane
                g.reading(as: T.self) { pg in
                    db.writing(as: T.self) { p in
                        for sample in 0..<n {
                            for c in 0..<outChannels { p[c] += T.sum(pg + (sample * outChannels + c) * plane, plane) }
                        }
                    }
                }
                grads.append(db)
            }
            return grads
        }
    }
}
