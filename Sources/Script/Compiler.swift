/// Resolves every name of a parsed program to a slot and builds the executable node tree.
///
/// Top-level declarations of a program become globals, so they outlive the cell that made them;
/// everything else lives in frame slots. Errors found here (assigning to a constant, `return` outside
/// a function, `break` outside a loop, `self` outside a layer) are syntax errors: nothing runs.
final class Compiler {
    /// The result: the program's body and the size of its top-level frame.
    struct Compiled {
        let body: Node
        let frameSize: Int
        let endsInExpression: Bool
    }

    /// The variables of one function (or layer body, or the program's top level) being compiled.
    final class Context {
        let parent: Context?
        let isTopLevel: Bool
        /// Set for a layer body: the slot holding the instance (`self`).
        let selfSlot: Int?
        var scopes: [[String: (slot: Int, constant: Bool)]] = [[:]]
        var size = 0
        var loops = 0
        let isFunction: Bool

        init(parent: Context?, isTopLevel: Bool = false, isFunction: Bool = false, selfSlot: Int? = nil) {
            self.parent = parent
            self.isTopLevel = isTopLevel
            self.isFunction = isFunction
            self.selfSlot = selfSlot
        }

        func declare(_ name: String, constant: Bool) -> Int {
            let slot = size
            size += 1
            scopes[scopes.count - 1][name] = (slot, constant)
            return slot
        }

        func reserve() -> Int {
            size += 1
            return size - 1
        }
    }

    let globals: Globals
    let source: Source
    var context: Context
    var errors: [ScriptError] = []
    /// Globals declared with `let` earlier in this same program (the table learns it only when it runs).
    var newConstants: [String: Bool] = [:]

    init(globals: Globals, source: Source) {
        self.globals = globals
        self.source = source
        context = Context(parent: nil, isTopLevel: true)
    }

    func compileProgram(_ program: Program) throws -> Compiled {
        let nodes = program.statements.map(statement)
        if !errors.isEmpty { throw SyntaxErrors(errors) }
        var endsInExpression = false
        if let last = program.statements.last, case .expression = last.kind { endsInExpression = true }
        return Compiled(body: BlockNode(nodes, SourceLocation(line: 1, column: 1)), frameSize: context.size,
                        endsInExpression: endsInExpression)
    }

    func error(_ message: String, _ location: SourceLocation) {
        errors.append(ScriptError("SyntaxError", message, at: location, in: source))
    }

    /// Whether a declaration here makes a global: the outermost scope of the program.
    var declaresGlobal: Bool { context.isTopLevel && context.scopes.count == 1 }

    // MARK: Names

    /// The node that reads or writes `name`, and whether it is a constant.
    func resolve(_ name: String, _ location: SourceLocation) -> (AssignableNode, Bool) {
        var hops = 0
        var c: Context? = context
        while let ctx = c {
            for scope in ctx.scopes.reversed() {
                if let entry = scope[name] { return (LocalNode(hops: hops, slot: entry.slot, location), entry.constant) }
            }
            hops += 1
            c = ctx.parent
        }
        let slot = globals.slot(name)
        let node = GlobalNode(slot: slot, name: name, location)
        node.visibleLocals = visibleLocalNames()
        return (node, newConstants[name] ?? globals.constant[slot])
    }

    /// Every local name in scope here, for "did you mean" hints on names that are not defined.
    func visibleLocalNames() -> [String] {
        var names: [String] = []
        var c: Context? = context
        while let ctx = c {
            for scope in ctx.scopes { names += scope.keys }
            c = ctx.parent
        }
        return names
    }

    /// Declares `name` here, returning the node that initializes it.
    func define(_ name: String, constant: Bool, value: Node, _ location: SourceLocation) -> Node {
        if declaresGlobal {
            newConstants[name] = constant
            return DefineGlobalNode(slot: globals.slot(name), value: value, constant: constant, location)
        }
        let slot = context.declare(name, constant: constant)
        return SetNode(LocalNode(hops: 0, slot: slot, location), value, location)
    }

    // MARK: Statements

