/// How `interpolate` reads between input positions: PyTorch's `nearest` and `bilinear` modes.
public enum InterpolationMode: String, Sendable, CaseIterable {
    case nearest, bilinear
}

/// PyTorch's defaults of `F.interpolate` and `nn.Upsample`, which the language declares too.
public enum InterpolationDefaults {
    public static let mode = InterpolationMode.nearest
    public static let alignCorners = false
}

/// Resizing of the last one or two dimensions.
///
/// Every linear resampling here (and adaptive averaging) is separable: a fixed matrix per dimension,
/// applied as two matrix products, so the products' gradients serve as theirs.
extension Tensor {
    /// The last two dimensions of `[N, C, H, W]` (bilinear and nearest) or the last one of `[N, C, L]`
    /// (nearest) resized to `size`, or scaled by `scaleFactor` (output ⌊n·factor⌋), as PyTorch's
    /// `F.interpolate`. Give exactly one of `size` and `scaleFactor`, each one value or one per dimension.
    /// `alignCorners` maps the corner pixels' centres onto each other (bilinear only).
    public static func interpolate(_ x: Tensor, size: [Int]? = nil, scaleFactor: [Double]? = nil,
                                   mode: InterpolationMode = InterpolationDefaults.mode,
                                   alignCorners: Bool = InterpolationDefaults.alignCorners) throws -> Tensor {
        let op = "interpolate"
        if let result = try inKernelType([x], {
            try interpolate($0[0]!, size: size, scaleFactor: scaleFactor, mode: mode, alignCorners: alignCorners)
        }) { return result }
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

    /// This tensor (float32 or float64) with `rows` `[oh, H]` applied to its second-to-last dimension
    /// (nil: none) and `columns` `[ow, W]` to its last, as matrix products in its own type.
    func separable(rows: [[Double]]?, columns: [[Double]], _ oh: Int, _ ow: Int, op: String) throws -> Tensor {
        _ = try Memory.count(Array(shape.dropLast(2)) + [oh, ow], op: op)
        let type = dtype
        func matrix(_ m: [[Double]]) throws -> Tensor {
            let transposed = (0..<m[0].count).flatMap { j in m.map { $0[j] } }
            if type == .float64 { return try Tensor(shape: [m[0].count, m.count], elements: transposed, dtype: .float64) }
            return try Tensor(shape: [m[0].count, m.count], values: transposed.map { Float($0) })
        }
        var y = try matmul(try matrix(columns))
        if let rows { y = try y.transpose(-2, -1).matmul(try matrix(rows)).transpose(-2, -1) }
        return y
    }
}
