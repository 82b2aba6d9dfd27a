import Script
import TensorEngine

/// PyTorch's `*_like` factories: a new tensor with the shape of another and, unless told, its dtype.
extension Library {
    static func likeFactories() -> Library {
        var lib = Library()
        func like(_ name: String, _ extra: [Signature.Parameter], _ summary: String,
                  _ make: @escaping ([Int], DType, BoundArguments) throws -> Tensor) {
            lib.add(name, ["input"] + extra + [.defaulted("requiresGrad", false), .optional("dtype", shown: "input's")], summary) { a, _ in
                let input = try a.tensor("input", as: "the input of \(name)")
                let t = try make(input.shape, try a.dtype("dtype") ?? input.dtype, a)
                try Convert.setRequiresGrad(t, try a.boolean("requiresGrad"), name)
                return Convert.wrap(t)
            }
        }
        like("zerosLike", [], "zeros with the shape and dtype of input.") { shape, dtype, _ in try Tensor.zeros(shape, dtype: dtype) }
        like("onesLike", [], "ones with the shape and dtype of input.") { shape, dtype, _ in try Tensor.ones(shape, dtype: dtype) }
        like("fullLike", ["value"], "value everywhere, with the shape and dtype of input.") { shape, dtype, a in
            try Tensor.full(checked: shape, try a.number("value"), dtype: dtype)
        }
        like("randLike", [], "uniform random values in [0, 1) with the shape and dtype of input (a floating-point dtype).") { shape, dtype, _ in
            try Tensor.rand(shape, dtype: dtype)
        }
        like("randnLike", [], "standard normal random values with the shape and dtype of input (a floating-point dtype).") { shape, dtype, _ in
            try Tensor.randn(shape, dtype: dtype)
        }
        return lib
    }
}
