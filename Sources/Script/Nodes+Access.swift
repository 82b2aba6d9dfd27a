/// Calls, member access and indexing.
class CallNode: Node {
    let location: SourceLocation
    let callee: Node
    let positional: [Node]
    let labelled: [(String, Node)]
    init(_ callee: Node, positional: [Node], labelled: [(String, Node)], _ location: SourceLocation) {
        self.callee = callee
        self.positional = positional
        self.labelled = labelled
        self.location = location
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let f = try callee.eval(vm, frame)
        let args = try arguments(vm, frame)
        return try traced(vm) { try vm.call(f, args) }
    }

    /// The arguments, evaluated in order: positional ones, then labelled ones.
    final func arguments(_ vm: Interpreter, _ frame: Frame) throws -> Arguments {
        var args = Arguments()
        // Reserving room for no arguments would allocate an empty buffer: most calls have no labels.
        if !positional.isEmpty {
            args.positional.reserveCapacity(positional.count)
            for p in positional { args.positional.append(try p.eval(vm, frame)) }
        }
        if !labelled.isEmpty {
            args.labelled.reserveCapacity(labelled.count)
            for (label, node) in labelled { args.labelled.append((label, try node.eval(vm, frame))) }
        }
        return args
    }

    /// Runs the call, adding this call site to the traceback of an error that happened in code it
    /// called (a user function, or one a builtin such as `fit` called back), or locating here an
    /// error that has no place yet.
    @inline(__always) final func traced<T>(_ vm: Interpreter, _ call: () throws -> T) throws -> T {
        do {
            return try call()
        } catch var error as ScriptError where error.location != .unknown {
            error.trace.append(ScriptError.CallSite(location, in: vm.source))
            throw error
        } catch {
            throw vm.locate(error, at: location)
        }
    }
}

/// `object.name(arguments)`: runs the method from the value's member table without making a function
/// bound to the value first (clox's `OP_INVOKE`). Its callee is the member expression, for its place.
final class InvokeNode: CallNode {
    private let member: MemberNode
    /// The method's name, with the member the last call here ran.
    private let site: MemberSite

    init(_ member: MemberNode, positional: [Node], labelled: [(String, Node)], _ location: SourceLocation) {
        self.member = member
        site = MemberSite(member.name)
        super.init(member, positional: positional, labelled: labelled, location)
    }

    override func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let base = try member.object.eval(vm, frame)
        let args = try arguments(vm, frame)
        if let v = try traced(vm, { try Methods.invoke(base, site, args, vm) }) { return v }
        throw member.missing(base, vm)
    }
}

final class MemberNode: AssignableNode {
    let location: SourceLocation
    let object: Node, name: String
    init(_ object: Node, _ name: String, _ location: SourceLocation) {
        self.object = object
        self.name = name
        self.location = location
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        try read(try object.eval(vm, frame), vm)
    }

    /// The member of `base`, the value of the object expression.
    func read(_ base: Value, _ vm: Interpreter) throws -> Value {
        do {
            if let v = try Methods.member(of: base, name, vm) { return v }
        } catch { throw vm.locate(error, at: location) }
        throw missing(base, vm)
    }

    /// The error for a member `base` does not have, naming the likeliest one it has.
    func missing(_ base: Value, _ vm: Interpreter) -> ScriptError {
        ScriptError("TypeError", "a \(base.typeName) has no member '\(name)'" + hint(vm.memberNames(of: base)), at: location, in: vm.source)
    }

    /// "; did you mean 'x'?" when one of `names` is a likely spelling of the member asked for.
    func hint(_ names: [String]) -> String {
        Spelling.closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
    }

    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        try write(value, into: try object.eval(vm, frame), vm)
    }

    /// Sets the member of `base`, the value of the object expression.
    func write(_ value: Value, into base: Value, _ vm: Interpreter) throws {
        if case .object(let o) = base {
            let done: Bool
            do { done = try o.setMember(name, value) } catch { throw vm.locate(error, at: location) }
            if done { return }
        }
        guard case .instance(let i) = base else {
            throw ScriptError("TypeError", "cannot set '\(name)' on a \(base.typeName)", at: location, in: vm.source)
        }
        let done: Bool
        do { done = try i.setField(name, value) } catch { throw vm.locate(error, at: location) }
        guard done else {
            let close = hint(i.type.fields.map(\.name))
            throw ScriptError("TypeError", "layer \(i.type.name) has no field '\(name)'"
                + (close.isEmpty ? " (fields are declared with let or var in the layer body)" : close), at: location, in: vm.source)
        }
    }
}

/// One compiled item of an index expression.
enum IndexNodeItem {
    case value(Node)
    case slice(Node?, Node?, Node?)
    case ellipsis
}

final class IndexNode: AssignableNode {
    let location: SourceLocation
    let object: Node, items: [IndexNodeItem]
    init(_ object: Node, _ items: [IndexNodeItem], _ location: SourceLocation) {
        self.object = object
        self.items = items
        self.location = location
    }

    func evaluateItems(_ vm: Interpreter, _ frame: Frame) throws -> [IndexValue] {
        try items.map { item in
            switch item {
            case .value(let n): return .value(try n.eval(vm, frame))
            case .ellipsis: return .ellipsis
            case .slice(let a, let b, let c):
                func bound(_ n: Node?, _ what: String) throws -> Int? {
                    guard let n else { return nil }
                    let v = try n.eval(vm, frame)
                    if case .null = v { return nil }
                    return try v.integer(what)
                }
                return .slice(start: try bound(a, "a slice start"), end: try bound(b, "a slice end"),
                              step: try bound(c, "a slice step"))
            }
        }
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let base = try object.eval(vm, frame)
        do {
            return try Subscripts.get(base, try evaluateItems(vm, frame), vm)
        } catch { throw vm.locate(error, at: location) }
    }

    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        let base = try object.eval(vm, frame)
        let items: [IndexValue]
        do { items = try evaluateItems(vm, frame) } catch { throw vm.locate(error, at: location) }
        try write(value, into: base, items, vm, frame)
    }

    /// Stores into `base[items]`, the values of the object and index expressions.
    func write(_ value: Value, into base: Value, _ items: [IndexValue], _ vm: Interpreter, _ frame: Frame) throws {
        let updated: Value?
        do {
            updated = try Subscripts.set(base, items, value)
        } catch { throw vm.locate(error, at: location) }
        // A host value with value semantics returned its new self: store it where it came from.
        if let updated {
            guard let target = object as? AssignableNode else {
                throw ScriptError("TypeError", "cannot assign into an element of a temporary \(base.typeName); assign it to a variable first", at: location, in: vm.source)
            }
            try target.assign(updated, vm, frame)
        }
    }
}
