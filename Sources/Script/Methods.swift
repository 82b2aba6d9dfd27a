/// Members of the language's own values: list, dictionary and string methods, layer fields.
enum Methods {
    static func member(of base: Value, _ name: String, _ vm: Interpreter) throws -> Value? {
        switch base {
        case .object(let o): return try o.member(name, vm)
        case .instance(let i):
            if let v = i.field(name) { return v }
            return try vm.instanceMember?(i, name)
        case .list(let l): return try listMembers.get(l, name)
        case .dictionary(let d): return try dictionaryMembers.get(d, name)
        case .string(let s):
            // Counted here rather than in the table, whose properties do not see the interpreter and
            // its character table (`s.count` walks the whole string).
            if name == "count" { return .number(Double(vm.characterCount(s))) }
            return try stringMembers.get(s, name)
        case .range(let lo, let hi): return try rangeMembers.get((lo, hi), name)
        default: return nil
        }
    }

    /// `base.name(arguments)`: runs a method without making a bound function first; nil when `base`
    /// has no member of that name.
    static func invoke(_ base: Value, _ site: MemberSite, _ arguments: Arguments, _ vm: Interpreter) throws -> Value? {
        switch base {
        case .object(let o): return try o.invoke(site, arguments, vm)
        case .list(let l): return try listMembers.invoke(l, site, arguments, vm)
        case .dictionary(let d): return try dictionaryMembers.invoke(d, site, arguments, vm)
        case .string(let s): return try stringMembers.invoke(s, site, arguments, vm)
        default:
            guard let m = try member(of: base, site.name, vm) else { return nil }
            return try vm.call(m, arguments)
        }
    }

    /// Names offered for completion after `.` on a value.
    public static func names(of base: Value) -> [String] {
        switch base {
        case .object(let o): return o.memberNames
        case .instance(let i): return i.type.fields.map(\.name)
        case .list: return listMembers.names
        case .dictionary: return dictionaryMembers.names
        case .string: return stringMembers.names
        case .range: return rangeMembers.names
        default: return []
        }
    }

    static let listMembers = MemberTable<ListStorage>([
        .method("append", ["value"], "adds value at the end.") { l, a, _ in
            guard l.items.count < Interpreter.maxCollection else { throw ScriptError("MemoryError", "list grew past \(Interpreter.maxCollection) items") }
            l.items.append(try a.value("value"))
            return .null
        },
        .method("pop", [.optional("index", shown: "-1")], "removes and returns the item at index (the last by default).") { l, a, _ in
            guard !l.items.isEmpty else { throw ScriptError("IndexError", "pop from an empty list") }
            let i = try a.given("index").map { try Subscripts.position($0, l.items.count) } ?? l.items.count - 1
            return l.items.remove(at: i)
        },
        .method("insert", ["index", "value"], "puts value before the item at index.") { l, a, _ in
            var i = try a.integer("index", as: "the index of insert")
            if i < 0 { i += l.items.count }
            l.items.insert(try a.value("value"), at: min(max(i, 0), l.items.count))
            return .null
        },
        .method("extend", ["items"], "adds every item of a list, range or string at the end.") { l, a, _ in
            l.items += try a.sequence("items", as: "the argument of extend")
            return .null
        },
        .method("remove", ["value"], "removes the first item equal to value.") { l, a, _ in
            let value = try a.value("value")
            guard let i = l.items.firstIndex(where: { Operators.equal($0, value) }) else {
                throw ScriptError("ValueError", "\(value.repr) is not in the list")
            }
            l.items.remove(at: i)
            return .null
        },
        .method("reverse", [], "reverses the list in place.") { l, _, _ in l.items.reverse(); return .null },
        .method("sort", [.optional("key"), .defaulted("reverse", false)],
                "sorts the list in place, by key(item) when a key function is given; stable.") { l, a, vm in
            l.items = try Ordering.sorted(l.items, key: try a.given("key"), reverse: try a.boolean("reverse", as: "reverse of sort"), "sort", vm)
            return .null
        },
        .method("contains", ["value"], "whether an item equals value.") { l, a, _ in
            let value = try a.value("value")
            return .bool(l.items.contains { Operators.equal($0, value) })
        },
        .method("index", ["value"], "the position of the first item equal to value.") { l, a, _ in
            let value = try a.value("value")
            guard let i = l.items.firstIndex(where: { Operators.equal($0, value) }) else {
                throw ScriptError("ValueError", "\(value.repr) is not in the list")
            }
            return .number(Double(i))
        },
        .property("count", "the number of items.") { l in .number(Double(l.items.count)) },
        .method("copy", [], "a new list with the same items.") { l, _, _ in .list(ListStorage(l.items)) },
        .method("clear", [], "removes every item.") { l, _, _ in l.items.removeAll(); return .null },
        .method("map", ["function"], "a new list of function(item) for each item.") { l, a, vm in
            let f = try a.value("function")
            return .list(ListStorage(try l.items.map { try vm.call(f, Arguments([$0])) }))
        },
        .method("filter", ["predicate"], "a new list of the items for which predicate(item) is true.") { l, a, vm in
            let f = try a.value("predicate")
            return .list(ListStorage(try l.items.filter { try Ordering.truth(try vm.call(f, Arguments([$0])), "the predicate of filter") }))
        },
    ])

