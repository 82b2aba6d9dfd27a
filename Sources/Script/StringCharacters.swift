/// Where each character of a string starts, so that `s[i]`, `s[a:b]` and `len(s)` on a long string
/// take constant time instead of a walk from its start (which made a loop over the characters of a
/// long string by index take quadratic time).
///
/// Characters are Swift's (extended grapheme clusters), so `"é"` is one character however it is
/// encoded; a string of one-byte characters (ASCII, no `\r\n` pair) is indexed by byte.
final class StringCharacters {
    let string: String
    /// The number of characters.
    let count: Int
    /// Whether every character is one byte, so that character n starts at byte n.
    private let bytewise: Bool
    /// The index of every `spacing`-th character, made when a string of wider characters is first
    /// indexed (`len(s)` needs only the count).
    private var marks: [String.Index] = []
    private static let spacing = 32

    init(_ string: String) {
        self.string = string
        count = string.count
        bytewise = count == string.utf8.count
    }

    /// The index where character `offset` (0...count) starts.
    func index(_ offset: Int) -> String.Index {
        if offset == count { return string.endIndex }
        if bytewise { return string.utf8.index(string.utf8.startIndex, offsetBy: offset) }
        if marks.isEmpty { mark() }
        var i = marks[offset / Self.spacing]
        for _ in 0..<(offset % Self.spacing) { string.formIndex(after: &i) }
        return i
    }

    private func mark() {
        marks.reserveCapacity(count / Self.spacing + 1)
        var i = string.startIndex, n = 0
        while i < string.endIndex {
            if n % Self.spacing == 0 { marks.append(i) }
            string.formIndex(after: &i)
            n += 1
        }
    }

    subscript(offset: Int) -> Character {
        if bytewise { return Character(Unicode.Scalar(string.utf8[index(offset)])) }
        return string[index(offset)]
    }

    /// Characters `lower..<upper`.
    func substring(_ lower: Int, _ upper: Int) -> Substring { string[index(lower)..<index(upper)] }

    /// Whether `other` is this string itself (the same buffer, not merely equal text): it is kept while
    /// this table lives, so no other string can have taken its place.
    func describes(_ other: String) -> Bool {
        guard other.utf8.count == string.utf8.count, let a = Self.address(string) else { return false }
        return a == Self.address(other)
    }

    private static func address(_ s: String) -> UnsafeRawPointer? {
        s.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }
}

extension Interpreter {
    /// Strings shorter than this (in bytes) are counted and indexed directly, without a table.
    static let shortString = 64

    /// The character table of `s`: the last one made when `s` is the string it describes, so a loop
    /// indexing one long string builds it once.
    func characters(of s: String) -> StringCharacters {
        if let last = lastCharacters, last.describes(s) { return last }
        let table = StringCharacters(s)
        if s.utf8.count >= Self.shortString { lastCharacters = table }
        return table
    }

    /// The number of characters in `s` (`len(s)`), in constant time when `s` was counted last.
    func characterCount(_ s: String) -> Int {
        s.utf8.count < Self.shortString ? s.count : characters(of: s).count
    }
}
