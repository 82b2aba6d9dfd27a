/// The variables of one running function, layer constructor or program, reached by slot number.
///
/// A variable that no nested function uses lives in `slots`. One that a nested function uses lives in a
/// `Box` in `cells`, and the nested function holds that box (an upvalue, as in clox), never the frame:
/// a closure keeps alive only what it uses, so a frame and the closures stored in it form no cycle.
public final class Frame {
    public var slots: [Value]
    /// The captured variables declared in this frame.
    var cells: [Box]
    /// The variables of enclosing frames that the running function uses.
    let captures: [Box]
    /// The running function, which a recursive function reads instead of capturing its own variable.
    /// Unretained: it is read only while the function runs (which keeps it alive), and a retain per call
    /// costs every call.
    unowned(unsafe) let function: UserFunction?

    init(size: Int, cells: Int = 0, captures: [Box] = [], function: UserFunction? = nil) {
        slots = .filled(.null, count: size)
        self.cells = cells == 0 ? [] : (0..<cells).map { _ in Box(.null) }
        self.captures = captures
        self.function = function
    }
}

/// One captured variable, shared by the frame that declared it and the closures that use it.
final class Box {
    var value: Value
    /// Set only in a layer constructor's `self` box: the instance, held weakly because the instance
    /// owns the frame whose methods hold this box.
    weak var instance: Instance?
    init(_ value: Value) { self.value = value }
    deinit { DeepRelease.take(&value) }
}

/// Where a resolved local variable lives; fixed once the function that declares it is compiled.
final class Variable {
    let name: String
    let slot: Int
    let constant: Bool
    /// Declared with `fn` (so a constant that reads as its function inside its own body).
    let isFunction: Bool
    /// The index in `Frame.cells` once a nested function captured the variable, else -1.
    var cell = -1
    init(name: String, slot: Int, constant: Bool, isFunction: Bool = false) {
        self.name = name
        self.slot = slot
        self.constant = constant
        self.isFunction = isFunction
    }

    /// The variable's value in `frame` (the frame that declares it).
    func read(_ frame: Frame) -> Value { cell < 0 ? frame.slots[slot] : frame.cells[cell].value }

    func write(_ value: Value, _ frame: Frame) {
        if cell < 0 { frame.slots[slot] = value } else { frame.cells[cell].value = value }
    }
}

/// The top-level variables, which live on from one cell or REPL entry to the next.
///
/// A module's functions keep the module's table (see `GlobalNode`), so the table and the functions
/// stored in it hold each other: the loader empties a module's table (`clear`) when it forgets it.
public final class Globals {
    private(set) var names: [String: Int] = [:]
    private(set) var order: [String] = []
    var values: [Value?] = []
    var constant: [Bool] = []

    /// The slot of `name`, made (empty) if the name is new.
    func slot(_ name: String) -> Int {
        if let s = names[name] { return s }
        let s = values.count
        names[name] = s
        order.append(name)
        values.append(nil)
        constant.append(false)
        return s
    }

    /// Defines or redefines a global.
    public func define(_ name: String, _ value: Value, constant isConstant: Bool = false) {
        let s = slot(name)
        values[s] = value
        constant[s] = isConstant
    }

    /// The value of a global, if it is defined.
    public func get(_ name: String) -> Value? { names[name].flatMap { values[$0] } }

    /// Every defined global, in order of first definition.
    public var defined: [(name: String, value: Value)] {
        order.compactMap { n in values[names[n]!].map { (n, $0) } }
    }

    /// Forgets a global.
    public func remove(_ name: String) {
        if let s = names[name] { values[s] = nil }
    }

    /// Forgets every global, freeing the functions that refer back to this table.
    func clear() {
        for s in values.indices { values[s] = nil }
    }
}
