extension TokenKind {
    /// The text of a punctuation or operator token, as a literal: making a String from the input for
    /// each of them cost more than the rest of their scan.
    static func spelling(of kind: TokenKind) -> String? {
        switch kind {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .leftBracket: return "["
        case .rightBracket: return "]"
        case .leftBrace: return "{"
        case .rightBrace: return "}"
        case .comma: return ","
        case .colon: return ":"
        case .semicolon: return ";"
        case .at: return "@"
        case .percent: return "%"
        case .dot: return "."
        case .dotDotLess: return "..<"
        case .dotDotDot: return "..."
        case .assign: return "="
        case .equalEqual: return "=="
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .plus: return "+"
        case .plusAssign: return "+="
        case .minus: return "-"
        case .minusAssign: return "-="
        case .star: return "*"
        case .starStar: return "**"
        case .starAssign: return "*="
        case .slash: return "/"
        case .slashAssign: return "/="
        case .notEqual: return "!="
        default: return nil
        }
    }

    /// The keyword spelled `word` (of `length` bytes), if it is one (as in `keywords`, which a test
    /// checks against this): compared only with the keywords of that length, since hashing every
    /// identifier for a dictionary cost more than scanning it.
    static func keyword(_ word: String, length: Int) -> TokenKind? {
        switch length {
        case 2:
            switch word {
            case "fn": return .fnKeyword
            case "if": return .ifKeyword
            case "in": return .inKeyword
            case "or": return .orKeyword
            default: return nil
            }
        case 3:
            switch word {
            case "let": return .letKeyword
            case "var": return .varKeyword
            case "for": return .forKeyword
            case "try": return .tryKeyword
            case "nil": return .nilKeyword
            case "and": return .andKeyword
            case "not": return .notKeyword
            default: return nil
            }
        case 4:
            switch word {
            case "else": return .elseKeyword
            case "true": return .trueKeyword
            case "self": return .selfKeyword
            default: return nil
            }
        case 5:
            switch word {
            case "layer": return .layerKeyword
            case "while": return .whileKeyword
            case "break": return .breakKeyword
            case "false": return .falseKeyword
            case "catch": return .catchKeyword
            case "throw": return .throwKeyword
            default: return nil
            }
        case 6:
            switch word {
            case "return": return .returnKeyword
            case "import": return .importKeyword
            default: return nil
            }
        case 7: return word == "finally" ? .finallyKeyword : nil
        case 8: return word == "continue" ? .continueKeyword : nil
        default:
            return nil
        }
    }
}
