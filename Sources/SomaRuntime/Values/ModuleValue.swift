import NN
import Script
import TensorEngine

/// An engine module (Linear, Sequential, an activation layer) as a value of the language.
final class ModuleValue: ScriptObject {
    let module: any Module
    init(_ module: any Module) { self.module = module }

    var typeName: String {
        if let activation = module as? Activation { return activation.name }
        return String(describing: type(of: module))
    }
    var text: String { Describe.module(module) }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        // The common call, model(x), is bound without making a signature on every step, and the layer's
        // description (a whole Sequential's, which takes longer than a small step) only for an error.
        if arguments.positional.count == 1 && arguments.labelled.isEmpty {
            return Convert.wrap(try module(try Convert.tensor(arguments.positional[0], "the input of \(module.summaryName)")))
        }
        let a = try BoundArguments(arguments, to: Signature(module.summaryName, ["input"], "runs the layer."))
        return Convert.wrap(try module(try a.tensor("input", as: "the input of \(module.summaryName)")))
    }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        if let v = try ModuleMembers.member(module, name) ?? ModuleMembers.field(module, name) { return v }
        if let seq = module as? Sequential, name == "layers" {
            return .list(ListStorage(seq.layers.map(Convert.module)))
        }
        return nil
    }

    func invoke(_ member: MemberSite, _ arguments: Arguments, _ interpreter: Interpreter) throws -> Value? {
        if let v = try ModuleMembers.table.invoke(module, member, arguments, interpreter) { return v }
        guard let field = try self.member(member.name, interpreter) else { return nil }
        return try interpreter.call(field, arguments)
    }

    var memberNames: [String] {
        ModuleMembers.names + ModuleMembers.fieldNames(module) + (module is Sequential ? ["layers"] : [])
    }

    func subscriptGet(_ items: [IndexValue]) throws -> Value {
        guard let list = module as? any LayerSequence, items.count == 1, case .value(let v) = items[0] else {
            throw ScriptError("TypeError", "a \(typeName) cannot be indexed")
        }
        let n = list.layers.count
        var i = try v.integer("a layer index")
        if i < 0 { i += n }
        guard i >= 0, i < n else { throw ScriptError("IndexError", "layer index \(try v.integer("")) is out of range for \(n) layers") }
        return Convert.module(list.layers[i])
    }

    func length() throws -> Int {
        guard let list = module as? any LayerSequence else { throw ScriptError("TypeError", "a \(typeName) has no length") }
        return list.layers.count
    }

    func elements() throws -> [Value] {
        guard let list = module as? any LayerSequence else { throw ScriptError("TypeError", "a \(typeName) is not iterable") }
        return list.layers.map(Convert.module)
    }
}

/// Members every module has, engine-made or user-defined.
enum ModuleMembers {
    static let table = MemberTable<any Module>([
        .method("parameters", [], "every parameter tensor of the module and its children.") { m, _, _ in
            .list(ListStorage(m.parameters().map(Convert.wrap)))
        },
        named("namedParameters", "a dictionary of the parameters by dotted path (\"0.weight\").") { $0.namedParameters() },
        named("namedBuffers", "a dictionary of the state that is not trained (BatchNorm's \"running_mean\", …) by dotted path.") { $0.namedBuffers() },
        named("stateDict", "parameters then buffers by dotted path, PyTorch's state_dict names: what saveState writes.") { $0.stateDict() },
        .method("loadStateDict", ["stateDict", .defaulted("strict", true)],
                "copies a dictionary of tensors by dotted path (another model's stateDict()) into this model's parameters and buffers, in place; every name and shape is checked first (strict: false ignores missing and extra names).") { m, a, _ in
            try loadStateDict(m, try a.value("stateDict"), strict: try a.boolean("strict"))
            return .null
        },
        .method("train", [], "switches to training mode (dropout on, batch statistics).") { m, _, _ in m.train(); return .null },
        .method("eval", [], "switches to evaluation mode (dropout off, running statistics).") { m, _, _ in m.eval(); return .null },
        .method("zeroGrad", [], "clears the gradients of every parameter.") { m, _, _ in m.zeroGrad(); return .null },
        .method("freeze", [], "stops gradients for every parameter (requiresGrad false): optimizers skip them, for fine-tuning a head.") { m, _, _ in
            setFrozen(m, true)
            return .null
        },
        .method("unfreeze", [], "lets gradients reach every parameter again (requiresGrad true).") { m, _, _ in
            setFrozen(m, false)
            return .null
        },
        .property("isTraining", "whether it is in training mode.") { m in .bool(m.isTraining) },
        .method("registerForwardHook", ["hook"],
                "calls hook(module, input, output) after each call of the module; a tensor it returns replaces the output. Returns a handle: handle.remove().") { m, a, vm in
            let function = try a.value("hook")
            let hooks = m.forwardHooks
            let id = hooks.addPost { [weak vm] module, input, output in
                guard let vm else { return nil }
                return try HookHandleValue.replacement(try vm.call(function, Arguments([Convert.module(module), Convert.wrap(input), Convert.wrap(output)])), "a forward hook")
            }
            return .object(HookHandleValue(on: m.summaryName) { hooks.remove(id) })
        },
        .method("registerForwardPreHook", ["hook"],
                "calls hook(module, input) before each call of the module; a tensor it returns replaces the input. Returns a handle: handle.remove().") { m, a, vm in
            let function = try a.value("hook")
            let hooks = m.forwardHooks
            let id = hooks.addPre { [weak vm] module, input in
                guard let vm else { return nil }
                return try HookHandleValue.replacement(try vm.call(function, Arguments([Convert.module(module), Convert.wrap(input)])), "a forward pre-hook")
            }
            return .object(HookHandleValue(on: m.summaryName) { hooks.remove(id) })
        },
        .property("parameterCount", "how many numbers its parameters hold.") { m in .number(Double(m.parameterCount)) },
    ] + conversions)

