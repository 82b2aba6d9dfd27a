/// Max and average pooling over 1-D and 2-D windows, as fused primitives with their backward rules.
///
/// Every dimension before the spatial ones is a plane of its own (`[N, C, H, W]` or `[C, H, W]`), and
/// planes are split across cores. Max pooling remembers where each maximum came from, so its backward
/// pass is one scatter; average pooling spreads each gradient evenly over its window.
extension Tensor {
    /// Max pooling of `x` `[N, C, H, W]` or `[C, H, W]`; `stride` defaults to the kernel size. Padding
    /// counts as −∞ and may be at most half the (dilated) kernel, as in PyTorch.
    public static func maxPool2d(_ x: Tensor, kernel: [Int], stride: [Int]? = nil, padding: [Int] = [0],
                                 dilation: [Int] = [1], ceilMode: Bool = false) throws -> Tensor {
        try pool(.max, "maxPool2d", dims: 2, x, kernel: kernel, stride: stride, padding: padding,
                 dilation: dilation, ceilMode: ceilMode, countIncludePad: true)
    }

    /// Max pooling of `x` `[N, C, L]` or `[C, L]`.
    public static func maxPool1d(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0,
                                 dilation: Int = 1, ceilMode: Bool = false) throws -> Tensor {
        try pool(.max, "maxPool1d", dims: 1, x, kernel: [kernel], stride: stride.map { [$0] }, padding: [padding],
                 dilation: [dilation], ceilMode: ceilMode, countIncludePad: true)
    }

