/// NumPy-style text: `tensor([[0., 1.], [1., 0.]])` laid out by rows, with the middle of large
/// dimensions summarized as `...`.
///
/// As PyTorch's, a tensor of another type than float32 names it after the shape
/// (`tensor([1, 2, 3], dtype: int64)`); integers print without a decimal point and bools as the
/// language's `true` and `false`.
extension Tensor: CustomStringConvertible {
    public var description: String { formatted() }

    /// The text form; dimensions longer than `edgeItems * 2` are summarized when the tensor has more
    /// than `threshold` elements.
    public func formatted(threshold: Int = 1000, edgeItems: Int = 3) -> String {
        let summarize = count > threshold
        let strides = Shape.strides(shape)
        // Which values are shown decides the number style, so a summarized tensor is styled by what it shows.
        var shown: [Int] = []
        func collect(_ dim: Int, _ offset: Int) {
            if dim == rank { shown.append(offset); return }
            for i in indices(dim, summarize, edgeItems) where i >= 0 { collect(dim + 1, offset + i * strides[dim]) }
        }
        if count > 0 { collect(0, 0) }
        let texts = dtype.visit(ElementTexts(storage: storage, offsets: shown))
        let width = texts.map(\.count).max() ?? 1
        let prefix = "tensor("
        var out = prefix
        // `emit` meets the elements in the order `collect` listed them.
        var next = 0
        func emit(_ dim: Int, _ indent: Int) {
            if dim == rank {
                let s = texts[next]
                next += 1
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
                emit(dim + 1, indent + 1)
            }
            out += "]"
        }
        if rank == 0 { out += texts[0] } else { emit(0, prefix.count) }
        if count == 0 || summarize || rank > 1 { out += ", shape: " + describe(shape) }
        if dtype != .float32 { out += ", dtype: " + dtype.rawValue }
        if requiresGrad { out += ", requiresGrad: true" }
        else if let fn = gradFn { out += ", gradFn: " + fn.name }
        return out + ")"
    }

    /// Every element as the text form writes it (in one style for the whole tensor), in row-major order:
    /// for displays that lay elements out themselves, such as an HTML table.
    public func elementTexts() -> [String] {
        dtype.visit(ElementTexts(storage: storage, offsets: Array(0..<count)))
    }

    /// The positions shown along `dim`; -1 stands for the summarized middle.
    private func indices(_ dim: Int, _ summarize: Bool, _ edge: Int) -> [Int] {
        let n = shape[dim]
        if summarize && n > 2 * edge { return Array(0..<edge) + [-1] + Array((n - edge)..<n) }
        return Array(0..<n)
    }
}

/// The text of each element at `offsets`, in one style for all of them, for a storage of the visited type.
private struct ElementTexts: ElementVisitor {
    let storage: TensorStorage
    let offsets: [Int]

    func visit<T: TensorElement>(_ type: T.Type) -> [String] {
        storage.reading(as: T.self) { p in
            switch T.dtype {
            case .float64:
                let values = offsets.map { p[$0].doubleValue }
                let style = NumberStyle(values)
                return values.map { style.format($0) }
            case .float32, .float16, .bfloat16:
                // Every float16 and bfloat16 value is a float32 value, so these print as float32 would.
                let values = offsets.map { Float(p[$0].doubleValue) }
                let style = NumberStyle(values)
                return values.map { style.format($0) }
            case .bool:
                return offsets.map { p[$0].int64Value != 0 ? "true" : "false" }
            default:
                return offsets.map { String(p[$0].int64Value) }
            }
        }
    }
}

/// How a tensor's numbers are written: whole numbers as `1.`, others with four decimals, and very
/// large or small magnitudes in scientific form, all alike within one tensor.
public struct NumberStyle {
    enum Kind { case whole, fixed, scientific }
    let kind: Kind

    /// The style for a set of values shown together.
    public init(_ values: [Float]) {
        // The bounds are float32's own nearest values, as they have always been compared for float32.
        kind = Self.kind(values, large: 1e8, small: 1e-4)
    }

    /// The style for a set of float64 values shown together, with the bounds in double precision.
    public init(_ values: [Double]) {
        kind = Self.kind(values, large: 1e8, small: 1e-4)
    }

    static func kind<V: BinaryFloatingPoint>(_ values: [V], large: V, small: V) -> Kind {
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.map { Swift.abs($0) }.filter { $0 > 0 }
        if finite.allSatisfy({ $0 == $0.rounded() && Swift.abs($0) < large }) { return .whole }
        if let hi = magnitudes.max(), let lo = magnitudes.min(), hi >= large || lo < small { return .scientific }
        return .fixed
    }

    /// One value in this style.
    public func format(_ v: Float) -> String { format(Double(v)) }

    /// One value in this style; a float32 value gives the same text as `format(Float)`.
    public func format(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        switch kind {
        case .whole: return String(Int64(v)) + "."
        case .fixed: return Self.fixed(v, 4)
        case .scientific: return Self.scientific(v)
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
