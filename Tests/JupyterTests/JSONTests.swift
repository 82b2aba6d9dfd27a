import JSONFormat
import Jupyter
import Testing

@Suite struct JSONTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSON.parse(#" {"a": [1, -2.5, true, false, null], "b": {"c": "d"}, "e": 1e3, "f": -0} "#)
        #expect(value["a"] == [1, -2.5, true, false, nil])
        #expect(value["b"]?["c"] == "d")
        #expect(value["e"] == .double(1000))
        #expect(value["f"] == .int(0))
    }

    @Test func aRepeatedNameIsRefused() {
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a": 1, "b": {"c": 2, "c": 3}}"#) }
        #expect((try? JSON.parse(#"{"a": 1, "b": {"c": 2}}"#)) != nil)
    }

    @Test func integersStayIntegers() throws {
        #expect(try JSON.parse("42") == .int(42))
        #expect(try JSON.parse("42").serialized() == "42")
        #expect(try JSON.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSON.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSON.parse("0.5").serialized() == "0.5")
        #expect(try JSON.parse("1E-7") == .double(1e-7))
        #expect(JSON.double(.infinity).serialized() == "null")
    }

    @Test func decodesEscapesAndUnicode() throws {
        let text = try JSON.parse(#""quote \" backslash \\ slash \/ \b\f\n\r\t \u00e9 \u4e2d \ud83d\ude00 ü""#)
        #expect(text == .string("quote \" backslash \\ slash / \u{8}\u{c}\n\r\t é 中 😀 ü"))
    }

    @Test func serializesEscapesAndKeepsUnicode() {
        let value: JSON = ["text": "a\"b\\c\nd\u{1}é😀", "n": 3]
        #expect(value.serialized() == #"{"n":3,"text":"a\"b\\c\nd\u0001é😀"}"#)
    }

    @Test func roundTrips() throws {
        let value: JSON = [
            "list": [1, 2.25, "x", nil, ["nested": [true]]], "empty": [:], "none": [], "unicode": "ωμέγα \u{10FFFF}",
            "negative": -17, "tiny": 1e-300,
        ]
        #expect(try JSON.parse(value.serialized()) == value)
        #expect(try JSON.parse(value.serializedBytes()) == value)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", ".5", "-", "1e", "tru", "nul", "\"abc", "\"\\x\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\u12\"", "\"a\u{1}b\"", "[1] 2", "{'a':1}", "NaN", "+1",
    ])
    func rejectsInvalidText(text: String) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? JSON.parse(fine)) != nil)
    }

    @Test func accessorsConvert() {
        #expect(JSON.double(3).intValue == 3)
        #expect(JSON.double(3.5).intValue == nil)
        #expect(JSON.int(2).doubleValue == 2)
        #expect(JSON.string("x").intValue == nil)
        #expect(JSON.null.isNull)
        #expect(JSON.int(1)["key"] == nil)
    }
}
