/// `a += b` on strings and lists that grows `a` where it is instead of copying it.
///
/// `a = a + b` builds a new string or list and copies `a` into it, so building one piece by piece in a
/// loop copies it once per piece: quadratic time. When the variable (or item, or field) holding `a` is
/// the only holder of its buffer, appending to that buffer is invisible to the rest of the program and
/// costs only what is appended (amortised, as the buffer doubles when it grows).
extension Operators {
    /// Whether `a op b` is a join `join(_:_:)` can do in place: string onto string, list onto list.
    static func joinsInPlace(_ op: BinaryOp, _ a: Value, _ b: Value) -> Bool {
        guard op == .add else { return false }
        switch (a, b) {
        case (.string, .string), (.list, .list): return true
        default: return false
        }
    }

    /// Sets `a` to `a + b` for two strings or two lists (see `joinsInPlace`), appending to `a`'s own
    /// buffer when nothing else holds it. `release` runs after the checks, before the join: it drops the
    /// hold of the place `a` was read from (which the caller writes again after), so that `a` can be the
    /// only holder. A list that something else also refers to (another variable, an item of a list, the
    /// list being added) is left as it is and `a` becomes a new list, as `+` makes: after
    /// `var b = a; b += [1]`, `a` is unchanged. On an error, `a` is unchanged and `release` has not run.
    static func join(_ a: inout Value, _ b: Value, release: () -> Void = {}) throws {
        if case .string(let y) = b, case .string(var x) = a {
            let old = x.utf8.count, new = old + y.utf8.count
            try Interpreter.checkGrowth(from: old, to: new, stride: 1,
                                        "joining strings of \(x.count) and \(y.count) characters is too large")
            release()
            a = .null
            x += y
            a = .string(x)
        } else if case .list(let y) = b, case .list(var x) = a {
            let old = x.items.count, new = old + y.items.count
            try Interpreter.checkGrowth(from: old, to: new, stride: MemoryLayout<Value>.stride,
                                        "joining lists of \(old) and \(y.items.count) items is too large")
            release()
            a = .null
            if isKnownUniquelyReferenced(&x) {
                x.items += y.items
            } else {
                x = ListStorage(x.items + y.items)
            }
            a = .list(x)
        } else {
            a = try binary(.add, a, b)
        }
    }
}

extension Interpreter {
    /// Checks that a string or list may grow from `old` to `new` items of `stride` bytes: at most
    /// `maxCollection`, and the memory free when the size passes a power of two (about when the buffer
    /// doubles), rather than at every append.
    static func checkGrowth(from old: Int, to new: Int, stride: Int, _ message: @autoclosure () -> String) throws {
        guard new <= maxCollection else { throw ScriptError("MemoryError", message()) }
        if old.leadingZeroBitCount != new.leadingZeroBitCount { try checkMemory(bytes: 2 * new * stride, message()) }
    }
}
