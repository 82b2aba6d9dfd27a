/// The sizes of a 2-D sliding window over one image plane, shared by convolution and pooling.
///
/// One-dimensional ops use it with a height of 1 and a 1-high kernel, so one set of kernels serves both.
struct ConvGeometry {
    var inH: Int, inW: Int
    var kernelH: Int, kernelW: Int
    var strideH: Int, strideW: Int
    var dilationH: Int, dilationW: Int
    var padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    var outH: Int, outW: Int

    var inPlane: Int { inH * inW }
    var outPlane: Int { outH * outW }
    var kernelArea: Int { kernelH * kernelW }

    /// Whether the window is a plain 1×1 read of every position, so an image is its own im2col matrix.
    var isPointwise: Bool {
        kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1
            && padTop == 0 && padBottom == 0 && padLeft == 0 && padRight == 0
    }

    /// One value per spatial dimension from a user list of one value (for all) or one per dimension.
    static func perDimension(_ values: [Int], dims: Int, _ name: String, op: String, minimum: Int) throws -> [Int] {
        guard values.count == 1 || values.count == dims else {
            throw TensorError.value("\(op): \(name) needs 1 or \(dims) values, got \(values)")
        }
        guard values.allSatisfy({ $0 >= minimum }) else {
            throw TensorError.value("\(op): \(name) must be \(minimum == 1 ? "positive" : "non-negative"), got \(values)")
        }
        return values.count == dims ? values : Array(repeating: values[0], count: dims)
    }

    /// The output size per spatial dimension for checked options, or a ShapeError naming `op` when the
    /// (dilated) kernel does not fit the padded input.
    static func outputSizes(op: String, input: [Int], kernel k: [Int], stride s: [Int], padding p: [(before: Int, after: Int)],
                            dilation d: [Int], ceilMode: Bool) throws -> [Int] {
        let dims = input.count
        var out = [Int](repeating: 0, count: dims)
        for i in 0..<dims {
            let padded = input[i] + p[i].before + p[i].after
            let span = d[i] * (k[i] - 1) + 1
            guard span <= padded else {
                let spans = (0..<dims).map { d[$0] * (k[$0] - 1) + 1 }
                let paddedSizes = (0..<dims).map { input[$0] + p[$0].before + p[$0].after }
                throw TensorError.shape("\(op): the kernel spans \(dimensions(spans)) but the padded input is only \(dimensions(paddedSizes))")
            }
            let reach = padded - span
            var n = (ceilMode ? (reach + s[i] - 1) / s[i] : reach / s[i]) + 1
            // A window may not start in the end padding (PyTorch's rule for ceil mode).
            if ceilMode, (n - 1) * s[i] >= input[i] + p[i].before { n -= 1 }
            out[i] = n
        }
        return out
    }

    /// Options checked and expanded to one value per spatial dimension of `input` (any number of them),
    /// with the (before, after) padding and the output sizes.
    static func resolve(op: String, input: [Int], kernel: [Int], stride: [Int], padding: ConvPadding, dilation: [Int],
                        ceilMode: Bool = false) throws
        -> (kernel: [Int], stride: [Int], dilation: [Int], padding: [(before: Int, after: Int)], out: [Int]) {
        let dims = input.count
        let k = try perDimension(kernel, dims: dims, "kernel size", op: op, minimum: 1)
        let s = try perDimension(stride, dims: dims, "stride", op: op, minimum: 1)
        let d = try perDimension(dilation, dims: dims, "dilation", op: op, minimum: 1)
        if padding == .same, s.contains(where: { $0 != 1 }) {
            throw TensorError.value("\(op): padding \"same\" needs stride 1, got stride \(s)")
        }
        let p = try padding.amounts(kernel: k, dilation: d, op: op)
        let out = try outputSizes(op: op, input: input, kernel: k, stride: s, padding: p, dilation: d, ceilMode: ceilMode)
        return (k, s, d, p, out)
    }

    /// The geometry of a window over `input` (the spatial sizes, 1 or 2 of them), checked: every option
    /// in range and the dilated kernel no larger than the padded input. `ceilMode` rounds the output size
    /// up, as pooling's `ceil_mode` does (a last window must still start inside the input or left padding).
    static func make(op: String, input: [Int], kernel: [Int], stride: [Int], padding: ConvPadding,
                     dilation: [Int], ceilMode: Bool = false) throws -> ConvGeometry {
        let dims = input.count
        let (k, s, d, p, out) = try resolve(op: op, input: input, kernel: kernel, stride: stride, padding: padding,
                                            dilation: dilation, ceilMode: ceilMode)
        let oneD = dims == 1
        return ConvGeometry(inH: oneD ? 1 : input[0], inW: input[dims - 1],
                            kernelH: oneD ? 1 : k[0], kernelW: k[dims - 1],
                            strideH: oneD ? 1 : s[0], strideW: s[dims - 1],
                            dilationH: oneD ? 1 : d[0], dilationW: d[dims - 1],
                            padTop: oneD ? 0 : p[0].before, padBottom: oneD ? 0 : p[0].after,
                            padLeft: p[dims - 1].before, padRight: p[dims - 1].after,
                            outH: oneD ? 1 : out[0], outW: out[dims - 1])
    }

    /// The output's spatial sizes for a result of `dims` spatial dimensions.
    func outputSizes(dims: Int) -> [Int] { dims == 1 ? [outW] : [outH, outW] }

    /// Sizes such as `4×4`.
    static func dimensions(_ sizes: [Int]) -> String { sizes.map(String.init).joined(separator: "×") }
}
