import Tensor

/// The little JSON that file headers need (safetensors): a parser keeping key order, and string quoting.
enum MiniJSON {
    case object([(String, MiniJSON)])
    case array([MiniJSON])
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null

    /// The value of `key` in an object.
    subscript(key: String) -> MiniJSON? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// Parses one JSON value that spans all of `bytes` (UTF-8), or throws a ValueError naming `what`.
    static func parse(_ bytes: ArraySlice<UInt8>, what: String) throws -> MiniJSON {
        var parser = Parser(bytes: Array(bytes), what: what)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.fail("unexpected text after the value") }
        return value
    }

    /// `s` as a JSON string literal.
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    struct Parser {
        let bytes: [UInt8]
        let what: String
        var position = 0

        init(bytes: [UInt8], what: String) {
            self.bytes = bytes
            self.what = what
        }

        func fail(_ why: String) -> TensorError {
            TensorError(.value, "\(what): invalid JSON header at byte \(position) (\(why))")
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ c: UInt8) throws {
            skipSpace()
            guard position < bytes.count, bytes[position] == c else {
                throw fail("expected '\(Character(Unicode.Scalar(c)))'")
            }
            position += 1
        }

        mutating func value(depth: Int) throws -> MiniJSON {
            guard depth < 64 else { throw fail("nested too deeply") }
            skipSpace()
            guard position < bytes.count else { throw fail("the header ends early") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(String, MiniJSON)] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                repeat {
                    skipSpace()
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                } while try separator(closing: UInt8(ascii: "}"))
                return .object(members)
            case UInt8(ascii: "["):
                position += 1
                var items: [MiniJSON] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                repeat {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                } while try separator(closing: UInt8(ascii: "]"))
                return .array(items)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            default: return try number()
            }
        }

        /// After an item: true at a comma, false at the closing bracket.
        mutating func separator(closing: UInt8) throws -> Bool {
            guard position < bytes.count else { throw fail("the header ends early") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; return true }
            if bytes[position] == closing { position += 1; return false }
            throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }

        mutating func word(_ w: String) throws {
            let utf8 = Array(w.utf8)
            guard position + utf8.count <= bytes.count, Array(bytes[position..<(position + utf8.count)]) == utf8 else {
                throw fail("unexpected character")
            }
            position += utf8.count
        }

        mutating func number() throws -> MiniJSON {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            if let i = Int(text) { return .integer(i) }
            if let d = Double(text) { return .number(d) }
            position = start
            throw fail("unexpected character")
        }

        mutating func string() throws -> String {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a string") }
            position += 1
            var out: [UInt8] = []
            while true {
                guard position < bytes.count else { throw fail("unterminated string") }
                let c = bytes[position]
                position += 1
                if c == UInt8(ascii: "\"") { break }
                guard c == UInt8(ascii: "\\") else { out.append(c); continue }
                guard position < bytes.count else { throw fail("unterminated string") }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800, scalar < 0xDC00, position + 1 < bytes.count,
                       bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    out += Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
                default: out.append(e)   // \" \\ \/
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count,
                  let v = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16) else {
                throw fail("bad \\u escape")
            }
            position += 4
            return v
        }
    }
}