    /// Average pooling of `x` `[N, C, H, W]` or `[C, H, W]`; zero padding is counted in the divisor
    /// unless `countIncludePad` is false.
    public static func avgPool2d(_ x: Tensor, kernel: [Int], stride: [Int]? = nil, padding: [Int] = [0],
                                 ceilMode: Bool = false, countIncludePad: Bool = true) throws -> Tensor {
        try pool(.average, "avgPool2d", dims: 2, x, kernel: kernel, stride: stride, padding: padding,
                 dilation: [1], ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    /// Average pooling of `x` `[N, C, L]` or `[C, L]`.
    public static func avgPool1d(_ x: Tensor, kernel: Int, stride: Int? = nil, padding: Int = 0,
                                 ceilMode: Bool = false, countIncludePad: Bool = true) throws -> Tensor {
        try pool(.average, "avgPool1d", dims: 1, x, kernel: [kernel], stride: stride.map { [$0] }, padding: [padding],
                 dilation: [1], ceilMode: ceilMode, countIncludePad: countIncludePad)
    }

    enum PoolKind { case max, average }

    static func pool(_ kind: PoolKind, _ op: String, dims: Int, _ x: Tensor, kernel: [Int], stride: [Int]?,
                     padding: [Int], dilation: [Int], ceilMode: Bool, countIncludePad: Bool) throws -> Tensor {
        guard x.rank == dims + 1 || x.rank == dims + 2 else {
            throw TensorError.shape("\(op): input must have shape [N, C, \(dims == 1 ? "L" : "H, W")] or [C, \(dims == 1 ? "L" : "H, W")], got \(describe(x.shape))")
        }
        let k = try ConvGeometry.perDimension(kernel, dims: dims, "kernel size", op: op, minimum: 1)
        let d = try ConvGeometry.perDimension(dilation, dims: dims, "dilation", op: op, minimum: 1)
        let p = try ConvGeometry.perDimension(padding, dims: dims, "padding", op: op, minimum: 0)
        for i in 0..<dims where 2 * p[i] > (kind == .max ? d[i] * (k[i] - 1) + 1 : k[i]) {
            throw TensorError.value("\(op): padding \(padding) must be at most half the \(kind == .max ? "effective " : "")kernel size \(kind == .max ? zip(k, d).map { $1 * ($0 - 1) + 1 } : k)")
        }
        let spatial = Array(x.shape.suffix(dims))
        let g = try ConvGeometry.make(op: op, input: spatial, kernel: k, stride: stride ?? k, padding: .explicit(p),
                                      dilation: d, ceilMode: ceilMode)
        let outShape = Array(x.shape.dropLast(dims)) + g.outputSizes(dims: dims)
        try checkShape(outShape, op)
        let planes = Shape.count(Array(x.shape.dropLast(dims)))
        let out = Tensor.uninitialized(outShape)
        let src = UnsafePointer(x.storage.base), dst = out.storage.base, xShape = x.shape
        let cost = g.outPlane * g.kernelArea
        switch kind {
        case .max:
            var argmax = [Int32](repeating: -1, count: out.count)
            argmax.withUnsafeMutableBufferPointer { idx in
                let ip = idx.baseAddress!
                Parallel.forRange(planes, cost: cost) { s, e in
                    for plane in s..<e {
                        Pooling.maxPlane(src + plane * g.inPlane, g, dst + plane * g.outPlane, ip + plane * g.outPlane)
                    }
                }
            }
            let positions = argmax
            return out.recording(op, [x]) { grad in
                let dx = Tensor.full(xShape, 0), gp = UnsafePointer(grad.storage.base), dp = dx.storage.base
                positions.withUnsafeBufferPointer { idx in
                    let ip = idx.baseAddress!
                    Parallel.forRange(planes, cost: g.outPlane) { s, e in
                        for plane in s..<e {
                            let o = plane * g.outPlane, base = dp + plane * g.inPlane
                            for i in 0..<g.outPlane where ip[o + i] >= 0 { base[Int(ip[o + i])] += gp[o + i] }
                        }
                    }
                }
                return [dx]
            }
        case .average:
            Parallel.forRange(planes, cost: cost) { s, e in
                for plane in s..<e {
                    Pooling.averagePlane(src + plane * g.inPlane, g, countIncludePad, dst + plane * g.outPlane)
                }
            }
            return out.recording(op, [x]) { grad in
                let dx = Tensor.full(xShape, 0), gp = UnsafePointer(grad.storage.base), dp = dx.storage.base
                Parallel.forRange(planes, cost: cost) { s, e in
                    for plane in s..<e {
                        Pooling.averagePlaneBackward(gp + plane * g.outPlane, g, countIncludePad, dp + plane * g.inPlane)
                    }
                }
                return [dx]
            }
        }
    }
}

/// The per-plane loops of pooling.
enum Pooling {
    /// The maximum of each window and its flat position in the plane (−1 for a window with no input).
    /// NaN wins, as in PyTorch, so it propagates.
    static func maxPlane(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ out: UnsafeMutablePointer<Float>,
                         _ index: UnsafeMutablePointer<Int32>) {
        let spanH = g.dilationH * (g.kernelH - 1), spanW = g.dilationW * (g.kernelW - 1)
        for oh in 0..<g.outH {
            let h0 = oh * g.strideH - g.padTop
            let rowInside = h0 >= 0 && h0 + spanH < g.inH
            for ow in 0..<g.outW {
                let w0 = ow * g.strideW - g.padLeft
                let o = oh * g.outW + ow
                guard rowInside, w0 >= 0, w0 + spanW < g.inW else {
                    maxWindowChecked(x, g, h0, w0, &out[o], &index[o])
                    continue
                }
                // A window wholly inside the plane: no bounds tests, and selects rather than branches, since
                // which element wins is data-dependent and would mispredict. `probe` turns NaN if any input is
                // NaN or infinite; then the careful loop decides, as NaN must win.
                var best = -Float.infinity, at = h0 * g.inW + w0, probe: Float = 0
                for i in 0..<g.kernelH {
                    let row = (h0 + i * g.dilationH) * g.inW + w0
                    for j in 0..<g.kernelW {
                        let p = row + j * g.dilationW, v = x[p]
                        let take = v > best
                        best = take ? v : best
                        at = take ? p : at
                        probe += v * 0
                    }
                }
                if probe.isNaN {
                    maxWindowChecked(x, g, h0, w0, &out[o], &index[o])
                } else {
                    out[o] = best
                    index[o] = Int32(truncatingIfNeeded: at)
                }
            }
        }
    }

    /// One window's maximum with every position tested against the plane's bounds, and NaN winning.
    static func maxWindowChecked(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ h0: Int, _ w0: Int,
                                 _ out: inout Float, _ index: inout Int32) {
        var best = -Float.infinity, at = -1
        for i in 0..<g.kernelH {
            let ih = h0 + i * g.dilationH
            guard ih >= 0, ih < g.inH else { continue }
            let row = ih * g.inW
            for j in 0..<g.kernelW {
                let iw = w0 + j * g.dilationW
                guard iw >= 0, iw < g.inW else { continue }
                let v = x[row + iw]
                if at < 0 || v > best || v.isNaN { best = v; at = row + iw }
            }
        }
        out = best
        index = Int32(truncatingIfNeeded: at)
    }

    /// The window of output (oh, ow) clipped to the input, and its divisor (PyTorch's rule: with
    /// `countIncludePad` the window clipped to the padded input, else only the input positions).
    @inline(__always) static func window(_ g: ConvGeometry, _ oh: Int, _ ow: Int, _ countIncludePad: Bool)
        -> (h0: Int, h1: Int, w0: Int, w1: Int, divisor: Float) {
        var h0 = oh * g.strideH - g.padTop, w0 = ow * g.strideW - g.padLeft
        var h1 = Swift.min(h0 + g.kernelH, g.inH + g.padBottom), w1 = Swift.min(w0 + g.kernelW, g.inW + g.padRight)
        let padded = (h1 - h0) * (w1 - w0)
        h0 = Swift.max(h0, 0); w0 = Swift.max(w0, 0)
        h1 = Swift.min(h1, g.inH); w1 = Swift.min(w1, g.inW)
        let count = countIncludePad ? padded : (h1 - h0) * (w1 - w0)
        return (h0, h1, w0, w1, Float(Swift.max(count, 1)))
    }

    static func averagePlane(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ countIncludePad: Bool,
                             _ out: UnsafeMutablePointer<Float>) {
        var o = 0
        for oh in 0..<g.outH {
            for ow in 0..<g.outW {
                let w = window(g, oh, ow, countIncludePad)
                var s: Float = 0
                if w.h0 < w.h1 && w.w0 < w.w1 {
                    for ih in w.h0..<w.h1 { for iw in w.w0..<w.w1 { s += x[ih * g.inW + iw] } }
                }
                out[o] = s / w.divisor
                o += 1
            }
        }
    }

    static func averagePlaneBackward(_ grad: UnsafePointer<Float>, _ g: ConvGeometry, _ countIncludePad: Bool,
                                     _ dx: UnsafeMutablePointer<Float>) {
        var o = 0
        for oh in 0..<g.outH {
            for ow in 0..<g.outW {
                let w = window(g, oh, ow, countIncludePad)
                let share = grad[o] / w.divisor
                if w.h0 < w.h1 && w.w0 < w.w1 {
                    for ih in w.h0..<w.h1 { for iw in w.w0..<w.w1 { dx[ih * g.inW + iw] += share } }
                }
                o += 1
            }
        }
    }
}
