#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The functions every program has, independent of any host: printing, conversion, math, sequences.
public enum CoreLibrary {
    /// Defines the core functions as globals of `interpreter`.
    public static func install(into interpreter: Interpreter) {
        for f in functions + timeFunctions { interpreter.globals.define(f.name, .function(f)) }
        interpreter.globals.define("pi", .number(Double.pi))
        interpreter.globals.define("e", .number(M_E))
        interpreter.globals.define("inf", .number(.infinity))
        interpreter.globals.define("nan", .number(.nan))
    }

    static func native(_ name: String, _ doc: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> NativeFunction {
        NativeFunction(name, doc: doc, body)
    }

    /// The plain-number version of a math function, for hosts that extend it to their own types.
    public static func scalarFunction(_ name: String) -> ((Double) -> Double)? {
        switch name {
        case "exp": return Foundation_exp
        case "log": return Foundation_log
        case "sqrt": return { $0.squareRoot() }
        case "abs": return { Swift.abs($0) }
        case "sin": return Foundation_sin
        case "cos": return Foundation_cos
        case "tanh": return { Foundation_tanh($0) }
        case "sigmoid": return { 1 / (1 + Foundation_exp(-$0)) }
        case "relu": return { Swift.max($0, 0) }
        case "round": return { $0.rounded() }
        case "floor": return { $0.rounded(.down) }
        case "ceil": return { $0.rounded(.up) }
        case "sign": return { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        default: return nil
        }
    }

    static func math(_ name: String, _ doc: String, _ f: @escaping (Double) -> Double) -> NativeFunction {
        native(name, doc) { a, _ in .number(f(try a.bind(name, ["x"], required: 1)[0]!.number("the argument of \(name)"))) }
    }

    static let functions: [NativeFunction] = [
        native("print", "print(values..., separator: \" \", terminator: \"\\n\", to: \"stdout\") — writes the values' text to the output (or to \"stderr\").") { a, vm in
            var separator = " ", terminator = "\n", toError = false
            for (label, v) in a.labelled {
                switch label {
                case "separator": separator = try v.string("separator")
                case "terminator": terminator = try v.string("terminator")
                case "to":
                    let stream = try v.string("to")
                    guard stream == "stdout" || stream == "stderr" else {
                        throw ScriptError("ValueError", "print can write to \"stdout\" or \"stderr\", not \(Value.quote(stream))")
                    }
                    toError = stream == "stderr"
                default: throw ScriptError("TypeError", "print has no parameter '\(label)' (parameters: separator, terminator, to)")
                }
            }
            let text = a.positional.map(\.text).joined(separator: separator) + terminator
            if toError { vm.errorOutput(text) } else { vm.output(text) }
            return .null
        },
        native("len", "len(x) — the number of items of a list, dictionary, string, range or tensor (its first dimension).") { a, _ in
            let x = try a.bind("len", ["x"], required: 1)[0]!
            switch x {
            case .list(let l): return .number(Double(l.items.count))
            case .dictionary(let d): return .number(Double(d.count))
            case .string(let s): return .number(Double(s.count))
            case .range(let lo, let hi): return .number(Double(max(0, hi - lo)))
            case .object(let o): return .number(Double(try o.length()))
            default: throw ScriptError("TypeError", "a \(x.typeName) has no length")
            }
        },
        native("range", "range(end) or range(start, end, step: 1) — the numbers from start up to (not including) end.") { a, _ in
            let v = try a.bind("range", ["start", "end", "step"], required: 1)
            var start = try v[0]!.integer("start of range"), end = 0
            if let e = v[1] { end = try e.integer("end of range") } else { end = start; start = 0 }
            let step = try v[2]?.integer("step of range") ?? 1
            guard step != 0 else { throw ScriptError("ValueError", "range step cannot be zero") }
            if step == 1 { return .range(start, end) }
            let count = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
            try Interpreter.checkCollection(count, "range(\(start), \(end), \(step)) has too many items (\(count))")
            // Made at its final size in one allocation, the one checked above.
            var items: [Value] = []
            items.reserveCapacity(count)
            for i in Swift.stride(from: start, to: end, by: step) { items.append(.number(Double(i))) }
            return .list(ListStorage(items))
        },
        native("str", "str(x) — the text form of any value.") { a, _ in .string(try a.bind("str", ["x"], required: 1)[0]!.text) },
        native("repr", "repr(x) — the form a value is displayed in (strings quoted).") { a, _ in .string(try a.bind("repr", ["x"], required: 1)[0]!.repr) },
        native("type", "type(x) — the name of the value's type, e.g. \"number\", \"list\", \"Tensor\".") { a, _ in
            .string(try a.bind("type", ["x"], required: 1)[0]!.typeName)
        },
        native("number", "number(x) — converts a string or bool to a number.") { a, _ in
            let x = try a.bind("number", ["x"], required: 1)[0]!
            if case .string(let s) = x {
                guard let n = Double(String(s.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())) else {
                    throw ScriptError("ValueError", "\(x.repr) is not a number")
                }
                return .number(n)
            }
            return .number(try x.number("the argument of number"))
        },
        native("int", "int(x) — x rounded toward zero.") { a, _ in
            .number(try a.bind("int", ["x"], required: 1)[0]!.number("the argument of int").rounded(.towardZero))
        },
        math("abs", "abs(x) — the absolute value.", Swift.abs),
        math("sqrt", "sqrt(x) — the square root.", { $0.squareRoot() }),
        math("exp", "exp(x) — e to the power x.", Foundation_exp),
        math("log", "log(x) — the natural logarithm.", Foundation_log),
        math("sin", "sin(x) — the sine (radians).", Foundation_sin),
        math("cos", "cos(x) — the cosine (radians).", Foundation_cos),
        math("tan", "tan(x) — the tangent (radians).", Foundation_tan),
        math("floor", "floor(x) — the largest whole number not above x.", { $0.rounded(.down) }),
        math("ceil", "ceil(x) — the smallest whole number not below x.", { $0.rounded(.up) }),
        native("isNaN", "isNaN(x) — whether x is the not-a-number value.") { a, _ in
            .bool(try a.bind("isNaN", ["x"], required: 1)[0]!.number("the argument of isNaN").isNaN)
        },
        native("round", "round(x, digits: 0) — x rounded half away from zero to the given decimals.") { a, vm in
            let v = try a.bind("round", ["x", "digits"], required: 1)
            if case .object(let o) = v[0]!, let m = try o.member("round", vm) { return try vm.call(m, Arguments()) }
            let x = try v[0]!.number("the argument of round"), d = try v[1]?.integer("digits") ?? 0
            let scale = Foundation_pow(10, Double(d))
            return .number((x * scale).rounded() / scale)
        },
        native("pow", "pow(x, y) — x to the power y.") { a, _ in
            let v = try a.bind("pow", ["x", "y"], required: 2)
            return try Operators.binary(.power, v[0]!, v[1]!)
        },
        native("min", "min(a, b, ...) or min(list) — the smallest value.") { a, _ in try extreme(a, "min", .less) },
        native("max", "max(a, b, ...) or max(list) — the largest value.") { a, _ in try extreme(a, "max", .greater) },
        native("sum", "sum(list) — the sum of the values (numbers or tensors).") { a, _ in
            let items = try a.bind("sum", ["items"], required: 1)[0]!.sequence("the argument of sum")
            return try items.reduce(Value.number(0)) { try Operators.binary(.add, $0, $1) }
        },
        native("list", "list(x) — a new list of the items of a list, range, string or dictionary (its keys).") { a, _ in
            .list(ListStorage(try a.bind("list", ["items"], required: 1)[0]!.sequence("the argument of list")))
        },
        native("enumerate", "enumerate(items) — a list of [index, item] pairs.") { a, _ in
            let items = try a.bind("enumerate", ["items"], required: 1)[0]!.sequence("the argument of enumerate")
            return .list(ListStorage(items.enumerated().map { .list(ListStorage([.number(Double($0.offset)), $0.element])) }))
        },
        native("zip", "zip(a, b) — a list of [a[i], b[i]] pairs, as long as the shorter.") { a, _ in
            let v = try a.bind("zip", ["first", "second"], required: 2)
            let x = try v[0]!.sequence("the first argument of zip"), y = try v[1]!.sequence("the second argument of zip")
            return .list(ListStorage(zip(x, y).map { .list(ListStorage([$0, $1])) }))
        },
        native("assert", "assert(condition, message) — raises an AssertionError with the message when the condition is false.") { a, _ in
            let v = try a.bind("assert", ["condition", "message"], required: 1)
            guard let ok = v[0]!.isTruthy else { throw ScriptError("TypeError", "assert needs a bool, not a \(v[0]!.typeName)") }
            if !ok { throw ScriptError("AssertionError", v[1]?.text ?? "assertion failed") }
            return .null
        },
        native("error", "error(kind, message) — raises an error of the given kind, e.g. error(\"ValueError\", \"bad size\").") { a, _ in
            let v = try a.bind("error", ["kind", "message"], required: 2)
            throw ScriptError(try v[0]!.string("kind"), v[1]!.text)
        },
        native("help", "help(x) — prints the documentation of a function, or a description of a value.") { a, vm in
            // Printed, never paged: a notebook keeps it in the cell's output and its exports.
            let x = try a.bind("help", ["x"], required: 1)[0]!
            vm.output(documentation(of: x, vm) + "\n")
            return .null
        },
    ]

    /// The text `help` prints and a notebook's inspect request shows.
    public static func documentation(of x: Value, _ vm: Interpreter) -> String {
        switch x {
        case .function(let f as NativeFunction): return f.doc.isEmpty ? "\(f.name)(…) — a built-in function." : f.doc
        case .function(let f as UserFunction): return "fn \(f.name)(\(f.parameterNames.joined(separator: ", ")))"
        case .function(let f as LayerType): return "layer \(f.name)(\(f.constructor.parameterNames.joined(separator: ", ")))"
        case .object(let o):
            let names = o.memberNames
            return "\(o.typeName)" + (names.isEmpty ? "" : " — members: " + names.joined(separator: ", "))
        default:
            let names = Methods.names(of: x)
            return "a \(x.typeName): \(x.repr.prefix(200))" + (names.isEmpty ? "" : " — members: " + names.joined(separator: ", "))
        }
    }

    private static func extreme(_ a: Arguments, _ name: String, _ op: BinaryOp) throws -> Value {
        guard a.labelled.isEmpty else { throw ScriptError("TypeError", "\(name) takes no labelled arguments") }
        let items = a.positional.count == 1 ? try a.positional[0].sequence("the argument of \(name)") : a.positional
        guard var best = items.first else { throw ScriptError("ValueError", "\(name) of an empty sequence") }
        for v in items.dropFirst() where try Operators.binary(op, v, best).isTruthy == true { best = v }
        return best
    }
}

// The C math functions under names that the closures above cannot confuse with the library's own.
private func Foundation_exp(_ x: Double) -> Double { exp(x) }
private func Foundation_log(_ x: Double) -> Double { log(x) }
private func Foundation_sin(_ x: Double) -> Double { sin(x) }
private func Foundation_cos(_ x: Double) -> Double { cos(x) }
private func Foundation_tan(_ x: Double) -> Double { tan(x) }
private func Foundation_tanh(_ x: Double) -> Double { tanh(x) }
private func Foundation_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
