import Foundation
@testable import Script

/// Prints syntax trees as S-expressions, so that tests can state a tree's shape in one line:
/// `(+ 1 (* 2 3))`, `(let x 1)`, `(call f a lr:0.1)`, `(index t (: _ 2 _) ...)`, `(if c (block 1) (block 2))`.
enum SExpression {
    static func of(_ program: Program) -> String {
        program.statements.map(of).joined(separator: " ")
    }

    static func of(_ statement: Stmt) -> String {
        switch statement.kind {
        case .expression(let e): return of(e)
        case .declaration(let name, let isConstant, let value):
            return "(\(isConstant ? "let" : "var") \(name) \(of(value)))"
        case .destructure(let pattern, let isConstant, let value):
            return "(\(isConstant ? "let" : "var") \(of(pattern)) \(of(value)))"
        case .assign(let target, let op, let value):
            return "(\(op.map { $0.rawValue } ?? "")= \(of(target)) \(of(value)))"
        case .function(let f): return of(f)
        case .layer(let l): return "(layer \(l.name) \(of(l.parameters)) \(of(l.body)))"
        case .whileLoop(let condition, let body): return "(while \(of(condition)) \(of(body)))"
        case .forLoop(let variable, let iterable, let body): return "(for \(variable) \(of(iterable)) \(of(body)))"
        case .forDestructure(let pattern, let iterable, let body): return "(for \(of(pattern)) \(of(iterable)) \(of(body)))"
        case .returnValue(let value): return value.map { "(return \(of($0)))" } ?? "(return)"
        case .breakLoop: return "(break)"
        case .continueLoop: return "(continue)"
        case .throwError(let value): return "(throw \(of(value)))"
        case .importModule(let path, let alias, _): return "(import \(Value.quote(path))\(alias.map { " as \($0)" } ?? ""))"
        }
    }

    static func of(_ pattern: Pattern) -> String {
        switch pattern {
        case .name(let name, _): return name
        case .list(let items, _): return "[" + items.map(of).joined(separator: " ") + "]"
        }
    }

    static func of(_ block: Block) -> String {
        (["(block"] + block.statements.map(of)).joined(separator: " ") + ")"
    }

    static func of(_ function: FunctionDecl) -> String {
        "(fn \(function.name.map { $0 + " " } ?? "")\(of(function.parameters)) \(of(function.body)))"
    }

    static func of(_ parameters: [Parameter]) -> String {
        "(" + parameters.map { p in p.defaultValue.map { "(\(p.name) \(of($0)))" } ?? p.name }
            .joined(separator: " ") + ")"
    }

    static func of(_ expression: Expr) -> String {
        switch expression.kind {
        case .number(let n): return number(n)
        case .string(let s): return quote(s)
        case .interpolated(let parts):
            let shown = parts.map { part -> String in
                switch part {
                case .text(let s): return quote(s)
                case .expression(let e): return of(e)
                case .formatted(let e, let options):
                    return "(format " + of(e) + options.map { " \($0.label ?? ""): " + of($0.value) }.joined() + ")"
                }
            }
            return "(str " + shown.joined(separator: " ") + ")"
        case .bool(let b): return b ? "true" : "false"
        case .nilLiteral: return "nil"
        case .identifier(let name): return name
        case .selfReference: return "self"
        case .list(let elements): return "(list" + elements.map { " " + of($0) }.joined() + ")"
        case .dictionary(let entries):
            return "(dict" + entries.map { " (\(of($0.key)) \(of($0.value)))" }.joined() + ")"
        case .range(let a, let b, let inclusive): return "(\(inclusive ? "..." : "..<") \(of(a)) \(of(b)))"
        case .unary(let op, let e): return "(\(op.rawValue) \(of(e)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(of(a)) \(of(b)))"
        case .logical(let op, let a, let b): return "(\(op.rawValue) \(of(a)) \(of(b)))"
        case .call(let callee, let arguments):
            return "(call \(of(callee))" + arguments.map { a in " " + (a.label.map { $0 + ":" } ?? "") + of(a.value) }
                .joined() + ")"
        case .member(let e, let name): return "(. \(of(e)) \(name))"
        case .index(let e, let items): return "(index \(of(e))" + items.map { " " + of($0) }.joined() + ")"
        case .closure(let f): return of(f)
        case .conditional(let condition, let then, let otherwise):
            return "(if \(of(condition)) \(of(then))" + (otherwise.map { " " + of($0) } ?? "") + ")"
        case .attempt(let body, let catches, let finally): return attempt(body, catches, finally)
        case .comprehension(let element, let clauses): return comprehension(element, clauses)
        case .timed(let body): return "(time \(of(body)))"
        }
    }

    // Kept out of `of(_: Expr)`, which recurses once per tree level: their temporaries would widen
    // every frame of it, and the deepest trees the parser allows must still print on a test thread.
    static func attempt(_ body: Block, _ catches: [CatchClause], _ finally: Block?) -> String {
        let clauses = catches.map { c in
            "(catch (" + c.kinds.joined(separator: " ") + ")" + (c.name.map { " " + $0 } ?? "") + " " + of(c.body) + ")"
        }
        return "(try \(of(body))" + clauses.map { " " + $0 }.joined() + (finally.map { " (finally \(of($0)))" } ?? "") + ")"
    }

    static func comprehension(_ element: Expr, _ clauses: [ComprehensionClause]) -> String {
        "(for-list \(of(element))" + clauses.map { c in
            " \(of(c.pattern)) \(of(c.items))" + (c.condition.map { " (if \(of($0)))" } ?? "")
        }.joined() + ")"
    }

    static func of(_ item: IndexItem) -> String {
        switch item {
        case .value(let e): return of(e)
        case .ellipsis: return "..."
        case .slice(let start, let end, let step):
            return "(: \(start.map(of) ?? "_") \(end.map(of) ?? "_") \(step.map(of) ?? "_"))"
        }
    }

    static func number(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

/// Parses `text`, returning its tree as an S-expression, or the errors' descriptions prefixed by `error:`.
func tree(_ text: String) -> String {
    do {
        return SExpression.of(try Parser.parse(text))
    } catch {
        return "error: " + error.errors.map(\.message).joined(separator: " | ")
    }
}

/// The errors parsing `text` reports, as `line:column message`.
func errors(_ text: String) -> [String] {
    do {
        _ = try Parser.parse(text)
        return []
    } catch {
        return error.errors.map { "\($0.location.line):\($0.location.column) \($0.message)" }
    }
}
