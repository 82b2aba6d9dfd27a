/// Sub-pixel rearrangement, PyTorch's `pixel_shuffle`.
extension Tensor {
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
}
