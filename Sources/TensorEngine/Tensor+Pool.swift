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
        if let result = try inKernelType([x], {
            try pool(kind, op, dims: dims, $0[0]!, kernel: kernel, stride: stride, padding: padding, dilation: dilation,
                     ceilMode: ceilMode, countIncludePad: countIncludePad)
        }) { return result }
        guard x.rank == dims + 1 || x.rank == dims + 2 else {
            throw TensorError.shape("\(op): input must have shape [N, C, \(dims == 1 ? "L" : "H, W")] or [C, \(dims == 1 ? "L" : "H, W")], got \(describe(x.shape))")
        }
        let (k, d, p) = try poolOptions(kind, op, dims: dims, kernel: kernel, dilation: dilation, padding: padding)
        let spatial = Array(x.shape.suffix(dims))
        let g = try ConvGeometry.make(op: op, input: spatial, kernel: k, stride: stride ?? k, padding: .explicit(p),
                                      dilation: d, ceilMode: ceilMode)
        let outShape = Array(x.shape.dropLast(dims)) + g.outputSizes(dims: dims)
        try checkShape(outShape, op)
        let planes = Shape.count(Array(x.shape.dropLast(dims)))
        if x.dtype == .float64 {
            return try pooled(Double.self, kind, op, x, g, planes, outShape, countIncludePad, maxPlane: Pooling.maxPlaneChecked)
        }
        return try pooled(Float.self, kind, op, x, g, planes, outShape, countIncludePad, maxPlane: Pooling.maxPlane)
    }

    /// The kernel, dilation and padding per dimension, checked: padding may be at most half the (dilated
    /// for max) kernel, as in PyTorch.
    static func poolOptions(_ kind: PoolKind, _ op: String, dims: Int, kernel: [Int], dilation: [Int],
                            padding: [Int]) throws -> (kernel: [Int], dilation: [Int], padding: [Int]) {
        let k = try ConvGeometry.perDimension(kernel, dims: dims, "kernel size", op: op, minimum: 1)
        let d = try ConvGeometry.perDimension(dilation, dims: dims, "dilation", op: op, minimum: 1)
        let p = try ConvGeometry.perDimension(padding, dims: dims, "padding", op: op, minimum: 0)
        for i in 0..<dims where 2 * p[i] > (kind == .max ? d[i] * (k[i] - 1) + 1 : k[i]) {
            throw TensorError.value("\(op): padding \(padding) must be at most half the \(kind == .max ? "effective " : "")kernel size \(kind == .max ? zip(k, d).map { $1 * ($0 - 1) + 1 } : k)")
        }
        return (k, d, p)
    }

    /// Pooling of `planes` planes of `x` (of type `T`) with checked geometry; `maxPlane` is the max
    /// kernel for `T` (float32 has a vectorized one).
    private static func pooled<T: ConvFloat>(
        _ type: T.Type, _ kind: PoolKind, _ op: String, _ x: Tensor, _ g: ConvGeometry, _ planes: Int, _ outShape: [Int],
        _ countIncludePad: Bool,
        maxPlane: (UnsafePointer<T>, ConvGeometry, UnsafeMutablePointer<T>, UnsafeMutablePointer<Int32>) -> Void
    ) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: T.dtype, op: op)
        let xShape = x.shape
        let cost = g.outPlane * g.kernelArea
        switch kind {
        case .max:
            // Every entry is written by the kernel, so the array starts uninitialized.
            var argmax = [Int32](unsafeUninitializedCapacity: out.count) { _, n in n = out.count }
            argmax.withUnsafeMutableBufferPointer { idx in
                let ip = idx.baseAddress!
                x.reading(as: T.self) { src in
                    out.writing(as: T.self) { dst in
                        Parallel.forRange(planes, cost: cost) { s, e in
                            for plane in s..<e {
                                maxPlane(src + plane * g.inPlane, g, dst + plane * g.outPlane, ip + plane * g.outPlane)
                            }
                        }
                    }
                }
            }
            let positions = argmax
            return out.recording(op, [x]) { grad in
                let grad = try grad.to(T.dtype)
                // The gradient goes to fixed positions: a recorded scatter while creating a graph.
                if Autograd.isCreatingGraph {
                    return [try grad.scatterAdded(into: xShape, at: Pooling.flatPositions(positions, g))]
                }
                let dx = try Tensor.constant(xShape, 0, dtype: T.dtype)
                positions.withUnsafeBufferPointer { idx in
                    let ip = idx.baseAddress!
                    grad.reading(as: T.self) { gp in
                        dx.writing(as: T.self) { dp in
                            Parallel.forRange(planes, cost: g.outPlane) { s, e in
                                for plane in s..<e {
                                    let o = plane * g.outPlane, base = dp + plane * g.inPlane
                                    for i in 0..<g.outPlane where ip[o + i] >= 0 { base[Int(ip[o + i])] += gp[o + i] }
                                }
                            }
                        }
                    }
                }
                return [dx]
            }
        case .average:
            return try averagePooled(T.self, op, x, g, planes, outShape, countIncludePad)
        }
    }

    /// Average pooling of `planes` planes of `x` (of type `T`) into `outShape`. Its gradient is
    /// `averagePoolAdjoint`, whose own gradient is this again: both are linear, so each is the other's
    /// recorded rule and they differentiate any number of times.
    private static func averagePooled<T: ConvFloat>(_ type: T.Type, _ op: String, _ x: Tensor, _ g: ConvGeometry,
                                                    _ planes: Int, _ outShape: [Int], _ countIncludePad: Bool) throws -> Tensor {
        let out = try Tensor.allocate(outShape, dtype: T.dtype, op: op)
        x.reading(as: T.self) { src in
            out.writing(as: T.self) { dst in
                Parallel.forRange(planes, cost: g.outPlane * g.kernelArea) { s, e in
                    for plane in s..<e {
                        Pooling.averagePlane(src + plane * g.inPlane, g, countIncludePad, dst + plane * g.outPlane)
                    }
                }
            }
        }
        let xShape = x.shape
        return out.recording(op, [x]) { grad in
            [try averagePoolAdjoint(T.self, op, try grad.to(T.dtype), g, planes, xShape, countIncludePad)]
        }
    }

    /// The gradient of `averagePooled`: each element of `grad` spread evenly over its window, into
    /// zeros of `inShape`.
    private static func averagePoolAdjoint<T: ConvFloat>(_ type: T.Type, _ op: String, _ grad: Tensor, _ g: ConvGeometry,
                                                         _ planes: Int, _ inShape: [Int], _ countIncludePad: Bool) throws -> Tensor {
        let dx = try Tensor.constant(inShape, 0, dtype: T.dtype)
        grad.reading(as: T.self) { gp in
            dx.writing(as: T.self) { dp in
                Parallel.forRange(planes, cost: g.outPlane * g.kernelArea) { s, e in
                    for plane in s..<e {
                        Pooling.averagePlaneBackward(gp + plane * g.outPlane, g, countIncludePad, dp + plane * g.inPlane)
                    }
                }
            }
        }
        let gradShape = grad.shape
        return dx.recording("\(op)Backward", [grad]) { h in
            [try averagePooled(T.self, op, try h.to(T.dtype), g, planes, gradShape, countIncludePad)]
        }
    }
}

