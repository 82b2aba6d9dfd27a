import Script
import Tensor

/// The properties and methods of tensors in the language, named as the engine names them.
enum TensorMembers {
    typealias Method = (Tensor, Arguments) throws -> Value

    static func member(_ t: Tensor, _ name: String) throws -> Value? {
        switch name {
        case "shape": return .list(ListStorage(t.shape.map { .number(Double($0)) }))
        case "rank": return .number(Double(t.rank))
        case "count": return .number(Double(t.count))
        case "grad": return t.grad.map(Convert.wrap) ?? .null
        case "requiresGrad": return .bool(t.tracksGrad)
        case "gradFn": return t.gradFn.map { .string($0.name) } ?? .null
        case "T": return Convert.wrap(try t.transpose())
        default: break
        }
        guard let m = methods[name] else { return nil }
        return .function(NativeFunction(name, doc: docs[name] ?? "") { args, _ in try m(t, args) })
    }

    static var names: [String] { (["shape", "rank", "count", "grad", "requiresGrad", "gradFn", "T"] + methods.keys).sorted() }

    /// An optional `axis:` argument (nil means all elements).
    static func axis(_ v: Value?) throws -> Int? { try v.map { try $0.integer("axis") } }

    static func keep(_ v: Value?) throws -> Bool { try v?.boolean("keepdims") ?? false }

    /// A reduction that takes `axis:` (or none for all elements) and `keepdims:`.
    static func reduction(_ name: String, all: @escaping (Tensor) throws -> Tensor,
                          along: @escaping (Tensor, Int, Bool) throws -> Tensor) -> Method {
        { t, a in
            let v = try a.bind(name, ["axis", "keepdims"])
            guard let axis = try axis(v[0]) else {
                let r = try all(t)
                return Convert.wrap(try keep(v[1]) ? r.reshape(Array(repeating: 1, count: t.rank)) : r)
            }
            return Convert.wrap(try along(t, axis, try keep(v[1])))
        }
    }

    static func unary(_ name: String, _ f: @escaping (Tensor) throws -> Tensor) -> Method {
        { t, a in try a.expectNone(name); return Convert.wrap(try f(t)) }
    }

    /// A shape given as separate numbers (`reshape(2, 3)`) or one list (`reshape([2, 3])`).
    static func shapeArgument(_ a: Arguments, _ name: String) throws -> [Int] {
        guard a.labelled.isEmpty else { throw ScriptError("TypeError", "\(name) takes a shape, without labels") }
        if a.positional.count == 1 { return try Convert.shape(a.positional[0], "the shape of \(name)") }
        return try a.positional.map { try $0.integer("a dimension of \(name)") }
    }

