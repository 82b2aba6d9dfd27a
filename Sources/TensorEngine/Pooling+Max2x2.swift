/// The max kernel of the most common pooling, 2 × 2 windows at stride 2 with neither padding nor
/// dilation (a CNN's downsampling), for float32 planes.
///
/// The general kernel gathers a stride-2 window's elements one by one and scans the plane for NaN
/// and ±∞ first; pooling was a fifth of a batch-1 CNN's inference. Here two rows are read as
/// contiguous vectors and split into their even and odd columns, and the check for non-finite values
/// rides on the loaded vectors.
extension Pooling {
    /// Whether `maxPlane2x2` computes the windows of `g`: 2 × 2 at stride 2, no padding or dilation,
    /// every window inside the plane, and at least 4 windows to a row.
    static func isMax2x2(_ g: ConvGeometry) -> Bool {
        g.kernelH == 2 && g.kernelW == 2 && g.strideH == 2 && g.strideW == 2 && g.dilationH == 1 && g.dilationW == 1
            && g.padTop == 0 && g.padLeft == 0 && 2 * g.outH <= g.inH && 2 * g.outW <= g.inW && g.outW >= 4
    }

    /// `maxPlane` for a geometry `isMax2x2` accepts: the same maxima and positions (the first
    /// largest in the order row by row), or false, leaving the plane to `maxPlane`, when an element
    /// read is NaN or infinite.
    static func maxPlane2x2(_ x: UnsafePointer<Float>, _ g: ConvGeometry, _ out: UnsafeMutablePointer<Float>,
                            _ index: UnsafeMutablePointer<Int32>) -> Bool {
        let inW = g.inW, outW = g.outW, wide = outW >= 8, chunk = wide ? 8 : 4
        // x − x is 0, or NaN for NaN and ±∞.
        var check = SIMD16<Float>()
        for oh in 0..<g.outH {
            let row = 2 * oh * inW
            var ow = 0
            while true {
                let start = row + 2 * ow
                if wide {
                    let a = UnsafeRawPointer(x + start).loadUnaligned(as: SIMD16<Float>.self)
                    let b = UnsafeRawPointer(x + start + inW).loadUnaligned(as: SIMD16<Float>.self)
                    check += (a - a) + (b - b)
                    let (best, at) = max4(a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf,
                                          SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14) &+ Int32(truncatingIfNeeded: start),
                                          Int32(truncatingIfNeeded: inW))
                    UnsafeMutableRawPointer(out + oh * outW + ow).storeBytes(of: best, as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(index + oh * outW + ow).storeBytes(of: at, as: SIMD8<Int32>.self)
                } else {
                    let a = UnsafeRawPointer(x + start).loadUnaligned(as: SIMD8<Float>.self)
                    let b = UnsafeRawPointer(x + start + inW).loadUnaligned(as: SIMD8<Float>.self)
                    check.lowHalf += (a - a) + (b - b)
                    let (best, at) = max4(a.evenHalf, a.oddHalf, b.evenHalf, b.oddHalf,
                                          SIMD4<Int32>(0, 2, 4, 6) &+ Int32(truncatingIfNeeded: start),
                                          Int32(truncatingIfNeeded: inW))
                    UnsafeMutableRawPointer(out + oh * outW + ow).storeBytes(of: best, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(index + oh * outW + ow).storeBytes(of: at, as: SIMD4<Int32>.self)
                }
                // The last chunk of a row overlaps the one before rather than leaving a scalar tail.
                if ow + chunk == outW { break }
                ow = Swift.min(ow + chunk, outW - chunk)
            }
        }
        return !check.sum().isNaN
    }

    /// The largest of the four corners of eight windows (top left, top right, bottom left, bottom
    /// right; the first wins ties) and its position, given the top left corners' positions.
    @inline(__always) private static func max4(_ topLeft: SIMD8<Float>, _ topRight: SIMD8<Float>,
                                               _ bottomLeft: SIMD8<Float>, _ bottomRight: SIMD8<Float>,
                                               _ at: SIMD8<Int32>, _ inW: Int32) -> (SIMD8<Float>, SIMD8<Int32>) {
        var best = topLeft, position = at
        var wins = topRight .> best
        best.replace(with: topRight, where: wins)
        position.replace(with: at &+ 1, where: wins)
        wins = bottomLeft .> best
        best.replace(with: bottomLeft, where: wins)
        position.replace(with: at &+ inW, where: wins)
        wins = bottomRight .> best
        best.replace(with: bottomRight, where: wins)
        position.replace(with: at &+ (inW + 1), where: wins)
        return (best, position)
    }

    /// `max4` of four windows. A copy of the eight-lane form on purpose: one generic over the width
    /// was not specialized and made the batch-1 CNN 3.5× slower (19.6k → 5.6k calls/s).
    @inline(__always) private static func max4(_ topLeft: SIMD4<Float>, _ topRight: SIMD4<Float>,
                                               _ bottomLeft: SIMD4<Float>, _ bottomRight: SIMD4<Float>,
                                               _ at: SIMD4<Int32>, _ inW: Int32) -> (SIMD4<Float>, SIMD4<Int32>) {
        var best = topLeft, position = at
        var wins = topRight .> best
        best.replace(with: topRight, where: wins)
        position.replace(with: at &+ 1, where: wins)
        wins = bottomLeft .> best
        best.replace(with: bottomLeft, where: wins)
        position.replace(with: at &+ inW, where: wins)
        wins = bottomRight .> best
        best.replace(with: bottomRight, where: wins)
        position.replace(with: at &+ (inW + 1), where: wins)
        return (best, position)
    }
}
