/// How `interpolate` reads between input positions: PyTorch's `nearest` and `bilinear` modes.
public enum InterpolationMode: String, Sendable, CaseIterable {
    case nearest, bilinear
}

/// PyTorch's defaults of `F.interpolate` and `nn.Upsample`, which the language declares too.
public enum InterpolationDefaults {
    public static let mode = InterpolationMode.nearest
    public static let alignCorners = false
}

/// Adaptive pooling and resizing of the last two dimensions.
///
/// Every linear one (adaptive mean, nearest and bilinear resizing) is separable: a fixed matrix per
/// dimension, applied as two matrix products, so the products' gradients serve as theirs.
extension Tensor {
    /// The mean over PyTorch's adaptive windows of `[N, C, H, W]` or `[C, H, W]`: output row i averages
    /// input rows ⌊i·H/oH⌋ ..< ⌈(i+1)·H/oH⌉, and likewise for columns. `outputSize` is one size or two.
    public static func adaptiveAvgPool2d(_ x: Tensor, outputSize: [Int]) throws -> Tensor {
        let op = "adaptiveAvgPool2d"
        let (h, w, oh, ow) = try planeSizes(x, outputSize, op: op)
        return try x.separable(rows: adaptiveMeans(h, oh), columns: adaptiveMeans(w, ow), oh, ow, op: op)
    }

    /// The maximum over PyTorch's adaptive windows (see `adaptiveAvgPool2d`); the gradient goes to the
    /// position of each maximum (the first, where several tie).
    public static func adaptiveMaxPool2d(_ x: Tensor, outputSize: [Int]) throws -> Tensor {
        let op = "adaptiveMaxPool2d"
        let (h, w, oh, ow) = try planeSizes(x, outputSize, op: op)
        let planes = x.count / Swift.max(h * w, 1)
        let outShape = Array(x.shape.dropLast(2)) + [oh, ow]
        _ = try Memory.count(outShape, op: op)
        var positions = [Int](repeating: 0, count: planes * oh * ow)
        x.reading { px in
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
        return try x.picking(positions, shape: outShape, op: op)
    }

    /// The last two dimensions of `[N, C, H, W]` (bilinear and nearest) or the last one of `[N, C, L]`
    /// (nearest) resized to `size`, or scaled by `scaleFactor` (output ⌊n·factor⌋), as PyTorch's
    /// `F.interpolate`. Give exactly one of `size` and `scaleFactor`, each one value or one per dimension.
    /// `alignCorners` maps the corner pixels' centres onto each other (bilinear only).
    public static func interpolate(_ x: Tensor, size: [Int]? = nil, scaleFactor: [Double]? = nil,
                                   mode: InterpolationMode = InterpolationDefaults.mode,
                                   alignCorners: Bool = InterpolationDefaults.alignCorners) throws -> Tensor {
        let op = "interpolate"
        let dims = x.rank - 2
        guard dims == 1 || dims == 2, mode == .nearest || dims == 2 else {
            throw TensorError.shape("\(op): \(mode.rawValue) mode needs a \(mode == .nearest ? "3-D [N, C, L] or " : "")4-D [N, C, H, W] input, got \(describe(x.shape))")
        }
        guard (size == nil) != (scaleFactor == nil) else {
            throw TensorError.value("\(op): give either size or scaleFactor, not \(size == nil ? "neither" : "both")")
        }
        if alignCorners, mode == .nearest {
            throw TensorError.value("\(op): alignCorners applies to bilinear mode only")
        }
        let input = Array(x.shape.suffix(dims))
        guard input.allSatisfy({ $0 > 0 }) else { throw TensorError.shape("\(op): input \(describe(x.shape)) is empty") }
        var out = [Int](), scales = [Double?]()
        if let size {
            out = try ConvGeometry.perDimension(size, dims: dims, "size", op: op, minimum: 1)
            scales = Array(repeating: nil, count: dims)
        } else if let scaleFactor {
            guard scaleFactor.count == 1 || scaleFactor.count == dims,
                  scaleFactor.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw TensorError.value("\(op): scaleFactor needs 1 or \(dims) positive values, got \(scaleFactor)")
            }
            let factors = scaleFactor.count == dims ? scaleFactor : Array(repeating: scaleFactor[0], count: dims)
            for d in 0..<dims {
                let n = (Double(input[d]) * factors[d]).rounded(.down)
                guard n >= 1, n < Double(Int32.max) else {
                    throw TensorError.value("\(op): scaleFactor \(factors[d]) gives size \(n) for dimension of size \(input[d])")
                }
                out.append(Int(n))
                scales.append(factors[d])
            }
        }
        // The result and each dimension's matrix are sized before anything is built.
        _ = try Memory.count(Array(x.shape.dropLast(dims)) + out, op: op)
        for d in 0..<dims { _ = try Memory.count([out[d], input[d]], op: op) }
        let matrices = (0..<dims).map { d in
            resizing(input[d], out[d], scale: scales[d], mode: mode, alignCorners: alignCorners)
        }
        if dims == 1 {
            return try x.separable(rows: nil, columns: matrices[0], 1, out[0], op: op)
        }
        return try x.separable(rows: matrices[0], columns: matrices[1], out[0], out[1], op: op)
    }

