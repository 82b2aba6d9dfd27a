/// Whether a loop body makes functions, which then need a fresh frame per iteration so that each
/// closure keeps the values of its own iteration (as in Swift), not the last ones.
extension Compiler {
    static func makesFunctions(_ block: Block) -> Bool { block.statements.contains(where: makesFunctions) }

    static func makesFunctions(_ s: Stmt) -> Bool {
        switch s.kind {
        case .function, .layer: return true
        case .expression(let e): return makesFunctions(e)
        case .declaration(_, _, let value): return makesFunctions(value)
        case .assign(let target, _, let value): return makesFunctions(target) || makesFunctions(value)
        case .whileLoop(let c, let body): return makesFunctions(c) || makesFunctions(body)
        case .forLoop(_, let iterable, let body): return makesFunctions(iterable) || makesFunctions(body)
        case .returnValue(let value): return value.map(makesFunctions) ?? false
        case .breakLoop, .continueLoop: return false
        }
    }

    static func makesFunctions(_ e: Expr) -> Bool {
        switch e.kind {
        case .closure: return true
        case .number, .string, .bool, .nilLiteral, .identifier, .selfReference: return false
        case .interpolated(let parts):
            return parts.contains { if case .expression(let x) = $0 { return makesFunctions(x) } else { return false } }
        case .list(let items): return items.contains(where: makesFunctions)
        case .dictionary(let entries): return entries.contains { makesFunctions($0.key) || makesFunctions($0.value) }
        case .range(let a, let b, _), .binary(_, let a, let b), .logical(_, let a, let b):
            return makesFunctions(a) || makesFunctions(b)
        case .unary(_, let x), .member(let x, _): return makesFunctions(x)
        case .call(let callee, let args): return makesFunctions(callee) || args.contains { makesFunctions($0.value) }
        case .index(let x, let items):
            return makesFunctions(x) || items.contains { item in
                switch item {
                case .value(let v): return makesFunctions(v)
                case .slice(let a, let b, let c): return [a, b, c].contains { $0.map(makesFunctions) ?? false }
                case .ellipsis: return false
                }
            }
        case .conditional(let c, let then, let otherwise):
            return makesFunctions(c) || makesFunctions(then) || (otherwise.map(makesFunctions) ?? false)
        }
    }

    /// Compiles a loop body in a context of its own, run in a new frame each iteration; `variable`
    /// (a for loop's) takes its first slot. Returns the body and the frame size.
    func iterationBody(_ body: Block, variable: String?) -> (Node, Int) {
        let outer = context
        let ctx = Context(parent: outer)
        ctx.loops = 1
        context = ctx
        defer { context = outer }
        if let variable { _ = ctx.declare(variable, constant: false) }
        let node = BlockNode(body.statements.map(statement), body.location)
        return (node, ctx.size)
    }
}
