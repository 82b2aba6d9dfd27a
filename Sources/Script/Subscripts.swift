/// Indexing and slicing of lists, strings and dictionaries; host objects index themselves.
enum Subscripts {
    static func get(_ base: Value, _ items: [IndexValue]) throws -> Value {
        switch base {
        case .object(let o): return try o.subscriptGet(items)
        case .list(let l):
            switch try single(items, base) {
            case .value(let v): return l.items[try position(v, l.items.count)]
            case .slice(let a, let b, let c): return .list(ListStorage(try slice(l.items, a, b, c)))
            case .ellipsis: return base
            }
        case .string(let s):
            let chars = Array(s)
            switch try single(items, base) {
            case .value(let v): return .string(String(chars[try position(v, chars.count)]))
            case .slice(let a, let b, let c): return .string(String(try slice(chars, a, b, c)))
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
        let step = step ?? 1
        guard step != 0 else { throw ScriptError("ValueError", "slice step cannot be zero") }
        let n = items.count
        func clamp(_ v: Int?, _ dflt: Int, _ low: Int, _ high: Int) -> Int {
            guard var v else { return dflt }
            if v < 0 { v += n }
            return min(max(v, low), high)
        }
        var out: [T] = []
        if step > 0 {
            var i = clamp(start, 0, 0, n)
            let e = clamp(end, n, 0, n)
            while i < e { out.append(items[i]); i += step }
        } else {
            var i = clamp(start, n - 1, -1, n - 1)
            let e = clamp(end, -1, -1, n - 1)
            while i > e { out.append(items[i]); i += step }
        }
        return out
    }
}
