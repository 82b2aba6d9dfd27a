// Continuous colormaps for heatmaps, color bars and decision boundaries.

/// A continuous mapping from [0, 1] to colors, for heatmaps and color bars.
public enum Colormap: String, CaseIterable, Sendable {
    /// Perceptually uniform dark purple → blue → green → yellow (matplotlib's default).
    case viridis
    /// Black (low) to white (high), as matplotlib's `gray`: digit images show white ink on black.
    case gray
    /// White (low) to black (high), as matplotlib's `gray_r`: dark ink on a white page.
    case grayReversed
    /// Blue (low) through white to red (high), for signed values such as weights (ColorBrewer RdBu).
    case diverging

    /// The colormap named `name` ("viridis", "gray"/"grey", "gray_r"/"binary", "diverging"/"rdbu"/"coolwarm").
    public init?(name: String) {
        switch name.lowercased() {
        case "viridis": self = .viridis
        case "gray", "grey", "greys_r": self = .gray
        case "gray_r", "grey_r", "grayreversed", "binary", "greys": self = .grayReversed
        case "diverging", "rdbu", "rdbu_r", "bwr", "coolwarm", "seismic": self = .diverging
        default: return nil
        }
    }

    /// The color at `t` in [0, 1] (clamped; NaN gives the low end).
    public func color(at t: Double) -> Color {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        let stops = self.stops
        let position = t * Double(stops.count - 1)
        let i = min(stops.count - 2, Int(position.rounded(.down)))
        return Color(hex: stops[i]).mixed(with: Color(hex: stops[i + 1]), position - Double(i))
    }

    /// Whether values should be centered on zero (symmetric range) by default.
    var isDiverging: Bool { self == .diverging }

    private var stops: [UInt32] {
        switch self {
        case .viridis: return Colormap.viridisStops
        case .gray: return [0x000000, 0xFFFFFF]
        case .grayReversed: return [0xFFFFFF, 0x000000]
        case .diverging: return Colormap.rdBuStops
        }
    }

    /// matplotlib's viridis sampled at every 16th of its 256 entries.
    private static let viridisStops: [UInt32] = [
        0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d, 0x2c728e, 0x26828e, 0x21918c,
        0x1fa088, 0x28ae80, 0x3fbc73, 0x5ec962, 0x84d44b, 0xaddc30, 0xd8e219, 0xfde725,
    ]

    /// ColorBrewer RdBu (11 classes), reversed so that low is blue.
    private static let rdBuStops: [UInt32] = [
        0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f,
    ]
}
