/// Unpacking a value into the names of a pattern, and list comprehensions.

/// Where a pattern puts the values it unpacks: one per name, in the pattern's shape.
indirect enum PatternTarget {
    /// `_`: the value is dropped.
    case skip
    /// A new life of a local variable (a `let`, or a loop's next iteration).
    case local(LocalNode)
    /// A `let`/`var` at the top of a program.
    case global(Globals?, slot: Int, constant: Bool)
    /// An existing variable, member or element (`[a, b] = [b, a]`).
    case assign(AssignableNode)
    /// `[p, q, …]`: the value is unpacked and each item goes to its pattern.
    case list([PatternTarget], SourceLocation)

    /// Whether the target unpacks its value (a dictionary then gives a `for` its [key, value] pairs).
    var unpacks: Bool {
        if case .list = self { return true }
        return false
    }

    /// The local variables the pattern declares, in order (a layer's fields).
    var variables: [Variable] {
        switch self {
        case .local(let node): return [node.variable]
        case .list(let targets, _): return targets.flatMap(\.variables)
        case .skip, .global, .assign: return []
        }
    }

    @inline(__always) func bind(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        switch self {
        case .skip:
            return
        case .local(let node):
            node.declare(value, frame)
        case .global(let globals, let slot, let constant):
            let table = globals ?? vm.globals
            table.values[slot] = value
            table.constant[slot] = constant
        case .assign(let node):
            do { try node.assign(value, vm, frame) } catch { throw vm.locate(error, at: node.location) }
        case .list(let targets, let location):
            let items: [Value]
            do { items = try Unpacking.items(of: value, into: targets.count) } catch { throw vm.locate(error, at: location) }
            for (target, item) in zip(targets, items) { try target.bind(item, vm, frame) }
        }
    }
}

/// The items a value unpacks into.
enum Unpacking {
    /// The `count` items of a list, range or host sequence (a tensor's rows along its first axis);
    /// an error for any other value or another number of items.
    static func items(of value: Value, into count: Int) throws -> [Value] {
        let items: [Value]
        switch value {
        case .list(let l):
            items = l.items
        case .range(let lo, let hi):
            try check(Swift.max(0, hi - lo), count)
            items = try value.sequence("the value")
        case .object(let o):
            items = try o.elements()
        case .dictionary:
            throw ScriptError("TypeError", "cannot unpack a dict into \(names(count)): unpack d.items() for [key, value] pairs, or d.keys() or d.values()")
        default:
            throw ScriptError("TypeError", "cannot unpack a \(value.typeName) into \(names(count)): only a list, range or tensor can be unpacked")
        }
        try check(items.count, count)
        return items
    }

    private static func check(_ found: Int, _ count: Int) throws {
        guard found != count else { return }
        throw ScriptError("ValueError", "cannot unpack \(found) value\(found == 1 ? "" : "s") into \(names(count))")
    }

    private static func names(_ count: Int) -> String { "\(count) name\(count == 1 ? "" : "s")" }
}

/// Calls `body` with each item a `for` loop visits in `source` until it returns false: the numbers of a
/// range (without building a list), the steps of a stepped host object, or the items of a sequence.
/// A dictionary gives its keys, or its [key, value] pairs when `pairs` (a loop that unpacks them).
@inline(__always) func forEachItem(of source: Value, pairs: Bool, _ vm: Interpreter, at location: SourceLocation,
                                   _ body: (Value) throws -> Bool) throws {
    switch source {
    case .range(let lo, let hi):
        var i = lo
        while i < hi {
            guard try body(.number(Double(i))) else { return }
            i += 1
        }
    case .object(let o as SteppedIterable):
        try o.forEachStep(body)
    case .dictionary(let d) where pairs:
        for (key, value) in zip(d.keys, d.values) {
            guard try body(.list(ListStorage([key, value]))) else { return }
        }
    default:
        let items: [Value]
        do { items = try source.sequence("the value after 'in'") } catch { throw vm.locate(error, at: location) }
        for item in items {
            guard try body(item) else { return }
        }
    }
}

/// A unpacking declaration or assignment: `let [a, b] = value`, `[a, b] = [b, a]`.
final class UnpackNode: Node {
    let location: SourceLocation
    let target: PatternTarget, value: Node
    init(_ target: PatternTarget, _ value: Node, _ location: SourceLocation) {
        self.target = target
        self.value = value
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        try target.bind(try value.eval(vm, frame), vm, frame)
        return .null
    }
}

/// `[element for pattern in items if condition …]`.
final class ComprehensionNode: Node {
    /// One `for … in … if …`, looping inside the ones before it.
    struct Loop {
        let target: PatternTarget, items: Node, condition: Node?
    }

    let location: SourceLocation
    let loops: [Loop], element: Node
    init(_ loops: [Loop], _ element: Node, _ location: SourceLocation) {
        self.loops = loops
        self.element = element
        self.location = location
    }

    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        var result: [Value] = []
        try run(0, into: &result, vm, frame)
        return vm.flow == .normal ? .list(ListStorage(result)) : .null
    }

    /// Runs loop `level` and those inside it, appending each element; returns false when a `return` in
    /// a block of the element ends the comprehension with its function.
    @discardableResult
    private func run(_ level: Int, into result: inout [Value], _ vm: Interpreter, _ frame: Frame) throws -> Bool {
        let loop = loops[level]
        let source = try loop.items.eval(vm, frame)
        var going = true
        try forEachItem(of: source, pairs: loop.target.unpacks, vm, at: loop.items.location) { item in
            try vm.checkInterrupt(at: location)
            try loop.target.bind(item, vm, frame)
            if let condition = loop.condition, !(try test(condition, vm, frame, "the condition of a list comprehension")) { return true }
            if level + 1 < loops.count {
                going = try run(level + 1, into: &result, vm, frame)
                return going
            }
            guard result.count < Interpreter.maxCollection else {
                throw ScriptError("MemoryError", "a list comprehension grew past \(Interpreter.maxCollection) items", at: location, in: vm.source)
            }
            let value = try element.eval(vm, frame)
            guard vm.flow == .normal else { going = false; return false }
            result.append(value)
            return true
        }
        return going
    }
}
