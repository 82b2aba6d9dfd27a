import NN
import Script
import TensorEngine

/// Conversions between the language's values and engine types, with errors that name the argument.
enum Convert {
    /// The most dimensions a tensor made from nested lists may have (PyTorch's limit too).
    static let maxRank = 64
    /// A tensor from a tensor, a number, a bool, or nested lists of numbers. `what` is built only when
    /// needed (nested lists, an error), as a layer call names its input with the layer's description.
    static func tensor(_ value: Value, _ what: @autoclosure () -> String) throws -> Tensor {
        switch value {
        case .object(let o as TensorValue): return o.tensor
        case .number(let n): return Tensor(Float(n))
        case .bool(let b): return Tensor(b ? 1 : 0)
        case .list, .range: return try fromNested(value, what())
        default: throw ScriptError("TypeError", "\(what()) must be a tensor, a number or a list of numbers, not a \(value.typeName)")
        }
    }

    /// Nested lists to a float32 tensor; every row at one depth must have the same length.
    static func fromNested(_ value: Value, _ what: String) throws -> Tensor {
        let n = try nestedNumbers(value, what)
        return try Tensor(shape: n.shape, elements: n.values, dtype: .float32)
    }

    /// The numbers of nested lists read exactly (as Doubles, the language's numbers), the shape they
    /// fill, and whether every leaf is a bool (a language bool or an element of a bool tensor).
    struct NestedNumbers {
        var shape: [Int]
        var values: [Double]
        var allBool: Bool
    }

    /// The leaves of nested lists, ranges and tensors; every row at one depth must have the same length.
    static func nestedNumbers(_ value: Value, _ what: String) throws -> NestedNumbers {
        var shape: [Int] = []
        var probe = value
        while true {
            if case .list(let l) = probe { shape.append(l.items.count); guard let f = l.items.first else { break }; probe = f }
            else if case .range(let lo, let hi) = probe { shape.append(max(0, hi - lo)); break }
            else if case .object(let o as TensorValue) = probe { shape += o.tensor.shape; break }
            else { break }
            // Checked while probing: the walk below recurses once per level.
            guard shape.count <= Convert.maxRank else {
                throw ScriptError("ValueError", "\(what): lists nested more than \(Convert.maxRank) deep cannot be a tensor (a tensor has at most \(Convert.maxRank) dimensions)")
            }
        }
        // Checked first: a range such as 0..<10**15 names more elements than memory holds.
        let count = try Memory.count(shape, op: what)
        try Interpreter.checkMemory(bytes: count * MemoryLayout<Double>.stride, Memory.cannotAllocate(shape, op: what))
        var reader = NestedReader(shape: shape, what: what)
        reader.values.reserveCapacity(count)
        try reader.read(value, depth: 0)
        return NestedNumbers(shape: shape, values: reader.values, allBool: reader.allBool)
    }

    /// Reads the leaves of nested lists into `values`, in row-major order, checking that they fill `shape`.
    ///
    /// The position of the item being read is kept in `path`, one index per depth overwritten in place,
    /// and spelled out only in an error: spelling it (and copying it) for every item made the cost grow
    /// with the depth times the number of elements.
    private struct NestedReader {
        let shape: [Int]
        let what: String
        var values: [Double] = []
        var allBool = true
        /// `path[d]` is the index, at depth `d`, of the item being read below depth `d`.
        var path: [Int]

        init(shape: [Int], what: String) {
            self.shape = shape
            self.what = what
            path = [Int](repeating: 0, count: shape.count)
        }

        /// " at [i][j]" for the item at `depth` (the indices of the lists above it), "" for the whole value.
        func place(_ depth: Int) -> String {
            depth == 0 ? "" : " at " + path[..<depth].map { "[\($0)]" }.joined()
        }

