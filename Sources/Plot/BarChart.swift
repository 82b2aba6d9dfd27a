// Bar charts: one bar per category.

extension Chart {
    /// A bar chart: one bar per category (pairs beyond the shorter list are ignored; NaN draws no bar).
    public static func bar(categories: [String], values: [Double], title: String = "", xLabel: String = "",
                           yLabel: String = "") -> Chart {
        let n = min(categories.count, values.count)
        return Chart(.bars(categories: Array(categories[..<n]), values: Array(values[..<n])),
                     title: title, xLabel: xLabel, yLabel: yLabel)
    }
}
