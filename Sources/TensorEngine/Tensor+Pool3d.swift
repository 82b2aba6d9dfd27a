/// Max and average pooling over 3-D windows, as composites of the 2-D pools (one per kernel depth).
extension Tensor {
    /// Max pooling of `x` `[N, C, D, H, W]` or `[C, D, H, W]`, as PyTorch's `F.max_pool3d`; `stride`
    /// defaults to the kernel size and padding counts as −∞ (at most half the dilated kernel).
    public static func maxPool3d(_ x: Tensor, kernel: [Int], stride: [Int]? = nil, padding: [Int] = [0],
                                 dilation: [Int] = [1], ceilMode: Bool = false) throws -> Tensor {
        try pool3d(.max, "maxPool3d", x, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                   ceilMode: ceilMode, countIncludePad: true)
    }

    /// Average pooling of `x` `[N, C, D, H, W]` or `[C, D, H, W]`, as PyTorch's `F.avg_pool3d`; zero
    /// padding counts in the divisor unless `countIncludePad` is false.
    public static func avgPool3d(_ x: Tensor, kernel: [Int], stride: [Int]? = nil, padding: [Int] = [0],
                                 ceilMode: Bool = false, countIncludePad: Bool = true) throws -> Tensor {
        try pool3d(.average, "avgPool3d", x, kernel: kernel, stride: stride, padding: padding, dilation: [1],
                   ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    /// A 3-D window is a depth range of 2-D windows: the 2-D pool of each depth slice a kernel depth reads
    /// (all output depths as planes of one call), combined by maximum, or summed and divided by the depth
    /// part of the divisor (the 2-D pool divides by the height and width parts).
    private static func pool3d(_ kind: PoolKind, _ op: String, _ x: Tensor, kernel: [Int], stride: [Int]?, padding: [Int],
                               dilation: [Int], ceilMode: Bool, countIncludePad: Bool) throws -> Tensor {
        guard x.rank == 4 || x.rank == 5 else {
            throw TensorError.shape("\(op): input must have shape [N, C, D, H, W] or [C, D, H, W], got \(describe(x.shape))")
        }
        let (k, d, p) = try poolOptions(kind, op, dims: 3, kernel: kernel, dilation: dilation, padding: padding)
        let spatial = Array(x.shape.suffix(3))
        let r = try ConvGeometry.resolve(op: op, input: spatial, kernel: k, stride: stride ?? k, padding: .explicit(p),
                                         dilation: d, ceilMode: ceilMode)
        let lead = Array(x.shape.dropLast(3)), depth = r.out[0], s = r.stride[0]
        try checkShape(lead + r.out, op)
        // Ceil mode may let the last window run past the end padding; pad that far too.
        let reach = (depth - 1) * s + d[0] * (k[0] - 1) + 1
        let after = Swift.max(p[0], reach - spatial[0] - p[0])
        let fill: Float = kind == .max ? -.infinity : 0
        let padded = try x.reshape([Shape.count(lead)] + spatial).pad([0, 0, 0, 0, p[0], after], value: fill)
        var combined: Tensor?
        for kd in 0..<k[0] {
            let first = kd * d[0]
            let slices = try padded[[.all, .range(first, first + (depth - 1) * s + 1, s)]]
            let y = kind == .max
                ? try maxPool2d(slices, kernel: Array(k.suffix(2)), stride: Array(r.stride.suffix(2)), padding: Array(p.suffix(2)),
                                dilation: Array(d.suffix(2)), ceilMode: ceilMode)
                : try avgPool2d(slices, kernel: Array(k.suffix(2)), stride: Array(r.stride.suffix(2)), padding: Array(p.suffix(2)),
                                ceilMode: ceilMode, countIncludePad: countIncludePad)
            combined = try combined.map { kind == .max ? try $0.maximum(y) : try $0 + y } ?? y
        }
        guard var out = combined else { throw TensorError.value("\(op): the kernel has no depth") }
        if kind == .average {
            let divisors = (0..<depth).map { o -> Float in
                let start = o * s - p[0], end = Swift.min(start + k[0], spatial[0] + p[0])
                return Float(countIncludePad ? end - start : Swift.min(end, spatial[0]) - Swift.max(start, 0))
            }
            out = try out / Tensor(shape: [depth, 1, 1], values: divisors).to(x.dtype)
        }
        return try out.reshape(lead + r.out)
    }
}
