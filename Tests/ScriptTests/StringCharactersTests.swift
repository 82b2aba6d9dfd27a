import Testing
@testable import Script

/// Indexing a string by character number (`s[i]`, `s[a:b:c]`, `len(s)`) through the table of where its
/// characters start, which a loop over one long string builds once rather than at every step.
@Suite struct StringCharactersTests {
    /// ASCII, accented letters in either encoding, emoji (one of several scalars), `\r\n` (one
    /// character of two bytes), long and short.
    static let texts: [String] = [
        "", "a", "hello world", String(repeating: "abcdefghij", count: 50),
        "e\u{301}t\u{e9}\r\nx", String(repeating: "naïve café e\u{301} 👩‍👩‍👧 \r\n", count: 20),
        String(repeating: "x", count: 100) + "é", "é" + String(repeating: "x", count: 100),
    ]

    @Test(arguments: texts)
    func charactersMatchSwiftsCharacters(_ text: String) {
        let table = StringCharacters(text)
        let expected = Array(text)
        #expect(table.count == expected.count)
        for i in 0..<expected.count { #expect(table[i] == expected[i]) }
        for (a, b) in [(0, expected.count), (1, expected.count / 2), (expected.count / 3, expected.count)] where a <= b {
            #expect(String(table.substring(a, b)) == String(expected[a..<b]))
        }
    }

    @Test(arguments: texts)
    func subscriptsAgreeWithTheCharacterArray(_ text: String) throws {
        let chars = Array(text)
        let vm = Interpreter()
        for i in 0..<chars.count {
            #expect(try Subscripts.get(.string(text), [.value(.number(Double(i)))], vm).text == String(chars[i]))
            #expect(try Subscripts.get(.string(text), [.value(.number(Double(i - chars.count)))], vm).text == String(chars[i]))
        }
        let slices: [(Int?, Int?, Int?)] = [(nil, nil, nil), (1, nil, nil), (nil, -1, nil), (2, 40, 3), (nil, nil, -1), (-2, 1, -2), (5, 2, 1)]
        for (a, b, c) in slices {
            let got = try Subscripts.get(.string(text), [.slice(start: a, end: b, step: c)], vm).text
            #expect(got == String(try Subscripts.slice(chars, a, b, c)))
        }
        #expect(vm.characterCount(text) == chars.count)
    }

    @Test func aLongStringIsCountedOnceAndAnotherStringGetsItsOwnTable() {
        let vm = Interpreter()
        let long = String(repeating: "ab", count: 100)
        let table = vm.characters(of: long)
        let same = long
        #expect(vm.characters(of: same) === table)
        // Equal text in another buffer, and a different string, are counted anew.
        let copy = String(decoding: Array(long.utf8), as: UTF8.self)
        #expect(vm.characters(of: copy) !== table)
        let other = String(repeating: "é", count: 100)
        #expect(vm.characters(of: other).count == 100)
        #expect(vm.characterCount(long) == 200)
    }

    @Test(arguments: [
        ("let s = \"ab\" * 100\nvar n = 0\nfor i in 0..<len(s) { if s[i] == \"b\" { n += 1 } }\nprint(n, s.count)", "100 200"),
        ("let s = \"é\" * 100 + \"xyz\"\nprint(len(s), s[100], s[-1], s[99:], s.count)", "103 x z éxyz 103"),
        ("var s = \"x\" * 100\nprint(len(s))\ns += \"é\"\nprint(len(s), s[-1])", "100\n101 é"),
    ])
    func loopsOverALongString(_ code: String, _ expected: String) throws {
        #expect(try runCell(code).output == expected + "\n")
    }
}
