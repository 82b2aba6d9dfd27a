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

/// The operator tables the parser climbs, one row per operator. (Switches, not dictionaries: the
/// parser asks at every operand, and hashing a token kind each time cost a tenth of a large parse.)
enum OperatorTable {
    /// The infix operator a token spells, if any.
    static func infix(_ kind: TokenKind) -> InfixOperator? {
        switch kind {
        case .orKeyword: return InfixOperator(precedence: .or, associativity: .left, node: .logical(.or))
        case .andKeyword: return InfixOperator(precedence: .and, associativity: .left, node: .logical(.and))
        case .equalEqual: return InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.equal))
        case .notEqual: return InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.notEqual))
        case .less: return InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.less))
        case .lessEqual: return InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.lessEqual))
        case .greater: return InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.greater))
        case .greaterEqual: return InfixOperator(precedence: .comparison, associativity: .none, node: .binary(.greaterEqual))
        case .dotDotLess: return InfixOperator(precedence: .range, associativity: .none, node: .range(inclusive: false))
        case .dotDotDot: return InfixOperator(precedence: .range, associativity: .none, node: .range(inclusive: true))
        case .plus: return InfixOperator(precedence: .term, associativity: .left, node: .binary(.add))
        case .minus: return InfixOperator(precedence: .term, associativity: .left, node: .binary(.subtract))
        case .star: return InfixOperator(precedence: .factor, associativity: .left, node: .binary(.multiply))
        case .slash: return InfixOperator(precedence: .factor, associativity: .left, node: .binary(.divide))
        case .percent: return InfixOperator(precedence: .factor, associativity: .left, node: .binary(.remainder))
        case .at: return InfixOperator(precedence: .factor, associativity: .left, node: .binary(.matmul))
        case .starStar: return InfixOperator(precedence: .power, associativity: .right, node: .binary(.power))
        default: return nil
        }
    }

    /// The prefix operator a token spells, if any.
    static func prefix(_ kind: TokenKind) -> PrefixOperator? {
        switch kind {
        case .minus: return PrefixOperator(op: .negate, operand: .power)
        case .plus: return PrefixOperator(op: .plus, operand: .power)
        case .notKeyword: return PrefixOperator(op: .not, operand: .comparison)
        default: return nil
        }
    }

    /// The compound assignments and the operator each applies.
    static func compoundAssignment(_ kind: TokenKind) -> BinaryOp? {
        switch kind {
        case .plusAssign: return .add
        case .minusAssign: return .subtract
        case .starAssign: return .multiply
        case .slashAssign: return .divide
        default: return nil
        }
    }
}
