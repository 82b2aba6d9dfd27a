import Script
import TensorEngine

/// The element types as globals: PyTorch's ten names and its aliases `double float half long short`.
///
/// `int` stays the number function (`int(2.7)` is 2); a `dtype:` argument takes it as int64, as
/// PyTorch takes Python's `int`.
extension Library {
    static func dtypes() -> Library {
        var lib = Library()
        for dtype in DType.allCases { lib.define(dtype.rawValue, DTypeValue.of(dtype)) }
        for alias in Convert.dtypeAliases { lib.define(alias.name, DTypeValue.of(alias.dtype)) }
        return lib
    }
}
