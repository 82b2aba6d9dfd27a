/// Members of the language's own values: list, dictionary and string methods, layer fields.
enum Methods {
    static func member(of base: Value, _ name: String, _ vm: Interpreter) throws -> Value? {
        switch base {
        case .object(let o): return try o.member(name, vm)
        case .instance(let i):
            if let v = i.field(name) { return v }
            return try vm.instanceMember?(i, name)
        case .list(let l): return list(l, name)
        case .dictionary(let d): return dictionary(d, name)
        case .string(let s): return string(s, name)
        case .range(let lo, let hi):
            switch name {
            case "lowerBound": return .number(Double(lo))
            case "upperBound": return .number(Double(hi))
            case "count": return .number(Double(max(0, hi - lo)))
            default: return nil
            }
        default: return nil
        }
    }

    /// Names offered for completion after `.` on a value.
    public static func names(of base: Value) -> [String] {
        switch base {
        case .object(let o): return o.memberNames
        case .instance(let i): return i.type.fields.map(\.name)
        case .list: return listMethods
        case .dictionary: return dictionaryMethods
        case .string: return stringMethods
        case .range: return ["lowerBound", "upperBound", "count"]
        default: return []
        }
    }

    static let listMethods = ["append", "pop", "insert", "extend", "remove", "reverse", "sort", "contains", "index", "count", "copy", "clear", "map", "filter"]
    static let dictionaryMethods = ["keys", "values", "items", "get", "contains", "remove", "count", "copy"]
    static let stringMethods = ["upper", "lower", "split", "join", "contains", "replace", "trim", "startsWith", "endsWith", "count"]

    private static func method(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
        .function(NativeFunction(name, body))
    }

    static func list(_ l: ListStorage, _ name: String) -> Value? {
        switch name {
        case "append": return method("append") { a, _ in
            let v = try a.bind("append", ["value"], required: 1)
            guard l.items.count < Interpreter.maxCollection else { throw ScriptError("MemoryError", "list grew past \(Interpreter.maxCollection) items") }
            l.items.append(v[0]!)
            return .null
        }
        case "pop": return method("pop") { a, _ in
            let v = try a.bind("pop", ["index"])
            guard !l.items.isEmpty else { throw ScriptError("IndexError", "pop from an empty list") }
            let i = try v[0].map { try Subscripts.position($0, l.items.count) } ?? l.items.count - 1
            return l.items.remove(at: i)
        }
        case "insert": return method("insert") { a, _ in
            let v = try a.bind("insert", ["index", "value"], required: 2)
            var i = try v[0]!.integer("the index of insert")
            if i < 0 { i += l.items.count }
            l.items.insert(v[1]!, at: min(max(i, 0), l.items.count))
            return .null
        }
        case "extend": return method("extend") { a, _ in
            let v = try a.bind("extend", ["items"], required: 1)
            l.items += try v[0]!.sequence("the argument of extend")
            return .null
        }
        case "remove": return method("remove") { a, _ in
            let v = try a.bind("remove", ["value"], required: 1)
            guard let i = l.items.firstIndex(where: { Operators.equal($0, v[0]!) }) else {
                throw ScriptError("ValueError", "\(v[0]!.repr) is not in the list")
            }
            l.items.remove(at: i)
            return .null
        }
        case "reverse": return method("reverse") { a, _ in try a.expectNone("reverse"); l.items.reverse(); return .null }
        case "sort": return method("sort") { a, vm in
            let v = try a.bind("sort", ["key", "reverse"])
            let keys: [Value] = try v[0].map { key in try l.items.map { try vm.call(key, Arguments([$0])) } } ?? l.items
            var failure: Error?
            var order = Array(l.items.indices)
            order.sort { i, j in
                do { return try Operators.binary(.less, keys[i], keys[j]).isTruthy ?? false } catch { failure = error; return false }
            }
            if let failure { throw failure }
            if try v[1]?.boolean("reverse of sort") ?? false { order.reverse() }
            l.items = order.map { l.items[$0] }
            return .null
        }
        case "contains": return method("contains") { a, _ in
            let v = try a.bind("contains", ["value"], required: 1)
            return .bool(l.items.contains { Operators.equal($0, v[0]!) })
        }
        case "index": return method("index") { a, _ in
            let v = try a.bind("index", ["value"], required: 1)
            guard let i = l.items.firstIndex(where: { Operators.equal($0, v[0]!) }) else {
                throw ScriptError("ValueError", "\(v[0]!.repr) is not in the list")
            }
            return .number(Double(i))
        }
        case "count": return .number(Double(l.items.count))
        case "copy": return method("copy") { a, _ in try a.expectNone("copy"); return .list(ListStorage(l.items)) }
        case "clear": return method("clear") { a, _ in try a.expectNone("clear"); l.items.removeAll(); return .null }
        case "map": return method("map") { a, vm in
            let v = try a.bind("map", ["function"], required: 1)
            return .list(ListStorage(try l.items.map { try vm.call(v[0]!, Arguments([$0])) }))
        }
        case "filter": return method("filter") { a, vm in
            let v = try a.bind("filter", ["predicate"], required: 1)
            return .list(ListStorage(try l.items.filter {
                let r = try vm.call(v[0]!, Arguments([$0]))
                guard let b = r.isTruthy else { throw ScriptError("TypeError", "the predicate of filter must return a bool, not a \(r.typeName)") }
                return b
            }))
        }
        default: return nil
        }
    }

