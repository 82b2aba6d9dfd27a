import Testing

/// The checkers the chart tests lean on must themselves reject broken documents.
@Suite struct XMLCheckerTests {
    @Test(arguments: [
        "<svg><g></svg>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg a=1/>",
        "<svg>&nbsp;</svg>",
        "<svg>a & b</svg>",
        "<svg a=\"<\"/>",
        "<svg/><svg/>",
        "<svg>\u{1}</svg>",
        "text",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(throws: XMLError.self) { try XML.parse(text) }
    }

    /// Foundation's XMLParser on Linux is lenient (it takes unclosed tags, two roots and unquoted
    /// attributes), which is why the strict reader above is the main check; it still catches these.
    @Test(arguments: ["<svg a=\"1\" a=\"2\"/>", "<svg>&nbsp;</svg>", "<svg>a & b</svg>", "<svg a=\"<\"/>", "text"])
    func foundationRejects(_ text: String) {
        #expect(!foundationAccepts(text))
    }

    @Test func readsWellFormed() throws {
        let root = try XML.parse("<?xml version=\"1.0\"?><svg x='1'><!-- c --><g class=\"a b\"><text>&lt;&#65;&#x42;&amp;</text></g><g/></svg>")
        #expect(root.name == "svg" && root.attributes["x"] == "1")
        #expect(root.withClass("b").count == 1)
        #expect(root.all("text").first?.allText == "<AB&")
        #expect(root.all("g").count == 2)
        #expect(foundationAccepts("<svg><g/></svg>"))
    }
}
