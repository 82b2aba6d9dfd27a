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
        let cellCount: Int
        let endsInExpression: Bool
    }

    /// The variables of one frame being compiled: a function, a layer body or the program's top level.
    final class Context {
        let parent: Context?
        let isTopLevel: Bool
        let isFunction: Bool
        var scopes: [[String: Variable]] = [[:]]
        var size = 0
        var cellCount = 0
        var loops = 0
        /// The variable a local `fn` declaration stores this function in: the body reads its own
        /// name as the running function, so a recursive local function captures no cycle.
        var ownVariable: Variable?
        /// What a function made from this context captures from the enclosing frame, in order.
        var captures: [CaptureSource] = []
        /// The local variable nodes compiled here, given their variables' cells once the context is done.
        var locals: [LocalNode] = []

        /// The local names declared so far, shared by every context of one program.
        let trail: NameTrail

        init(parent: Context?, isTopLevel: Bool = false, isFunction: Bool = false) {
            self.parent = parent
            self.isTopLevel = isTopLevel
            self.isFunction = isFunction
            trail = parent?.trail ?? NameTrail()
        }

        func declare(_ name: String, constant: Bool, function: Bool = false) -> Variable {
            let v = Variable(name: name, slot: size, constant: constant, isFunction: function)
            size += 1
            scopes[scopes.count - 1][name] = v
            if name != "self" { trail.push(name) }
            return v
        }

        /// Fixes where every local node of this context reads (a slot or a cell).
        func finish() {
            for node in locals { node.cell = node.variable.cell }
        }
    }

    let globals: Globals
    /// What the nodes that reach a global keep: a module's table, or nil for the session's own, which
    /// they read from the interpreter (so no function stored there holds its table: no cycle).
    let nodeGlobals: Globals?
    let source: Source
    var context: Context
    var errors: [ScriptError] = []
    /// Globals declared with `let` earlier in this same program (the table learns it only when it runs).
    var newConstants: [String: Bool] = [:]

    init(globals: Globals, source: Source, isModule: Bool = false) {
        self.globals = globals
        nodeGlobals = isModule ? globals : nil
        self.source = source
        context = Context(parent: nil, isTopLevel: true)
    }

    func compileProgram(_ program: Program) throws -> Compiled {
        let nodes = program.statements.map(statement)
        if !errors.isEmpty { throw SyntaxErrors(errors) }
        var endsInExpression = false
        if let last = program.statements.last, case .expression = last.kind { endsInExpression = true }
        context.finish()
        return Compiled(body: BlockNode(nodes, SourceLocation(line: 1, column: 1)), frameSize: context.size,
                        cellCount: context.cellCount, endsInExpression: endsInExpression)
    }

    func error(_ message: String, _ location: SourceLocation) {
        errors.append(ScriptError("SyntaxError", message, at: location, in: source))
    }

    /// Whether a declaration here makes a global: the outermost scope of the program.
    var declaresGlobal: Bool { context.isTopLevel && context.scopes.count == 1 }

    // MARK: Names

    /// The node that reads or writes `name`, and why it may not be assigned (nil when it may).
    func resolve(_ name: String, _ location: SourceLocation) -> (AssignableNode, String?) {
        func reason(_ v: Variable?) -> String? {
            guard let v else { return Self.functionConstant }
            return v.constant ? (v.isFunction ? Self.functionConstant : Self.letConstant) : nil
        }
        if let access = access(name, in: context) {
            switch access {
            case .local(let v): return (localNode(v, location), reason(v))
            case .upvalue(let i, let v): return (UpvalueNode(index: i, name: name, location), reason(v))
            case .currentFunction: return (CurrentFunctionNode(name: name, location), Self.functionConstant)
            }
        }
        let slot = globals.slot(name)
        let node = GlobalNode(nodeGlobals, slot: slot, name: name, location)
        node.visibleLocals = VisibleNames(trail: context.trail, newest: context.trail.head)
        return (node, newConstants[name] ?? globals.constant[slot] ? Self.letConstant : nil)
    }

    static let letConstant = "it is a constant (declared with let; use var to allow changes)"
    static let functionConstant = "it is a function declared with fn (declare a var holding a closure to allow changes)"

    /// A node for a variable of the context being compiled.
    func localNode(_ v: Variable, _ location: SourceLocation) -> LocalNode {
        let node = LocalNode(v, location)
        context.locals.append(node)
        return node
    }

    /// Declares `name` here, returning the node that initializes it.
    func define(_ name: String, constant: Bool, value: Node, _ location: SourceLocation) -> Node {
        if declaresGlobal {
            newConstants[name] = constant
            return DefineGlobalNode(nodeGlobals, slot: globals.slot(name), value: value, constant: constant, location)
        }
        return DeclareNode(localNode(context.declare(name, constant: constant), location), value, location)
    }

    // MARK: Statements

    func statement(_ s: Stmt) -> Node {
        switch s.kind {
        case .expression(let e):
            return expression(e)
        case .declaration(let name, let constant, let value):
            let v = expression(value)
            return define(name, constant: constant, value: v, s.location)
        case .destructure(let pattern, let constant, let value):
            let v = expression(value)
            return UnpackNode(declare(pattern, constant: constant), v, s.location)
        case .assign(let target, let op, let value):
            if op == nil, case .list = target.kind {
                guard let t = assignmentTarget(target) else { return ConstantNode(.null, s.location) }
                return UnpackNode(t, expression(value), s.location)
            }
            guard let t = assignable(target) else { return ConstantNode(.null, s.location) }
            if let op { return UpdateNode(t, op, expression(value), s.location) }
            // `x = x + y` is `x += y`, so that a string or list built this way grows in place too.
            if case .identifier(let name) = target.kind, case .binary(.add, let left, let right) = value.kind,
               case .identifier(name) = left.kind {
                return UpdateNode(t, .add, expression(right), value.location)
            }
            return SetNode(t, expression(value), s.location)
        case .function(let decl):
            let name = decl.name ?? "fn"
            if declaresGlobal {
                newConstants[name] = false
                let slot = globals.slot(name)
                return DefineGlobalNode(nodeGlobals, slot: slot, value: FunctionNode(function(decl, name: name), s.location), constant: false, s.location)
            }
            // Declared before its body is compiled, so the function can call itself; constant, as a
            // Swift `func`, so that its body may read its own name as the running function.
            let v = context.declare(name, constant: true, function: true)
            return DeclareNode(localNode(v, s.location), FunctionNode(function(decl, name: name, own: v), s.location), s.location)
        case .layer(let decl):
            if declaresGlobal {
                newConstants[decl.name] = false
                return DefineGlobalNode(nodeGlobals, slot: globals.slot(decl.name), value: layer(decl), constant: false, s.location)
            }
            let v = context.declare(decl.name, constant: false)
            return DeclareNode(localNode(v, s.location), layer(decl), s.location)
        case .whileLoop(let condition, let body):
            let c = expression(condition)
            context.loops += 1
            defer { context.loops -= 1 }
            return WhileNode(c, block(body), s.location)
        case .forLoop(let variable, let iterable, let body):
            let it = expression(iterable)
            let mark = enterScope()
            defer { leaveScope(mark) }
            let v = localNode(context.declare(variable, constant: false), s.location)
            context.loops += 1
            defer { context.loops -= 1 }
            return ForNode(.local(v), it, block(body), s.location)
        case .forDestructure(let pattern, let iterable, let body):
            let it = expression(iterable)
            let mark = enterScope()
            defer { leaveScope(mark) }
            let target = declare(pattern, constant: false)
            context.loops += 1
            defer { context.loops -= 1 }
            return ForNode(target, it, block(body), s.location)
        case .returnValue(let value):
            if !insideFunction { error("'return' is only allowed inside a function", s.location) }
            return ReturnNode(value.map(expression), s.location)
        case .breakLoop, .continueLoop:
            let isBreak: Bool
            if case .breakLoop = s.kind { isBreak = true } else { isBreak = false }
            if context.loops == 0 { error("'\(isBreak ? "break" : "continue")' is only allowed inside a loop", s.location) }
            return JumpNode(isBreak ? .breaking : .continuing, s.location)
        case .throwError(let value):
            return ThrowNode(expression(value), s.location)
        case .importModule(let path, let alias, let pathLocation):
            return importModule(path, as: alias, pathLocation, s.location)
        }
    }

    /// An import, which only the top level of a program may hold: what it defines must be there for
    /// the rest of the file or cell, never for one call of a function.
    func importModule(_ path: String, as alias: String?, _ pathLocation: SourceLocation, _ location: SourceLocation) -> Node {
        guard declaresGlobal else {
            error("import is only allowed at the top level of a file or cell, not inside a function, layer or block", location)
            return ConstantNode(.null, location)
        }
        if let alias { newConstants[alias] = true }
        return ImportNode(path, alias: alias, into: nodeGlobals, pathLocation, location)
    }

    /// Opens a block scope, returning the mark that closes it.
    func enterScope() -> Int {
        context.scopes.append([:])
        return context.trail.head
    }

    /// Closes the block scope `enterScope` opened: its names go out of sight.
    func leaveScope(_ mark: Int) {
        context.scopes.removeLast()
        context.trail.head = mark
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
        let mark = enterScope()
        defer { leaveScope(mark) }
        return BlockNode(b.statements.map(statement), b.location)
    }

    /// Compiles a function body in a context of its own; parameters take the first slots. `own` is the
    /// local variable a `fn` declaration stores the function in.
    func function(_ decl: FunctionDecl, name: String, own: Variable? = nil) -> FunctionTemplate {
        let outer = context
        let ctx = Context(parent: outer, isFunction: true)
        ctx.ownVariable = own
        context = ctx
        let mark = ctx.trail.head
        defer { context = outer; ctx.trail.head = mark }
        var seen = Set<String>()
        let parameters = decl.parameters.map { p in
            if !seen.insert(p.name).inserted { error("parameter '\(p.name)' is listed twice", p.location) }
            return ctx.declare(p.name, constant: false)
        }
        let defaults = decl.parameters.map { $0.defaultValue.map(expression) }
        let template = FunctionTemplate(name: name, parameterNames: decl.parameters.map(\.name), defaults: defaults, location: decl.location, source: source)
        template.body = BlockNode(decl.body.statements.map(statement), decl.body.location)
        finish(template, ctx, parameters: parameters)
        return template
    }

    /// Records a compiled context's frame layout and captures in its template.
    func finish(_ template: FunctionTemplate, _ ctx: Context, parameters: [Variable]) {
        ctx.finish()
        template.frameSize = ctx.size
        template.cellCount = ctx.cellCount
        template.parameterCells = parameters.map(\.cell)
        template.captures = ctx.captures
    }

    /// Compiles a layer: its body is a constructor whose top-level declarations become fields.
    func layer(_ decl: LayerDecl) -> Node {
        let outer = context
        let ctx = Context(parent: outer)
        context = ctx
        let mark = ctx.trail.head
        defer { context = outer; ctx.trail.head = mark }
        var fields: [(name: String, variable: Variable)] = []
        let parameters = decl.parameters.map { p in ctx.declare(p.name, constant: false) }
        for v in parameters { fields.append((v.name, v)) }
        // `self` is always a cell: the instance sets it, and methods capture it.
        let selfVariable = ctx.declare("self", constant: true)
        selfVariable.cell = ctx.cellCount
        ctx.cellCount += 1
        let defaults = decl.parameters.map { $0.defaultValue.map(expression) }
        var nodes: [Node] = []
        for s in decl.body.statements {
            switch s.kind {
            case .declaration(let name, let constant, let value):
                let v = expression(value)
                let field = ctx.declare(name, constant: constant)
                fields.append((name, field))
                nodes.append(DeclareNode(localNode(field, s.location), v, s.location))
            case .destructure(let pattern, let constant, let value):
                let v = expression(value)
                let target = declare(pattern, constant: constant)
                fields += target.variables.map { ($0.name, $0) }
                nodes.append(UnpackNode(target, v, s.location))
            case .function(let f):
                let name = f.name ?? "fn"
                let field = ctx.declare(name, constant: true, function: true)
                fields.append((name, field))
                // Methods run as functions nested in the constructor, so fields are their variables.
                nodes.append(DeclareNode(localNode(field, s.location),
                                         FunctionNode(function(f, name: "\(decl.name).\(name)", own: field), s.location), s.location))
            default:
                nodes.append(statement(s))
            }
        }
        let template = FunctionTemplate(name: decl.name, parameterNames: decl.parameters.map(\.name), defaults: defaults, location: decl.location, source: source)
        template.body = BlockNode(nodes + [ConstantNode(.null, decl.location)], decl.body.location)
        finish(template, ctx, parameters: parameters)
        return LayerNode(LayerShape(name: decl.name, constructor: template, fields: fields, selfCell: selfVariable.cell), decl.location)
    }

    // MARK: Expressions

    func assignable(_ target: Expr) -> AssignableNode? {
        switch target.kind {
        case .identifier(let name):
            let (node, constant) = resolve(name, target.location)
            if let constant { error("cannot assign to '\(name)': \(constant)", target.location) }
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
                case .formatted(let x, let options):
                    // The builtin itself, not the global `format`, which the user may have redefined.
                    return CallNode(ConstantNode(.function(CoreLibrary.format), loc), positional: [expression(x)],
                                    labelled: options.map { ($0.label ?? "", expression($0.value)) }, loc)
                }
            }, loc)
        case .identifier(let name): return resolve(name, loc).0
        case .selfReference:
            switch access("self", in: context) {
            case .local(let v)?: return SelfNode(.cell(v.cell), loc)
            case .upvalue(let i, _)?: return SelfNode(.upvalue(i), loc)
            default:
                error("'self' is only available inside a layer", loc)
                return ConstantNode(.null, loc)
            }
        case .list(let items): return ListNode(items.map(expression), loc)
        case .dictionary(let entries): return DictionaryNode(entries.map { (expression($0.key), expression($0.value)) }, loc)
        case .range(let a, let b, let inclusive): return RangeNode(expression(a), expression(b), inclusive: inclusive, loc)
        case .unary(let op, let x): return UnaryNode(op, expression(x), loc)
        case .binary(let op, let a, let b): return BinaryNode(op, expression(a), expression(b), loc)
        case .logical(let op, let a, let b): return LogicalNode(op, expression(a), expression(b), loc)
        case .call(let callee, let args):
            let target = expression(callee)
            let positional = args.filter { $0.label == nil }.map { expression($0.value) }
            let labelled = args.compactMap { a in a.label.map { ($0, expression(a.value)) } }
            if let target = target as? MemberNode { return InvokeNode(target, positional: positional, labelled: labelled, loc) }
            return CallNode(target, positional: positional, labelled: labelled, loc)
        case .member(let object, let name): return MemberNode(expression(object), name, loc)
        case .index(let object, let items): return IndexNode(expression(object), items.map(indexItem), loc)
        case .closure(let decl): return FunctionNode(function(decl, name: decl.name ?? "closure"), loc)
        case .conditional(let condition, let then, let otherwise):
            return ConditionalNode(expression(condition), block(then), otherwise.map(block), loc)
        case .attempt(let body, let catches, let finally):
            return TryNode(block(body), catches.map(catchClause), finally.map(block), loc)
        case .comprehension(let element, let clauses):
            return comprehension(element, clauses, loc)
        case .timed(let body):
            return TimedNode(block(body), loc)
        }
    }

    /// A catch clause: its error variable lives in a scope around its body.
    func catchClause(_ clause: CatchClause) -> CatchNode {
        let mark = enterScope()
        defer { leaveScope(mark) }
        let variable = clause.name.map { localNode(context.declare($0, constant: false), clause.location) }
        return CatchNode(kinds: clause.kinds, variable: variable, body: block(clause.body))
    }
}
