/// Builtins over sequences that know no tensors: sorting, mapping, folding, the extremes.
extension CoreLibrary {
    static var collectionFunctions: [NativeFunction] { [
        native("sorted", ["items", .optional("key"), .defaulted("reverse", false)],
               "a new sorted list of the items, by key(item) when a key function is given; stable, as Python's sorted.") { a, vm in
            let items = try a.sequence("items", as: "the argument of sorted")
            return .list(ListStorage(try Ordering.sorted(items, key: try a.given("key"), reverse: try a.boolean("reverse", as: "reverse of sorted"), "sorted", vm)))
        },
        native("reversed", ["items"], "a new list of the items in reverse order.") { a, _ in
            .list(ListStorage(try a.sequence("items", as: "the argument of reversed").reversed()))
        },
        native("map", ["items", "function"], "a new list of function(item) for each item.") { a, vm in
            let (items, f) = try itemsAndFunction(a, "function")
            return .list(ListStorage(try items.map { try vm.call(f, Arguments([$0])) }))
        },
        native("filter", ["items", "predicate"], "a new list of the items for which predicate(item) is true.") { a, vm in
            let (items, f) = try itemsAndFunction(a, "predicate")
            return .list(ListStorage(try items.filter { try Ordering.truth(try vm.call(f, Arguments([$0])), "the predicate of filter") }))
        },
        native("reduce", ["items", "function", .optional("initial")],
               "folds the items into one value: function(function(initial, items[0]), items[1])…; without initial, starts from the first item.") { a, vm in
            var (items, f) = try itemsAndFunction(a, "function")
            var result: Value
            if let initial = try a.given("initial") { result = initial } else {
                guard !items.isEmpty else { throw ScriptError("TypeError", "reduce of an empty sequence needs an initial value (initial: …)") }
                result = items.removeFirst()
            }
            for item in items { result = try vm.call(f, Arguments([result, item])) }
            return result
        },
        native("all", ["items"], "whether every item is true (true for no items), as Python's all; stops at the first false one.") { a, _ in
            .bool(try a.sequence("items", as: "the argument of all").allSatisfy { try truthOfItem($0, "all") })
        },
        native("any", ["items"], "whether some item is true (false for no items), as Python's any; stops at the first true one.") { a, _ in
            .bool(try a.sequence("items", as: "the argument of any").contains { try truthOfItem($0, "any") })
        },
        native("min", [.variadic("values"), .optional("key")],
               "the smallest value; min(list) the smallest item; by key(item) when a key function is given (the first of equals).") { a, vm in
            try extreme(a, .less, vm)
        },
        native("max", [.variadic("values"), .optional("key")],
               "the largest value; max(list) the largest item; by key(item) when a key function is given (the first of equals).") { a, vm in
            try extreme(a, .greater, vm)
        },
        native("sum", ["items", .optional("key"), .defaulted("start", 0)],
               "start plus the sum of the values (numbers or tensors), or of key(item) when a key function is given.") { a, vm in
            let items = try a.sequence("items", as: "the argument of sum"), key = try a.given("key")
            return try items.reduce(try a.value("start")) { total, item in
                try Operators.binary(.add, total, try key.map { try vm.call($0, Arguments([item])) } ?? item)
            }
        },
    ] }

    /// An item of `all`/`any` as a bool: conditions take bools only, as `if` does.
    private static func truthOfItem(_ item: Value, _ name: String) throws -> Bool {
        guard let b = item.isTruthy else {
            throw ScriptError("TypeError", "\(name): each item must be a bool, not a \(item.typeName) (compare it: x > 0)")
        }
        return b
    }

    /// The items and the function of `map(items, fn)`-style builtins; the function first, as Python's
    /// `map(fn, items)`, is an error that says the order.
    private static func itemsAndFunction(_ a: BoundArguments, _ label: String) throws -> ([Value], Value) {
        let name = a.signature.name
        let first = try a.value("items"), f = try a.value(label)
        if case .function = first, (try? f.sequence("")) != nil {
            throw ScriptError("TypeError", "\(name) takes the items first: \(name)(items, \(label))")
        }
        guard case .function = f else {
            throw ScriptError("TypeError", "the \(label) of \(name) must be a function, not a \(f.typeName)")
        }
        return (try first.sequence("the items of \(name)"), f)
    }

    /// `min`/`max`: of the arguments, or of the items of a single argument; by key(item) with a key.
    private static func extreme(_ a: BoundArguments, _ op: BinaryOp, _ vm: Interpreter) throws -> Value {
        let name = a.signature.name
        let values = try a.sequence("values")
        let items = values.count == 1 ? try values[0].sequence("the argument of \(name)") : values
        guard var best = items.first else { throw ScriptError("ValueError", "\(name) of an empty sequence") }
        guard let key = try a.given("key") else {
            for v in items.dropFirst() where try Operators.binary(op, v, best).isTruthy == true { best = v }
            return best
        }
        var bestKey = try vm.call(key, Arguments([best]))
        for v in items.dropFirst() {
            let k = try vm.call(key, Arguments([v]))
            if try Ordering.compare(op, k, bestKey, name) { (best, bestKey) = (v, k) }
        }
        return best
    }
}

/// Ordering values for `sorted`, `list.sort`, `min` and `max`.
enum Ordering {
    /// The items sorted by their keys (`key(item)`, or the items themselves), stable in both directions
    /// as Python's: equal items keep their order when `reverse` too.
    static func sorted(_ items: [Value], key: Value?, reverse: Bool, _ name: String, _ vm: Interpreter) throws -> [Value] {
        let keys = try key.map { key in try items.map { try vm.call(key, Arguments([$0])) } } ?? items
        var failure: Error?
        var order = Array(items.indices)
        order.sort { i, j in
            guard failure == nil else { return false }
            do {
                return reverse ? try compare(.less, keys[j], keys[i], name) : try compare(.less, keys[i], keys[j], name)
            } catch { failure = error; return false }
        }
        if let failure { throw failure }
        return order.map { items[$0] }
    }

    /// `a op b` for an ordering operator, as a bool; values that cannot be ordered are a TypeError
    /// that names the builtin and the types.
    static func compare(_ op: BinaryOp, _ a: Value, _ b: Value, _ name: String) throws -> Bool {
        let r: Value
        do { r = try Operators.binary(op, a, b) } catch {
            throw ScriptError("TypeError", "\(name) cannot order a \(a.typeName) and a \(b.typeName) (a key: function can map the items to comparable values)")
        }
        guard let b = r.isTruthy else {
            throw ScriptError("TypeError", "\(name) cannot order \(a.typeName) values: comparing them gives a \(r.typeName), not a bool")
        }
        return b
    }

    /// A predicate's result, which must be a bool.
    static func truth(_ r: Value, _ what: String) throws -> Bool {
        guard let b = r.isTruthy else { throw ScriptError("TypeError", "\(what) must return a bool, not a \(r.typeName)") }
        return b
    }
}
