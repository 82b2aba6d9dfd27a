import Script
import Tensor

/// Tensor creation, seeding, gradient control and elementwise functions.
extension Library {
    static func tensors() -> Library {
        var lib = Library()
        lib.add("tensor", "tensor(data, requiresGrad: false) — a tensor from a number or nested lists of numbers.") { a, _ in
            let v = try a.bind("tensor", ["data", "requiresGrad"], required: 1)
            let t = try Convert.tensor(v[0]!, "the data of tensor")
            // A tensor argument is copied so the new one has its own identity and no history.
            let out = isTensor(v[0]!) ? try t.copy() : t
            out.requiresGrad = try v[1]?.boolean("requiresGrad") ?? false
            return Convert.wrap(out)
        }
        func filled(_ name: String, _ doc: String, _ make: @escaping ([Int]) throws -> Tensor) {
            lib.add(name, doc) { a, _ in
                let v = try a.bind(name, ["shape", "requiresGrad"], required: 1)
                let t = try make(try Convert.shape(v[0]!, "the shape of \(name)"))
                t.requiresGrad = try v[1]?.boolean("requiresGrad") ?? false
                return Convert.wrap(t)
            }
        }
        filled("zeros", "zeros(shape, requiresGrad: false) — a tensor of zeros.") { try Tensor.zeros($0) }
        filled("ones", "ones(shape, requiresGrad: false) — a tensor of ones.") { try Tensor.ones($0) }
        filled("rand", "rand(shape) — uniform random values in [0, 1) from the seeded generator.") { try Tensor.rand($0) }
        filled("randn", "randn(shape) — standard normal random values from the seeded generator.") { try Tensor.randn($0) }
        lib.add("full", "full(shape, value) — a tensor filled with one value.") { a, _ in
            let v = try a.bind("full", ["shape", "value"], required: 2)
            return Convert.wrap(try Tensor.full(checked: try Convert.shape(v[0]!, "the shape of full"), Float(try v[1]!.number("value"))))
        }
        lib.add("eye", "eye(n, m: n) — the identity matrix.") { a, _ in
            let v = try a.bind("eye", ["n", "m"], required: 1)
            return Convert.wrap(try Tensor.eye(try v[0]!.integer("n"), try v[1]?.integer("m")))
        }
        lib.add("arange", "arange(end) or arange(start, end, step: 1) — evenly spaced values, end excluded.") { a, _ in
            let v = try a.bind("arange", ["start", "end", "step"], required: 1)
            var start = Float(try v[0]!.number("start")), end: Float = 0
            if let e = v[1] { end = Float(try e.number("end")) } else { end = start; start = 0 }
            return Convert.wrap(try Tensor.arange(start, end, step: try Convert.float(v[2], "step", default: 1)))
        }
        lib.add("linspace", "linspace(start, end, count) — count evenly spaced values, both ends included.") { a, _ in
            let v = try a.bind("linspace", ["start", "end", "count"], required: 3)
            return Convert.wrap(try Tensor.linspace(Float(try v[0]!.number("start")), Float(try v[1]!.number("end")), count: try v[2]!.integer("count")))
        }
        lib.add("randint", "randint(low, high, shape) — random whole numbers in [low, high).") { a, _ in
            let v = try a.bind("randint", ["low", "high", "shape"], required: 3)
            return Convert.wrap(try Tensor.randint(try v[0]!.integer("low"), try v[1]!.integer("high"), try Convert.shape(v[2]!, "shape")))
        }
        lib.add("randperm", "randperm(n) — a random permutation of 0..<n.") { a, _ in
            Convert.wrap(try Tensor.randperm(try a.bind("randperm", ["n"], required: 1)[0]!.integer("n")))
        }
        lib.add("seed", "seed(n) — reseeds the random generator: everything random after it repeats exactly.") { a, _ in
            Tensor_seed(try a.bind("seed", ["n"], required: 1)[0]!.integer("the seed"))
            return .null
        }
        lib.add("noGrad", "noGrad(fn) — calls fn() without recording operations for gradients; returns its result.") { a, vm in
            let f = try a.bind("noGrad", ["body"], required: 1)[0]!
            return try noGrad { try vm.call(f, Arguments()) }
        }
        lib.add("concat", "concat(tensors, axis: 0) — joins tensors along an existing axis.") { a, _ in
            let v = try a.bind("concat", ["tensors", "axis"], required: 1)
            return Convert.wrap(try Tensor.concat(try tensorList(v[0]!, "tensors"), axis: try v[1]?.integer("axis") ?? 0))
        }
        lib.add("stack", "stack(tensors, axis: 0) — joins same-shaped tensors along a new axis.") { a, _ in
            let v = try a.bind("stack", ["tensors", "axis"], required: 1)
            return Convert.wrap(try Tensor.stack(try tensorList(v[0]!, "tensors"), axis: try v[1]?.integer("axis") ?? 0))
        }
        lib.add("where", "where(condition, a, b) — elements of a where condition is non-zero, else of b.") { a, _ in
            let v = try a.bind("where", ["condition", "a", "b"], required: 3)
            return Convert.wrap(try Tensor.where(try Convert.tensor(v[0]!, "condition"), try Convert.tensor(v[1]!, "a"), try Convert.tensor(v[2]!, "b")))
        }
        lib.add("matmul", "matmul(a, b) — the matrix product a @ b.") { a, _ in
            let v = try a.bind("matmul", ["a", "b"], required: 2)
            return Convert.wrap(try Convert.tensor(v[0]!, "a").matmul(try Convert.tensor(v[1]!, "b")))
        }
        for axisFunction in ["softmax", "logSoftmax"] {
            lib.add(axisFunction, "\(axisFunction)(x, axis: -1)") { a, _ in
                let v = try a.bind(axisFunction, ["x", "axis"], required: 1)
                let t = try Convert.tensor(v[0]!, "x"), axis = try v[1]?.integer("axis") ?? -1
                return Convert.wrap(axisFunction == "softmax" ? try t.softmax(axis: axis) : try t.logSoftmax(axis: axis))
            }
        }
        // Elementwise functions take numbers too, so `exp(1)` and `exp(t)` both work.
        for name in ["exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid", "relu", "floor", "ceil", "sign"] {
            let scalar = CoreLibrary.scalarFunction(name)
            lib.add(name, "\(name)(x) — elementwise on a tensor, or on a number.") { a, vm in
                let x = try a.bind(name, ["x"], required: 1)[0]!
                if case .number(let n) = x, let scalar { return .number(scalar(n)) }
                let t = try Convert.tensor(x, "the argument of \(name)")
                return try vm.call(try TensorMembers.member(t, name)!, Arguments())
            }
        }
        for name in ["maximum", "minimum"] {
            lib.add(name, "\(name)(a, b) — the elementwise \(name) with broadcasting.") { a, _ in
                let v = try a.bind(name, ["a", "b"], required: 2)
                let x = try Convert.tensor(v[0]!, "a"), y = try Convert.tensor(v[1]!, "b")
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
}

/// The engine's `seed`, under a name the library's closure cannot confuse with its own.
func Tensor_seed(_ n: Int) { seed(n) }
