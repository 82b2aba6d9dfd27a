/// NumPy-style text: `tensor([[0., 1.], [1., 0.]])` laid out by rows, with the middle of large
/// dimensions summarized as `...`.
extension Tensor: CustomStringConvertible {
    public var description: String { formatted() }

    /// The text form; dimensions longer than `edgeItems * 2` are summarized when the tensor has more
    /// than `threshold` elements.
    public func formatted(threshold: Int = 1000, edgeItems: Int = 3) -> String {
        let summarize = count > threshold
        // The nested walks read the elements, so they all run inside one reading scope.
        var out = reading { p in
            // Which values are shown decides the number style, so a summarized tensor is styled by what it shows.
            var shown: [Float] = []
            func collect(_ dim: Int, _ offset: Int, _ strides: [Int]) {
                if dim == rank { shown.append(p[offset]); return }
                for i in indices(dim, summarize, edgeItems) where i >= 0 { collect(dim + 1, offset + i * strides[dim], strides) }
            }
            let strides = Shape.strides(shape)
            if count > 0 { collect(0, 0, strides) }
            let style = NumberStyle(shown)
            let width = shown.map { style.format($0).count }.max() ?? 1
            let prefix = "tensor("
            var out = prefix
            func emit(_ dim: Int, _ offset: Int, _ indent: Int) {
                if dim == rank {
                    let s = style.format(p[offset])
                    out += String(repeating: " ", count: Swift.max(0, width - s.count)) + s
                    return
                }
                out += "["
                let idx = indices(dim, summarize, edgeItems)
                for (n, i) in idx.enumerated() {
                    if n > 0 {
                        out += ","
                        if dim == rank - 1 { out += " " } else {
                            out += String(repeating: "\n", count: rank - dim - 1) + String(repeating: " ", count: indent + 1)
                        }
                    }
                    if i < 0 { out += "..."; continue }
                    emit(dim + 1, offset + i * strides[dim], indent + 1)
                }
                out += "]"
            }
            if rank == 0 { out += style.format(p[0]) } else { emit(0, 0, prefix.count) }
            return out
        }
        if count == 0 || summarize || rank > 1 { out += ", shape: " + describe(shape) }
        if requiresGrad { out += ", requiresGrad: true" }
        else if let fn = gradFn { out += ", gradFn: " + fn.name }
        return out + ")"
    }

    /// The positions shown along `dim`; -1 stands for the summarized middle.
    private func indices(_ dim: Int, _ summarize: Bool, _ edge: Int) -> [Int] {
        let n = shape[dim]
        if summarize && n > 2 * edge { return Array(0..<edge) + [-1] + Array((n - edge)..<n) }
        return Array(0..<n)
    }
}

/// How a tensor's numbers are written: whole numbers as `1.`, others with four decimals, and very
/// large or small magnitudes in scientific form, all alike within one tensor.
public struct NumberStyle {
    enum Kind { case whole, fixed, scientific }
    let kind: Kind

    /// The style for a set of values shown together.
    public init(_ values: [Float]) {
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 > 0 }
        if finite.allSatisfy({ $0 == $0.rounded() && Swift.abs($0) < 1e8 }) { kind = .whole }
        else if let hi = magnitudes.max(), let lo = magnitudes.min(), hi >= 1e8 || lo < 1e-4 { kind = .scientific }
        else { kind = .fixed }
    }

    /// One value in this style.
    public func format(_ v: Float) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        switch kind {
        case .whole: return String(Int64(v)) + "."
        case .fixed: return Self.fixed(Double(v), 4)
        case .scientific: return Self.scientific(Double(v))
        }
    }

    static func fixed(_ v: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (Swift.abs(v) * scale).rounded()
        let whole = Int64(r / scale), frac = Int64(r) - whole * Int64(scale)
        var f = String(frac)
        f = String(repeating: "0", count: Swift.max(0, digits - f.count)) + f
        return (v < 0 && r != 0 ? "-" : "") + "\(whole).\(f)"
    }

    static func scientific(_ v: Double) -> String {
        if v == 0 { return "0.0000e+00" }
        var e = 0
        var m = Swift.abs(v)
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        var mant = fixed(m, 4)
        if mant.hasPrefix("10.") { mant = "1.0000"; e += 1 }
        let exp = (e < 0 ? "-" : "+") + (Swift.abs(e) < 10 ? "0" : "") + String(Swift.abs(e))
        return (v < 0 ? "-" : "") + mant + "e" + exp
    }
}