    /// `model.loadStateDict(state, strict:)`: a dictionary name → tensor copied into the module.
    private static func loadStateDict(_ m: any Module, _ given: Value, strict: Bool) throws {
        guard case .dictionary(let d) = given else {
            throw ScriptError("TypeError", "loadStateDict: the state must be a dictionary of tensors by name (what stateDict() returns), not a \(given.typeName)")
        }
        var state: [(String, Tensor)] = []
        for (key, value) in zip(d.keys, d.values) {
            state.append((key.text, try Convert.tensor(value, "the state's '\(key.text)'")))
        }
        try noGrad { try m.loadStateDict(state, strict: strict) }
    }

    static var names: [String] { table.names }

    /// Freezes or unfreezes every parameter of `module` and of the layers inside it. Layers declared in
    /// Soma note which tensors they froze, as they count only tensors that require gradients otherwise.
    static func setFrozen(_ module: any Module, _ frozen: Bool) {
        var layers: [ScriptModule] = [], pending: [any Module] = [module]
        while let m = pending.popLast() {
            if let s = m as? ScriptModule { layers.append(s) }
            pending += m.children.map(\.1)
        }
        // The note must hold whenever requiresGrad is off: set before freezing, cleared after unfreezing.
        if frozen { for s in layers { s.noteFrozen(true) } }
        for p in module.parameters() {
            p.requiresGrad = !frozen
            if frozen { p.zeroGrad() }
        }
        if !frozen { for s in layers { s.noteFrozen(false) } }
    }

    static func member(_ module: any Module, _ name: String) throws -> Value? { try table.get(module, name) }

    /// A method returning a dictionary of the live tensors (no copies), in the engine's order.
    private static func named(_ name: String, _ summary: String, _ list: @escaping @Sendable (any Module) -> [(String, Tensor)]) -> MemberTable<any Module>.Member {
        .method(name, [], summary) { m, _, _ in
            let d = DictionaryStorage()
            for (n, t) in list(m) { try d.set(.string(n), Convert.wrap(t)) }
            return .dictionary(d)
        }
    }

    /// An engine module's own parameter, buffer or child by field name. Buffers are read in the language's
    /// camelCase (`bn.runningMean` for PyTorch's `running_mean`); the tensors are live, not copies.
    static func field(_ module: any Module, _ name: String) -> Value? {
        if let (_, p) = module.ownParameters.first(where: { $0.0 == name }) { return Convert.wrap(p) }
        if let holder = module as? any BufferHolding,
           let (_, b) = holder.ownBuffers.first(where: { camelCase($0.0) == name }) { return Convert.wrap(b) }
        if let (_, c) = module.children.first(where: { $0.0 == name }) { return Convert.module(c) }
        return nil
    }

    /// The names `field` answers to that can follow a dot (Sequential's numbered children are indexed instead).
    static func fieldNames(_ module: any Module) -> [String] {
        module.ownParameters.map(\.0) + ((module as? any BufferHolding)?.ownBuffers.map { camelCase($0.0) } ?? [])
            + module.children.map(\.0).filter { !($0.first?.isNumber ?? true) }
    }

    /// `running_mean` → `runningMean`.
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_")
        guard let first = parts.first else { return name }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// A user-defined layer instance seen by the engine as a Module, so it nests in Sequential and its
/// parameters are collected.
///
/// Made anew whenever the engine needs one: the instance keeps only the adapter's state, never the
/// adapter, because the adapter holds the instance and the pair would be a cycle never freed.
final class ScriptModule: Module {
    let instance: Instance
    unowned let interpreter: Interpreter
    private let state: ScriptModuleState

    init(_ instance: Instance, _ interpreter: Interpreter) {
        self.instance = instance
        self.interpreter = interpreter
        if let state = instance.hostData as? ScriptModuleState { self.state = state } else {
            state = ScriptModuleState()
            instance.hostData = state
        }
    }

