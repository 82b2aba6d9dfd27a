/// The syntax tree the parser produces and the compiler consumes: plain data with locations.

/// A whole input: a file, a cell or a REPL entry.
public struct Program {
    public var statements: [Stmt]
    public init(statements: [Stmt]) { self.statements = statements }
}

/// A `{ … }` body; its value is that of its last statement when that is an expression.
public struct Block {
    public var statements: [Stmt]
    public var location: SourceLocation
    public init(statements: [Stmt], location: SourceLocation) {
        self.statements = statements
        self.location = location
    }
}

public struct Stmt {
    public var kind: StmtKind
    public var location: SourceLocation
    public init(_ kind: StmtKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum StmtKind {
    /// An expression whose value is kept as the block's value when it comes last.
    case expression(Expr)
    /// `let name = value` (constant) or `var name = value`.
    case declaration(name: String, isConstant: Bool, value: Expr)
    /// `let [a, [b, c]] = value` or `var [a, b] = value`: unpacks a list into new names.
    case destructure(pattern: Pattern, isConstant: Bool, value: Expr)
    /// `target = value`, or `target op= value` when `op` is set; the target is an identifier, a member
    /// or an index expression.
    case assign(target: Expr, op: BinaryOp?, value: Expr)
    /// `fn name(params) { body }`.
    case function(FunctionDecl)
    /// `layer Name(params) { fields and methods }`.
    case layer(LayerDecl)
    case whileLoop(condition: Expr, body: Block)
    /// `for name in iterable { body }`.
    case forLoop(variable: String, iterable: Expr, body: Block)
    /// `for [i, x] in items { body }`: each item unpacked into the pattern's names.
    case forDestructure(pattern: Pattern, iterable: Expr, body: Block)
    case returnValue(Expr?)
    case breakLoop
    case continueLoop
    /// `throw value`: raises an error value (one `error(kind, message)` made, or one a `catch` bound).
    case throwError(Expr)
    /// `import "layers.soma"` (the module's public names join this scope) or `import "layers.soma" as L`
    /// (one name for the module); `pathLocation` is the string's place, for errors about the path.
    case importModule(path: String, alias: String?, pathLocation: SourceLocation)
}

/// One `catch` of a `try`: the kinds it handles (every kind when empty) and the name it binds the
/// error to, if any.
public struct CatchClause {
    public var kinds: [String]
    public var name: String?
    public var body: Block
    public var location: SourceLocation
    public init(kinds: [String], name: String?, body: Block, location: SourceLocation) {
        self.kinds = kinds
        self.name = name
        self.body = body
        self.location = location
    }
}

/// The names a `let [a, b] = …` or `for [k, v] in …` unpacks a value into; `_` binds nothing.
public indirect enum Pattern {
    case name(String, SourceLocation)
    case list([Pattern], SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .name(_, let l), .list(_, let l): return l
        }
    }
}

/// A function: named (`fn f(x) { }`) or a closure (`fn(x) { }`, name nil).
public struct FunctionDecl {
    public var name: String?
    public var parameters: [Parameter]
    public var body: Block
    public var location: SourceLocation
    public init(name: String?, parameters: [Parameter], body: Block, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

/// A parameter, optionally with a default value (`lr = 0.1`); callers may pass any parameter by name.
public struct Parameter {
    public var name: String
    public var defaultValue: Expr?
    public var location: SourceLocation
    public init(name: String, defaultValue: Expr?, location: SourceLocation) {
        self.name = name
        self.defaultValue = defaultValue
        self.location = location
    }
}

/// `layer Name(params) { let field = …; fn forward(x) { … } }`: a user-defined module type.
/// Its body runs once per instance with the parameters bound; `let`/`var` at its top level become
/// fields and `fn` declarations methods.
public struct LayerDecl {
    public var name: String
    public var parameters: [Parameter]
    public var body: Block
    public var location: SourceLocation
    public init(name: String, parameters: [Parameter], body: Block, location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }
}

public struct Expr {
    public var kind: ExprKind
    public var location: SourceLocation
    public init(_ kind: ExprKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum ExprKind {
    case number(Double)
    case string(String)
    /// `"loss \(x)"`: literal text and embedded expressions in order.
    case interpolated([InterpolationPart])
    case bool(Bool)
    case nilLiteral
    case identifier(String)
    /// `self` inside a layer's methods.
    case selfReference
    case list([Expr])
    /// `["a": 1]`; `[:]` is the empty dictionary.
    case dictionary([(key: Expr, value: Expr)])
    /// `a..<b` (inclusive false) or `a...b` (inclusive true).
    case range(Expr, Expr, inclusive: Bool)
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    /// `and` / `or`, which evaluate their right side only when needed.
    case logical(LogicalOp, Expr, Expr)
    case call(Expr, [Argument])
    case member(Expr, String)
    case index(Expr, [IndexItem])
    case closure(FunctionDecl)
    /// `if c { } else if d { } else { }`; an `else if` is an else block holding one `if` expression.
    case conditional(condition: Expr, then: Block, otherwise: Block?)
    /// `try { } catch Kind e { } finally { }`: the value of the try block, or of the catch that handled
    /// its error; at least one catch or a finally.
    case attempt(body: Block, catches: [CatchClause], finally: Block?)
    /// `[element for pattern in items if condition …]`: a new list, as Python's list comprehension;
    /// later clauses loop inside earlier ones.
    case comprehension(element: Expr, clauses: [ComprehensionClause])
    /// `time { … }`: the block's value, after printing how long it took (IPython's `%time`).
    case timed(Block)
}

/// One `for pattern in items if condition` of a list comprehension.
public struct ComprehensionClause {
    public var pattern: Pattern
    public var items: Expr
    public var condition: Expr?
    public init(pattern: Pattern, items: Expr, condition: Expr?) {
        self.pattern = pattern
        self.items = items
        self.condition = condition
    }
}

public enum InterpolationPart {
    case text(String)
    case expression(Expr)
    /// `\(x, digits: 3)`: the value as `format(x, digits: 3)` writes it.
    case formatted(Expr, [Argument])
}

/// A call argument: positional, or labelled (`lr: 0.05`).
public struct Argument {
    public var label: String?
    public var value: Expr
    public init(label: String?, value: Expr) {
        self.label = label
        self.value = value
    }
}

/// One item between the brackets of an index: `t[0]`, `t[1:3]`, `t[::-1]`, `t[..., -1]`, `t[nil]`
/// (nil adds an axis, as NumPy's None).
public enum IndexItem {
    case value(Expr)
    case slice(start: Expr?, end: Expr?, step: Expr?)
    case ellipsis
}

public enum UnaryOp: String, Sendable {
    case negate = "-"
    case plus = "+"
    case not = "not"
}

public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
    case matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

public enum LogicalOp: String, Sendable {
    case and, or
}
