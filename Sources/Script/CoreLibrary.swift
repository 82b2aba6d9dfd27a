#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The functions every program has, independent of any host: printing, conversion, math, sequences.
public enum CoreLibrary {
    /// Defines the core functions as globals of `interpreter`, made afresh for it: a session's
    /// functions are its own, shared with no other session's thread.
    public static func install(into interpreter: Interpreter) {
        for f in functions + collectionFunctions + timeFunctions + processFunctions + formatFunctions + shellFunctions { interpreter.globals.define(f.name, .function(f)) }
        interpreter.globals.define("pi", .number(Double.pi))
        interpreter.globals.define("e", .number(M_E))
        interpreter.globals.define("inf", .number(.infinity))
        interpreter.globals.define("nan", .number(.nan))
        // A script's command-line arguments; the host that runs a file with arguments replaces it.
        interpreter.globals.define("args", .list(ListStorage([])))
        interpreter.modules.builtins = Dictionary(interpreter.globals.defined.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
    }

    /// Declares a core builtin once: name, parameters, one-line summary and the body.
    static func native(_ name: String, _ parameters: [Signature.Parameter], _ summary: String,
                       _ body: @escaping (BoundArguments, Interpreter) throws -> Value) -> NativeFunction {
        NativeFunction(Signature(name, parameters, summary), body)
    }

    /// The plain-number version of a math function, for hosts that extend it to their own types.
    public static func scalarFunction(_ name: String) -> ((Double) -> Double)? {
        switch name {
        case "exp": return libm_exp
        case "log": return libm_log
        case "sqrt": return { $0.squareRoot() }
        case "abs": return { Swift.abs($0) }
        case "sin": return libm_sin
        case "cos": return libm_cos
        case "tanh": return { libm_tanh($0) }
        case "sigmoid": return { 1 / (1 + libm_exp(-$0)) }
        case "relu": return { Swift.max($0, 0) }
        case "round": return { $0.rounded(.toNearestOrEven) }
        case "floor": return { $0.rounded(.down) }
        case "ceil": return { $0.rounded(.up) }
        case "sign": return { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
        default: return nil
        }
    }

    static func math(_ name: String, _ summary: String, _ f: @escaping (Double) -> Double) -> NativeFunction {
        native(name, ["x"], summary) { a, _ in .number(f(try a.number("x", as: "the argument of \(name)"))) }
    }

    static var functions: [NativeFunction] { [
        native("print", [.variadic("values"), .defaulted("separator", " "), .defaulted("terminator", "\n"), .defaulted("to", "stdout")],
               "writes the values' text to the output (or to \"stderr\").") { a, vm in
            let stream = try a.string("to")
            guard stream == "stdout" || stream == "stderr" else {
                throw ScriptError("ValueError", "print can write to \"stdout\" or \"stderr\", not \(Value.quote(stream))")
            }
            let text = try a.sequence("values").map(\.text).joined(separator: try a.string("separator")) + (try a.string("terminator"))
            if stream == "stderr" { vm.errorOutput(text) } else { vm.output(text) }
            return .null
        },
        native("len", ["x"], "the number of items of a list, dictionary, string, range or tensor (its first dimension).") { a, vm in
            let x = try a.value("x")
            switch x {
            case .list(let l): return .number(Double(l.items.count))
            case .dictionary(let d): return .number(Double(d.count))
            case .string(let s): return .number(Double(vm.characterCount(s)))
            case .range(let lo, let hi): return .number(Double(max(0, hi - lo)))
            case .object(let o): return .number(Double(try o.length()))
            default: throw ScriptError("TypeError", "a \(x.typeName) has no length")
            }
        },
        native("range", ["start", .optional("end"), .defaulted("step", 1)],
               "the numbers from start up to (not including) end; range(end) starts at 0.") { a, _ in
            var start = try a.integer("start", as: "start of range"), end = 0
            if let e = try a["end"] { end = try e.integer("end of range") } else { end = start; start = 0 }
            let step = try a.integer("step", as: "step of range")
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
        native("str", ["x"], "the text form of any value.") { a, _ in .string(try a.value("x").text) },
        native("repr", ["x"], "the form a value is displayed in (strings quoted).") { a, _ in .string(try a.value("x").repr) },
        native("type", ["x"], "the name of the value's type, e.g. \"number\", \"list\", \"Tensor\".") { a, _ in
            .string(try a.value("x").typeName)
        },
        native("number", ["x"], "converts a string or bool to a number.") { a, _ in
            let x = try a.value("x")
            if case .string(let s) = x {
                guard let n = Double(String(s.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())) else {
                    throw ScriptError("ValueError", "\(x.repr) is not a number")
                }
                return .number(n)
            }
            return .number(try x.number("the argument of number"))
        },
        native("int", ["x"], "x rounded toward zero.") { a, _ in
            .number(try a.number("x", as: "the argument of int").rounded(.towardZero))
        },
        math("abs", "the absolute value.", Swift.abs),
        math("sqrt", "the square root.", { $0.squareRoot() }),
        math("exp", "e to the power x.", libm_exp),
        math("log", "the natural logarithm.", libm_log),
        math("sin", "the sine (radians).", libm_sin),
        math("cos", "the cosine (radians).", libm_cos),
        math("tan", "the tangent (radians).", libm_tan),
        math("floor", "the largest whole number not above x.", { $0.rounded(.down) }),
        math("ceil", "the smallest whole number not below x.", { $0.rounded(.up) }),
        native("isNaN", ["x"], "whether x is the not-a-number value.") { a, _ in
            .bool(try a.number("x", as: "the argument of isNaN").isNaN)
        },
        // Half to even, as Python's round: round(2.5) is 2, round(0.125, 2) is 0.12. A decimal that
        // looks like a half may be stored just below it (2.675 is 2.67499…), and rounds down.
        native("round", ["x", .defaulted("digits", 0)], "x rounded half to even to the given decimals, as Python's round.") { a, vm in
            let value = try a.value("x")
            if case .object(let o) = value, let m = try o.member("round", vm) { return try vm.call(m, Arguments()) }
            let x = try value.number("the argument of round"), d = try a.integer("digits")
            let scale = libm_pow(10, Double(d))
            return .number((x * scale).rounded(.toNearestOrEven) / scale)
        },
        native("pow", ["x", "y"], "x to the power y.") { a, _ in
            try Operators.binary(.power, try a.value("x"), try a.value("y"))
        },
        native("list", ["items"], "a new list of the items of a list, range, string or dictionary (its keys).") { a, _ in
            .list(ListStorage(try a.sequence("items", as: "the argument of list")))
        },
        native("enumerate", ["items"], "a list of [index, item] pairs.") { a, _ in
            let items = try a.sequence("items", as: "the argument of enumerate")
            return .list(ListStorage(items.enumerated().map { .list(ListStorage([.number(Double($0.offset)), $0.element])) }))
        },
        native("zip", ["first", "second"], "a list of [first[i], second[i]] pairs, as long as the shorter.") { a, _ in
            let x = try a.sequence("first", as: "the first argument of zip"), y = try a.sequence("second", as: "the second argument of zip")
            return .list(ListStorage(zip(x, y).map { .list(ListStorage([$0, $1])) }))
        },
        native("assert", ["condition", .defaulted("message", "assertion failed")],
               "raises an AssertionError with the message when the condition is false.") { a, _ in
            let condition = try a.value("condition")
            guard let ok = condition.isTruthy else { throw ScriptError("TypeError", "assert needs a bool, not a \(condition.typeName)") }
            if !ok { throw ScriptError("AssertionError", try a.value("message").text) }
            return .null
        },
        native("error", ["kind", "message"], "an error value of the given kind, to raise with throw: throw error(\"ValueError\", \"bad size\").") { a, _ in
            let kind = try a.string("kind")
            // The kind is what `catch` and tracebacks name: a word such as ValueError, never a path or blank.
            guard let first = kind.first, first.isLetter, kind.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ScriptError("ValueError", "error: the kind must be a name such as \"ValueError\", not \(Value.quote(kind))")
            }
            guard kind != ScriptError.interrupted else {
                throw ScriptError("ValueError", "error: the kind Interrupted is kept for interrupts, which no catch handles")
            }
            return .object(ErrorValue(ScriptError(kind, try a.value("message").text)))
        },
        native("help", ["x"], "prints the documentation of a function, or a description of a value.") { a, vm in
            // Printed, never paged: a notebook keeps it in the cell's output and its exports.
            vm.output(documentation(of: try a.value("x"), vm) + "\n")
            return .null
        },
    ] }

    /// The text `help` prints and a notebook's inspect request shows.
    public static func documentation(of x: Value, _ vm: Interpreter) -> String {
        switch x {
        case .function(let f as NativeFunction): return f.doc
        case .function(let f as UserFunction): return "fn \(f.name)(\(f.parameterNames.joined(separator: ", ")))"
        case .function(let f as LayerType): return "layer \(f.name)(\(f.constructor.parameterNames.joined(separator: ", ")))"
        case .object(let m as ImportedModule): return m.documentation(vm)
        case .object(let o):
            let names = o.memberNames
            return "\(o.typeName)" + (names.isEmpty ? "" : " — members: " + names.joined(separator: ", "))
        default:
            let names = Methods.names(of: x)
            return "a \(x.typeName): \(x.repr.prefix(200))" + (names.isEmpty ? "" : " — members: " + names.joined(separator: ", "))
        }
    }
}

// The C library's math functions (libm) under names the closures above cannot confuse with the builtins' own.
private func libm_exp(_ x: Double) -> Double { exp(x) }
private func libm_log(_ x: Double) -> Double { log(x) }
private func libm_sin(_ x: Double) -> Double { sin(x) }
private func libm_cos(_ x: Double) -> Double { cos(x) }
private func libm_tan(_ x: Double) -> Double { tan(x) }
private func libm_tanh(_ x: Double) -> Double { tanh(x) }
private func libm_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
