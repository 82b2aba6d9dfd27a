import Testing
@testable import Script

/// A mistake repeated through a large input reports its first errors and a count, not megabytes.
@Suite struct SyntaxErrorsTests {
    @Test func aFloodOfErrorsShowsTheFirstAndACount() {
        do {
            _ = try Parser.parse(String(repeating: "let = 1\n", count: 1_000))
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.count == 1_000)
            let rendered = error.render()
            #expect(rendered.components(separatedBy: "SyntaxError:").count - 1 == SyntaxErrors.shownLimit)
            #expect(rendered.hasSuffix("\n\n… and 980 more syntax errors"))
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == SyntaxErrors.shownLimit + 1)
            #expect(lines.last == "… and 980 more syntax errors")
        }
    }

    @Test func aFewErrorsAreAllShown() {
        let errors = SyntaxErrors((1...SyntaxErrors.shownLimit).map { ScriptError("SyntaxError", "error \($0)") })
        #expect(!errors.description.contains("more syntax error"))
        #expect(errors.description.split(separator: "\n").count == SyntaxErrors.shownLimit)
    }

    @Test func oneMoreIsSingular() {
        let errors = SyntaxErrors((0...SyntaxErrors.shownLimit).map { ScriptError("SyntaxError", "error \($0)") })
        #expect(errors.description.hasSuffix("… and 1 more syntax error"))
    }
}
