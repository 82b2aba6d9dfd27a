import Testing
import Foundation
@testable import Script

@Test func scratchStack() {
    let n = 199
    let inputs: [(String, String)] = [
        ("parens", String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)),
        ("lists", String(repeating: "[", count: n) + String(repeating: "]", count: n)),
        ("minus", String(repeating: "-", count: n) + "1"),
        ("not", String(repeating: "not ", count: n) + "1"),
        ("power", Array(repeating: "2", count: n).joined(separator: " ** ")),
        ("calls", String(repeating: "f(", count: n/2) + String(repeating: ")", count: n/2)),
        ("index", String(repeating: "t[", count: n/2) + String(repeating: "]", count: n/2)),
        ("dict", String(repeating: "[1: ", count: n) + String(repeating: "]", count: n)),
        ("ifs", String(repeating: "if c { ", count: n/3) + String(repeating: "}", count: n/3)),
        ("elseif", "if c { }" + String(repeating: " else if c { }", count: n)),
        ("closures", String(repeating: "f(fn() { ", count: n/4) + String(repeating: "})", count: n/4)),
        ("lets", String(repeating: "fn g() { let x = ", count: n/3) + String(repeating: "1 }", count: n/3)),
        ("interp", String(repeating: "\"\\(", count: 60) + String(repeating: ")\"", count: 60)),
        ("slices", String(repeating: "t[1:", count: n/2) + String(repeating: "]", count: n/2)),
        ("members", String(repeating: "a.b(", count: n/2) + String(repeating: ")", count: n/2)),
    ]
    for (name, input) in inputs {
        var base = 0
        let top = withUnsafeMutablePointer(to: &base) { UInt(bitPattern: $0) }
        Parser.lowest = .max
        let c = Completeness.check(input)
        FileHandle.standardError.write("\(name): \(c) \((top - Parser.lowest) / 1024) KiB\n".data(using: .utf8)!)
    }
}
