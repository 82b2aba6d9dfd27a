import Foundation
import Testing
@testable import Script

/// The lexer and the parser take time in proportion to the input: a multi-megabyte program and one
/// four times its size give exactly four times the tokens and statements. (Nothing here asserts time,
/// which depends on the machine; the parse rate is printed for whoever reads the log.)
@Suite struct ScalingTests {
    @Test func aLargeProgramScalesLinearly() throws {
        let units = 5_000
        let small = ProgramGenerator.program(units: units)
        let large = ProgramGenerator.program(units: 4 * units)
        #expect(small.utf8.count > 2_000_000)

        let start = Date()
        let program = try Parser.parse(Source(large, kind: .cell(1)))
        let seconds = Date().timeIntervalSince(start)
        #expect(program.statements.count == 4 * units * ProgramGenerator.statementsPerUnit)
        #expect(try Parser.parse(Source(small, kind: .cell(1))).statements.count
                    == units * ProgramGenerator.statementsPerUnit)
        let smallTokens = Lexer.scan(Source(small, kind: .cell(1)))
        let largeTokens = Lexer.scan(Source(large, kind: .cell(1)))
        #expect(smallTokens.errors.isEmpty && largeTokens.errors.isEmpty)
        #expect(largeTokens.tokens.count - 1 == 4 * (smallTokens.tokens.count - 1))

        let megabytes = Double(large.utf8.count) / 1_000_000
        print("parsed \(megabytes) MB in \(seconds) s: \(megabytes / seconds) MB/s")
    }

    /// Compiling keeps the names in sight at each use of a global (for "did you mean" hints) without
    /// copying them: a block of 20,000 local functions used to take gigabytes and minutes.
    @Test func aLargeBlockCompilesInLinearMemory() throws {
        let program = "if false {\n" + ProgramGenerator.program(units: 20_000) + "}\n"
        #expect(throws: Never.self) { try Interpreter().run(Source(program, kind: .cell(1))) }
    }
}