    func statement(_ s: Stmt) -> Node {
        switch s.kind {
        case .expression(let e):
            return expression(e)
        case .declaration(let name, let constant, let value):
            let v = expression(value)
            return define(name, constant: constant, value: v, s.location)
        case .assign(let target, let op, let value):
            guard let t = assignable(target) else { return ConstantNode(.null, s.location) }
            var v = expression(value)
            if let op { v = BinaryNode(op, expression(target), v, s.location) }
            return SetNode(t, v, s.location)
        case .function(let decl):
            let name = decl.name ?? "fn"
            if declaresGlobal {
                newConstants[name] = false
                let slot = globals.slot(name)
                return DefineGlobalNode(slot: slot, value: FunctionNode(function(decl, name: name), s.location), constant: false, s.location)
            }
            // Declared before its body is compiled, so the function can call itself.
            let slot = context.declare(name, constant: false)
            return SetNode(LocalNode(hops: 0, slot: slot, s.location), FunctionNode(function(decl, name: name), s.location), s.location)
        case .layer(let decl):
            if declaresGlobal {
                newConstants[decl.name] = false
                return DefineGlobalNode(slot: globals.slot(decl.name), value: layer(decl), constant: false, s.location)
            }
            let slot = context.declare(decl.name, constant: false)
            return SetNode(LocalNode(hops: 0, slot: slot, s.location), layer(decl), s.location)
        case .whileLoop(let condition, let body):
            let c = expression(condition)
            if Self.makesFunctions(body) {
                let (node, size) = iterationBody(body, variable: nil)
                return WhileNode(c, node, iterationFrameSize: size, s.location)
            }
            context.loops += 1
            defer { context.loops -= 1 }
            return WhileNode(c, block(body), s.location)
        case .forLoop(let variable, let iterable, let body):
            let it = expression(iterable)
            if Self.makesFunctions(body) {
                let (node, size) = iterationBody(body, variable: variable)
                return ForNode(LocalNode(hops: 0, slot: 0, s.location), it, node, iterationFrameSize: size, s.location)
            }
            context.scopes.append([:])
            defer { context.scopes.removeLast() }
            let slot = context.declare(variable, constant: false)
            context.loops += 1
            defer { context.loops -= 1 }
            return ForNode(LocalNode(hops: 0, slot: slot, s.location), it, block(body), s.location)
        case .returnValue(let value):
            if !insideFunction { error("'return' is only allowed inside a function", s.location) }
            return ReturnNode(value.map(expression), s.location)
        case .breakLoop, .continueLoop:
            let isBreak: Bool
            if case .breakLoop = s.kind { isBreak = true } else { isBreak = false }
            if context.loops == 0 { error("'\(isBreak ? "break" : "continue")' is only allowed inside a loop", s.location) }
            return JumpNode(isBreak ? .breaking : .continuing, s.location)
        }
    }

    var insideFunction: Bool {
        var c: Context? = context
        while let ctx = c {
            if ctx.isFunction { return true }
            c = ctx.parent
        }
        return false
    }

    func block(_ b: Block) -> Node {
        context.scopes.append([:])
        defer { context.scopes.removeLast() }
        return BlockNode(b.statements.map(statement), b.location)
    }

    /// Compiles a function body in a context of its own; parameters take the first slots.
    func function(_ decl: FunctionDecl, name: String) -> FunctionTemplate {
        let outer = context
        context = Context(parent: outer, isFunction: true)
        defer { context = outer }
        var seen = Set<String>()
        for p in decl.parameters {
            if !seen.insert(p.name).inserted { error("parameter '\(p.name)' is listed twice", p.location) }
            _ = context.declare(p.name, constant: false)
        }
        let defaults = decl.parameters.map { $0.defaultValue.map(expression) }
        let template = FunctionTemplate(name: name, parameterNames: decl.parameters.map(\.name), defaults: defaults, location: decl.location)
        template.body = BlockNode(decl.body.statements.map(statement), decl.body.location)
        template.frameSize = context.size
        return template
    }

