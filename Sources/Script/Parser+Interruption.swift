/// How the lexer and the parser learn that the user wants a long parse to stop.
///
/// A cell of tens of megabytes takes seconds to parse, and an interrupt must not wait for it: the
/// lexer asks every few thousand tokens and the parser every few thousand statements, and the parse
/// then ends with `SyntaxErrors.interrupted`, having run nothing.
struct ParseInterruption {
    /// Whether to stop now.
    let requested: () -> Bool

    /// Never stops (a lexer made on its own, for tools and tests).
    static var never: ParseInterruption { ParseInterruption { false } }

    /// `interpreter`'s interrupt, consumed when seen, as `Interpreter.checkInterrupt` does while code
    /// runs, so that the interrupt stops this parse and not the next run.
    static func of(_ interpreter: Interpreter) -> ParseInterruption {
        ParseInterruption { [unowned interpreter] in
            guard interpreter.interruptRequested else { return false }
            interpreter.clearInterrupt()
            return true
        }
    }

    /// The process's interrupt (Ctrl-C), for a parse outside any interpreter.
    static var process: ParseInterruption {
        ParseInterruption {
            guard Interpreter.interruptRequested else { return false }
            Interpreter.clearInterrupt()
            return true
        }
    }
}

extension Parser {
    /// How many statements the parser reads between two looks at the interrupt flag.
    static let statementsBetweenInterruptChecks = 1_024

    /// Counts a statement and, every so often, stops the parse if an interrupt is pending: the parser
    /// jumps to the end of the input, so every open rule ends at once (what they report is dropped).
    mutating func pollInterrupt() {
        statementsParsed &+= 1
        guard statementsParsed % Parser.statementsBetweenInterruptChecks == 0, interruption.requested() else { return }
        interrupted = true
        current = tokens.count - 1
    }
}
