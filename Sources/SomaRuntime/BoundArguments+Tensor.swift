import Script
import Tensor

/// Reading tensors and shapes from a builtin's arguments by label.
extension BoundArguments {
    /// The tensor given for `label` (a number or nested lists become one), or a TypeError naming it.
    func tensor(_ label: String, as what: String? = nil) throws -> Tensor {
        try Convert.tensor(try value(label), what ?? label)
    }

    /// The shape given for `label`: whole, non-negative sizes.
    func shape(_ label: String, as what: String? = nil) throws -> [Int] {
        try Convert.shape(try value(label), what ?? label)
    }

    /// The tensors of the list given for `label`.
    func tensors(_ label: String) throws -> [Tensor] {
        try Library.tensorList(try value(label), label)
    }

    /// The number given for `label` as a Float, the engine's element type.
    func float(_ label: String, as what: String? = nil) throws -> Float {
        Float(try number(label, as: what))
    }
}
