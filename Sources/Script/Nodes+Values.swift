/// Literals, collections and variable access.
final class ConstantNode: Node {
    let location: SourceLocation
    let value: Value
    init(_ value: Value, _ location: SourceLocation) {
        self.value = value
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value { value }
}

final class InterpolationNode: Node {
    let location: SourceLocation
    /// Literal text (a string constant) or an expression to format, in order.
    let parts: [Node]
    init(_ parts: [Node], _ location: SourceLocation) {
        self.parts = parts
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        var s = ""
        for p in parts { s += try p.eval(vm, frame).text }
        return .string(s)
    }
}

final class ListNode: Node {
    let location: SourceLocation
    let items: [Node]
    init(_ items: [Node], _ location: SourceLocation) {
        self.items = items
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for i in items { values.append(try i.eval(vm, frame)) }
        return .list(ListStorage(values))
    }
}

final class DictionaryNode: Node {
    let location: SourceLocation
    let entries: [(Node, Node)]
    init(_ entries: [(Node, Node)], _ location: SourceLocation) {
        self.entries = entries
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let d = DictionaryStorage()
        for (k, v) in entries {
            let key = try k.eval(vm, frame)
            do { try d.set(key, try v.eval(vm, frame)) } catch { throw vm.locate(error, at: k.location) }
        }
        return .dictionary(d)
    }
}

final class RangeNode: Node {
    let location: SourceLocation
    let lower: Node, upper: Node, inclusive: Bool
    init(_ lower: Node, _ upper: Node, inclusive: Bool, _ location: SourceLocation) {
        self.lower = lower
        self.upper = upper
        self.inclusive = inclusive
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        do {
            let lo = try lower.eval(vm, frame).integer("a range bound")
            let hi = try upper.eval(vm, frame).integer("a range bound")
            return .range(lo, inclusive ? hi + 1 : hi)
        } catch { throw vm.locate(error, at: location) }
    }
}

/// A variable of the running frame, in a slot or (when a nested function captured it) in a cell.
final class LocalNode: AssignableNode {
    let location: SourceLocation
    let variable: Variable
    let slot: Int
    /// The variable's cell, or -1; set when the declaring context is compiled to the end.
    var cell = -1
    init(_ variable: Variable, _ location: SourceLocation) {
        self.variable = variable
        slot = variable.slot
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        cell < 0 ? frame.slots[slot] : frame.cells[cell].value
    }
    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        if cell < 0 { frame.slots[slot] = value } else { frame.cells[cell].value = value }
    }
    /// Starts a new life of the variable (a declaration, a loop's next iteration): a captured variable
    /// gets a new box, so closures made earlier keep the value they saw.
    func declare(_ value: Value, _ frame: Frame) {
        if cell < 0 { frame.slots[slot] = value } else { frame.cells[cell] = Box(value) }
    }
}

/// Declares a local variable (`let`, `var`, a local `fn` or `layer`).
final class DeclareNode: Node {
    let location: SourceLocation
    let target: LocalNode, value: Node
    init(_ target: LocalNode, _ value: Node, _ location: SourceLocation) {
        self.target = target
        self.value = value
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        target.declare(try value.eval(vm, frame), frame)
        return .null
    }
}

/// A variable of an enclosing frame, through the box the running function captured.
final class UpvalueNode: AssignableNode {
    let location: SourceLocation
    let index: Int, name: String
    init(index: Int, name: String, _ location: SourceLocation) {
        self.index = index
        self.name = name
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value { frame.captures[index].value }
    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws { frame.captures[index].value = value }
}

/// A local function's own name inside its body: the running function.
final class CurrentFunctionNode: AssignableNode {
    let location: SourceLocation
    let name: String
    init(name: String, _ location: SourceLocation) {
        self.name = name
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        frame.function.map { .function($0) } ?? .null
    }
    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        throw ScriptError("TypeError", "cannot assign to '\(name)': it is a function declared with fn", at: location, in: vm.source)
    }
}

