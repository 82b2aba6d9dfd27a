/// The variables of one running function or layer instance, reached by slot number.
public final class Frame {
    public var slots: [Value]
    /// The frame of the function this one was defined in (what a closure captured).
    public let parent: Frame?

    init(size: Int, parent: Frame?) {
        slots = [Value](repeating: .null, count: size)
        self.parent = parent
    }

    /// The frame `hops` levels out.
    @inline(__always) func ancestor(_ hops: Int) -> Frame {
        var f = self
        for _ in 0..<hops { f = f.parent! }
        return f
    }
}

/// The top-level variables, which live on from one cell or REPL entry to the next.
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
}