    /// Compiles a layer: its body is a constructor whose top-level declarations become fields.
    func layer(_ decl: LayerDecl) -> Node {
        let outer = context
        let ctx = Context(parent: outer, isFunction: false, selfSlot: decl.parameters.count)
        context = ctx
        defer { context = outer }
        var fields: [(name: String, slot: Int, constant: Bool)] = []
        for p in decl.parameters { fields.append((p.name, context.declare(p.name, constant: false), false)) }
        _ = context.reserve()
        let defaults = decl.parameters.map { $0.defaultValue.map(expression) }
        var nodes: [Node] = []
        for s in decl.body.statements {
            switch s.kind {
            case .declaration(let name, let constant, let value):
                let v = expression(value)
                let slot = context.declare(name, constant: constant)
                fields.append((name, slot, constant))
                nodes.append(SetNode(LocalNode(hops: 0, slot: slot, s.location), v, s.location))
            case .function(let f):
                let name = f.name ?? "fn"
                let slot = context.declare(name, constant: false)
                fields.append((name, slot, true))
                // Methods run as functions nested in the constructor, so fields are their variables.
                nodes.append(SetNode(LocalNode(hops: 0, slot: slot, s.location),
                                     FunctionNode(function(f, name: "\(decl.name).\(name)"), s.location), s.location))
            default:
                nodes.append(statement(s))
            }
        }
        let template = FunctionTemplate(name: decl.name, parameterNames: decl.parameters.map(\.name), defaults: defaults, location: decl.location)
        template.body = BlockNode(nodes + [ConstantNode(.null, decl.location)], decl.body.location)
        template.frameSize = ctx.size
        return LayerNode(name: decl.name, constructor: template, fields: fields, selfSlot: ctx.selfSlot!, decl.location)
    }

    // MARK: Expressions

    func assignable(_ target: Expr) -> AssignableNode? {
        switch target.kind {
        case .identifier(let name):
            let (node, constant) = resolve(name, target.location)
            if constant { error("cannot assign to '\(name)': it is a constant (declared with let; use var to allow changes)", target.location) }
            return node
        case .member(let object, let name):
            return MemberNode(expression(object), name, target.location)
        case .index(let object, let items):
            return IndexNode(expression(object), items.map(indexItem), target.location)
        default:
            error("cannot assign to this expression", target.location)
            return nil
        }
    }

    func indexItem(_ item: IndexItem) -> IndexNodeItem {
        switch item {
        case .value(let e): return .value(expression(e))
        case .ellipsis: return .ellipsis
        case .slice(let a, let b, let c): return .slice(a.map(expression), b.map(expression), c.map(expression))
        }
    }

    func expression(_ e: Expr) -> Node {
        let loc = e.location
        switch e.kind {
        case .number(let n): return ConstantNode(.number(n), loc)
        case .string(let s): return ConstantNode(.string(s), loc)
        case .bool(let b): return ConstantNode(.bool(b), loc)
        case .nilLiteral: return ConstantNode(.null, loc)
        case .interpolated(let parts):
            return InterpolationNode(parts.map { part in
                switch part {
                case .text(let t): return ConstantNode(.string(t), loc)
                case .expression(let x): return expression(x)
                }
            }, loc)
        case .identifier(let name): return resolve(name, loc).0
        case .selfReference:
            var hops = 0
            var c: Context? = context
            while let ctx = c {
                if let slot = ctx.selfSlot { return LocalNode(hops: hops, slot: slot, loc) }
                hops += 1
                c = ctx.parent
            }
            error("'self' is only available inside a layer", loc)
            return ConstantNode(.null, loc)
        case .list(let items): return ListNode(items.map(expression), loc)
        case .dictionary(let entries): return DictionaryNode(entries.map { (expression($0.key), expression($0.value)) }, loc)
        case .range(let a, let b, let inclusive): return RangeNode(expression(a), expression(b), inclusive: inclusive, loc)
        case .unary(let op, let x): return UnaryNode(op, expression(x), loc)
        case .binary(let op, let a, let b): return BinaryNode(op, expression(a), expression(b), loc)
        case .logical(let op, let a, let b): return LogicalNode(op, expression(a), expression(b), loc)
        case .call(let callee, let args):
            return CallNode(expression(callee),
                            positional: args.filter { $0.label == nil }.map { expression($0.value) },
                            labelled: args.compactMap { a in a.label.map { ($0, expression(a.value)) } }, loc)
        case .member(let object, let name): return MemberNode(expression(object), name, loc)
        case .index(let object, let items): return IndexNode(expression(object), items.map(indexItem), loc)
        case .closure(let decl): return FunctionNode(function(decl, name: decl.name ?? "closure"), loc)
        case .conditional(let condition, let then, let otherwise):
            return ConditionalNode(expression(condition), block(then), otherwise.map(block), loc)
        }
    }
}
