/// The sizes of a sliding window over one channel's volume, shared by convolution and pooling.
///
/// One- and two-dimensional ops use it with a depth of 1 (and a height of 1 for 1-D) and a kernel of 1
/// there, so one set of kernels serves all three.
struct ConvGeometry {
    var inD: Int, inH: Int, inW: Int
    var kernelD: Int, kernelH: Int, kernelW: Int
    var strideD: Int, strideH: Int, strideW: Int
    var dilationD: Int, dilationH: Int, dilationW: Int
    var padFront: Int, padBack: Int, padTop: Int, padBottom: Int, padLeft: Int, padRight: Int
    var outD: Int, outH: Int, outW: Int

    /// The input size of one channel (its plane, or volume in 3-D).
    var inPlane: Int { inD * inH * inW }
    /// The output size of one channel.
    var outPlane: Int { outD * outH * outW }
    var kernelArea: Int { kernelD * kernelH * kernelW }

    /// Whether the window is a plain 1×1 read of every position, so an image is its own im2col matrix.
    var isPointwise: Bool {
        kernelArea == 1 && strideD == 1 && strideH == 1 && strideW == 1
            && padFront == 0 && padBack == 0 && padTop == 0 && padBottom == 0 && padLeft == 0 && padRight == 0
    }

    /// The geometry of resolved options, one entry per spatial dimension (1, 2 or 3 of them, first
    /// first): the last is the width, the one before the height, a third the depth; absent ones are 1.
    init(input: [Int], kernel: [Int], stride: [Int], dilation: [Int], padding: [(before: Int, after: Int)], output: [Int]) {
        /// The value `fromEnd` places before the last, or `none` where there are fewer dimensions.
        func at<V>(_ values: [V], _ fromEnd: Int, _ none: V) -> V {
            fromEnd < values.count ? values[values.count - 1 - fromEnd] : none
        }
        let zero = (before: 0, after: 0)
        (inD, inH, inW) = (at(input, 2, 1), at(input, 1, 1), at(input, 0, 1))
        (kernelD, kernelH, kernelW) = (at(kernel, 2, 1), at(kernel, 1, 1), at(kernel, 0, 1))
        (strideD, strideH, strideW) = (at(stride, 2, 1), at(stride, 1, 1), at(stride, 0, 1))
        (dilationD, dilationH, dilationW) = (at(dilation, 2, 1), at(dilation, 1, 1), at(dilation, 0, 1))
        (padFront, padBack) = at(padding, 2, zero)
        (padTop, padBottom) = at(padding, 1, zero)
        (padLeft, padRight) = at(padding, 0, zero)
        (outD, outH, outW) = (at(output, 2, 1), at(output, 1, 1), at(output, 0, 1))
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

    /// The geometry of a window over `input` (the spatial sizes, 1 to 3 of them), checked: every option
    /// in range and the dilated kernel no larger than the padded input. `ceilMode` rounds the output size
    /// up, as pooling's `ceil_mode` does (a last window must still start inside the input or left padding).
    static func make(op: String, input: [Int], kernel: [Int], stride: [Int], padding: ConvPadding,
                     dilation: [Int], ceilMode: Bool = false) throws -> ConvGeometry {
        let (k, s, d, p, out) = try resolve(op: op, input: input, kernel: kernel, stride: stride, padding: padding,
                                            dilation: dilation, ceilMode: ceilMode)
        return ConvGeometry(input: input, kernel: k, stride: s, dilation: d, padding: p, output: out)
    }

    /// The output's spatial sizes for a result of `dims` spatial dimensions.
    func outputSizes(dims: Int) -> [Int] { Array([outD, outH, outW].suffix(dims)) }

    /// Sizes such as `4×4`.
    static func dimensions(_ sizes: [Int]) -> String { sizes.map(String.init).joined(separator: "×") }
}
