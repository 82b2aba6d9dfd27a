/// im2col and col2im: the copies that turn a convolution into a matrix product.
///
/// For `channels` planes of one image, the column matrix has one row per (channel, kernel row, kernel
/// column) and one column per output position: `col[(c·kH + i)·kW + j][oh·outW + ow] =
/// x[c][oh·sH − padTop + i·dH][ow·sW − padLeft + j·dW]`, zero where that falls in the padding. The kernels
/// work a row segment at a time: the range of output columns that read inside the input is computed once
/// per kernel column, so the inner loop is a straight vector copy at stride 1, with no bounds test.
enum Im2col {
    /// The output columns `lo..<hi` whose input column `ow·stride + offset` lies in `0..<inW`.
    @inline(__always) static func validColumns(offset: Int, stride: Int, inW: Int, outW: Int) -> (Int, Int) {
        let lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride
        let hi = offset > inW - 1 ? 0 : Swift.min(outW, (inW - 1 - offset) / stride + 1)
        return (Swift.min(lo, hi), hi)
    }

    /// Writes the column matrix of `channels` planes starting at `x` into `col`
    /// (`channels · kH · kW` rows of `outH · outW`).
    static func unfold<T: ConvFloat>(_ x: UnsafePointer<T>, channels: Int, _ g: ConvGeometry, into col: UnsafeMutablePointer<T>) {
        let outW = g.outW, outPlane = g.outPlane
        var row = col
        for c in 0..<channels {
            let plane = x + c * g.inPlane
            for i in 0..<g.kernelH {
                let rowOffset = i * g.dilationH - g.padTop
                for j in 0..<g.kernelW {
                    let offset = j * g.dilationW - g.padLeft
                    let (lo, hi) = validColumns(offset: offset, stride: g.strideW, inW: g.inW, outW: outW)
                    for oh in 0..<g.outH {
                        let ih = oh * g.strideH + rowOffset
                        let dst = row + oh * outW
                        guard ih >= 0, ih < g.inH, lo < hi else {
                            dst.update(repeating: 0, count: outW)
                            continue
                        }
                        if lo > 0 { dst.update(repeating: 0, count: lo) }
                        let src = plane + ih * g.inW + offset
                        if g.strideW == 1 {
                            T.copy(src + lo, dst + lo, hi - lo)
                        } else {
                            let s = g.strideW
                            for ow in lo..<hi { dst[ow] = src[ow * s] }
                        }
                        if hi < outW { (dst + hi).update(repeating: 0, count: outW - hi) }
                    }
                    row += outPlane
                }
            }
        }
    }

    /// Adds a column matrix back onto `channels` planes starting at `dx`: the adjoint of `unfold`, so
    /// a position read by several windows receives the sum of their gradients.
    static func fold<T: ConvFloat>(_ col: UnsafePointer<T>, channels: Int, _ g: ConvGeometry, into dx: UnsafeMutablePointer<T>) {
        let outW = g.outW, outPlane = g.outPlane
        var row = col
        for c in 0..<channels {
            let plane = dx + c * g.inPlane
            for i in 0..<g.kernelH {
                let rowOffset = i * g.dilationH - g.padTop
                for j in 0..<g.kernelW {
                    let offset = j * g.dilationW - g.padLeft
                    let (lo, hi) = validColumns(offset: offset, stride: g.strideW, inW: g.inW, outW: outW)
                    if lo < hi {
                        for oh in 0..<g.outH {
                            let ih = oh * g.strideH + rowOffset
                            guard ih >= 0, ih < g.inH else { continue }
                            let src = row + oh * outW
                            let dst = plane + ih * g.inW + offset
                            if g.strideW == 1 {
                                T.add(src + lo, dst + lo, hi - lo)
                            } else {
                                let s = g.strideW
                                for ow in lo..<hi { dst[ow * s] += src[ow] }
                            }
                        }
                    }
                    row += outPlane
                }
            }
        }
    }
}
