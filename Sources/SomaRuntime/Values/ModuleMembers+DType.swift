import NN
import Script
import TensorEngine

/// A module's element type in the language: `model.to(dtype)` and PyTorch's shorthands `double()`,
/// `float()`, `half()` and `bfloat16()`, which convert the parameters and buffers in place and return
/// the module (so `model = model.double()` reads as in PyTorch), and `model.dtype`.
extension ModuleMembers {
    static let conversions: [MemberTable<any Module>.Member] = [
        .property("dtype", "the dtype of its first floating-point parameter (float32 when it has none).") { m in
            DTypeValue.of(m.dtype)
        },
        .method("to", ["dtype"],
                "converts every floating-point parameter and buffer to dtype in place (an optimizer made before keeps them) and returns the module.") { m, a, _ in
            try m.to(try a.dtype("dtype") ?? m.dtype)
            return Convert.module(m)
        },
    ] + TensorMembers.shorthands.filter { $0.dtype.isFloatingPoint }.map { s in
        .method(s.name, [], "converts the parameters and buffers to \(s.dtype) in place, as to(\(s.dtype)).") { m, _, _ in
            try m.to(s.dtype)
            return Convert.module(m)
        }
    }
}
