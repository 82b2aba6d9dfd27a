import Testing
@testable import SomaRuntime

/// Completion offers every name an unpacking pattern of the cell declares, before the cell has run.
@Suite struct PatternCompletionTests {
    @Test func namesOfPatternsAreOffered() {
        let runtime = Runtime()
        let code = "let [alpha, [beta, _]] = f()\nfor [keyName, valueName] in d { }\nvar [gamma] = g()\n"
        for (prefix, name) in [("alp", "alpha"), ("bet", "beta"), ("keyN", "keyName"), ("valueN", "valueName"), ("gam", "gamma")] {
            let text = code + prefix
            #expect(runtime.complete(text, cursor: text.count).matches.contains(name), "\(name)")
        }
    }
}
