import Script
import TensorEngine

/// Tensor creation, seeding, gradient control and elementwise functions.
extension Library {
    static func tensors() -> Library {
        var lib = Library()
        lib.add("tensor", ["data", .defaulted("requiresGrad", false)], "a tensor from a number or nested lists of numbers.") { a, _ in
            let data = try a.value("data")
            let t = try a.tensor("data", as: "the data of tensor")
            // A tensor argument is copied so the new one has its own identity and no history.
            let out = isTensor(data) ? try t.copy() : t
            out.requiresGrad = try a.boolean("requiresGrad")
            return Convert.wrap(out)
        }
        func filled(_ name: String, _ summary: String, _ make: @escaping ([Int]) throws -> Tensor) {
            lib.add(name, [.variadic("shape"), .defaulted("requiresGrad", false)], summary) { a, _ in
                let t = try make(try a.variadicShape("shape", of: name))
                t.requiresGrad = try a.boolean("requiresGrad")
                return Convert.wrap(t)
            }
        }
        filled("zeros", "a tensor of zeros.") { try Tensor.zeros($0) }
        filled("ones", "a tensor of ones.") { try Tensor.ones($0) }
        filled("rand", "uniform random values in [0, 1) from the seeded generator.") { try Tensor.rand($0) }
        filled("randn", "standard normal random values from the seeded generator.") { try Tensor.randn($0) }
        lib.add("full", ["shape", "value"], "a tensor filled with one value.") { a, _ in
            Convert.wrap(try Tensor.full(checked: try a.shape("shape", as: "the shape of full"), try a.float("value")))
        }
        lib.add("eye", ["n", .optional("m", shown: "n")], "the identity matrix.") { a, _ in
            Convert.wrap(try Tensor.eye(try a.integer("n"), try a["m"]?.integer("m")))
        }
        lib.add("arange", ["start", .optional("end"), .defaulted("step", 1)],
                "evenly spaced values from start up to end, end excluded; arange(end) starts at 0.") { a, _ in
            var start = try a.float("start"), end: Float = 0
            if let e = try a["end"] { end = Float(try e.number("end")) } else { end = start; start = 0 }
            return Convert.wrap(try Tensor.arange(start, end, step: try a.float("step")))
        }
        lib.add("linspace", ["start", "end", "count"], "count evenly spaced values, both ends included.") { a, _ in
            Convert.wrap(try Tensor.linspace(try a.float("start"), try a.float("end"), count: try a.integer("count")))
        }
        lib.add("randint", ["low", "high", "shape"], "random whole numbers in [low, high).") { a, _ in
            Convert.wrap(try Tensor.randint(try a.integer("low"), try a.integer("high"), try a.shape("shape")))
        }
        lib.add("randperm", ["n"], "a random permutation of 0..<n.") { a, _ in
            Convert.wrap(try Tensor.randperm(try a.integer("n")))
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
