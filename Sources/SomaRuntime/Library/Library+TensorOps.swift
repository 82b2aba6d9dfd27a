import Script
import TensorEngine

/// Functions of several tensors: products, grids, distances, einsum and searches.
extension Library {
    static func tensorOperations() -> Library {
        var lib = Library()
        lib.add("outer", ["a", "b"], "the outer product of two vectors.") { a, _ in
            Convert.wrap(try Tensor.outer(try a.tensor("a"), try a.tensor("b")))
        }
        lib.add("kron", ["a", "b"], "the Kronecker product: a's elements times b, in blocks.") { a, _ in
            Convert.wrap(try Tensor.kron(try a.tensor("a"), try a.tensor("b")))
        }
        lib.add("meshgrid", [.variadic("tensors"), .defaulted("indexing", "ij")],
                "coordinate grids from vectors (given separately or as one list); indexing \"ij\" or \"xy\".") { a, _ in
            var given = try a.sequence("tensors")
            if given.count == 1, case .list(let items) = given[0] { given = items.items }
            let tensors = try given.enumerated().map { try Convert.tensor($0.element, "tensor \($0.offset) of meshgrid") }
            return TensorMembers.results(try Tensor.meshgrid(tensors, indexing: try a.string("indexing")))
        }
        lib.add("cdist", ["x1", "x2", .defaulted("p", 2)], "the p-norm distance between each row of x1 and each row of x2.") { a, _ in
            Convert.wrap(try Tensor.cdist(try a.tensor("x1"), try a.tensor("x2"), p: try normOrder(try a.value("p"), "cdist")))
        }
        lib.add("einsum", ["equation", .variadic("operands")], "Einstein summation, as einsum(\"ij,jk->ik\", a, b) (the operands may also come as one list).") { a, _ in
            var given = try a.sequence("operands")
            // One list of tensors is the operands; a list of numbers is one operand.
            if given.count == 1, case .list(let items) = given[0], items.items.allSatisfy(isTensor) { given = items.items }
            let operands = try given.enumerated().map { try Convert.tensor($0.element, "operand \($0.offset) of einsum") }
            return Convert.wrap(try Tensor.einsum(try a.string("equation"), operands))
        }
        lib.add("searchsorted", ["sortedSequence", "values", .defaulted("right", false)],
                "where each value would go in the sorted sequence to keep it sorted (after equal ones with right).") { a, _ in
            Convert.wrap(try a.tensor("sortedSequence").searchsorted(try a.tensor("values"), right: try a.boolean("right")))
        }
        lib.add("logsumexp", ["x", .defaulted("axis", -1), .defaulted("keepDims", false)], "log(sum(exp(x))) along an axis or a list of axes, computed stably.") { a, _ in
            Convert.wrap(try a.tensor("x").logsumexp(axes: try a.value("axis").integers("axis"), keepDims: try a.boolean("keepDims")))
        }
        lib.add("polygamma", ["n", "x"], "the n-th derivative of the digamma function at each element (n = 0 is digamma).") { a, _ in
            Convert.wrap(try a.tensor("x").polygamma(try a.integer("n")))
        }
        return lib
    }

    /// A norm's order as a caller writes it: a positive number, `inf`, `"inf"` or `"fro"`.
    static func normOrder(_ value: Value, _ op: String) throws -> Tensor.NormOrder {
        if case .string(let s) = value {
            switch s {
            case "fro": return .frobenius
            case "inf": return .infinity
            default: throw ScriptError("ValueError", "\(op): p must be a positive number, inf or \"fro\", got \"\(s)\"")
            }
        }
        let p = try value.number("p of \(op)")
        return p == .infinity ? .infinity : .p(p)
    }
}
