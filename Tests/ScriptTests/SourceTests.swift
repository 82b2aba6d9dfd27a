import Testing
@testable import Script

@Suite struct SourceTests {
    @Test func eachKindNamesLocationsItsOwnWay() {
        let location = SourceLocation(line: 2, column: 5)
        #expect(Source("", kind: .file("train.soma")).describe(location) == "train.soma:2:5")
        #expect(Source("", kind: .cell(7)).describe(location) == "cell 7, line 2")
        #expect(Source("", kind: .input(3)).describe(location) == "input 3, line 2")
    }
}
