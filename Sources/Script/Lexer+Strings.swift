extension Lexer {
    /// string → '"' ( character | escape | "\(" tokens ")" )* '"'
    ///
    /// Escapes: `\n \t \r \0 \" \' \\ \u{1F600}`. A string may span lines. The code of an interpolation is
    /// scanned into its own tokens (it may hold strings and brackets of its own); its closing `)` is
    /// the first one outside any bracket of that code.
    mutating func scanString() -> Token {
        let start = index, startOffset = offset, startLocation = SourceLocation(line: line, column: column, length: 1)
        advance()  // the opening quote
        var segments: [StringSegment] = []
        var text = ""
        // Plain characters are copied in runs, from `runStart` up to the next quote or escape.
        var runStart = index
        scanning: while true {
            guard index < input.count else {
                text += input.text(from: runStart, to: index)
                report("unterminated string", at: startLocation, offset: startOffset, atEnd: true)
                break
            }
            // Printable ASCII other than a quote or a backslash, not followed by a byte that could combine
            // with it, is stepped over here: the calls that decide everything else live in another file.
            let b = input.bytes[index]
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\")
                && (index + 1 == input.bytes.count || input.bytes[index + 1] < 0x80) {
                index += 1
                column += 1
                offset += 1
                continue
            }
            let c = input.code(at: index)
            if c == UInt8(ascii: "\"") {
                text += input.text(from: runStart, to: index)
                advance()
                break
            }
            guard c == UInt8(ascii: "\\") else {
                advance()
                continue
            }
            text += input.text(from: runStart, to: index)
            defer { runStart = index }
            let escapeStart = offset, escapeLocation = SourceLocation(line: line, column: column, length: 2)
            advance()
            guard index < input.count else { continue }  // reported as unterminated
            let e = input.code(at: index)
            switch e {
            case UInt8(ascii: "n"): text.append("\n"); advance()
            case UInt8(ascii: "t"): text.append("\t"); advance()
            case UInt8(ascii: "r"): text.append("\r"); advance()
            case UInt8(ascii: "0"): text.append("\0"); advance()
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): text.unicodeScalars.append(Unicode.Scalar(e)); advance()
            case UInt8(ascii: "u"):
                advance()
                if let scalar = scanUnicodeEscape(from: escapeStart, at: escapeLocation) {
                    text.unicodeScalars.append(scalar)
                }
            case UInt8(ascii: "("):
                advance()
                if !text.isEmpty { segments.append(.text(text)) }
                text = ""
                guard interpolationDepth < Lexer.maxInterpolationDepth else {
                    report("string interpolation nested too deeply (more than \(Lexer.maxInterpolationDepth) levels)",
                           at: escapeLocation, offset: escapeStart)
                    skipToEnd()
                    break scanning
                }
                interpolationDepth += 1
                let code = scanTokens(endingInterpolation: true)
                interpolationDepth -= 1
                segments.append(.code(code))
                if code.last?.isEndOfInput ?? true {
                    report("unterminated string interpolation: expected ')' to close '\\(' at line "
                           + "\(escapeLocation.line), found end of input",
                           at: escapeLocation, offset: escapeStart, atEnd: true)
                    break scanning
                }
            default:
                let escaped = input.character(at: index)
                let shown = Lexer.describe(escaped)
                let message = shown.hasPrefix("'")
                    ? "invalid escape sequence '\\\(escaped)' in string"
                    : "invalid escape sequence in string: '\\' followed by \(shown)"
                report(message, at: escapeLocation, offset: escapeStart)
                advance()
            }
        }
        if !text.isEmpty || segments.isEmpty { segments.append(.text(text)) }
        var token = Token(.string, input.text(from: start, to: index),
                          at: SourceLocation(line: startLocation.line, column: startLocation.column,
                                             length: offset - startOffset),
                          offset: startOffset)
        token.segments = segments
        return token
    }

    /// unicodeEscape → "\u{" hex{1,8} "}", scanned from just after the `u`; nil (and an error) when
    /// malformed or not a Unicode scalar value.
    mutating func scanUnicodeEscape(from escapeStart: Int, at escapeLocation: SourceLocation) -> Unicode.Scalar? {
        func span(_ lexer: Lexer) -> SourceLocation {
            SourceLocation(line: escapeLocation.line, column: escapeLocation.column,
                           length: lexer.offset - escapeStart)
        }
        guard input.code(at: index) == UInt8(ascii: "{") else {
            report("expected '{' after '\\u' in string (write \\u{1F600})", at: span(self), offset: escapeStart,
                   atEnd: index >= input.count)
            return nil
        }
        advance()
        var hex = ""
        while let d = Lexer.digitValue(input.code(at: index)), d < 16 {
            hex.unicodeScalars.append(Unicode.Scalar(input.bytes[index]))
            advance()
        }
        guard input.code(at: index) == UInt8(ascii: "}") else {
            report("expected '}' to end the unicode escape '\\u{\(hex.prefix(8))'", at: span(self),
                   offset: escapeStart, atEnd: index >= input.count)
            return nil
        }
        advance()
        guard (1...8).contains(hex.count), let value = UInt32(hex, radix: 16),
              let scalar = Unicode.Scalar(value)
        else {
            report("invalid unicode scalar '\\u{\(hex.prefix(8))}' in string", at: span(self), offset: escapeStart)
            return nil
        }
        return scalar
    }
}
