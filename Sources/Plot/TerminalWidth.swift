import CWidth

// How many terminal columns text takes, from the C library's Unicode width tables (wcwidth).

enum TerminalWidth {
    /// The UTF-8 locale whose width tables `columns` reads: Hangul, CJK and emoji take two columns,
    /// combining marks none. Made once; nil where the system has no C.UTF-8 locale.
    nonisolated(unsafe) private static let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil)

    /// The columns `scalar` takes in a terminal: 2 for wide characters, 0 for combining marks and
    /// other zero-width ones, 1 otherwise (control characters included, which charts never hold).
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return 1 }
        guard let utf8 else { return 1 }
        // The width tables belong to the thread's locale: switch to the UTF-8 one for this call only,
        // leaving the process's (and other threads') locale alone.
        let previous = uselocale(utf8)
        defer { uselocale(previous) }
        let width = wcwidth(wchar_t(bitPattern: scalar.value))
        return width < 0 ? 1 : Int(width)
    }
}
