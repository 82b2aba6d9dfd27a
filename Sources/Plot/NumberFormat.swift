// Number formatting without Foundation: fixed decimals, compact (significant digits) and exponents.

/// Formats numbers for tick labels, annotations and SVG coordinates.
public enum NumberFormat {
    /// `value` with exactly `decimals` digits after the point ("0.20", "-3", "1e+20" when too large for fixed form).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let d = max(0, min(decimals, 15))
        let scaled = (abs(value) * Math.pow10(d)).rounded()
        guard scaled < 9.0e15 else { return exponential(value, significant: 3) }
        let digits = String(UInt64(scaled))
        var text: String
        if d == 0 {
            text = digits
        } else {
            let padded = String(repeating: "0", count: max(0, d + 1 - digits.count)) + digits
            let split = padded.index(padded.endIndex, offsetBy: -d)
            text = padded[..<split] + "." + padded[split...]
        }
        if value < 0 && scaled != 0 { text = "-" + text }
        return text
    }

    /// `value` with up to `significant` significant digits and no trailing zeros ("0.125", "1.5e-7", "12000").
    public static func compact(_ value: Double, significant: Int = 4) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 { return exponential(value, significant: significant) }
        let k = Math.floorLog10(magnitude)
        let decimals = max(0, significant - 1 - k)
        return trimZeros(fixed(value, decimals: decimals))
    }

    /// `value` as mantissa and exponent ("2.5e-7", "1e+12"), up to `significant` significant digits.
    public static func exponential(_ value: Double, significant: Int = 3) -> String {
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        var k = Math.floorLog10(abs(value))
        var mantissa = abs(value) / Math.pow10(k)
        let decimals = max(0, significant - 1)
        // Rounding may carry the mantissa to 10 ("9.999e5" → "1e6").
        if (mantissa * Math.pow10(decimals)).rounded() >= 10 * Math.pow10(decimals) { mantissa /= 10; k += 1 }
        let sign = value < 0 ? "-" : ""
        let exponent = k < 0 ? "-\(-k)" : "+\(k)"
        return sign + trimZeros(fixed(mantissa, decimals: decimals)) + "e" + exponent
    }

    /// A number for an SVG attribute: at most two decimals, no trailing zeros, no "-0".
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let scaled = (value * 100).rounded()
        guard abs(scaled) < 1e15 else { return trimZeros(fixed(value, decimals: 2)) }
        let hundredths = Int(scaled)
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + String(whole) + "." + String(fraction / 10) }
        return sign + String(whole) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    /// Superscript form of an integer exponent, for "10⁻³" labels.
    static func superscript(_ k: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(String(abs(k)).map { digits[Int(String($0))!] })
        return k < 0 ? "⁻" + body : body
    }

    static func trimZeros(_ text: String) -> String {
        guard text.contains("."), !text.contains("e") else { return text }
        var result = Substring(text)
        while result.last == "0" { result = result.dropLast() }
        if result.last == "." { result = result.dropLast() }
        return String(result)
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
    }
}
