/// Adaptive pooling of the last two dimensions: PyTorch's windows, which fit any input size to any output
/// size and overlap where the sizes do not divide.
extension Tensor {
    /// The mean over PyTorch's adaptive windows of `[N, C, H, W]` or `[C, H, W]`: output row i averages
    /// input rows ⌊i·H/oH⌋ ..< ⌈(i+1)·H/oH⌉, and likewise for columns. `outputSize` is one size or two.
    public static func adaptiveAvgPool2d(_ x: Tensor, outputSize: [Int]) throws -> Tensor {
        let op = "adaptiveAvgPool2d"
        if let result = try inKernelType([x], { try adaptiveAvgPool2d($0[0]!, outputSize: outputSize) }) { return result }
        let (h, w, oh, ow) = try planeSizes(x, outputSize, op: op)
        return try x.separable(rows: adaptiveMeans(h, oh), columns: adaptiveMeans(w, ow), oh, ow, op: op)
    }

    /// The maximum over PyTorch's adaptive windows (see `adaptiveAvgPool2d`); the gradient goes to the
    /// position of each maximum (the first, where several tie).
    public static func adaptiveMaxPool2d(_ x: Tensor, outputSize: [Int]) throws -> Tensor {
        let op = "adaptiveMaxPool2d"
        if let result = try inKernelType([x], { try adaptiveMaxPool2d($0[0]!, outputSize: outputSize) }) { return result }
        let (h, w, oh, ow) = try planeSizes(x, outputSize, op: op)
        let outShape = Array(x.shape.dropLast(2)) + [oh, ow]
        _ = try Memory.count(outShape, op: op)
        let positions = x.dtype == .float64 ? maxPositions(x, Double.self, h, w, oh, ow)
                                            : maxPositions(x, Float.self, h, w, oh, ow)
        return try x.picking(positions, shape: outShape, op: op)
    }

    /// The flat position in `x` (of type `T`) of each adaptive window's maximum, in output order.
    private static func maxPositions<T: ConvFloat>(_ x: Tensor, _ type: T.Type, _ h: Int, _ w: Int,
                                                   _ oh: Int, _ ow: Int) -> [Int] {
        let planes = x.count / Swift.max(h * w, 1)
        var positions = [Int](repeating: 0, count: planes * oh * ow)
        x.reading(as: T.self) { px in
            for p in 0..<planes {
                for i in 0..<oh {
                    let (r0, r1) = window(i, h, oh)
                    for j in 0..<ow {
                        let (c0, c1) = window(j, w, ow)
                        var best = p * h * w + r0 * w + c0
                        for r in r0..<r1 {
                            for c in c0..<c1 {
                                let at = p * h * w + r * w + c
                                // NaN wins, as in PyTorch, so that it propagates.
                                if px[at] > px[best] || px[at].isNaN && !px[best].isNaN { best = at }
                            }
                        }
                        positions[(p * oh + i) * ow + j] = best
                    }
                }
            }
        }
        return positions
    }

    /// The input's last two sizes and the checked output sizes of an adaptive pool.
    private static func planeSizes(_ x: Tensor, _ outputSize: [Int], op: String) throws -> (Int, Int, Int, Int) {
        guard x.rank == 3 || x.rank == 4 else {
            throw TensorError.shape("\(op): input must have shape [N, C, H, W] or [C, H, W], got \(describe(x.shape))")
        }
        let o = try ConvGeometry.perDimension(outputSize, dims: 2, "outputSize", op: op, minimum: 1)
        let h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        guard h > 0, w > 0 else { throw TensorError.shape("\(op): input \(describe(x.shape)) has an empty plane") }
        _ = try Memory.count(Array(x.shape.dropLast(2)) + o, op: op)
        _ = try Memory.count([o[0], h], op: op)
        _ = try Memory.count([o[1], w], op: op)
        return (h, w, o[0], o[1])
    }

    /// PyTorch's adaptive window of output `i`: ⌊i·n/out⌋ ..< ⌈(i+1)·n/out⌉.
    private static func window(_ i: Int, _ n: Int, _ out: Int) -> (Int, Int) {
        (i * n / out, ((i + 1) * n + out - 1) / out)
    }

    /// The `[out, n]` matrix of adaptive means.
    private static func adaptiveMeans(_ n: Int, _ out: Int) -> [[Double]] {
        (0..<out).map { i in
            let (a, b) = window(i, n, out)
            return (0..<n).map { $0 >= a && $0 < b ? 1 / Double(b - a) : 0 }
        }
    }
}