/// The per-plane loops of pooling.
enum Pooling {
    /// The maximum of each window and its flat position in the plane (−1 for a window with no input).
    /// NaN wins, as in PyTorch, so it propagates.
    ///
    /// Windows wholly inside the plane go eight (or four) outputs at a time: the running maxima and their
    /// positions stay in vector registers through the kernel, and vector selects replace branches (which
    /// element wins is data-dependent and would mispredict). The last chunk of a row overlaps the one
    /// before rather than leaving a scalar tail. A plane holding NaN or ±∞ takes the careful path
    /// everywhere, so NaN wins as it must.
    static func maxPlane(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ out: UnsafeMutablePointer<Float>,
                         _ index: UnsafeMutablePointer<Int32>) {
        if isMax2x2(g), maxPlane2x2(x, g, out, index) { return }
        let spanH = g.dilationH * (g.kernelH - 1), spanW = g.dilationW * (g.kernelW - 1)
        let finite = !isNonFinite(x, g.inPlane)
        // Output columns whose whole window lies inside the plane horizontally.
        let lo = Im2col.validColumns(offset: -g.padLeft, stride: g.strideW, inW: g.inW, outW: g.outW).0
        let hi = Im2col.validColumns(offset: spanW - g.padLeft, stride: g.strideW, inW: g.inW, outW: g.outW).1
        let s = g.strideW
        for oh in 0..<g.outH {
            let h0 = oh * g.strideH - g.padTop
            let o = out + oh * g.outW, at = index + oh * g.outW
            let fast = finite && h0 >= 0 && h0 + spanH < g.inH && hi - lo >= 4
            for ow in 0..<g.outW where !fast || ow < lo || ow >= hi {
                maxWindowChecked(x, g, h0, ow * s - g.padLeft, &o[ow], &at[ow])
            }
            guard fast else { continue }
            let origin = h0 * g.inW - g.padLeft
            if hi - lo >= 8 {
                var ow = lo
                while true {
                    maxChunk8(x, g, origin + ow * s, o + ow, at + ow)
                    if ow + 8 == hi { break }
                    ow = Swift.min(ow + 8, hi - 8)
                }
            } else {
                var ow = lo
                while true {
                    maxChunk4(x, g, origin + ow * s, o + ow, at + ow)
                    if ow + 4 == hi { break }
                    ow = Swift.min(ow + 4, hi - 4)
                }
            }
        }
    }

