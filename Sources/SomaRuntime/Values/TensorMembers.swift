import Script
import TensorEngine

/// The properties and methods of tensors in the language, named as the engine names them.
enum TensorMembers {
    typealias Member = MemberTable<Tensor>.Member

    /// A reduction over all elements (no axis), along one axis, or over a list of axes, keeping the
    /// reduced axes with `keepDims`. `along` gets the axes and whether one number (not a list) was given.
    static func reduction(_ name: String, _ summary: String, extra: [Signature.Parameter] = [],
                          all: @escaping @Sendable (Tensor, BoundArguments) throws -> Tensor,
                          along: @escaping @Sendable (Tensor, [Int], Bool, Bool, BoundArguments) throws -> Tensor) -> Member {
        .method(name, [.optional("axis", shown: "all"), .defaulted("keepDims", false)] + extra, summary) { t, a, _ in
            let keep = try a.boolean("keepDims")
            guard let axis = try a.given("axis") else {
                let r = try all(t, a)
                return Convert.wrap(keep ? try r.reshape(Array(repeating: 1, count: t.rank)) : r)
            }
            if case .number = axis { return Convert.wrap(try along(t, [try axis.integer("axis")], true, keep, a)) }
            return Convert.wrap(try along(t, try axis.integers("axis"), false, keep, a))
        }
    }

    /// An elementwise function of one tensor with no options.
    static func unary(_ name: String, _ summary: String, _ f: @escaping @Sendable (Tensor) throws -> Tensor) -> Member {
        .method(name, [], summary) { t, _, _ in Convert.wrap(try f(t)) }
    }

    /// A method that takes a shape as separate numbers (`reshape(2, 3)`) or one list (`reshape([2, 3])`).
    static func shaped(_ name: String, _ summary: String, _ f: @escaping @Sendable (Tensor, [Int]) throws -> Tensor) -> Member {
        .method(name, [.variadic("shape")], summary) { t, a, _ in
            Convert.wrap(try f(t, try a.variadicShape("shape", of: name)))
        }
    }

    /// The elementwise functions of one tensor that are also builtins: `t.exp()` and `exp(t)` call
    /// the same engine function, without looking a member up.
    static let elementwise: [(name: String, summary: String, apply: @Sendable (Tensor) throws -> Tensor)] = [
        ("exp", "e to the power of each element.", { try $0.exp() }),
        ("log", "the natural logarithm of each element.", { try $0.log() }),
        ("sqrt", "the square root of each element.", { try $0.sqrt() }),
        ("abs", "the absolute value of each element.", { try $0.abs() }),
        ("sin", "the sine of each element.", { try $0.sin() }),
        ("cos", "the cosine of each element.", { try $0.cos() }),
        ("tanh", "the hyperbolic tangent of each element.", { try $0.tanh() }),
        ("sigmoid", "1 / (1 + e^−x) of each element.", { try $0.sigmoid() }),
        ("relu", "max(x, 0) of each element (NaN stays NaN).", { try $0.relu() }),
        ("sign", "−1, 0 or 1 by the sign of each element.", { try $0.sign() }),
        ("floor", "each element rounded down.", { try $0.floor() }),
        ("ceil", "each element rounded up.", { try $0.ceil() }),
        ("erf", "the error function of each element.", { try $0.erf() }),
        ("erfc", "the complementary error function 1 − erf(x) of each element.", { try $0.erfc() }),
        ("lgamma", "the logarithm of |Γ(x)| of each element.", { try $0.lgamma() }),
        ("digamma", "the digamma function ψ(x), the derivative of lgamma, of each element.", { try $0.digamma() }),
    ]

