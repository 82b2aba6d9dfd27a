/// Sliding-window extraction and its adjoint, PyTorch's `F.unfold` and `F.fold`: the convolution's own
/// im2col and col2im, exposed.
extension Tensor {
    /// The patches of `x` `[N, C, H, W]` (or `[C, H, W]`) as columns: `[N, C·kH·kW, L]` with one column per
    /// window position (L of them), channel-major as PyTorch orders them. Options take one value or two.
    public static func unfold(_ x: Tensor, kernelSize: [Int], dilation: [Int] = [1], padding: [Int] = [0],
                              stride: [Int] = [1]) throws -> Tensor {
        let op = "unfold"
        if let result = try inKernelType([x], {
            try unfold($0[0]!, kernelSize: kernelSize, dilation: dilation, padding: padding, stride: stride)
        }) { return result }
        guard x.rank == 3 || x.rank == 4 else {
            throw TensorError.shape("\(op): input must have shape [N, C, H, W] or [C, H, W], got \(describe(x.shape))")
        }
        let batched = x.rank == 4, n = batched ? x.shape[0] : 1, c = x.shape[x.rank - 3]
        let pads = try ConvGeometry.perDimension(padding, dims: 2, "padding", op: op, minimum: 0)
        let g = try ConvGeometry.make(op: op, input: Array(x.shape.suffix(2)), kernel: kernelSize, stride: stride,
                                      padding: .explicit(pads), dilation: dilation)
        let rows = try Memory.count([c, g.kernelArea], op: op)
        return try unfolding(x, g, samples: n, channels: c, shape: (batched ? [n] : []) + [rows, g.outPlane])
    }

    /// The columns of `samples` images of `channels` planes each (`x`, float32 or float64, holds them
    /// contiguously in any shape), as `unfold` lays them out, shaped `outShape`; `g` may pad its two
    /// sides differently.
    ///
    /// Its gradient is `folding` of the gradient and the other way round, each recorded, so both
    /// differentiate any number of times (the convolutions' composite forms are built on them).
    static func unfolding(_ x: Tensor, _ g: ConvGeometry, samples n: Int, channels c: Int,
                          shape outShape: [Int]) throws -> Tensor {
        let rows = c * g.kernelArea
        let out = try Tensor.allocate(outShape, dtype: x.dtype, op: "unfold")
        func run<T: ConvFloat>(_ type: T.Type) {
            x.reading(as: T.self) { px in
                out.writing(as: T.self) { po in
                    for s in 0..<n { Im2col.unfold(px + s * c * g.inPlane, channels: c, g, into: po + s * rows * g.outPlane) }
                }
            }
        }
        if x.dtype == .float64 { run(Double.self) } else { run(Float.self) }
        let xShape = x.shape, dtype = x.dtype
        return out.recording("unfold", [x]) { grad in
            [try folding(try grad.to(dtype), g, samples: n, channels: c, shape: xShape)]
        }
    }

    /// The columns `[N, C·kH·kW, L]` (or `[C·kH·kW, L]`) summed back into an image `[N, C, outputSize]`:
    /// the adjoint of `unfold`, so overlapping windows add. L must be the number of window positions.
    public static func fold(_ x: Tensor, outputSize: [Int], kernelSize: [Int], dilation: [Int] = [1],
                            padding: [Int] = [0], stride: [Int] = [1]) throws -> Tensor {
        let op = "fold"
        if let result = try inKernelType([x], {
            try fold($0[0]!, outputSize: outputSize, kernelSize: kernelSize, dilation: dilation, padding: padding,
                     stride: stride)
        }) { return result }
        guard x.rank == 2 || x.rank == 3 else {
            throw TensorError.shape("\(op): input must have shape [N, C·kH·kW, L] or [C·kH·kW, L], got \(describe(x.shape))")
        }
        let batched = x.rank == 3, n = batched ? x.shape[0] : 1
        let size = try ConvGeometry.perDimension(outputSize, dims: 2, "outputSize", op: op, minimum: 1)
        let pads = try ConvGeometry.perDimension(padding, dims: 2, "padding", op: op, minimum: 0)
        let g = try ConvGeometry.make(op: op, input: size, kernel: kernelSize, stride: stride,
                                      padding: .explicit(pads), dilation: dilation)
        let rows = x.shape[x.rank - 2], columns = x.shape[x.rank - 1]
        guard rows % g.kernelArea == 0 else {
            throw TensorError.shape("\(op): \(rows) rows are not divisible by the kernel area \(g.kernelArea)")
        }
        guard columns == g.outPlane else {
            throw TensorError.shape("\(op): input has \(columns) columns but outputSize \(size) with these options has \(g.outPlane) window positions")
        }
        let c = rows / g.kernelArea
        let outShape = (batched ? [n] : []) + [c] + size
        _ = try Memory.count(outShape, op: op)
        return try folding(x, g, samples: n, channels: c, shape: outShape)
    }

    /// The columns of `samples` images (`x`, float32 or float64, laid out as `unfolding` gives them)
    /// summed back into images of `channels` planes, shaped `outShape`: the adjoint of `unfolding`,
    /// whose gradient it is.
    static func folding(_ x: Tensor, _ g: ConvGeometry, samples n: Int, channels c: Int,
                        shape outShape: [Int]) throws -> Tensor {
        let rows = c * g.kernelArea, columns = g.outPlane
        let out = try Tensor.constant(outShape, 0, dtype: x.dtype)
        func run<T: ConvFloat>(_ type: T.Type) {
            x.reading(as: T.self) { px in
                out.writing(as: T.self) { po in
                    for s in 0..<n { Im2col.fold(px + s * rows * columns, channels: c, g, into: po + s * c * g.inPlane) }
                }
            }
        }
        if x.dtype == .float64 { run(Double.self) } else { run(Float.self) }
        let xShape = x.shape, dtype = x.dtype
        return out.recording("fold", [x]) { grad in
            [try unfolding(try grad.to(dtype), g, samples: n, channels: c, shape: xShape)]
        }
    }
}