    var forwardHooks: ForwardHooks { state.forwardHooks }

    var isTraining: Bool {
        get { state.isTraining }
        set { state.isTraining = newValue }
    }

    func forward(_ x: Tensor) throws -> Tensor {
        let r = try interpreter.callForward(instance, Arguments([Convert.wrap(x)]))
        return try Convert.tensor(r, "the result of \(instance.type.name).forward")
    }

    /// Tensors held in fields that require gradients: the layer's own parameters, also inside lists and
    /// dictionaries (`let weights = [w1, w2]` gives `weights.0`, `weights.1`, as PyTorch's ParameterList).
    /// Parameters that `freeze()` switched off still count, so that they are saved and can be unfrozen.
    var ownParameters: [(String, Tensor)] {
        var out: [(String, Tensor)] = []
        walkFields { name, v in
            if case .object(let o as TensorValue) = v, o.tensor.requiresGrad || state.isFrozen(o.tensor) {
                out.append((name, o.tensor))
                return true
            }
            return false
        }
        return out
    }

    /// Marks this layer's own parameters frozen or not; `requiresGrad` is set by the caller.
    func noteFrozen(_ frozen: Bool) {
        state.frozen = frozen ? ownParameters.map { Weak($0.1) } : []
    }

    /// Modules held in fields, directly or in lists and dictionaries at any depth (`let blocks = [Block(8),
    /// Block(8)]` gives `blocks.0`, `blocks.1`; `let heads = ["a": Linear(2, 2)]` gives `heads.a`), named as
    /// PyTorch's ModuleList and ModuleDict name them, so `parameters()` trains them and `stateDict` saves them.
    var children: [(String, any Module)] {
        var out: [(String, any Module)] = []
        walkFields { name, v in
            guard let m = Convert.moduleOrNil(v, interpreter) else { return false }
            out.append((name, m))
            return true
        }
        return out
    }

    /// Calls `visit` with each field value and, through lists and dictionaries, each value inside them,
    /// named by its dotted path; `visit` returns true when it took the value (its insides are not walked).
    /// A list that contains itself is walked once.
    private func walkFields(_ visit: (String, Value) -> Bool) {
        var seen = Set<ObjectIdentifier>()
        func walk(_ name: String, _ v: Value) {
            if visit(name, v) { return }
            switch v {
            case .list(let l):
                guard seen.insert(ObjectIdentifier(l)).inserted else { return }
                for (i, item) in l.items.enumerated() { walk("\(name).\(i)", item) }
            case .dictionary(let d):
                guard seen.insert(ObjectIdentifier(d)).inserted else { return }
                for (key, item) in zip(d.keys, d.values) {
                    if case .string(let k) = key { walk("\(name).\(k)", item) } else { walk("\(name).\(key.text)", item) }
                }
            default: return
            }
        }
        for (name, v) in instance.fields { walk(name, v) }
    }

    var summaryName: String { instance.type.name }
}

/// What a layer instance remembers as a module between adapters.
final class ScriptModuleState {
    var isTraining = true
    let forwardHooks = ForwardHooks()
    /// The parameters `freeze()` switched off, held weakly: a field later set to a new tensor does not
    /// make the old one count.
    var frozen: [Weak<Tensor>] = []

    func isFrozen(_ t: Tensor) -> Bool { frozen.contains { $0.object === t } }
}

/// A reference that does not keep its object alive.
struct Weak<Object: AnyObject> {
    weak var object: Object?
    init(_ object: Object) { self.object = object }
}

extension Convert {
    static func module(_ m: any Module) -> Value {
        if let s = m as? ScriptModule { return .instance(s.instance) }
        return .object(ModuleValue(m))
    }

    /// The engine module behind a value, if it is one (a layer instance gets its adapter, made once).
    static func moduleOrNil(_ v: Value, _ interpreter: Interpreter) -> (any Module)? {
        switch v {
        case .object(let o as ModuleValue): return o.module
        case .object(let o as any ModuleBacked): return o.module
        case .instance(let i): return ScriptModule(i, interpreter)
        default: return nil
        }
    }

    static func moduleArgument(_ v: Value, _ what: String, _ interpreter: Interpreter) throws -> any Module {
        guard let m = moduleOrNil(v, interpreter) else {
            throw ScriptError("TypeError", "\(what) must be a layer, not a \(v.typeName)")
        }
        return m
    }
}

/// Text forms of engine objects.
enum Describe {
    static func module(_ m: any Module, indent: String = "") -> String {
        let kids = m.children
        if kids.isEmpty { return m.summaryName }
        return m.summaryName + "(\n" + kids.map { indent + "  (\($0.0)): " + module($0.1, indent: indent + "  ") }.joined(separator: "\n")
            + "\n" + indent + ")"
    }
}