    static func dictionary(_ d: DictionaryStorage, _ name: String) -> Value? {
        switch name {
        case "keys": return method("keys") { a, _ in try a.expectNone("keys"); return .list(ListStorage(d.keys)) }
        case "values": return method("values") { a, _ in try a.expectNone("values"); return .list(ListStorage(d.values)) }
        case "items": return method("items") { a, _ in
            try a.expectNone("items")
            return .list(ListStorage(zip(d.keys, d.values).map { .list(ListStorage([$0, $1])) }))
        }
        case "get": return method("get") { a, _ in
            let v = try a.bind("get", ["key", "default"], required: 1)
            return try d.get(v[0]!) ?? v[1] ?? .null
        }
        case "contains": return method("contains") { a, _ in
            let v = try a.bind("contains", ["key"], required: 1)
            return .bool(try d.get(v[0]!) != nil)
        }
        case "remove": return method("remove") { a, _ in
            let v = try a.bind("remove", ["key"], required: 1)
            guard let old = try d.remove(v[0]!) else { throw ScriptError("IndexError", "key \(v[0]!.repr) is not in the dictionary") }
            return old
        }
        case "count": return .number(Double(d.count))
        case "copy": return method("copy") { a, _ in
            try a.expectNone("copy")
            let c = DictionaryStorage()
            for (k, v) in zip(d.keys, d.values) { try c.set(k, v) }
            return .dictionary(c)
        }
        default: return nil
        }
    }

    static func string(_ s: String, _ name: String) -> Value? {
        switch name {
        case "upper": return method("upper") { a, _ in try a.expectNone("upper"); return .string(s.uppercased()) }
        case "lower": return method("lower") { a, _ in try a.expectNone("lower"); return .string(s.lowercased()) }
        case "trim": return method("trim") { a, _ in
            try a.expectNone("trim")
            return .string(String(s.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
        }
        case "split": return method("split") { a, _ in
            let v = try a.bind("split", ["separator"])
            let parts: [Substring]
            if let sep = try v[0]?.string("the separator of split") {
                guard !sep.isEmpty else { throw ScriptError("ValueError", "the separator of split cannot be empty") }
                parts = s.split(separator: sep, omittingEmptySubsequences: false)
            } else {
                parts = s.split(whereSeparator: { $0.isWhitespace })
            }
            return .list(ListStorage(parts.map { .string(String($0)) }))
        }
        case "join": return method("join") { a, _ in
            let v = try a.bind("join", ["items"], required: 1)
            return .string(try v[0]!.sequence("the argument of join").map(\.text).joined(separator: s))
        }
        case "contains": return method("contains") { a, _ in
            .bool(s.contains(try a.bind("contains", ["text"], required: 1)[0]!.string("the argument of contains")))
        }
        case "startsWith": return method("startsWith") { a, _ in
            .bool(s.hasPrefix(try a.bind("startsWith", ["prefix"], required: 1)[0]!.string("the prefix")))
        }
        case "endsWith": return method("endsWith") { a, _ in
            .bool(s.hasSuffix(try a.bind("endsWith", ["suffix"], required: 1)[0]!.string("the suffix")))
        }
        case "replace": return method("replace") { a, _ in
            let v = try a.bind("replace", ["old", "new"], required: 2)
            let old = try v[0]!.string("old"), new = try v[1]!.string("new")
            guard !old.isEmpty else { throw ScriptError("ValueError", "replace needs a non-empty text to replace") }
            return .string(s.replacing(old, with: new))
        }
        case "count": return .number(Double(s.count))
        default: return nil
        }
    }
}
