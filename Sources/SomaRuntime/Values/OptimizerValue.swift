import NN
import Script
import TensorEngine

/// An optimizer as a value of the language: `opt.step()`, `opt.zeroGrad()`, `opt.lr`, its parameter
/// groups (`opt.paramGroups`, `opt.addParamGroup`, `opt.setLr`) and its state (`opt.state()`, `opt.loadState`).
final class OptimizerValue: TabledObject {
    let optimizer: ParameterGroups
    /// The builtin that made it, and its arguments: what a group added later takes for its missing settings.
    private let builtin: String, arguments: BoundArguments, make: MakeOptimizer
    /// Per group, the settings its dictionary gave.
    private var settings: [[String: Value]]

    init(_ builtin: String, _ arguments: BoundArguments, _ vm: Interpreter, _ make: @escaping MakeOptimizer) throws {
        self.builtin = builtin
        self.arguments = arguments
        self.make = make
        let groups = try Library.parameterGroups(try arguments.value("parameters"), of: builtin, arguments, vm)
        optimizer = try ParameterGroups(try groups.map { try make($0.parameters, GroupArguments(arguments: arguments, group: $0.settings)) })
        settings = groups.map(\.settings)
        try checkGroups()
    }

    /// LBFGS takes one group only, as in PyTorch.
    private func checkGroups() throws {
        if optimizer.groups.count > 1 && optimizer.groups[0] is LBFGS {
            throw ScriptError("ValueError", "LBFGS does not support parameter groups (it takes one list of parameters)")
        }
    }

    var typeName: String { String(describing: type(of: optimizer.groups[0])) }
    var text: String {
        let groups = optimizer.groups.count == 1 ? "" : ", \(optimizer.groups.count) groups"
        return "\(typeName)(\(optimizer.parameters.count) parameters\(groups), \(LearningRateMember.text(optimizer.learningRate)))"
    }

    static let members = MemberTable<OptimizerValue>([
        .method("step", [.optional("closure")],
                "updates every parameter from its gradient; step(closure) first calls the closure (which zeroes the gradients, computes the loss, calls backward and returns it) and returns its loss; LBFGS needs the closure.") { o, a, vm in
            guard let closure = try a.given("closure") else {
                try o.optimizer.step()
                return .null
            }
            guard case .function = closure else {
                throw ScriptError("TypeError", "the closure of \(o.typeName).step must be a function, not a \(closure.typeName)")
            }
            let evaluate = { () throws -> Double in
                try Convert.scalar(try vm.call(closure, Arguments([])), "what the closure of \(o.typeName).step returned")
            }
            if let lbfgs = o.optimizer.groups.first as? LBFGS { return .number(try lbfgs.step(closure: evaluate)) }
            let loss = try evaluate()
            try o.optimizer.step()
            return .number(loss)
        },
        .method("zeroGrad", [], "clears the gradients of the optimized parameters.") { o, _, _ in o.optimizer.zeroGrad(); return .null },
        .property(LearningRateMember.name, "the first group's learning rate; setting it sets every group's.") { o in
            LearningRateMember.value(o.optimizer.learningRate)
        },
        .property("parameters", "the tensors it updates.") { o in .list(ListStorage(o.optimizer.parameters.map(Convert.wrap))) },
        .property("paramGroups", "the parameter groups, each read like a dictionary (g[\"lr\"], g[\"params\"]); g[\"lr\"] = x sets that group's rate.") { o in
            .list(ListStorage(o.optimizer.groups.indices.map { .object(ParameterGroupValue(o, $0)) }))
        },
        .method("setLr", ["lr", .optional("group")], "sets the learning rate of one group, or of every group when none is named.") { o, a, _ in
            let rate = try a.number("lr")
            guard let group = try a.given("group") else {
                try o.setRate(rate, groups: o.optimizer.groups.indices)
                return .null
            }
            let g = try o.groupIndex(try group.integer("group"), "setLr")
            try o.setRate(rate, groups: g..<g + 1)
            return .null
        },
        .method("addParamGroup", ["group"], "adds a group [\"params\": …, \"lr\": …]; its missing settings are those the optimizer was made with.") { o, a, vm in
            try o.add(try a.value("group"), vm)
            return .null
        },
        .method("state", [], "the moments, step counts and group rates, as a dictionary of tensors that save(…) writes.") { o, _, _ in
            try OptimizerValue.dictionary(try o.optimizer.state())
        },
        .method("loadState", ["state"], "restores what state() returned (or load(…) read back), so training goes on as before saving.") { o, a, _ in
            try o.optimizer.loadState(try OptimizerValue.tensors(try a.value("state"), "\(o.typeName).loadState"))
            return .null
        },
    ])

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        try LearningRateMember.set(name, value, on: optimizer, owner: typeName)
    }

    /// Sets the rate of `groups`, checked as an initializer checks it.
    func setRate(_ rate: Double, groups: Range<Int>) throws {
        try LearningRate.check(rate, typeName)
        for g in groups { optimizer.groups[g].learningRate = rate }
    }

    /// `g` as a group index, or an IndexError naming `op`.
    func groupIndex(_ g: Int, _ op: String) throws -> Int {
        guard optimizer.groups.indices.contains(g) else {
            throw ScriptError("IndexError", "\(typeName).\(op): group \(g) is out of range (it has \(optimizer.groups.count) groups)")
        }
        return g
    }

    /// The setting `name` of group `g`: its own, else the optimizer's.
    func setting(_ name: String, group g: Int) throws -> Value? {
        if name == LearningRateMember.name { return .number(optimizer.groups[g].learningRate) }
        if name == "params" { return .list(ListStorage(optimizer.groups[g].parameters.map(Convert.wrap))) }
        // The setting OneCycleLR cycles is read live.
        if let cycled = optimizer.groups[g] as? any CycledMomentum, name == (cycled is SGD ? "momentum" : "beta1") {
            return .number(cycled.cycledMomentum)
        }
        guard name != "parameters", arguments.signature.labels.contains(name) else { return nil }
        return try settings[g][name] ?? arguments.value(name)
    }

    /// Every setting name a group has, `params` first.
    var settingNames: [String] { ["params"] + arguments.signature.labels.filter { $0 != "parameters" } }

    private func add(_ group: Value, _ vm: Interpreter) throws {
        let (parameters, own) = try Library.parameterGroup(group, optimizer.groups.count, of: builtin, arguments, vm)
        let group = try make(parameters, GroupArguments(arguments: arguments, group: own))
        if group is LBFGS { throw ScriptError("ValueError", "LBFGS does not support parameter groups (it takes one list of parameters)") }
        try optimizer.add(group)
        settings.append(own)
    }

    /// A state as the language's dictionary of tensors.
    static func dictionary(_ state: [String: Tensor]) throws -> Value {
        let d = DictionaryStorage()
        for name in state.keys.sorted() { try d.set(.string(name), Convert.wrap(state[name]!)) }
        return .dictionary(d)
    }

    /// A dictionary of tensors (or numbers) given to `loadState`, or a TypeError naming `op`.
    static func tensors(_ value: Value, _ op: String) throws -> [String: Tensor] {
        guard case .dictionary(let d) = value else {
            throw ScriptError("TypeError", "\(op) needs the dictionary that state() returned, not a \(value.typeName)")
        }
        var out: [String: Tensor] = [:]
        for (key, entry) in zip(d.keys, d.values) {
            let name = try key.string("a key of the state")
            out[name] = try Convert.tensor(entry, "the state's '\(name)'")
        }
        return out
    }
}
