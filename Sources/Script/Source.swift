/// A piece of program text and the name its diagnostics use: a file (`train.soma:5:9`), a notebook
/// cell (`cell 3, line 5`) or a REPL input (`input 3, line 5`).
///
/// A class, shared rather than copied: every function compiled from it keeps it, so an error inside
/// a function defined in an earlier cell quotes that cell's line, and entering a call switches the
/// running source with one reference.
public final class Source: Sendable {
    /// How locations in this source are written.
    public enum Kind: Sendable {
        /// A file path: locations read `path:line:column`.
        case file(String)
        /// A notebook cell's execution count: locations read `cell N, line L`.
        case cell(Int)
        /// A REPL input's number, the one its prompt showed: locations read `input N, line L`.
        case input(Int)
    }

    public let kind: Kind
    public let text: String
    /// The text split into lines (without terminators), for quoting in diagnostics.
    public let lines: [Substring]

    public init(_ text: String, kind: Kind) {
        self.text = text
        self.kind = kind
        lines = Source.split(text)
    }

    /// The lines of `text` without their terminators (`\n` or `\r\n`), found in one pass over the
    /// UTF-8 bytes: "\r\n" is one Character, so splitting Characters would not find it, and splitting
    /// Unicode scalars generically ran at well under 1 MB/s.
    static func split(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var i = start
        func line(to end: String.Index, dropReturn: Bool) -> Substring {
            text[start..<(dropReturn ? utf8.index(before: end) : end)]
        }
        while i != utf8.endIndex {
            let byte = utf8[i]
            if byte == 10 {
                lines.append(line(to: i, dropReturn: previous == 13 && i != start))
                start = utf8.index(after: i)
            }
            previous = byte
            i = utf8.index(after: i)
        }
        lines.append(line(to: i, dropReturn: previous == 13 && i != start))
        return lines
    }

    /// A location written the way this source's users read it.
    public func describe(_ location: SourceLocation) -> String {
        switch kind {
        case .file(let path): return "\(path):\(location.line):\(location.column)"
        case .cell(let n): return "cell \(n), line \(location.line)"
        case .input(let n): return "input \(n), line \(location.line)"
        }
    }

    /// The text of a 1-based line, or "" past the end.
    public func line(_ n: Int) -> String {
        n >= 1 && n <= lines.count ? String(lines[n - 1]) : ""
    }
}

/// A position in a source: 1-based line and column (in characters), and the length of the span.
public struct SourceLocation: Sendable, Equatable, Hashable {
    public var line: Int
    public var column: Int
    public var length: Int

    public init(line: Int, column: Int, length: Int = 1) {
        self.line = line
        self.column = column
        self.length = length
    }

    public static let unknown = SourceLocation(line: 0, column: 0, length: 0)
}
