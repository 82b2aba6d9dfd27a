import Script
import TensorEngine

/// The methods for sorting, scans, rearranging, counting and norms (the table's second part).
extension TensorMembers {
    /// A list of tensors, which is how a method returns several results (PyTorch's tuples).
    static func results(_ tensors: [Tensor]) -> Value { .list(ListStorage(tensors.map(Convert.wrap))) }

    static let operations: [Member] = [
        .method("sort", [.defaulted("axis", -1), .defaulted("descending", false), .defaulted("stable", false)],
                "[values, indices] sorted along an axis; equal values keep their order.") { t, a, _ in
            let r = try t.sort(axis: try a.integer("axis"), descending: try a.boolean("descending"), stable: try a.boolean("stable"))
            return results([r.values, r.indices])
        },
        .method("argsort", [.defaulted("axis", -1), .defaulted("descending", false), .defaulted("stable", false)],
                "the indices that sort along an axis.") { t, a, _ in
            Convert.wrap(try t.argsort(axis: try a.integer("axis"), descending: try a.boolean("descending"), stable: try a.boolean("stable")))
        },
        .method("topk", ["k", .defaulted("axis", -1), .defaulted("largest", true), .defaulted("sorted", true)],
                "[values, indices] of the k largest (or smallest) along an axis.") { t, a, _ in
            let r = try t.topk(try a.integer("k"), axis: try a.integer("axis"), largest: try a.boolean("largest"), sorted: try a.boolean("sorted"))
            return results([r.values, r.indices])
        },
        .method("polygamma", ["n"], "the n-th derivative of the digamma function at each element (n = 0 is digamma).") { t, a, _ in
            Convert.wrap(try t.polygamma(try a.integer("n")))
        },
        .method("cumsum", ["axis"], "the running sum along an axis.") { t, a, _ in Convert.wrap(try t.cumsum(axis: try a.integer("axis"))) },
        .method("cumprod", ["axis"], "the running product along an axis.") { t, a, _ in Convert.wrap(try t.cumprod(axis: try a.integer("axis"))) },
        .method("flip", ["axes"], "the elements reversed along the axes (a number or a list).") { t, a, _ in
            Convert.wrap(try t.flip(try a.sizes("axes")))
        },
        .method("roll", ["shifts", .optional("axes", shown: "nil")], "the elements shifted along the axes, wrapping around.") { t, a, _ in
            Convert.wrap(try t.roll(try a.sizes("shifts"), axes: try a.optionalSizes("axes") ?? []))
        },
        .method("repeatInterleave", ["repeats", .optional("axis", shown: "nil")],
                "each slice along the axis repeated in place (flattened without an axis).") { t, a, _ in
            let r = try a.value("repeats")
            let counts = Library.isTensor(r) ? try Convert.shape(r, "repeats") : try r.integers("repeats")
            return Convert.wrap(try t.repeatInterleave(counts, axis: try a.given("axis")?.integer("axis")))
        },
        .method("tril", [.defaulted("diagonal", 0)], "the lower triangle of the last two dimensions, zeros above.") { t, a, _ in
            Convert.wrap(try t.tril(diagonal: try a.integer("diagonal")))
        },
        .method("triu", [.defaulted("diagonal", 0)], "the upper triangle of the last two dimensions, zeros below.") { t, a, _ in
            Convert.wrap(try t.triu(diagonal: try a.integer("diagonal")))
        },
        .method("diag", [.defaulted("diagonal", 0)], "a vector on a diagonal of a matrix, or a matrix's diagonal as a vector.") { t, a, _ in
            Convert.wrap(try t.diag(offset: try a.integer("diagonal")))
        },
        .method("unique", [.defaulted("sorted", true), .defaulted("returnInverse", false), .defaulted("returnCounts", false)],
                "the distinct values, ascending; with returnInverse/returnCounts a list that adds them.") { t, a, _ in
            let inverse = try a.boolean("returnInverse"), counts = try a.boolean("returnCounts")
            let r = try t.unique(sorted: try a.boolean("sorted"), returnInverse: inverse, returnCounts: counts)
            guard inverse || counts else { return Convert.wrap(r.values) }
            return results([r.values] + [r.inverse, r.counts].compactMap { $0 })
        },
        .method("bincount", [.optional("weights"), .defaulted("minlength", 0)],
                "how often each whole number 0, 1, … occurs (or the sum of weights there).") { t, a, _ in
            Convert.wrap(try t.bincount(weights: try a.optionalTensor("weights"), minlength: try a.integer("minlength")))
        },
        .method("histc", [.defaulted("bins", 100), .defaulted("min", 0), .defaulted("max", 0)],
                "counts in equal bins over [min, max] (the data's range when min == max).") { t, a, _ in
            Convert.wrap(try t.histc(bins: try a.integer("bins"), min: try a.float("min"), max: try a.float("max")))
        },
        .method("nonzero", [], "the indices of the non-zero elements, one row each: shape [n, rank].") { t, _, _ in
            Convert.wrap(try t.nonzero())
        },
        .method("norm", [.defaulted("p", 2), .optional("axis", shown: "all"), .defaulted("keepDims", false)],
                "the p-norm (1, 2, inf, \"fro\" or any p > 0) over all elements or over one or several axes.") { t, a, _ in
            Convert.wrap(try t.norm(try Library.normOrder(try a.value("p"), "norm"), axes: try a.optionalSizes("axis"),
                                    keepDims: try a.boolean("keepDims")))
        },
    ]
}