    static let methods: [String: Method] = [
        "sum": reduction("sum", all: { $0.sum() }, along: { try $0.sum(axis: $1, keepdims: $2) }),
        "mean": reduction("mean", all: { try $0.mean() }, along: { try $0.mean(axis: $1, keepdims: $2) }),
        "max": reduction("max", all: { try $0.max() }, along: { try $0.max(axis: $1, keepdims: $2) }),
        "min": reduction("min", all: { try $0.min() }, along: { try $0.min(axis: $1, keepdims: $2) }),
        "var": reduction("var", all: { try $0.variance() }, along: { try $0.variance(axis: $1, keepdims: $2) }),
        "std": reduction("std", all: { try $0.std() }, along: { try $0.std(axis: $1, keepdims: $2) }),
        "argmax": { t, a in
            let v = try a.bind("argmax", ["axis", "keepdims"])
            return Convert.wrap(try t.argmax(axis: try axis(v[0]), keepdims: try keep(v[1])))
        },
        "argmin": { t, a in
            let v = try a.bind("argmin", ["axis", "keepdims"])
            return Convert.wrap(try t.argmin(axis: try axis(v[0]), keepdims: try keep(v[1])))
        },
        "logsumexp": { t, a in
            let v = try a.bind("logsumexp", ["axis", "keepdims"])
            return Convert.wrap(try t.logsumexp(axis: try axis(v[0]) ?? -1, keepdims: try keep(v[1])))
        },
        "softmax": { t, a in Convert.wrap(try t.softmax(axis: try axis(try a.bind("softmax", ["axis"])[0]) ?? -1)) },
        "logSoftmax": { t, a in Convert.wrap(try t.logSoftmax(axis: try axis(try a.bind("logSoftmax", ["axis"])[0]) ?? -1)) },
        "exp": unary("exp") { try $0.exp() }, "log": unary("log") { try $0.log() }, "sqrt": unary("sqrt") { try $0.sqrt() },
        "abs": unary("abs") { try $0.abs() }, "sin": unary("sin") { try $0.sin() }, "cos": unary("cos") { try $0.cos() },
        "tanh": unary("tanh") { try $0.tanh() }, "sigmoid": unary("sigmoid") { try $0.sigmoid() }, "relu": unary("relu") { try $0.relu() },
        "sign": unary("sign") { try $0.sign() }, "round": unary("round") { try $0.round() }, "floor": unary("floor") { try $0.floor() },
        "ceil": unary("ceil") { try $0.ceil() }, "detach": unary("detach") { $0.detach() }, "copy": unary("copy") { try $0.copy() },
        "neg": unary("neg") { try -$0 },
        "clamp": { t, a in
            let v = try a.bind("clamp", ["min", "max"])
            return Convert.wrap(try t.clamp(min: try Convert.float(v[0], "min", default: -.infinity), max: try Convert.float(v[1], "max", default: .infinity)))
        },
        "pow": { t, a in
            let e = try a.bind("pow", ["exponent"], required: 1)[0]!
            if case .number(let n) = e { return Convert.wrap(try t.pow(Float(n))) }
            return Convert.wrap(try t.pow(try Convert.tensor(e, "exponent")))
        },
        "matmul": { t, a in Convert.wrap(try t.matmul(try Convert.tensor(try a.bind("matmul", ["other"], required: 1)[0]!, "other"))) },
        "minimum": { t, a in Convert.wrap(try t.minimum(try Convert.tensor(try a.bind("minimum", ["other"], required: 1)[0]!, "other"))) },
        "maximum": { t, a in Convert.wrap(try t.maximum(try Convert.tensor(try a.bind("maximum", ["other"], required: 1)[0]!, "other"))) },
        "reshape": { t, a in Convert.wrap(try t.reshape(try shapeArgument(a, "reshape"))) },
        "view": { t, a in Convert.wrap(try t.reshape(try shapeArgument(a, "view"))) },
        "expand": { t, a in Convert.wrap(try t.expand(to: try shapeArgument(a, "expand"))) },
        "permute": { t, a in Convert.wrap(try t.permute(try shapeArgument(a, "permute"))) },
        "flatten": { t, a in
            let v = try a.bind("flatten", ["from"])
            return Convert.wrap(try v[0].map { try t.flatten(from: try $0.integer("from")) } ?? t.flatten())
        },
        "transpose": { t, a in
            let v = try a.bind("transpose", ["a", "b"])
            return Convert.wrap(try t.transpose(try v[0]?.integer("a") ?? -2, try v[1]?.integer("b") ?? -1))
        },
        "squeeze": { t, a in Convert.wrap(try t.squeeze(axis: try axis(try a.bind("squeeze", ["axis"])[0]))) },
        "unsqueeze": { t, a in Convert.wrap(try t.unsqueeze(axis: try a.bind("unsqueeze", ["axis"], required: 1)[0]!.integer("axis"))) },
        "size": { t, a in .number(Double(try t.size(try a.bind("size", ["axis"], required: 1)[0]!.integer("axis")))) },
        "item": { t, a in try a.expectNone("item"); return .number(Double(try t.item())) },
        "tolist": { t, a in try a.expectNone("tolist"); return try list(t) },
        "backward": { t, a in
            let v = try a.bind("backward", ["gradient", "retainGraph"])
            try t.backward(gradient: try v[0].map { try Convert.tensor($0, "gradient") }, retainGraph: try v[1]?.boolean("retainGraph") ?? false)
            return .null
        },
        "zeroGrad": { t, a in try a.expectNone("zeroGrad"); t.zeroGrad(); return .null },
        "split": { t, a in
            let v = try a.bind("split", ["sizes", "axis"], required: 1)
            let axis = try v[1]?.integer("axis") ?? 0
            let parts: [Tensor]
            if case .number = v[0]! { parts = try t.split(size: try v[0]!.integer("size"), axis: axis) }
            else { parts = try t.split(sizes: try v[0]!.integers("sizes"), axis: axis) }
            return .list(ListStorage(parts.map(Convert.wrap)))
        },
        "chunk": { t, a in
            let v = try a.bind("chunk", ["chunks", "axis"], required: 1)
            return .list(ListStorage(try t.chunk(try v[0]!.integer("chunks"), axis: try v[1]?.integer("axis") ?? 0).map(Convert.wrap)))
        },
        "gather": { t, a in
            let v = try a.bind("gather", ["axis", "index"], required: 2)
            return Convert.wrap(try t.gather(axis: try v[0]!.integer("axis"), index: try Convert.tensor(v[1]!, "index")))
        },
        "indexSelect": { t, a in
            let v = try a.bind("indexSelect", ["axis", "indices"], required: 2)
            return Convert.wrap(try t.indexSelect(axis: try v[0]!.integer("axis"), indices: try Convert.tensor(v[1]!, "indices")))
        },
        "scatterAdd": { t, a in
            let v = try a.bind("scatterAdd", ["axis", "index", "source"], required: 3)
            return Convert.wrap(try t.scatterAdd(axis: try v[0]!.integer("axis"), index: try Convert.tensor(v[1]!, "index"), source: try Convert.tensor(v[2]!, "source")))
        },
        "maskedFill": { t, a in
            let v = try a.bind("maskedFill", ["mask", "value"], required: 2)
            return Convert.wrap(try t.maskedFill(try Convert.tensor(v[0]!, "mask"), Float(try v[1]!.number("value"))))
        },
    ]