    /// The maxima of 8 neighbouring windows whose first elements start at `start` (then every
    /// `strideW`), written to `o` with their positions to `at`.
    @inline(__always) static func maxChunk8(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ start: Int,
                                           _ o: UnsafeMutablePointer<Float>, _ at: UnsafeMutablePointer<Int32>) {
        let s = g.strideW
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7) &* Int32(truncatingIfNeeded: s)
        @inline(__always) func load(_ p: Int) -> SIMD8<Float> {
            s == 1 ? UnsafeRawPointer(x + p).loadUnaligned(as: SIMD8<Float>.self) : SIMD8<Float>(x[p], x[p + 1 * s], x[p + 2 * s], x[p + 3 * s], x[p + 4 * s], x[p + 5 * s], x[p + 6 * s], x[p + 7 * s])
        }
        var best = load(start)
        var position = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: start)) &+ lanes
        for i in 0..<g.kernelH {
            for j in 0..<g.kernelW where i != 0 || j != 0 {
                let p = start + i * g.dilationH * g.inW + j * g.dilationW
                let v = load(p)
                let wins = v .> best
                best.replace(with: v, where: wins)
                position.replace(with: SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: p)) &+ lanes, where: wins)
            }
        }
        UnsafeMutableRawPointer(o).storeBytes(of: best, as: SIMD8<Float>.self)
        UnsafeMutableRawPointer(at).storeBytes(of: position, as: SIMD8<Int32>.self)
    }

    /// The maxima of 4 neighbouring windows whose first elements start at `start` (then every
    /// `strideW`), written to `o` with their positions to `at`.
    @inline(__always) static func maxChunk4(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ start: Int,
                                           _ o: UnsafeMutablePointer<Float>, _ at: UnsafeMutablePointer<Int32>) {
        let s = g.strideW
        let lanes = SIMD4<Int32>(0, 1, 2, 3) &* Int32(truncatingIfNeeded: s)
        @inline(__always) func load(_ p: Int) -> SIMD4<Float> {
            s == 1 ? UnsafeRawPointer(x + p).loadUnaligned(as: SIMD4<Float>.self) : SIMD4<Float>(x[p], x[p + 1 * s], x[p + 2 * s], x[p + 3 * s])
        }
        var best = load(start)
        var position = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: start)) &+ lanes
        for i in 0..<g.kernelH {
            for j in 0..<g.kernelW where i != 0 || j != 0 {
                let p = start + i * g.dilationH * g.inW + j * g.dilationW
                let v = load(p)
                let wins = v .> best
                best.replace(with: v, where: wins)
                position.replace(with: SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: p)) &+ lanes, where: wins)
            }
        }
        UnsafeMutableRawPointer(o).storeBytes(of: best, as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(at).storeBytes(of: position, as: SIMD4<Int32>.self)
    }

    /// Whether any of `n` values is NaN or infinite (then `v · 0` is NaN), in eight lanes.
    @inline(__always) static func isNonFinite(_ x: UnsafePointer<Float>, _ n: Int) -> Bool {
        var acc = SIMD8<Float>()
        var i = 0
        while i + 8 <= n {
            acc += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) * 0
            i += 8
        }
        var rest: Float = 0
        while i < n { rest += x[i] * 0; i += 1 }
        return (acc.sum() + rest).isNaN
    }

    /// The maximum of each window and its position, every window by `maxWindowChecked`: the max kernel
    /// of float64, where pooling serves gradient checks rather than training speed.
    static func maxPlaneChecked<T: ConvFloat>(_ x: UnsafePointer<T>, _ g: ConvGeometry, _ out: UnsafeMutablePointer<T>,
                                              _ index: UnsafeMutablePointer<Int32>) {
        for oh in 0..<g.outH {
            let h0 = oh * g.strideH - g.padTop
            for ow in 0..<g.outW {
                let o = oh * g.outW + ow
                maxWindowChecked(x, g, h0, ow * g.strideW - g.padLeft, &out[o], &index[o])
            }
        }
    }

    /// One window's maximum with every position tested against the plane's bounds, and NaN winning.
    static func maxWindowChecked<T: ConvFloat>(_ x: UnsafePointer<T>, _ g: ConvGeometry, _ h0: Int, _ w0: Int,
                                               _ out: inout T, _ index: inout Int32) {
        var best = -T.infinity, at = -1
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

    /// The flat positions in the whole input of `index` (each plane's maxima positions within it, −1
    /// for a window with no input), for a scatter over all planes at once.
    static func flatPositions(_ index: [Int32], _ g: ConvGeometry) -> [Int] {
        var positions = [Int](repeating: -1, count: index.count)
        for (i, p) in index.enumerated() where p >= 0 { positions[i] = i / g.outPlane * g.inPlane + Int(p) }
        return positions
    }

    /// A pooling window clipped to the input (rows `h0..<h1`, columns `w0..<w1`) and its divisor.
    typealias Window = (h0: Int, h1: Int, w0: Int, w1: Int, divisor: Int)

    /// The window of output (oh, ow) clipped to the input, and its divisor (PyTorch's rule: with
    /// `countIncludePad` the window clipped to the padded input, else only the input positions).
    @inline(__always) static func window(_ g: ConvGeometry, _ oh: Int, _ ow: Int, _ countIncludePad: Bool) -> Window {
        var h0 = oh * g.strideH - g.padTop, w0 = ow * g.strideW - g.padLeft
        var h1 = Swift.min(h0 + g.kernelH, g.inH + g.padBottom), w1 = Swift.min(w0 + g.kernelW, g.inW + g.padRight)
        let padded = (h1 - h0) * (w1 - w0)
        h0 = Swift.max(h0, 0); w0 = Swift.max(w0, 0)
        h1 = Swift.min(h1, g.inH); w1 = Swift.min(w1, g.inW)
        let count = countIncludePad ? padded : (h1 - h0) * (w1 - w0)
        return (h0, h1, w0, w1, Swift.max(count, 1))
    }

    /// Calls `body(o, window)` for each output position `o` of a plane, in order, with its window:
    /// the walk that average pooling and its gradient share.
    @inline(__always) static func forEachWindow(_ g: ConvGeometry, _ countIncludePad: Bool,
                                                _ body: (_ o: Int, _ window: Window) -> Void) {
        var o = 0
        for oh in 0..<g.outH {
            for ow in 0..<g.outW {
                body(o, window(g, oh, ow, countIncludePad))
                o += 1
            }
        }
    }

    /// Calls `visit` with the flat position in the plane of each input inside `w`.
    @inline(__always) static func forEachInput(_ w: Window, _ g: ConvGeometry, _ visit: (Int) -> Void) {
        guard w.h0 < w.h1 && w.w0 < w.w1 else { return }
        for ih in w.h0..<w.h1 { for iw in w.w0..<w.w1 { visit(ih * g.inW + iw) } }
    }

    static func averagePlane<T: ConvFloat>(_ x: UnsafePointer<T>, _ g: ConvGeometry, _ countIncludePad: Bool,
                                           _ out: UnsafeMutablePointer<T>) {
        forEachWindow(g, countIncludePad) { o, w in
            var s: T = 0
            forEachInput(w, g) { s += x[$0] }
            out[o] = s / T(w.divisor)
        }
    }

    static func averagePlaneBackward<T: ConvFloat>(_ grad: UnsafePointer<T>, _ g: ConvGeometry, _ countIncludePad: Bool,
                                                   _ dx: UnsafeMutablePointer<T>) {
        forEachWindow(g, countIncludePad) { o, w in
            let share = grad[o] / T(w.divisor)
            forEachInput(w, g) { dx[$0] += share }
        }
    }
}