        mutating func read(_ v: Value, depth: Int) throws {
            if depth == shape.count { return try leaf(v, depth) }
            switch v {
            case .list(let l):
                guard l.items.count == shape[depth] else {
                    throw ScriptError("ShapeError", "\(what): the list\(place(depth)) has \(l.items.count) items but its siblings have \(shape[depth]) (lists must be rectangular)")
                }
                for (i, item) in l.items.enumerated() {
                    path[depth] = i
                    // The innermost rows, where most items are, are read without a call per number.
                    if case .number(let n) = item, depth + 1 == shape.count {
                        values.append(n)
                        allBool = false
                    } else {
                        try read(item, depth: depth + 1)
                    }
                }
            case .range(let lo, let hi):
                guard hi - lo == shape[depth], depth == shape.count - 1 else {
                    throw ScriptError("ShapeError", "\(what): the range\(place(depth)) does not fit shape \(shape)")
                }
                for i in lo..<max(lo, hi) { values.append(Double(i)) }
                allBool = false
            case .object(let o as TensorValue):
                guard Array(shape[depth...]) == o.tensor.shape else {
                    throw ScriptError("ShapeError", "\(what): the tensor\(place(depth)) has shape \(o.tensor.shape), expected \(Array(shape[depth...]))")
                }
                values += try o.tensor.elements(as: Double.self, op: what)
                if o.tensor.dtype != .bool { allBool = false }
            default:
                throw ScriptError("ShapeError", "\(what): expected a list\(place(depth)) (depth \(depth) of shape \(shape)), found a \(v.typeName)")
            }
        }

        mutating func leaf(_ v: Value, _ depth: Int) throws {
            switch v {
            case .number(let n): values.append(n); allBool = false
            case .bool(let b): values.append(b ? 1 : 0)
            default: throw ScriptError("TypeError", "\(what): element\(place(depth)) is a \(v.typeName), not a number")
            }
        }
    }

    /// Index items of the language as engine index specs (`nil` adds an axis, as NumPy's None).
    static func indexSpecs(_ items: [IndexValue]) throws -> [IndexSpec] {
        try items.map { item in
            switch item {
            case .ellipsis: return .ellipsis
            case .slice(let a, let b, let c): return .slice(a, b, c ?? 1)
            case .value(.null): return .newAxis
            case .value(let v): return .at(try v.integer("a tensor index"))
            }
        }
    }

    /// A shape from a list of whole numbers or a single number.
    static func shape(_ value: Value, _ what: @autoclosure () -> String) throws -> [Int] {
        if case .object(let o as TensorValue) = value {
            let what = what()
            return try o.tensor.elements(as: Double.self, op: what).map { try Value.integer($0, "each entry of \(what)") }
        }
        return try value.integers(what())
    }

    /// A file path from a string, or a ValueError: empty, or with a NUL byte that C calls would take as
    /// the end of the path (so `"a.npy\0x"` would silently write `a.npy`).
    static func path(_ value: Value, _ op: String) throws -> String {
        let path = try value.string("the path of \(op)")
        try checkPath(path, op)
        return path
    }

    static func checkPath(_ path: String, _ op: String) throws {
        do { try FileIO.checkPath(path, op) } catch let e as TensorError { throw e.scriptError }
    }

    static func float(_ value: Value?, _ what: @autoclosure () -> String, default d: Float) throws -> Float {
        guard let value else { return d }
        return Float(try value.number(what()))
    }

    /// A number, or the value of a one-element tensor (a loss); `what` names it in the error.
    static func scalar(_ value: Value, _ what: @autoclosure () -> String) throws -> Double {
        if case .object(let t as TensorValue) = value { return try t.tensor.itemValue() }
        return try value.number(what())
    }

    static func wrap(_ t: Tensor) -> Value { .object(TensorValue(t)) }

    /// The shortest decimal that reads back as `x`: a learning rate set to 0.01 reads as 0.01, not as
    /// the Float's exact binary value 0.009999999776….
    static func decimal(_ x: Float) -> Double { Double("\(x)") ?? Double(x) }
}