    static let dictionaryMembers = MemberTable<DictionaryStorage>([
        .method("keys", [], "the keys, in insertion order.") { d, _, _ in .list(ListStorage(d.keys)) },
        .method("values", [], "the values, in insertion order.") { d, _, _ in .list(ListStorage(d.values)) },
        .method("items", [], "[key, value] pairs, in insertion order.") { d, _, _ in
            .list(ListStorage(zip(d.keys, d.values).map { .list(ListStorage([$0, $1])) }))
        },
        .method("get", ["key", .defaulted("default", .null)], "the value of key, or default when the key is absent.") { d, a, _ in
            try d.get(try a.value("key")) ?? (try a.value("default"))
        },
        .method("contains", ["key"], "whether the key is present.") { d, a, _ in .bool(try d.get(try a.value("key")) != nil) },
        .method("remove", ["key"], "removes the key and returns its value.") { d, a, _ in
            let key = try a.value("key")
            guard let old = try d.remove(key) else { throw ScriptError("IndexError", "key \(key.repr) is not in the dictionary") }
            return old
        },
        .property("count", "the number of keys.") { d in .number(Double(d.count)) },
        .method("copy", [], "a new dictionary with the same keys and values.") { d, _, _ in
            let c = DictionaryStorage()
            for (k, v) in zip(d.keys, d.values) { try c.set(k, v) }
            return .dictionary(c)
        },
    ])

    static let stringMembers = MemberTable<String>([
        .method("upper", [], "the text in upper case.") { s, _, _ in .string(s.uppercased()) },
        .method("lower", [], "the text in lower case.") { s, _, _ in .string(s.lowercased()) },
        .method("padStart", ["width", .defaulted("fill", " ")], "the text with fill before it up to width characters (never cut).") { s, a, _ in
            .string(try CoreLibrary.padded(s, a, align: "right", "padStart"))
        },
        .method("padEnd", ["width", .defaulted("fill", " ")], "the text with fill after it up to width characters (never cut).") { s, a, _ in
            .string(try CoreLibrary.padded(s, a, align: "left", "padEnd"))
        },
        .method("trim", [], "the text without leading and trailing white space.") { s, _, _ in
            .string(String(s.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()))
        },
        .method("split", [.optional("separator", shown: "white space")], "the pieces between separators.") { s, a, _ in
            let parts: [Substring]
            if let sep = try a.given("separator")?.string("the separator of split") {
                guard !sep.isEmpty else { throw ScriptError("ValueError", "the separator of split cannot be empty") }
                parts = s.split(separator: sep, omittingEmptySubsequences: false)
            } else {
                parts = s.split(whereSeparator: { $0.isWhitespace })
            }
            return .list(ListStorage(parts.map { .string(String($0)) }))
        },
        .method("join", ["items"], "the items' text with this text between them.") { s, a, _ in
            .string(try a.sequence("items", as: "the argument of join").map(\.text).joined(separator: s))
        },
        .method("contains", ["text"], "whether the text occurs in it.") { s, a, _ in .bool(s.contains(try a.string("text", as: "the argument of contains"))) },
        .method("startsWith", ["prefix"], "whether it starts with prefix.") { s, a, _ in .bool(s.hasPrefix(try a.string("prefix", as: "the prefix"))) },
        .method("endsWith", ["suffix"], "whether it ends with suffix.") { s, a, _ in .bool(s.hasSuffix(try a.string("suffix", as: "the suffix"))) },
        .method("replace", ["old", "new"], "the text with every occurrence of old replaced by new.") { s, a, _ in
            let old = try a.string("old"), new = try a.string("new")
            guard !old.isEmpty else { throw ScriptError("ValueError", "replace needs a non-empty text to replace") }
            return .string(s.replacing(old, with: new))
        },
        .property("count", "the number of characters.") { s in .number(Double(s.count)) },
    ])

    static let rangeMembers = MemberTable<(lower: Int, upper: Int)>([
        .property("lowerBound", "the first number.") { r in .number(Double(r.lower)) },
        .property("upperBound", "the end, not included.") { r in .number(Double(r.upper)) },
        .property("count", "how many numbers.") { r in .number(Double(max(0, r.upper - r.lower))) },
    ])
}
