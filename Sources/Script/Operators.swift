#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The meaning of operators on the language's own values; host objects get the first say on theirs.
enum Operators {
    static func binary(_ op: BinaryOp, _ a: Value, _ b: Value) throws -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide:
                guard y != 0 else { throw ScriptError("ValueError", "division by zero") }
                return .number(x / y)
            case .remainder:
                guard y != 0 else { throw ScriptError("ValueError", "remainder by zero") }
                let r = fmod(x, y)
                return .number(r != 0 && (r < 0) != (y < 0) ? r + y : r)
            case .power: return .number(pow(x, y))
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            case .matmul: break
            }
        case (.object(let o), _):
            if let v = try o.binary(op, b, reversed: false) { return v }
        case (_, .object(let o)):
            if let v = try o.binary(op, a, reversed: true) { return v }
        case (.string(let x), .string(let y)):
            switch op {
            case .add:
                try Interpreter.checkCollection(x.utf8.count + y.utf8.count, stride: 1,
                                                "joining strings of \(x.count) and \(y.count) characters is too large")
                return .string(x + y)
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            default: break
            }
        case (.string(let s), .number), (.number, .string(let s)):
            if op == .multiply {
                let n = try (a.isNumber ? a : b).integer("a string repeat count")
                guard n >= 0 else { throw ScriptError("ValueError", "a string cannot be repeated \(n) times") }
                let message = "repeating a string of \(s.count) characters \(n) times is too large"
                try Interpreter.checkCollection(try Interpreter.collectionSize(s.utf8.count, times: n, message), stride: 1, message)
                return .string(s.isEmpty ? "" : String(repeating: s, count: n))
            }
        case (.list(let x), .list(let y)):
            if op == .add {
                try Interpreter.checkCollection(x.items.count + y.items.count,
                                                "joining lists of \(x.items.count) and \(y.items.count) items is too large")
                return .list(ListStorage(x.items + y.items))
            }
        case (.list(let l), .number), (.number, .list(let l)):
            if op == .multiply {
                let n = try (a.isNumber ? a : b).integer("a list repeat count")
                guard n >= 0 else { throw ScriptError("ValueError", "a list cannot be repeated \(n) times") }
                let message = "repeating a list of \(l.items.count) items \(n) times is too large"
                try Interpreter.checkCollection(try Interpreter.collectionSize(l.items.count, times: n, message), message)
                // Made at its final size in one allocation, the one checked above.
                var items: [Value] = []
                items.reserveCapacity(l.items.count * n)
                for _ in 0..<(l.items.isEmpty ? 0 : n) { items.append(contentsOf: l.items) }
                return .list(ListStorage(items))
            }
        default:
            break
        }
        switch op {
        case .equal: return .bool(equal(a, b))
        case .notEqual: return .bool(!equal(a, b))
        default:
            throw ScriptError("TypeError", "unsupported operand types for \(op.rawValue): \(a.typeName) and \(b.typeName)")
        }
    }

    static func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        switch (op, v) {
        case (.negate, .number(let n)): return .number(-n)
        case (.plus, .number): return v
        case (.not, _):
            guard let b = v.isTruthy else { throw ScriptError("TypeError", "'not' needs a bool, not a \(v.typeName)") }
            return .bool(!b)
        case (_, .object(let o)):
            if let r = try o.unary(op) { return r }
        default: break
        }
        throw ScriptError("TypeError", "unsupported operand type for unary \(op.rawValue): \(v.typeName)")
    }
}

extension Value {
    var isNumber: Bool { if case .number = self { return true } else { return false } }
}
