import Script

/// IPython's history values for the REPL and notebooks: `_` is the last result shown, `_3` the result
/// of input (or cell) 3, `Out` a dictionary from input numbers to results, `In` a list whose item N is
/// the text of input N (item 0 is empty, as in IPython). Scripts have none of them.
///
/// Only inputs that showed a value have a result. The last `History.keptResults` results are kept in
/// `Out` and `_N`; older ones are dropped, so that tensors they hold can be freed. A name the user
/// bound themselves (`Out = …`, a layer named `In`) is left alone: their value wins, as in IPython.
final class History {
    /// How many results `Out` and `_N` keep.
    static let keptResults = 1000

    let inputs = ListStorage([.string("")])
    let outputs = DictionaryStorage()
    /// The numbers of the kept results, oldest first.
    var numbers: [Int] = []
    /// What the history last put in `_`: while `_` still holds it, the next result replaces it.
    var underscore: Value?
}

extension Runtime {
    /// Writes the text of input `number` into `In` (before it runs, so an input can read its own).
    func remember(input code: String, number: Int) {
        installHistory()
        var items = history.inputs.items
        while items.count < number { items.append(.string("")) }
        if number < items.count { items[number] = .string(code) } else { items.append(.string(code)) }
        history.inputs.items = items
    }

    /// Records the result that input `number` showed as `_`, `_number` and `Out[number]`.
    func remember(result value: Value, number: Int) {
        installHistory()
        let current = interpreter.globals.get("_")
        if current == nil || history.underscore.map({ current!.isIdentical(to: $0) }) == true {
            interpreter.globals.define("_", value)
            history.underscore = value
        }
        let name = "_\(number)"
        interpreter.globals.define(name, value)
        try? history.outputs.set(.number(Double(number)), value)
        history.numbers.removeAll { $0 == number }
        history.numbers.append(number)
        while history.numbers.count > History.keptResults {
            let old = history.numbers.removeFirst(), key = Value.number(Double(old))
            if let kept = try? history.outputs.get(key), let held = interpreter.globals.get("_\(old)"), held.isIdentical(to: kept) {
                interpreter.globals.remove("_\(old)")
            }
            _ = try? history.outputs.remove(key)
        }
    }

    /// Defines `In` and `Out` at the first input, unless the user already has names of their own there.
    private func installHistory() {
        for (name, value) in [("In", Value.list(history.inputs)), ("Out", .dictionary(history.outputs))]
        where interpreter.globals.get(name) == nil {
            interpreter.globals.define(name, value)
        }
    }

    /// Whether `name` is one of the history's own names holding the history's own value (`:vars`
    /// leaves those out).
    func isHistory(_ name: String, _ value: Value) -> Bool {
        switch name {
        case "In": return value.isIdentical(to: .list(history.inputs))
        case "Out": return value.isIdentical(to: .dictionary(history.outputs))
        case "_": return history.underscore.map { value.isIdentical(to: $0) } ?? false
        default:
            guard name.hasPrefix("_"), let n = Int(name.dropFirst()),
                  let kept = try? history.outputs.get(.number(Double(n))) else { return false }
            return value.isIdentical(to: kept)
        }
    }
}
