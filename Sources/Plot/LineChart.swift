// Line charts: several named series over shared axes.

extension Chart {
    /// A line chart of several series, with a legend for the named ones, nice ticks, an optional
    /// log y axis and optional point markers. NaN and infinite values leave gaps.
    public static func line(series: [Series], title: String = "", xLabel: String = "", yLabel: String = "",
                            logY: Bool = false, markers: Bool = false) -> Chart {
        var marks: [Mark] = []
        for (i, s) in series.enumerated() {
            var s = s
            if s.color == nil { s.color = i }
            marks.append(.line(s, markers: markers))
        }
        return Chart(.plot(marks), title: title, xLabel: xLabel, yLabel: yLabel, logY: logY)
    }

    /// A line chart of one series of y values at x = 0, 1, 2, … (a loss curve, say).
    public static func line(_ values: [Double], name: String = "", title: String = "", xLabel: String = "",
                            yLabel: String = "", logY: Bool = false, markers: Bool = false) -> Chart {
        line(series: [Series(name, values)], title: title, xLabel: xLabel, yLabel: yLabel, logY: logY, markers: markers)
    }
}
