import Script
import TensorEngine

/// Reading tensors and shapes from a builtin's arguments by label.
extension BoundArguments {
    /// The tensor given for `label` (a number or nested lists become one), or a TypeError naming it.
    func tensor(_ label: String, as what: @autoclosure () -> String? = nil) throws -> Tensor {
        try Convert.tensor(try value(label), what() ?? label)
    }

    /// The shape given for `label`: whole, non-negative sizes.
    func shape(_ label: String, as what: @autoclosure () -> String? = nil) throws -> [Int] {
        try Convert.shape(try value(label), what() ?? label)
    }

    /// The tensors of the list given for `label`.
    func tensors(_ label: String) throws -> [Tensor] {
        try Library.tensorList(try value(label), label)
    }

    /// The number given for `label` as a Float, the engine's element type.
    func float(_ label: String, as what: @autoclosure () -> String? = nil) throws -> Float {
        Float(try number(label, as: what()))
    }

    /// The dtype given for `label` (a dtype, its name as a string, or `int`), or nil when it was left out
    /// or given as `nil`; a TypeError or ValueError names the parameter and the function.
    func dtype(_ label: String) throws -> DType? {
        try given(label).map { try Convert.dtype($0, "\(label) of \(signature.name)") }
    }

    /// The tensor given for `label`, or nil when it was left out or given as `nil`.
    func optionalTensor(_ label: String) throws -> Tensor? {
        try given(label).map { try Convert.tensor($0, label) }
    }

    /// Sizes given for `label` as a number or a list of numbers (`3`, `[3, 5]`).
    func sizes(_ label: String) throws -> [Int] {
        try value(label).integers(label)
    }

    /// Sizes that may be left out or nil (a pool's stride, which then follows the kernel).
    func optionalSizes(_ label: String) throws -> [Int]? {
        try given(label).map { try $0.integers(label) }
    }

    /// A shape given as separate numbers (`randn(2, 3)`, `reshape(2, 3)`) or as one list or number
    /// (`randn([2, 3])`) to the variadic parameter `label` of `name`.
    func variadicShape(_ label: String, of name: String) throws -> [Int] {
        let given = try sequence(label)
        guard !given.isEmpty else { throw ScriptError("TypeError", "\(name) is missing its argument '\(label)'") }
        return given.count == 1 ? try Convert.shape(given[0], "the shape of \(name)")
            : try given.map { try $0.integer("a dimension of \(name)") }
    }
}
