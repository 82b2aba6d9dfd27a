#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Text for tables and reports: numbers with a fixed count of decimals or in scientific notation, and
/// any value padded to a width, as Python's `format(x, ">10.3f")` does.
extension CoreLibrary {
    static var formatFunctions: [NativeFunction] { [format] }

    /// `format`, also what `"\(x, digits: 3)"` calls.
    static var format: NativeFunction {
        native("format", ["value", .optional("digits"), .defaulted("sci", false), .defaulted("width", 0),
                          .optional("align", shown: "right for numbers, left otherwise"), .defaulted("fill", " ")],
               "the value as text: a number with digits decimals (in scientific notation with sci: true), padded with fill to width, aligned \"left\", \"right\" or \"center\".") { a, _ in
            var value = try a.value("value")
            if case .object(let o) = value, let n = o.formattedNumber { value = .number(n) }
            let digits = try a.given("digits").map { try $0.integer("the digits of format") }
            let sci = try a.boolean("sci")
            var text: String
            if case .number(let x) = value {
                text = try digits.map { try fixed(x, digits: $0, sci: sci) } ?? (sci ? try fixed(x, digits: 6, sci: true) : value.text)
            } else {
                if digits != nil || sci {
                    throw ScriptError("TypeError", "format: digits and sci apply to numbers, not a \(value.typeName)")
                }
                if case .string(let s) = value { text = s } else { text = value.text }
            }
            let align = try a.given("align").map { try $0.string("the align of format") } ?? (value.isNumber ? "right" : "left")
            return .string(try padded(text, a, align: align, "format"))
        }
    }

    /// `x` with `digits` decimals (`%.*f`), or in scientific notation (`%.*e`), as C and Python write them.
    static func fixed(_ x: Double, digits: Int, sci: Bool) throws -> String {
        guard (0...30).contains(digits) else {
            throw ScriptError("ValueError", "format: digits must be from 0 to 30, not \(digits)")
        }
        // %f of 1e308 writes 309 digits: the buffer holds them and the decimals.
        var buffer = [CChar](repeating: 0, count: 360)
        _ = withVaList([Int32(digits), x]) { vsnprintf(&buffer, buffer.count, sci ? "%.*e" : "%.*f", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `text` padded by `op` (`format`, `padStart`, `padEnd`) with its `width` and one-character `fill`
    /// arguments, filled out on the side `align` leaves open; never cut.
    static func padded(_ text: String, _ a: BoundArguments, align: String, _ op: String) throws -> String {
        let width = try a.integer("width", as: "the width of \(op)")
        guard (0...10_000).contains(width) else {
            throw ScriptError("ValueError", "\(op): the width must be from 0 to 10000, not \(width)")
        }
        let fillText = try a.string("fill", as: "the fill of \(op)")
        guard let fill = fillText.first, fillText.count == 1 else {
            throw ScriptError("ValueError", "\(op): the fill must be one character, not \(Value.quote(fillText))")
        }
        let missing = max(width - text.count, 0)
        switch align {
        case "left": return text + String(repeating: fill, count: missing)
        case "right": return String(repeating: fill, count: missing) + text
        case "center":
            let before = missing / 2
            return String(repeating: fill, count: before) + text + String(repeating: fill, count: missing - before)
        default:
            throw ScriptError("ValueError", "\(op): align must be \"left\", \"right\" or \"center\", not \(Value.quote(align))")
        }
    }
}
