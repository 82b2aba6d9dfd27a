/// Structural equality, walked with an explicit stack: lists nested 100,000 deep compare without
/// exhausting the native stack, and lists or dictionaries that contain themselves compare in finite time
/// (a pair of containers met again while being compared is taken as equal, so two cycles of the same
/// shape are equal).
extension Operators {
    /// Structural equality for the language's values; identity for functions and objects.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        var pending: [(Value, Value)] = [(a, b)]
        var entered = Set<ContainerPair>()
        while let (x, y) = pending.popLast() {
            switch (x, y) {
            case (.null, .null): continue
            case (.bool(let p), .bool(let q)): if p != q { return false }
            case (.number(let p), .number(let q)): if p != q { return false }
            case (.string(let p), .string(let q)): if p != q { return false }
            case (.range(let a1, let b1), .range(let a2, let b2)): if a1 != a2 || b1 != b2 { return false }
            case (.list(let p), .list(let q)):
                if p === q { continue }
                guard p.items.count == q.items.count else { return false }
                guard entered.insert(ContainerPair(p, q)).inserted else { continue }
                pending.append(contentsOf: zip(p.items, q.items))
            case (.dictionary(let p), .dictionary(let q)):
                if p === q { continue }
                guard p.count == q.count else { return false }
                guard entered.insert(ContainerPair(p, q)).inserted else { continue }
                for (k, v) in zip(p.keys, p.values) {
                    guard let w = (try? q.get(k)) ?? nil else { return false }
                    pending.append((v, w))
                }
            case (.function(let p), .function(let q)): if p !== q { return false }
            case (.object(let p), .object(let q)): if p !== q { return false }
            case (.instance(let p), .instance(let q)): if p !== q { return false }
            default: return false
            }
        }
        return true
    }
}

/// Two containers being compared, by identity.
private struct ContainerPair: Hashable {
    let a: ObjectIdentifier, b: ObjectIdentifier
    init(_ a: AnyObject, _ b: AnyObject) {
        self.a = ObjectIdentifier(a)
        self.b = ObjectIdentifier(b)
    }
}

extension Value {
    /// Whether this is `other` itself: the same object, or the same plain value (nan is nan). What tells
    /// a builtin a user (or a module) redefined from the builtin still in place.
    public func isIdentical(to other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let p), .bool(let q)): return p == q
        case (.number(let p), .number(let q)): return p.bitPattern == q.bitPattern
        case (.string(let p), .string(let q)): return p == q
        case (.range(let a1, let b1), .range(let a2, let b2)): return a1 == a2 && b1 == b2
        case (.list(let p), .list(let q)): return p === q
        case (.dictionary(let p), .dictionary(let q)): return p === q
        case (.function(let p), .function(let q)): return p === q
        case (.object(let p), .object(let q)): return p === q
        case (.instance(let p), .instance(let q)): return p === q
        default: return false
        }
    }
}
