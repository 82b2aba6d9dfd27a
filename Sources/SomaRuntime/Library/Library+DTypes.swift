import Script
import TensorEngine

/// The element types as globals (PyTorch's ten names and its aliases `double float half long short`)
/// and `promoteTypes`.
///
/// `int` stays the number function (`int(2.7)` is 2); a `dtype:` argument takes it as int64, as
/// PyTorch takes Python's `int`.
extension Library {
    static func dtypes() -> Library {
        var lib = Library()
        for dtype in DType.allCases { lib.define(dtype.rawValue, DTypeValue.of(dtype)) }
        for alias in Convert.dtypeAliases { lib.define(alias.name, DTypeValue.of(alias.dtype)) }
        lib.add("promoteTypes", ["a", "b"],
                "the dtype two tensors' elements combine in, as torch.promote_types: bool < integers < floating point, the wider type within each; float16 with bfloat16 gives float32, uint8 with int8 int16.") { a, _ in
            DTypeValue.of(DType.promote(try Convert.dtype(try a.value("a"), "a of promoteTypes"), try Convert.dtype(try a.value("b"), "b of promoteTypes")))
        }
        return lib
    }
}
