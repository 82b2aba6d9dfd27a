@testable import Plot
import Testing

/// Korean titles and labels: two terminal columns per Hangul syllable, a font stack with Hangul glyphs.
@Suite struct HangulTests {
    @Test func hangulTakesTwoColumnsAndCombiningMarksNone() {
        #expect(TextOptions.visibleWidth("손실") == 4)
        #expect(TextOptions.visibleWidth("loss") == 4)
        #expect(TextOptions.visibleWidth("e\u{301}") == 1)
        #expect(TextOptions.visibleWidth("\u{1B}[31m정확도\u{1B}[0m") == 6)
        #expect(TextOptions.shortened("합성곱 신경망의 첫 번째 층", columns: 9) == "합성곱 …")
        #expect(TextOptions.shortened("short", columns: 9) == "short")
    }

    @Test func textBarsLineUpBehindKoreanLabels() {
        let chart = Chart.bar(categories: ["퍼셉트론", "MLP", "합성곱 신경망"], values: [0.5, 0.9, 0.98], title: "정확도")
        let lines = chart.text(width: 20, ascii: true).split(separator: "\n").map(String.init)
        #expect(lines.first == "정확도")
        let bars = lines.filter { $0.contains("|") }
        #expect(bars.count == 3)
        // The bar's edge sits in the same terminal column on every row.
        let columns = bars.map { TextOptions.visibleWidth(String($0.prefix { $0 != "|" })) }
        #expect(Set(columns).count == 1, "\(bars)")
    }

    @Test func svgNamesAFontWithHangul() {
        let svg = Chart.line([1, 2], title: "학습 손실", xLabel: "에폭").svg()
        #expect(svg.contains("Noto Sans CJK KR") && svg.contains("학습 손실") && svg.contains("에폭"))
    }
}
