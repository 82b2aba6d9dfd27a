/// Where bytes stop being UTF-8, for errors that point at the byte.
enum UTF8Check {
    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and code points past U+10FFFF count as ill-formed), or nil when
    /// every byte is UTF-8. A sequence cut short by the end is ill-formed at its first byte.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            // How many bytes follow the lead, and the range the first of them must fall in.
            let (count, low, high): (Int, UInt8, UInt8)
            switch lead {
            case 0xC2...0xDF: (count, low, high) = (1, 0x80, 0xBF)
            case 0xE0: (count, low, high) = (2, 0xA0, 0xBF)
            case 0xED: (count, low, high) = (2, 0x80, 0x9F)
            case 0xE1...0xEF: (count, low, high) = (2, 0x80, 0xBF)
            case 0xF0: (count, low, high) = (3, 0x90, 0xBF)
            case 0xF1...0xF3: (count, low, high) = (3, 0x80, 0xBF)
            case 0xF4: (count, low, high) = (3, 0x80, 0x8F)
            default: return i
            }
            guard i + count < n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<(count + 1) {
                guard (0x80...0xBF).contains(bytes[i + k]) else { return i }
            }
            i += count + 1
        }
        return nil
    }
}
