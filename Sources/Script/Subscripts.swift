/// Indexing and slicing of lists, strings and dictionaries; host objects index themselves.
enum Subscripts {
    /// `base[items]`; `vm`, when given, keeps the character table of a long string indexed in a loop.
    static func get(_ base: Value, _ items: [IndexValue], _ vm: Interpreter? = nil) throws -> Value {
        switch base {
        case .object(let o): return try o.subscriptGet(items)
        case .list(let l):
            switch try single(items, base) {
            case .value(let v): return l.items[try position(v, l.items.count)]
            case .slice(let a, let b, let c): return .list(ListStorage(try slice(l.items, a, b, c)))
            case .ellipsis: return base
            }
        case .string(let s):
            let chars = vm?.characters(of: s) ?? StringCharacters(s)
            switch try single(items, base) {
            case .value(let v): return .string(String(chars[try position(v, chars.count)]))
            case .slice(let a, let b, let c):
                let (start, end, step) = try sliceBounds(chars.count, a, b, c)
                if step == 1 { return .string(String(chars.substring(start, max(start, end)))) }
                return .string(String(stride(from: start, to: end, by: step).map { chars[$0] }))
            case .ellipsis: return base
            }
        case .dictionary(let d):
            guard case .value(let key) = try single(items, base) else {
                throw ScriptError("TypeError", "a dictionary cannot be sliced")
            }
            guard let v = try d.get(key) else { throw ScriptError("IndexError", "key \(key.repr) is not in the dictionary") }
            return v
        case .range(let lo, let hi):
            guard case .value(let v) = try single(items, base) else { throw ScriptError("TypeError", "a range cannot be sliced") }
            return .number(Double(lo + (try position(v, max(0, hi - lo)))))
        default:
            throw ScriptError("TypeError", "a \(base.typeName) cannot be indexed")
        }
    }

    /// Stores into `base`; returns a new value for host objects with value semantics, nil otherwise.
    static func set(_ base: Value, _ items: [IndexValue], _ value: Value) throws -> Value? {
        switch base {
        case .object(let o): return try o.subscriptSet(items, value)
        case .list(let l):
            guard case .value(let v) = try single(items, base) else {
                throw ScriptError("TypeError", "assigning to a list slice is not supported; assign elements one at a time")
            }
            l.items[try position(v, l.items.count)] = value
            return nil
        case .dictionary(let d):
            guard case .value(let key) = try single(items, base) else { throw ScriptError("TypeError", "a dictionary cannot be sliced") }
            try d.set(key, value)
            return nil
        default:
            throw ScriptError("TypeError", "a \(base.typeName) does not support item assignment")
        }
    }

    /// Stores nil for a moment in the list item or dictionary entry `base[items]`, so that a value read
    /// from it has no other holder (see `Update.run`); does nothing to anything else.
    static func release(_ base: Value, _ items: [IndexValue]) {
        guard items.count == 1, case .value(let v) = items[0] else { return }
        switch base {
        case .list(let l):
            if let i = try? position(v, l.items.count) { l.items[i] = .null }
        case .dictionary(let d):
            if (try? d.get(v)) != nil { try? d.set(v, .null) }
        default: break
        }
    }

    private static func single(_ items: [IndexValue], _ base: Value) throws -> IndexValue {
        guard items.count == 1 else {
            throw ScriptError("IndexError", "a \(base.typeName) takes one index, got \(items.count)")
        }
        return items[0]
    }

    /// A whole-number index resolved against `count` (negative counts from the end).
    static func position(_ v: Value, _ count: Int) throws -> Int {
        let i = try v.integer("an index")
        let j = i < 0 ? i + count : i
        guard j >= 0, j < count else {
            throw ScriptError("IndexError", "index \(i) is out of range for length \(count)")
        }
        return j
    }

    static func slice<T>(_ items: [T], _ start: Int?, _ end: Int?, _ step: Int?) throws -> [T] {
        let (i, e, step) = try sliceBounds(items.count, start, end, step)
        return stride(from: i, to: e, by: step).map { items[$0] }
    }

    /// The first position `[start:end:step]` picks from `n` items, the bound it stops before, and the
    /// step, as Python's slices count them.
    static func sliceBounds(_ n: Int, _ start: Int?, _ end: Int?, _ step: Int?) throws -> (start: Int, end: Int, step: Int) {
        let step = step ?? 1
        guard step != 0 else { throw ScriptError("ValueError", "slice step cannot be zero") }
        func clamp(_ v: Int?, _ dflt: Int, _ low: Int, _ high: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += n }
            return min(max(v, low), high)
        }
        let i = step > 0 ? clamp(start, 0, 0, n) : clamp(start, n - 1, -1, n - 1)
        let e = step > 0 ? clamp(end, n, 0, n) : clamp(end, -1, -1, n - 1)
        return (i, e, step)
    }
}
