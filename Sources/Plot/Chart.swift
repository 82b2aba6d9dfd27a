// The chart model: what to draw and how to frame it. Rendering lives in Chart+SVG and Chart+Text.

/// A chart: its content (marks on x–y axes, bars, a heatmap, or a grid of charts) and its frame
/// (title, axis labels, log-y flag, size). Render it with `svg()` or `text(width:height:ascii:)`.
public struct Chart: Equatable, Sendable {
    /// What a chart draws.
    public enum Content: Equatable, Sendable {
        /// Marks (lines, points, bars over bins, a filled field) on numeric x and y axes.
        case plot([Mark])
        /// One bar per category, on a categorical x axis.
        case bars(categories: [String], values: [Double])
        /// A matrix of colored cells with a color bar.
        case heatmap(Heatmap)
        /// Small multiples: charts laid out in rows of `columns`.
        case grid([Chart], columns: Int)
    }

    /// What the chart draws.
    public var content: Content
    /// The title above the chart; empty for none.
    public var title: String
    /// The x axis label; empty for none.
    public var xLabel: String
    /// The y axis label; empty for none.
    public var yLabel: String
    /// Whether the y axis is logarithmic (values ≤ 0 are left out and counted in a note).
    public var logY: Bool
    /// The SVG width in pixels (the drawing scales down with its container).
    public var width: Double
    /// The SVG height in pixels.
    public var height: Double

    /// A chart of any content; the static constructors (`line`, `scatter`, `heatmap`, …) are usually handier.
    public init(_ content: Content, title: String = "", xLabel: String = "", yLabel: String = "",
                logY: Bool = false, width: Double = 640, height: Double = 400) {
        self.content = content
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.width = width
        self.height = height
    }

    /// The same chart drawn at another size (in SVG pixels; at least 60 × 40).
    public func sized(width: Double, height: Double) -> Chart {
        var copy = self
        copy.width = width.isFinite ? max(60, width) : self.width
        copy.height = height.isFinite ? max(40, height) : self.height
        return copy
    }

    /// The marks of an x–y chart (empty for other kinds).
    public var marks: [Mark] {
        if case .plot(let marks) = content { return marks }
        return []
    }
}

extension Chart: CustomStringConvertible {
    /// The chart as braille text at the default size.
    public var description: String { text() }
}