    static let table = MemberTable<Tensor>(elementwise.map { f in unary(f.name, f.summary, f.apply) } + [
        .property("shape", "the size of each dimension.") { t in .list(ListStorage(t.shape.map { .number(Double($0)) })) },
        .property("rank", "the number of dimensions.") { t in .number(Double(t.rank)) },
        .property("count", "the number of elements.") { t in .number(Double(t.count)) },
        .property("grad", "the gradient backward() left, or nil.") { t in t.grad.map(Convert.wrap) ?? .null },
        .property("requiresGrad", "whether operations on it are recorded for gradients.") { t in .bool(t.tracksGrad) },
        .property("gradFn", "the name of the operation that computed it, or nil for a leaf.") { t in t.gradFn.map { .string($0.name) } ?? .null },
        .property("T", "the transpose of the last two dimensions.") { t in Convert.wrap(try t.transpose()) },
        reduction("sum", "the sum of all elements, or along an axis or a list of axes.", all: { t, _ in t.sum() },
                  along: { t, axes, _, keep, _ in try t.sum(axes: axes, keepDims: keep) }),
        reduction("mean", "the mean of all elements, or along an axis or a list of axes.", all: { t, _ in try t.mean() },
                  along: { t, axes, _, keep, _ in try t.mean(axes: axes, keepDims: keep) }),
        reduction("max", "the largest element, along an axis (the gradient goes to argmax), or over a list of axes (ties share it).",
                  all: { t, _ in try t.max() },
                  along: { t, axes, single, keep, _ in single ? try t.max(axis: axes[0], keepDims: keep) : try t.amax(axes: axes, keepDims: keep) }),
        reduction("min", "the smallest element, along an axis (the gradient goes to argmin), or over a list of axes (ties share it).",
                  all: { t, _ in try t.min() },
                  along: { t, axes, single, keep, _ in single ? try t.min(axis: axes[0], keepDims: keep) : try t.amin(axes: axes, keepDims: keep) }),
        reduction("all", "true where every element (of all, or along axes) is non-zero.", all: { t, _ in try t.all() },
                  along: { t, axes, _, keep, _ in try t.all(axes: axes, keepDims: keep) }),
        reduction("any", "true where some element (of all, or along axes) is non-zero.", all: { t, _ in try t.any() },
                  along: { t, axes, _, keep, _ in try t.any(axes: axes, keepDims: keep) }),
        reduction("amax", "the largest element over an axis or a list of axes; tied maxima share the gradient.", all: { t, _ in try t.max() },
                  along: { t, axes, _, keep, _ in try t.amax(axes: axes, keepDims: keep) }),
        reduction("amin", "the smallest element over an axis or a list of axes; tied minima share the gradient.", all: { t, _ in try t.min() },
                  along: { t, axes, _, keep, _ in try t.amin(axes: axes, keepDims: keep) }),
        reduction("var", "the variance over n − correction (1: unbiased), of all elements or along axes.", extra: [.defaulted("correction", 1)],
                  all: { t, a in try t.variance(correction: try a.integer("correction")) },
                  along: { t, axes, _, keep, a in try t.variance(axes: axes, keepDims: keep, correction: try a.integer("correction")) }),
        reduction("std", "the standard deviation over n − correction (1: unbiased), of all elements or along axes.", extra: [.defaulted("correction", 1)],
                  all: { t, a in try t.std(correction: try a.integer("correction")) },
                  along: { t, axes, _, keep, a in try t.std(axes: axes, keepDims: keep, correction: try a.integer("correction")) }),
        .method("argmax", [.optional("axis", shown: "all"), .defaulted("keepDims", false)], "the index of the largest value.") { t, a, _ in
            Convert.wrap(try t.argmax(axis: try a.given("axis")?.integer("axis"), keepDims: try a.boolean("keepDims")))
        },
        .method("argmin", [.optional("axis", shown: "all"), .defaulted("keepDims", false)], "the index of the smallest value.") { t, a, _ in
            Convert.wrap(try t.argmin(axis: try a.given("axis")?.integer("axis"), keepDims: try a.boolean("keepDims")))
        },
        .method("logsumexp", [.defaulted("axis", -1), .defaulted("keepDims", false)], "log(sum(exp(t))) along an axis or a list of axes, computed stably.") { t, a, _ in
            Convert.wrap(try t.logsumexp(axes: try a.value("axis").integers("axis"), keepDims: try a.boolean("keepDims")))
        },
        .method("softmax", [.defaulted("axis", -1)], "exp(t) normalised to sum to 1 along the axis.") { t, a, _ in
            Convert.wrap(try t.softmax(axis: try a.integer("axis")))
        },
        .method("logSoftmax", [.defaulted("axis", -1)], "log(softmax(t)), computed stably.") { t, a, _ in
            Convert.wrap(try t.logSoftmax(axis: try a.integer("axis")))
        },
        // Not among the builtins above: round(x, digits:) of the core library calls this for a tensor.
        unary("round", "each element rounded half to even.") { try $0.round() },
        unary("detach", "the same values without gradient history.") { $0.detach() },
        unary("copy", "a copy with its own storage.") { try $0.copy() },
        unary("clone", "a copy with its own storage that stays in the autograd graph (PyTorch's clone): gradients flow back to the original.") { try $0.clone() },
        unary("neg", "−t.") { try -$0 },
        .method("clamp", [.optional("min", shown: "-inf"), .optional("max", shown: "inf")],
                "each element limited to [min, max]; the bounds are numbers or tensors that broadcast.") { t, a, _ in
            let low = try a.given("min"), high = try a.given("max")
            if low.map(Library.isTensor) == true || high.map(Library.isTensor) == true {
                return Convert.wrap(try t.clamp(min: try a.optionalTensor("min"), max: try a.optionalTensor("max")))
            }
            return Convert.wrap(try t.clamp(min: try low?.number("min") ?? -.infinity, max: try high?.number("max") ?? .infinity))
        },
        .method("pow", ["exponent"], "each element to the power of a number or of the matching element of a tensor.") { t, a, _ in
            let e = try a.value("exponent")
            if case .number(let n) = e { return Convert.wrap(try t.pow(Float(n))) }
            return Convert.wrap(try t.pow(try Convert.tensor(e, "exponent")))
        },
        .method("matmul", ["other"], "the matrix product t @ other.") { t, a, _ in Convert.wrap(try t.matmul(try a.tensor("other"))) },
        .method("logicalAnd", ["other"], "the elementwise logical and (non-zero is true), as a bool tensor.") { t, a, _ in Convert.wrap(try t.logicalAnd(try a.tensor("other"))) },
        .method("logicalOr", ["other"], "the elementwise logical or (non-zero is true), as a bool tensor.") { t, a, _ in Convert.wrap(try t.logicalOr(try a.tensor("other"))) },
        .method("logicalXor", ["other"], "the elementwise logical exclusive or, as a bool tensor.") { t, a, _ in Convert.wrap(try t.logicalXor(try a.tensor("other"))) },
        .method("logicalNot", [], "true where the element is zero, as a bool tensor.") { t, _, _ in Convert.wrap(try t.logicalNot()) },
        .method("minimum", ["other"], "the elementwise minimum with broadcasting.") { t, a, _ in Convert.wrap(try t.minimum(try a.tensor("other"))) },
        .method("maximum", ["other"], "the elementwise maximum with broadcasting.") { t, a, _ in Convert.wrap(try t.maximum(try a.tensor("other"))) },
        shaped("reshape", "the same values in a new shape; one dimension may be -1.") { try $0.reshape($1) },
        shaped("view", "the same values in a new shape (as reshape).") { try $0.reshape($1) },
        shaped("expand", "the tensor broadcast to a larger shape.") { try $0.expand(to: $1) },
        shaped("permute", "the dimensions in a new order.") { try $0.permute($1) },
        .method("unflatten", ["axis", "sizes"], "dimension axis split into sizes (one may be -1).") { t, a, _ in
            Convert.wrap(try t.unflatten(axis: try a.integer("axis"), sizes: try a.value("sizes").integers("the sizes of unflatten")))
        },
        .method("flatten", [.optional("from", shown: "0")], "the dimensions from `from` on collapsed into one.") { t, a, _ in
            Convert.wrap(try a.given("from").map { try t.flatten(from: try $0.integer("from")) } ?? t.flatten())
        },
        .method("transpose", [.defaulted("a", -2), .defaulted("b", -1)], "two dimensions swapped.") { t, a, _ in
            Convert.wrap(try t.transpose(try a.integer("a"), try a.integer("b")))
        },
        .method("squeeze", [.optional("axis", shown: "all")], "dimensions of size 1 removed (or only that axis).") { t, a, _ in
            Convert.wrap(try t.squeeze(axis: try a.given("axis")?.integer("axis")))
        },
        .method("unsqueeze", ["axis"], "a dimension of size 1 inserted at axis.") { t, a, _ in Convert.wrap(try t.unsqueeze(axis: try a.integer("axis"))) },
        .method("size", ["axis"], "the size of one dimension.") { t, a, _ in .number(Double(try t.size(try a.integer("axis")))) },
        .method("item", [], "the number in a one-element tensor, exactly (a bool for a bool tensor).") { t, _, _ in
            element(try t.itemValue(), of: t.dtype)
        },
        .method("tolist", [], "nested lists of numbers (bools for a bool tensor) with the tensor's shape, read exactly.") { t, _, _ in try list(t) },
        .method("backward", [.optional("gradient", shown: "1"), .defaulted("retainGraph", false), .defaulted("createGraph", false)],
                "back-propagates; leaves that require gradients get .grad.") { t, a, _ in
            try t.backward(gradient: try a.optionalTensor("gradient"), retainGraph: try a.boolean("retainGraph"),
                           createGraph: try a.boolean("createGraph"))
            return .null
        },
        .method("zeroGrad", [], "forgets the gradient.") { t, _, _ in t.zeroGrad(); return .null },
        .method("registerHook", ["hook"],
                "calls hook(gradient) whenever backward reaches this tensor; a tensor it returns replaces the gradient. Returns a handle: handle.remove().") { t, a, vm in
            let hook = t.registerHook(HookHandleValue.gradientHook(calling: try a.value("hook"), vm))
            return .object(HookHandleValue(on: "a tensor of shape \(t.shape)") { [weak t] in t?.removeHook(hook) })
        },
        .method("split", ["sizes", .defaulted("axis", 0)], "pieces of one size (a number) or of the listed sizes along an axis.") { t, a, _ in
            let axis = try a.integer("axis"), sizes = try a.value("sizes")
            let parts: [Tensor]
            if case .number = sizes { parts = try t.split(size: try sizes.integer("size"), axis: axis) }
            else { parts = try t.split(sizes: try sizes.integers("sizes"), axis: axis) }
            return .list(ListStorage(parts.map(Convert.wrap)))
        },
        .method("chunk", ["chunks", .defaulted("axis", 0)], "that many nearly equal pieces along an axis.") { t, a, _ in
            .list(ListStorage(try t.chunk(try a.integer("chunks"), axis: try a.integer("axis")).map(Convert.wrap)))
        },
        .method("gather", ["axis", "index"], "the elements the index tensor picks along an axis.") { t, a, _ in
            Convert.wrap(try t.gather(axis: try a.integer("axis"), index: try a.tensor("index")))
        },
        .method("indexSelect", ["axis", "indices"], "the slices at the indices along an axis.") { t, a, _ in
            Convert.wrap(try t.indexSelect(axis: try a.integer("axis"), indices: try a.tensor("indices")))
        },
        .method("scatterAdd", ["axis", "index", "source"], "a copy with source added at the index positions along an axis.") { t, a, _ in
            Convert.wrap(try t.scatterAdd(axis: try a.integer("axis"), index: try a.tensor("index"), source: try a.tensor("source")))
        },
        .method("maskedFill", ["mask", "value"], "a copy with value where the mask is non-zero.") { t, a, _ in
            Convert.wrap(try t.maskedFill(try a.tensor("mask"), try a.float("value")))
        },
    ] + operations + conversions)

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
        try Interpreter.checkCollection(t.count, stride: MemoryLayout<Value>.stride + MemoryLayout<Double>.stride, message)
        let values = t.elements(as: Double.self)
        func build(_ dim: Int, _ offset: Int, _ stride: Int) -> Value {
            if dim == t.rank { return element(values[offset], of: t.dtype) }
            let inner = stride / max(t.shape[dim], 1)
            return .list(ListStorage((0..<t.shape[dim]).map { build(dim + 1, offset + $0 * inner, inner) }))
        }
        return build(0, 0, t.count)
    }
}
