/// Running sums and products along an axis.
extension Tensor {
    /// Calls `body` once per lane along `axis` with the flat offset of its first element, the lane length
    /// and the stride between its elements.
    static func forEachLane(_ shape: [Int], axis a: Int, _ body: (_ base: Int, _ length: Int, _ stride: Int) -> Void) {
        let (outer, length, inner) = Tensor.extents(shape, axis: a)
        for o in 0..<outer {
            for j in 0..<inner { body(o * length * inner + j, length, inner) }
        }
    }

    /// The running sum along `axis`: element k is the sum of elements 0...k.
    public func cumsum(axis: Int) throws -> Tensor {
        if rank == 0 { return alias() }
        let a = try Shape.axis(axis, rank: rank, op: "cumsum")
        let out = try Tensor.allocate(shape, op: "cumsum")
        reading(into: out) { x, o in
            Tensor.forEachLane(shape, axis: a) { base, n, s in
                var acc: Float = 0
                for k in 0..<n { acc += x[base + k * s]; o[base + k * s] = acc }
            }
        }
        let source = shape
        return out.recording("cumsum", [self]) { g in
            // Each input element reaches every later output: the gradient is the reversed running sum.
            let dx = try Tensor.allocate(source, op: "cumsum")
            g.reading(into: dx) { pg, d in
                Tensor.forEachLane(source, axis: a) { base, n, s in
                    var acc: Float = 0
                    for k in stride(from: n - 1, through: 0, by: -1) { acc += pg[base + k * s]; d[base + k * s] = acc }
                }
            }
            return [dx]
        }
    }

    /// The running product along `axis`: element k is the product of elements 0...k.
    ///
    /// The gradient is exact with zeros in the input (dividing the output by the input is not).
    public func cumprod(axis: Int) throws -> Tensor {
        if rank == 0 { return alias() }
        let a = try Shape.axis(axis, rank: rank, op: "cumprod")
        let out = try Tensor.allocate(shape, op: "cumprod")
        reading(into: out) { x, o in
            Tensor.forEachLane(shape, axis: a) { base, n, s in
                var acc: Float = 1
                for k in 0..<n { acc *= x[base + k * s]; o[base + k * s] = acc }
            }
        }
        let x = detach(), source = shape
        return out.recording("cumprod", [self]) { g in
            let dx = try Tensor.allocate(source, op: "cumprod")
            x.reading { px in
                g.reading(into: dx) { pg, d in
                    Tensor.forEachLane(source, axis: a) { base, n, s in
                        Tensor.cumprodGradient(px + base, pg + base, d + base, n, s)
                    }
                }
            }
            return [dx]
        }
    }

    /// One lane of cumprod's gradient: `dx[k] = Σ_{j≥k} g[j] · Π_{i≤j, i≠k} x[i]`.
    ///
    /// Computed as prefix(k) · Σ_{j≥k} g[j] · Π_{k<i≤j} x[i], with the inner sums built from the end
    /// (Horner's scheme), which needs no division and so stays exact where x has zeros.
    static func cumprodGradient(_ x: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>,
                                _ n: Int, _ s: Int) {
        guard n > 0 else { return }
        // suffix[k] = g[k] + x[k+1] · suffix[k+1]
        var suffix: Float = 0
        for k in stride(from: n - 1, through: 0, by: -1) {
            suffix = k == n - 1 ? g[k * s] : g[k * s] + x[(k + 1) * s] * suffix
            d[k * s] = suffix
        }
        var prefix: Float = 1
        for k in 0..<n {
            d[k * s] *= prefix
            prefix *= x[k * s]
        }
    }
}