    /// `[N, C·r², H, W]` (or unbatched) rearranged to `[N, C, H·r, W·r]`, as PyTorch's `pixel_shuffle`.
    public static func pixelShuffle(_ x: Tensor, upscaleFactor r: Int) throws -> Tensor {
        let op = "pixelShuffle"
        guard x.rank >= 3 else {
            throw TensorError.shape("\(op): input must have at least 3 dimensions [C, H, W], got \(describe(x.shape))")
        }
        guard r >= 1 else { throw TensorError.value("\(op): upscaleFactor must be positive, got \(r)") }
        let c = x.shape[x.rank - 3], h = x.shape[x.rank - 2], w = x.shape[x.rank - 1]
        let (rr, overflow) = r.multipliedReportingOverflow(by: r)
        guard !overflow, c % rr == 0 else {
            throw TensorError.shape("\(op): \(c) channels are not divisible by the square of upscaleFactor \(r)")
        }
        let oc = c / rr
        let outShape = Array(x.shape.dropLast(3)) + [oc, h * r, w * r]
        _ = try Memory.count(outShape + [r], op: op)
        let leading = x.count / Swift.max(c * h * w, 1)
        var positions = [Int](repeating: 0, count: leading * c * h * w)
        var o = 0
        for b in 0..<leading {
            for ch in 0..<oc {
                for i in 0..<(h * r) {
                    for j in 0..<(w * r) {
                        let src = ch * rr + (i % r) * r + (j % r)
                        positions[o] = ((b * c + src) * h + i / r) * w + j / r
                        o += 1
                    }
                }
            }
        }
        return try x.picking(positions, shape: outShape, op: op)
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

    /// The `[out, n]` matrix that resizes one dimension as PyTorch does; `scale` is the user's factor
    /// (PyTorch then steps by its inverse rather than by n/out).
    private static func resizing(_ n: Int, _ out: Int, scale: Double?, mode: InterpolationMode,
                                 alignCorners: Bool) -> [[Double]] {
        let step = scale.map { 1 / $0 } ?? Double(n) / Double(out)
        return (0..<out).map { o in
            var row = [Double](repeating: 0, count: n)
            switch mode {
            case .nearest:
                row[Swift.min(Int((Double(o) * step).rounded(.down)), n - 1)] = 1
            case .bilinear:
                let source = alignCorners ? (out > 1 ? Double(o) * Double(n - 1) / Double(out - 1) : 0)
                                          : Swift.max((Double(o) + 0.5) * step - 0.5, 0)
                let i0 = Swift.min(Int(source.rounded(.down)), n - 1), i1 = Swift.min(i0 + 1, n - 1)
                let t = source - Double(i0)
                row[i0] += 1 - t
                row[i1] += t
            }
            return row
        }
    }

    /// This tensor with `rows` `[oh, H]` applied to its second-to-last dimension (nil: none) and
    /// `columns` `[ow, W]` to its last, as matrix products.
    private func separable(rows: [[Double]]?, columns: [[Double]], _ oh: Int, _ ow: Int, op: String) throws -> Tensor {
        _ = try Memory.count(Array(shape.dropLast(2)) + [oh, ow], op: op)
        func matrix(_ m: [[Double]]) throws -> Tensor {
            try Tensor(shape: [m[0].count, m.count], values: (0..<m[0].count).flatMap { j in m.map { Float($0[j]) } })
        }
        var y = try matmul(try matrix(columns))
        if let rows { y = try y.transpose(-2, -1).matmul(try matrix(rows)).transpose(-2, -1) }
        return y
    }
}
