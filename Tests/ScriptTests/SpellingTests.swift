import Testing
@testable import Script

/// The edit distance behind "did you mean": a swap of two neighbouring letters is one slip.
@Suite struct SpellingTests {
    // "ca" → "abc" is 3, not 2: a swapped pair is not edited again (what optimal string alignment means).
    @Test(arguments: [("raet", "rate", 1), ("rate", "rate", 0), ("lossses", "losses", 1), ("abc", "", 3),
                      ("ca", "abc", 3), ("trian", "train", 1), ("rand", "raet", 2)])
    func distance(_ a: String, _ b: String, _ expected: Int) {
        #expect(Spelling.distance(Array(a), Array(b)) == expected)
    }

    @Test func theNearestCandidateWinsAndTiesGoToTheFirst() {
        #expect(Spelling.closest(to: "raet", in: ["rand", "rate"]) == "rate")
        #expect(Spelling.closest(to: "lr", in: ["l", "r"]) == "l")
        #expect(Spelling.closest(to: "learningRat", in: ["learningRate", "rand"]) == "learningRate")
        #expect(Spelling.closest(to: "xyzzy", in: ["zeros", "ones"]) == nil)
    }
}
