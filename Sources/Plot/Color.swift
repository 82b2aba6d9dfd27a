// An sRGB color with the few operations charts need.

/// An opaque sRGB color.
public struct Color: Hashable, Sendable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    /// A color from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A color from a 24-bit value such as `0x0072B2`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// The color as `#rrggbb`.
    public var hex: String {
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { table in
            let bytes: [UInt8] = [35, table[Int(red >> 4)], table[Int(red & 0xF)], table[Int(green >> 4)],
                                  table[Int(green & 0xF)], table[Int(blue >> 4)], table[Int(blue & 0xF)]]
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Relative luminance (0 black … 1 white), to choose dark or light text on top of this color.
    public var luminance: Double {
        func linear(_ c: UInt8) -> Double {
            let v = Double(c) / 255
            return v <= 0.04045 ? v / 12.92 : Math.power((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// The color a fraction `t` of the way to `other` (0 gives self, 1 gives other).
    public func mixed(with other: Color, _ t: Double) -> Color {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded())
        }
        return Color(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }

    /// White.
    public static let white = Color(hex: 0xFFFFFF)
    /// Black.
    public static let black = Color(hex: 0x000000)
}
