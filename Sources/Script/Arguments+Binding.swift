/// Argument matching and typed access for native functions.
extension Arguments {
    /// Matches the arguments to parameter names, PyTorch-style: positional ones in order, labelled ones
    /// by name (nil where none was given; `BoundArguments` then applies defaults and required ones).
    /// Throws a TypeError naming the function for an unknown label, a duplicate or too many positional
    /// arguments.
    func bind(_ function: String, _ names: [String]) throws -> [Value?] {
        if names.isEmpty { try expectNone(function) }
        guard positional.count <= names.count else {
            throw ScriptError("TypeError", "\(function) takes at most \(names.count) argument\(names.count == 1 ? "" : "s") (\(names.joined(separator: ", "))), got \(positional.count)")
        }
        var out = [Value?].filled(nil, count: names.count)
        for (i, v) in positional.enumerated() { out[i] = v }
        for (label, value) in labelled {
            guard let i = names.firstIndex(of: label) else {
                throw ScriptError("TypeError", "\(function) has no parameter '\(label)' (parameters: \(names.joined(separator: ", ")))")
            }
            guard out[i] == nil else { throw ScriptError("TypeError", "\(function) got '\(label)' twice") }
            out[i] = value
        }
        return out
    }

    /// Checks that a function that takes no arguments got none.
    func expectNone(_ function: String) throws {
        guard positional.isEmpty, labelled.isEmpty else {
            throw ScriptError("TypeError", "\(function) takes no arguments")
        }
    }
}

extension Value {
    /// This value as a number, or a TypeError naming `what` (e.g. "lr of Adam").
    ///
    /// `what` here and in the conversions below is evaluated only for the error: a call in a training
    /// step may describe its argument with interpolated text, and building that text on every call
    /// costs more than the conversion.
    public func number(_ what: @autoclosure () -> String) throws -> Double {
        if case .number(let n) = self { return n }
        if case .bool(let b) = self { return b ? 1 : 0 }
        throw ScriptError("TypeError", "\(what()) must be a number, not a \(typeName)")
    }

    /// This value as an integer (a number with no fraction), or a TypeError/ValueError naming `what`.
    public func integer(_ what: @autoclosure () -> String) throws -> Int {
        try Value.integer(try number(what()), what())
    }

    /// `n` as an Int, or a ValueError naming `what` when it is NaN, infinite, fractional or beyond ±9e15.
    ///
    /// The one place a number from the user becomes an Int: Swift's `Int(_:)` traps (kills the
    /// process) on NaN, infinity and values outside Int's range, so nothing else may call it on user data.
    public static func integer(_ n: Double, _ what: @autoclosure () -> String) throws -> Int {
        guard n == n.rounded() else {   // false for NaN and for any fraction
            throw ScriptError("ValueError", "\(what()) must be a whole number, got \(Value.number(n).text)")
        }
        guard abs(n) < 9.0e15 else {
            throw ScriptError("ValueError", "\(what()) is out of range: \(Value.number(n).text) (whole numbers up to ±9e15)")
        }
        return Int(n)
    }

    /// This value as an integer that is at least 0 (a size or a count), or a ValueError naming `what`.
    public func nonNegativeInteger(_ what: @autoclosure () -> String) throws -> Int {
        let n = try integer(what())
        guard n >= 0 else { throw ScriptError("ValueError", "\(what()) must not be negative, got \(n)") }
        return n
    }

    public func string(_ what: @autoclosure () -> String) throws -> String {
        if case .string(let s) = self { return s }
        throw ScriptError("TypeError", "\(what()) must be a string, not a \(typeName)")
    }

    public func boolean(_ what: @autoclosure () -> String) throws -> Bool {
        if case .bool(let b) = self { return b }
        throw ScriptError("TypeError", "\(what()) must be true or false, not a \(typeName)")
    }

    /// The elements of a list, range or iterable host object.
    public func sequence(_ what: @autoclosure () -> String) throws -> [Value] {
        switch self {
        case .list(let l): return l.items
        case .range(let lo, let hi):
            try Interpreter.checkCollection(hi - lo, "the range \(lo)..<\(hi) is too long to make into a list")
            return lo < hi ? (lo..<hi).map { .number(Double($0)) } : []
        case .object(let o): return try o.elements()
        case .string(let s): return s.map { .string(String($0)) }
        case .dictionary(let d): return d.keys
        default: throw ScriptError("TypeError", "\(what()) must be a list, range, string, dictionary or tensor, not a \(typeName)")
        }
    }

    /// A list of whole numbers (a shape), from a list, a single number or a range.
    public func integers(_ what: @autoclosure () -> String) throws -> [Int] {
        if case .number = self { return [try integer(what())] }
        return try sequence(what()).map { try $0.integer("each entry of \(what())") }
    }
}