    static let docs: [String: String] = [
        "sum": "t.sum(axis: nil, keepdims: false) — the sum of all elements, or along an axis.",
        "mean": "t.mean(axis: nil, keepdims: false) — the mean of all elements, or along an axis.",
        "backward": "t.backward(gradient: nil, retainGraph: false) — back-propagates; leaves that require gradients get .grad.",
        "reshape": "t.reshape(shape) — the same values in a new shape; one dimension may be -1.",
        "item": "t.item() — the number in a one-element tensor.",
        "argmax": "t.argmax(axis: nil, keepdims: false) — the index of the largest value.",
    ]

    /// Nested lists of numbers with the tensor's shape.
    static func list(_ t: Tensor) throws -> Value {
        // Each number becomes a language value several times a Float's size, and each row a list (a
        // [1000000000, 0] tensor has no numbers but a billion rows): refuse before building.
        var rows = 1
        for d in t.shape.dropLast() {
            let (p, overflow) = rows.multipliedReportingOverflow(by: d)
            rows = overflow ? Int.max : p
        }
        let message = "tolist: a tensor of shape \(t.shape) has \(t.count) elements, more than a list holds (\(Interpreter.maxCollection))"
        guard rows <= Interpreter.maxCollection else { throw ScriptError("MemoryError", message) }
        // The copy of the values and the list of numbers are both made.
        try Interpreter.checkCollection(t.count, stride: MemoryLayout<Value>.stride + MemoryLayout<Float>.stride, message)
        let values = t.values
        func build(_ dim: Int, _ offset: Int, _ stride: Int) -> Value {
            if dim == t.rank { return .number(Double(values[offset])) }
            let inner = stride / max(t.shape[dim], 1)
            return .list(ListStorage((0..<t.shape[dim]).map { build(dim + 1, offset + $0 * inner, inner) }))
        }
        return build(0, 0, t.count)
    }
}
