import Script
import TensorEngine

/// Tensor creation, seeding, gradient control and elementwise functions.
extension Library {
    static func tensors() -> Library {
        var lib = Library()
        lib.add("tensor", ["data", .defaulted("requiresGrad", false), .optional("dtype", shown: "inferred")],
                "a tensor from a number or nested lists of numbers: float32, bool for bools, or the dtype given (numbers read exactly).") { a, _ in
            let data = try a.value("data"), dtype = try a.dtype("dtype")
            let out: Tensor
            if isTensor(data) {
                // A tensor argument is copied so the new one has its own identity and no history.
                let t = try a.tensor("data")
                out = dtype == nil || dtype == t.dtype ? try t.copy() : try t.detach().to(dtype!)
            } else {
                out = try Convert.newTensor(data, "the data of tensor", dtype: dtype)
            }
            try Convert.setRequiresGrad(out, try a.boolean("requiresGrad"), "tensor")
            return Convert.wrap(out)
        }
        func filled(_ name: String, _ summary: String, _ make: @escaping ([Int], DType) throws -> Tensor) {
            lib.add(name, [.variadic("shape"), .defaulted("requiresGrad", false), .optional("dtype", shown: "float32")], summary) { a, _ in
                let t = try make(try a.variadicShape("shape", of: name), try a.dtype("dtype") ?? .float32)
                try Convert.setRequiresGrad(t, try a.boolean("requiresGrad"), name)
                return Convert.wrap(t)
            }
        }
        filled("zeros", "a tensor of zeros.") { try Tensor.zeros($0, dtype: $1) }
        filled("ones", "a tensor of ones.") { try Tensor.ones($0, dtype: $1) }
        filled("rand", "uniform random values in [0, 1) from the seeded generator (a floating-point dtype).") { try Tensor.rand($0, dtype: $1) }
        filled("randn", "standard normal random values from the seeded generator (a floating-point dtype).") { try Tensor.randn($0, dtype: $1) }
        lib.add("full", ["shape", "value", .optional("dtype", shown: "float32")],
                "a tensor filled with one value (a bool value gives a bool tensor).") { a, _ in
            let value = try a.value("value")
            let inferred: DType = if case .bool = value { .bool } else { .float32 }
            return Convert.wrap(try Tensor.full(checked: try a.shape("shape", as: "the shape of full"), try a.number("value"),
                                                dtype: try a.dtype("dtype") ?? inferred))
        }
        lib.add("eye", ["n", .optional("m", shown: "n"), .optional("dtype", shown: "float32")], "the identity matrix.") { a, _ in
            Convert.wrap(try Tensor.eye(try a.integer("n"), try a["m"]?.integer("m"), dtype: try a.dtype("dtype") ?? .float32))
        }
        lib.add("arange", ["start", .optional("end"), .defaulted("step", 1), .optional("dtype", shown: "float32")],
                "evenly spaced values from start up to end, end excluded; arange(end) starts at 0.") { a, _ in
            var start = try a.number("start"), end: Double = 0
            if let e = try a["end"] { end = try e.number("end") } else { end = start; start = 0 }
            return Convert.wrap(try Tensor.arange(start, end, step: try a.number("step"), dtype: try a.dtype("dtype") ?? .float32))
        }
        lib.add("linspace", ["start", "end", "count", .optional("dtype", shown: "float32")], "count evenly spaced values, both ends included.") { a, _ in
            Convert.wrap(try Tensor.linspace(try a.number("start"), try a.number("end"), count: try a.integer("count"),
                                             dtype: try a.dtype("dtype") ?? .float32))
        }
        lib.add("randint", ["low", "high", "shape", .optional("dtype", shown: "int64")], "random whole numbers in [low, high).") { a, _ in
            Convert.wrap(try Tensor.randint(try a.integer("low"), try a.integer("high"), try a.shape("shape"), dtype: try a.dtype("dtype") ?? .int64))
        }
        lib.add("randperm", ["n", .optional("dtype", shown: "int64")], "a random permutation of 0..<n.") { a, _ in
            Convert.wrap(try Tensor.randperm(try a.integer("n"), dtype: try a.dtype("dtype") ?? .int64))
        }
        lib.add("seed", ["n"], "reseeds the random generator: everything random after it repeats exactly.") { a, _ in
            TensorEngine.seed(try a.integer("n", as: "the seed"))
            return .null
        }
        lib.add("threads", [.optional("n")],
                "the threads this session's tensor work may use; threads(n) sets it (BLAS and the engine's loops), as torch.set_num_threads does.") { a, _ in
            guard let context = EngineContext.current else { return .number(Double(Parallel.workers)) }
            if let n = try a.given("n") {
                let count = try n.integer("the thread count")
                guard count >= 1 else { throw ScriptError("ValueError", "threads: the count must be at least 1, got \(count)") }
                context.workers = count
            }
            return .number(Double(context.workers))
        }
        lib.add("noGrad", ["body"], "calls body() without recording operations for gradients; returns its result.") { a, vm in
            let body = try a.value("body")
            return try noGrad { try vm.call(body, Arguments()) }
        }
        lib.add("concat", ["tensors", .defaulted("axis", 0)], "joins tensors along an existing axis.") { a, _ in
            Convert.wrap(try Tensor.concat(try a.tensors("tensors"), axis: try a.integer("axis")))
        }
        lib.add("stack", ["tensors", .defaulted("axis", 0)], "joins same-shaped tensors along a new axis.") { a, _ in
            Convert.wrap(try Tensor.stack(try a.tensors("tensors"), axis: try a.integer("axis")))
        }
        lib.add("where", ["condition", "a", "b"], "elements of a where condition is non-zero, else of b.") { a, _ in
            Convert.wrap(try Tensor.where(try a.tensor("condition"), try a.tensor("a"), try a.tensor("b")))
        }
        lib.add("matmul", ["a", "b"], "the matrix product a @ b.") { a, _ in
            Convert.wrap(try a.tensor("a").matmul(try a.tensor("b")))
        }
        lib.add("softmax", ["x", .defaulted("axis", -1)], "exp(x) normalised to sum to 1 along the axis.") { a, _ in
            Convert.wrap(try a.tensor("x").softmax(axis: try a.integer("axis")))
        }
        lib.add("logSoftmax", ["x", .defaulted("axis", -1)], "log(softmax(x)), computed stably.") { a, _ in
            Convert.wrap(try a.tensor("x").logSoftmax(axis: try a.integer("axis")))
        }
        // Elementwise functions take numbers too, so `exp(1)` and `exp(t)` both work.
        for f in TensorMembers.elementwise {
            let scalar = CoreLibrary.scalarFunction(f.name)
            lib.add(f.name, ["x"], "elementwise on a tensor, or on a number.") { a, _ in
                let x = try a.value("x")
                if case .number(let n) = x {
                    // Functions the core library has no Double version of (erf, lgamma) run in Float.
                    if let scalar { return .number(scalar(n)) }
                    return .number(Double(try f.apply(Tensor(Float(n))).item()))
                }
                return Convert.wrap(try f.apply(try a.tensor("x", as: "the argument of \(f.name)")))
            }
        }
        let logic: [(String, String, (Tensor, Tensor) throws -> Tensor)] = [
            ("logicalAnd", "and", { try $0.logicalAnd($1) }), ("logicalOr", "or", { try $0.logicalOr($1) }),
            ("logicalXor", "exclusive or", { try $0.logicalXor($1) }),
        ]
        for (name, word, f) in logic {
            lib.add(name, ["input", "other"], "the elementwise logical \(word) of two tensors (non-zero is true), as a bool tensor; broadcasts.") { a, _ in
                Convert.wrap(try f(try a.tensor("input"), try a.tensor("other")))
            }
        }
        lib.add("logicalNot", ["input"], "true where the element is zero (false), as a bool tensor.") { a, _ in
            Convert.wrap(try a.tensor("input").logicalNot())
        }
        for name in ["maximum", "minimum"] {
            lib.add(name, ["a", "b"], "the elementwise \(name) with broadcasting.") { a, _ in
                let x = try a.tensor("a"), y = try a.tensor("b")
                return Convert.wrap(name == "maximum" ? try x.maximum(y) : try x.minimum(y))
            }
        }
        return lib
    }

    static func isTensor(_ v: Value) -> Bool {
        if case .object(let o) = v, o is TensorValue { return true }
        return false
    }

    static func tensorList(_ v: Value, _ what: String) throws -> [Tensor] {
        try v.sequence(what).enumerated().map { try Convert.tensor($0.element, "item \($0.offset) of \(what)") }
    }

    /// One tensor as a list of one, or the tensors of a list (gradcheck's inputs, grad's outputs).
    static func tensorOrList(_ v: Value, _ what: String) throws -> [Tensor] {
        isTensor(v) ? [try Convert.tensor(v, what)] : try tensorList(v, what)
    }
}
