/// im2col and col2im (vol2col and col2vol in 3-D): the copies that turn a convolution into a matrix product.
///
/// For `channels` volumes of one sample, the column matrix has one row per (channel, kernel depth, kernel
/// row, kernel column) and one column per output position: `col[((c·kD + t)·kH + i)·kW + j][(od·outH + oh)·outW
/// + ow] = x[c][od·sD − padFront + t·dD][oh·sH − padTop + i·dH][ow·sW − padLeft + j·dW]`, zero where that
/// falls in the padding (2-D and 1-D are the case of depth 1). The kernels work a row segment at a time:
/// the range of output columns that read inside the input is computed once per kernel column, so the
/// inner loop is a straight vector copy at stride 1, with no bounds test.
enum Im2col {
    /// The output columns `lo..<hi` whose input column `ow·stride + offset` lies in `0..<inW`.
    @inline(__always) static func validColumns(offset: Int, stride: Int, inW: Int, outW: Int) -> (Int, Int) {
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let hi = offset > inW - 1 ? 0 : Swift.min(outW, (inW - 1 - offset) / stride + 1)
        return (Swift.min(lo, hi), hi)
    }

    /// Calls `body(row, od, start, rowOffset, offset, lo, hi)` for each row of the column matrix of
    /// `channels` volumes and each output depth `od` of `depths`: `start` is where the input depth slice that part of
    /// the row reads begins (nil where it lies in the padding), `rowOffset` and `offset` where the window
    /// starts in that slice's rows and columns, `lo..<hi` the output columns that read inside the input.
    @inline(__always) static func forEachRowSlice(channels: Int, _ g: ConvGeometry, depths: Range<Int>,
                                                  _ body: (Int, Int, Int?, Int, Int, Int, Int) -> Void) {
        let slice = g.inH * g.inW
        var row = 0
        for c in 0..<channels {
            for t in 0..<g.kernelD {
                let depthOffset = t * g.dilationD - g.padFront
                for i in 0..<g.kernelH {
                    let rowOffset = i * g.dilationH - g.padTop
                    for j in 0..<g.kernelW {
                        let offset = j * g.dilationW - g.padLeft
                        let (lo, hi) = validColumns(offset: offset, stride: g.strideW, inW: g.inW, outW: g.outW)
                        for od in depths {
                            let id = od * g.strideD + depthOffset
                            let start = id >= 0 && id < g.inD ? c * g.inPlane + id * slice : nil
                            body(row, od, start, rowOffset, offset, lo, hi)
                        }
                        row += 1
                    }
                }
            }
        }
    }

    // Not inlined: inlined into ConvPlan's loops unfold and fold spilled registers and made 2-D convolutions 5% slower.
    /// Writes the column matrix of `channels` volumes starting at `x` into `col`: `channels · kD · kH · kW`
    /// rows of the output positions at the depths `depths` (all of them: `outD · outH · outW`).
    @inline(never) static func unfold<T: ConvFloat>(_ x: UnsafePointer<T>, channels: Int, _ g: ConvGeometry, depths: Range<Int>? = nil,
                                     into col: UnsafeMutablePointer<T>) {
        let outW = g.outW, outSlice = g.outH * outW, depths = depths ?? 0..<g.outD, columns = depths.count * outSlice
        forEachRowSlice(channels: channels, g, depths: depths) { row, od, start, rowOffset, offset, lo, hi in
            let out = col + row * columns + (od - depths.lowerBound) * outSlice
            guard let start, lo < hi else {
                out.update(repeating: 0, count: outSlice)
                return
            }
            for oh in 0..<g.outH {
                let ih = oh * g.strideH + rowOffset
                let dst = out + oh * outW
                guard ih >= 0, ih < g.inH else {
                    dst.update(repeating: 0, count: outW)
                    continue
                }
                if lo > 0 { dst.update(repeating: 0, count: lo) }
                let src = x + start + ih * g.inW + offset
                if g.strideW == 1 {
                    T.copy(src + lo, dst + lo, hi - lo)
                } else {
                    let s = g.strideW
                    for ow in lo..<hi { dst[ow] = src[ow * s] }
                }
                if hi < outW { (dst + hi).update(repeating: 0, count: outW - hi) }
            }
        }
    }

    /// Adds a column matrix (of the output depths `depths`, all by default) back onto `channels` volumes
    /// starting at `dx`: the adjoint of `unfold`, so a position read by several windows receives the sum
    /// of their gradients.
    @inline(never) static func fold<T: ConvFloat>(_ col: UnsafePointer<T>, channels: Int, _ g: ConvGeometry, depths: Range<Int>? = nil,
                                   into dx: UnsafeMutablePointer<T>) {
        let outW = g.outW, outSlice = g.outH * outW, depths = depths ?? 0..<g.outD, columns = depths.count * outSlice
        forEachRowSlice(channels: channels, g, depths: depths) { row, od, start, rowOffset, offset, lo, hi in
            guard let start, lo < hi else { return }
            let src = col + row * columns + (od - depths.lowerBound) * outSlice
            for oh in 0..<g.outH {
                let ih = oh * g.strideH + rowOffset
                guard ih >= 0, ih < g.inH else { continue }
                let from = src + oh * outW
                let dst = dx + start + ih * g.inW + offset
                if g.strideW == 1 {
                    T.add(from + lo, dst + lo, hi - lo)
                } else {
                    let s = g.strideW
                    for ow in lo..<hi { dst[ow * s] += from[ow] }
                }
            }
        }
    }
}
