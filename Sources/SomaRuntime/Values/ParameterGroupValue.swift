import NN
import Script
import TensorEngine

/// One parameter group of an optimizer, read like a dictionary: `g["lr"]`, `g["params"]`,
/// `g["weightDecay"]`. It reads the optimizer live, and `g["lr"] = x` sets that group's rate, as
/// assigning into PyTorch's `param_groups[i]["lr"]` does; the other settings are fixed when the group is made.
final class ParameterGroupValue: TabledObject {
    let owner: OptimizerValue, index: Int
    init(_ owner: OptimizerValue, _ index: Int) {
        self.owner = owner
        self.index = index
    }

    var typeName: String { "ParamGroup" }
    var text: String {
        let entries = owner.settingNames.map { name -> String in
            if name == "params" { return "\"params\": \(owner.optimizer.groups[index].parameters.count) tensors" }
            return "\"\(name)\": " + ((try? owner.setting(name, group: index))??.text ?? "nil")
        }
        return "[" + entries.joined(separator: ", ") + "]"
    }

    static let members = MemberTable<ParameterGroupValue>([
        .method("keys", [], "the names of the group's settings, params first.") { g, _, _ in
            .list(ListStorage(g.owner.settingNames.map { .string($0) }))
        },
    ])

    func subscriptGet(_ items: [IndexValue]) throws -> Value {
        let name = try key(items)
        guard let value = try owner.setting(name, group: index) else {
            throw ScriptError("KeyError", "a parameter group of \(owner.typeName) has no setting '\(name)' (it has \(owner.settingNames.joined(separator: ", ")))")
        }
        return value
    }

    func subscriptSet(_ items: [IndexValue], _ value: Value) throws -> Value? {
        let name = try key(items)
        guard name == LearningRateMember.name else {
            throw ScriptError("TypeError", "only the lr of a parameter group can be set after the optimizer is made; '\(name)' is fixed (make a group with it instead)")
        }
        try owner.setRate(try value.number("lr"), groups: index..<index + 1)
        return nil
    }

    func length() throws -> Int { owner.settingNames.count }

    private func key(_ items: [IndexValue]) throws -> String {
        guard items.count == 1, case .value(let key) = items[0] else {
            throw ScriptError("TypeError", "a parameter group is indexed by one setting name, as g[\"lr\"]")
        }
        return try key.string("the key of a parameter group")
    }
}
