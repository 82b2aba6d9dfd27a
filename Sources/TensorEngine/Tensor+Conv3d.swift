/// 3-D convolution as a composite of the 2-D one, so its gradients of every order are theirs.
extension Tensor {
    /// The 3-D convolution of `x` `[N, C, D, H, W]` (or unbatched `[C, D, H, W]`) with `weight`
    /// `[out, C/groups, kD, kH, kW]` and an optional `bias` `[out]`, as PyTorch's `F.conv3d`.
    ///
    /// `stride`, `dilation` and `padding` take one value or one per dimension (padding also (before,
    /// after) pairs or `.same`). Each kernel depth is one 2-D convolution over the depth slices it reads,
    /// with all output depths batched into one call, and the kD results are summed.
    public static func conv3d(_ x: Tensor, weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1],
                              padding: ConvPadding = 0, dilation: [Int] = [1], groups: Int = 1) throws -> Tensor {
        let op = "conv3d"
        let (batched, n, channels) = try checkConvolution(op, dims: 3, x, weight: weight, bias: bias, groups: groups)
        let r = try ConvGeometry.resolve(op: op, input: Array(x.shape.suffix(3)), kernel: Array(weight.shape.suffix(3)),
                                         stride: stride, padding: padding, dilation: dilation)
        let outChannels = weight.shape[0], depth = r.out[0]
        let outShape = [n, outChannels] + r.out
        try checkShape(outShape, op)
        let input = batched ? x : try x.unsqueeze(axis: 0)
        let p = r.padding
        let padded = p.allSatisfy({ $0 == (0, 0) }) ? input
            : try input.pad([p[2].before, p[2].after, p[1].before, p[1].after, p[0].before, p[0].after])
        let height = padded.shape[3], width = padded.shape[4]
        var sum: Tensor?
        for kd in 0..<r.kernel[0] {
            let first = kd * r.dilation[0]
            let slices = try padded[[.all, .all, .range(first, first + (depth - 1) * r.stride[0] + 1, r.stride[0])]]
            let planes = try slices.permute([0, 2, 1, 3, 4]).reshape([n * depth, channels, height, width])
            let y = try conv2d(planes, weight: try weight[[.all, .all, .at(kd)]], stride: Array(r.stride.suffix(2)),
                               padding: 0, dilation: Array(r.dilation.suffix(2)), groups: groups)
            sum = try sum.map { try $0 + y } ?? y
        }
        guard let sum else { throw TensorError.value("\(op): the kernel has no depth") }
        var out = try sum.reshape([n, depth, outChannels, r.out[1], r.out[2]]).permute([0, 2, 1, 3, 4])
        if let bias { out = try out + bias.reshape([1, outChannels, 1, 1, 1]) }
        return batched ? out : try out.squeeze(axis: 0)
    }
}