/// `self` in a layer: the instance, held weakly by the constructor's `self` box.
final class SelfNode: Node {
    let location: SourceLocation
    enum Place { case cell(Int), upvalue(Int) }
    let place: Place
    init(_ place: Place, _ location: SourceLocation) {
        self.place = place
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let box: Box
        switch place {
        case .cell(let i): box = frame.cells[i]
        case .upvalue(let i): box = frame.captures[i]
        }
        guard let instance = box.instance else {
            throw ScriptError("ValueError", "'self' is gone: this method outlived its layer instance (keep the instance, not only the method)", at: location, in: vm.source)
        }
        return .instance(instance)
    }
}

/// A top-level variable; reading one that was never defined is a NameError.
///
/// A module's code keeps the module's table, so a function from a module reads that module's globals
/// wherever it is called from; the session's own code reads the interpreter's (`globals` is nil).
final class GlobalNode: AssignableNode {
    let location: SourceLocation
    let globals: Globals?
    let slot: Int, name: String
    /// Local names in scope where the name was used: the likeliest intended names when it is misspelled.
    var visibleLocals = VisibleNames(trail: nil, newest: -1)
    init(_ globals: Globals?, slot: Int, name: String, _ location: SourceLocation) {
        self.globals = globals
        self.slot = slot
        self.name = name
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let globals = globals ?? vm.globals
        if let v = globals.values[slot] { return v }
        var message = "name '\(name)' is not defined"
        if let close = Spelling.closest(to: name, in: visibleLocals.names) ?? Spelling.closest(to: name, in: globals.defined.map(\.name)) {
            message += "; did you mean '\(close)'?"
        }
        throw ScriptError("NameError", message, at: location, in: vm.source)
    }
    func assign(_ value: Value, _ vm: Interpreter, _ frame: Frame) throws {
        let globals = globals ?? vm.globals
        guard globals.values[slot] != nil else {
            throw ScriptError("NameError", "cannot assign to '\(name)': it is not defined (declare it with let or var)", at: location, in: vm.source)
        }
        globals.values[slot] = value
    }
}

/// Defines a top-level variable (a `let`, `var`, `fn` or `layer` at the top of a cell).
final class DefineGlobalNode: Node {
    let location: SourceLocation
    /// A module's table, or nil for the session's (see `GlobalNode`).
    let globals: Globals?
    let slot: Int, value: Node, constant: Bool
    init(_ globals: Globals?, slot: Int, value: Node, constant: Bool, _ location: SourceLocation) {
        self.globals = globals
        self.slot = slot
        self.value = value
        self.constant = constant
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let v = try value.eval(vm, frame)
        let globals = globals ?? vm.globals
        globals.values[slot] = v
        globals.constant[slot] = constant
        return .null
    }
}

/// Sets a local slot (a declaration inside a function, or any assignment to a resolved variable).
final class SetNode: Node {
    let location: SourceLocation
    let target: AssignableNode, value: Node
    init(_ target: AssignableNode, _ value: Node, _ location: SourceLocation) {
        self.target = target
        self.value = value
        self.location = location
    }
    func eval(_ vm: Interpreter, _ frame: Frame) throws -> Value {
        let v = try value.eval(vm, frame)
        do { try target.assign(v, vm, frame) } catch { throw vm.locate(error, at: target.location) }
        return .null
    }
}

/// Edit distance for "did you mean" hints.
enum Spelling {
    /// The candidate nearest to `name` within 1 edit (names of up to 3 characters) or 2 edits; on a
    /// tie, the first in `candidates`.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let a = Array(name)
        var best: (String, Int)?
        for c in candidates where c != name {
            let b = Array(c)
            guard abs(a.count - b.count) <= 2 else { continue }
            let d = distance(a, b)
            if d <= (a.count <= 3 ? 1 : 2), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// Insertions, deletions, substitutions and swaps of two neighbours, each one edit (the optimal
    /// string alignment distance): `raet` is one edit from `rate`, as a typist would count it.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
