import NN
import Script
import TensorEngine

/// One parameter group's settings: the group dictionary's own entries, else the optimizer's arguments
/// (PyTorch's rule that a group's missing keys take the optimizer's defaults).
struct GroupArguments {
    let arguments: BoundArguments
    let group: [String: Value]

    func value(_ label: String) throws -> Value { try group[label] ?? arguments.value(label) }
    func number(_ label: String) throws -> Double { try value(label).number(label) }
    func boolean(_ label: String) throws -> Bool { try value(label).boolean(label) }
    func given(_ label: String) throws -> Value? { try group[label] ?? arguments.given(label) }
}

/// Makes one group's optimizer from its parameters and settings.
typealias MakeOptimizer = ([Tensor], GroupArguments) throws -> any Optimizer

extension Library {
    /// Declares an optimizer builtin: its first argument, `parameters`, is a list of tensors, a layer,
    /// or a list of parameter groups `[["params": …, "lr": …], …]`, each made by `make` with its settings.
    mutating func addOptimizer(_ name: String, _ parameters: [Signature.Parameter], _ summary: String,
                               _ make: @escaping MakeOptimizer) {
        add(name, ["parameters"] + parameters, summary) { a, vm in
            .object(try OptimizerValue(name, a, vm, make))
        }
    }

    /// The settings of a group dictionary other than `params`, each checked to be one of the optimizer's
    /// arguments; `params` itself as a parameter list.
    static func parameterGroup(_ value: Value, _ index: Int, of optimizer: String, _ arguments: BoundArguments,
                               _ vm: Interpreter) throws -> (parameters: [Tensor], settings: [String: Value]) {
        guard case .dictionary(let d) = value else {
            throw ScriptError("TypeError", "\(optimizer): parameter group \(index) must be a dictionary such as [\"params\": model.parameters(), \"lr\": 0.01], not a \(value.typeName)")
        }
        let known = arguments.signature.labels.filter { $0 != "parameters" }
        var parameters: [Tensor]?, settings: [String: Value] = [:]
        for (key, entry) in zip(d.keys, d.values) {
            let name = try key.string("a key of parameter group \(index)")
            if name == "params" {
                parameters = try parameterList(entry, vm)
            } else {
                guard known.contains(name) else {
                    throw ScriptError("ValueError", "\(optimizer): parameter group \(index) has an unknown setting '\(name)' (it may set params, \(known.joined(separator: ", ")))")
                }
                settings[name] = entry
            }
        }
        guard let parameters else {
            throw ScriptError("ValueError", "\(optimizer): parameter group \(index) has no \"params\" entry")
        }
        return (parameters, settings)
    }

    /// The groups of an optimizer's `parameters` argument: a list of dictionaries, or one group of
    /// everything for a layer or a list of tensors.
    static func parameterGroups(_ given: Value, of optimizer: String, _ arguments: BoundArguments,
                                _ vm: Interpreter) throws -> [(parameters: [Tensor], settings: [String: Value])] {
        if case .list(let l) = given, let first = l.items.first, case .dictionary = first {
            return try l.items.enumerated().map { try parameterGroup($1, $0, of: optimizer, arguments, vm) }
        }
        return [(try parameterList(given, vm), [:])]
    }
}
