/// How tightly operators bind, lowest first.
enum Precedence: Int, Comparable {
    case lowest
    case or             // or
    case and            // and
    case not            // not (prefix)
    case comparison     // == != < <= > >=   (non-associative)
    case range          // ..< ...           (non-associative)
    case term           // + -
    case factor         // * / % @
    case prefix         // - + (prefix)
    case power          // **                (right-associative)

    static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

    /// The next tighter level (the minimum for the right operand of a left-associative operator).
    var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .power }
}

/// Which way a chain of operators of one level groups.
enum Associativity {
    case left, right
    /// Chaining is a SyntaxError (`a < b < c`, `a..<b..<c`).
    case none
}

/// What an infix operator builds.
enum InfixNode {
    case binary(BinaryOp)
    case logical(LogicalOp)
    case range(inclusive: Bool)
}

/// One row of the infix table.
struct InfixOperator {
    var precedence: Precedence
    var associativity: Associativity
    var node: InfixNode
}

/// One row of the prefix table: the operator and the level its operand is parsed at.
struct PrefixOperator {
    var op: UnaryOp
    /// `-x ** 2` is `-(x ** 2)`: the operand of `-` takes in `**`; `not a == b` is `not (a == b)`.
    var operand: Precedence
}

/// The operator tables the parser climbs.
enum OperatorTable {
    static let infix: [TokenKind: InfixOperator] = [
        .orKeyword: InfixOperator(precedence: .or, associativity: .left, node: .logical(.or)),
        .andKeyword: InfixOperator(precedence: .and, associativity: .left, node: .logical(.and)),
        .equalEqual: InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.equal)),
        .notEqual: InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.notEqual)),
        .less: InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.less)),
        .lessEqual: InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.lessEqual)),
        .greater: InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.greater)),
        .greaterEqual: InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.greaterEqual)),
        .dotDotLess: InfixOperator(precedence: .range, associativity: .none, node: .range(inclusive: false)),
        .dotDotDot: InfixOperator(precedence: .range, associativity: .none, node: .range(inclusive: true)),
        .plus: InfixOperator(precedence: .term, associativity: .left, node: .binary(.add)),
        .minus: InfixOperator(precedence: .term, associativity: .left, node: .binary(.subtract)),
        .star: InfixOperator(precedence: .factor, associativity: .left, node: .binary(.multiply)),
        .slash: InfixOperator(precedence: .factor, associativity: .left, node: .binary(.divide)),
        .percent: InfixOperator(precedence: .factor, associativity: .left, node: .binary(.remainder)),
        .at: InfixOperator(precedence: .factor, associativity: .left, node: .binary(.matmul)),
        .starStar: InfixOperator(precedence: .power, associativity: .right, node: .binary(.power)),
    ]

    static let prefix: [TokenKind: PrefixOperator] = [
        .minus: PrefixOperator(op: .negate, operand: .power),
        .plus: PrefixOperator(op: .plus, operand: .power),
        .notKeyword: PrefixOperator(op: .not, operand: .comparison),
    ]

    /// The compound assignments and the operator each applies.
    static let compoundAssignment: [TokenKind: BinaryOp] = [
        .plusAssign: .add, .minusAssign: .subtract, .starAssign: .multiply, .slashAssign: .divide,
    ]
}
