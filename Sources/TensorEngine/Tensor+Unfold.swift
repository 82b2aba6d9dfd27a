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
        let outShape = (batched ? [n] : []) + [rows, g.outPlane]
        if x.dtype == .float64 { return try unfolded(Double.self, x, g, n, c, rows, outShape) }
        return try unfolded(Float.self, x, g, n, c, rows, outShape)
    }

    /// `unfold` of `n` samples of `c` planes, in `T` (the input's type).
    private static func unfolded<T: ConvFloat>(_ type: T.Type, _ x: Tensor, _ g: ConvGeometry, _ n: Int, _ c: Int,
                                               _ rows: Int, _ outShape: [Int]) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: T.dtype, op: "unfold")
        x.reading(as: T.self) { px in
            out.writing(as: T.self) { po in
                for s in 0..<n { Im2col.unfold(px + s * c * g.inPlane, channels: c, g, into: po + s * rows * g.outPlane) }
            }
        }
        let xShape = x.shape
        return out.recording("unfold", [x], twice: false) { grad in
            let grad = try grad.to(T.dtype)
            let dx = try Tensor.constant(xShape, 0, dtype: T.dtype)
            grad.reading(as: T.self) { pg in
                dx.writing(as: T.self) { pd in
                    for s in 0..<n { Im2col.fold(pg + s * rows * g.outPlane, channels: c, g, into: pd + s * c * g.inPlane) }
                }
            }
            return [dx]
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
        if x.dtype == .float64 { return try folded(Double.self, x, g, n, c, rows, outShape) }
        return try folded(Float.self, x, g, n, c, rows, outShape)
    }

    /// `fold` of `n` samples of `rows` rows into `c` planes, in `T` (the input's type).
    private static func folded<T: ConvFloat>(_ type: T.Type, _ x: Tensor, _ g: ConvGeometry, _ n: Int, _ c: Int,
                                             _ rows: Int, _ outShape: [Int]) throws -> Tensor {
        let columns = g.outPlane
        let out = try Tensor.constant(outShape, 0, dtype: T.dtype)
        x.reading(as: T.self) { px in
            out.writing(as: T.self) { po in
                for s in 0..<n { Im2col.fold(px + s * rows * columns, channels: c, g, into: po + s * c * g.inPlane) }
            }
        }
        let xShape = x.shape
        return out.recording("fold", [x], twice: false) { grad in
            let grad = try grad.to(T.dtype)
            let dx = try Tensor.allocate(xShape, dtype: T.dtype, op: "fold")
            grad.reading(as: T.self) { pg in
                dx.writing(as: T.self) { pd in
                    for s in 0..<n { Im2col.unfold(pg + s * c * g.inPlane, channels: c, g, into: pd + s * rows * columns) }
                }
            }
            return [dx]
        }
    }
}
