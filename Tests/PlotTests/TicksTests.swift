@testable import Plot
import Testing

@Suite struct TicksTests {
    @Test func unitRangeStepsByFifths() {
        let ticks = Ticks.linear(0, 1)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(ticks.lower == 0 && ticks.upper == 1)
    }

    @Test func raggedRangeExtendsToWholeSteps() {
        let ticks = Ticks.linear(0, 97)
        #expect(ticks.values == [0, 20, 40, 60, 80, 100])
        #expect(ticks.labels == ["0", "20", "40", "60", "80", "100"])
        #expect(ticks.upper == 100)
    }

    @Test func withinKeepsTheDomain() {
        let ticks = Ticks.linear(0.05, 0.97, maxIntervals: 5, extend: false)
        #expect(ticks.values == [0.2, 0.4, 0.6, 0.8])
        #expect(ticks.lower == 0.05 && ticks.upper == 0.97)
    }

    @Test func negativeAndOffsetRanges() {
        // Steps of 1 would need seven intervals; the default allows six, so steps of 2.
        #expect(Ticks.linear(-3.2, 2.7).values == [-4, -2, 0, 2, 4])
        let offset = Ticks.linear(1000, 1003)
        #expect(offset.values == [1000, 1000.5, 1001, 1001.5, 1002, 1002.5, 1003])
        #expect(offset.labels.first == "1000.0" && offset.labels.last == "1003.0")
        let small = Ticks.linear(0.0012, 0.0031)
        #expect(small.values == [0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035])
        #expect(small.labels == ["0.0010", "0.0015", "0.0020", "0.0025", "0.0030", "0.0035"])
    }

    @Test func labelsAreCleanDecimals() {
        // 3 × 0.1 is 0.30000000000000004 in floating point; the ticks must print as 0.3.
        let ticks = Ticks.linear(0, 0.6, maxIntervals: 6)
        #expect(ticks.values.map { "\($0)" } == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"])
        #expect(ticks.labels == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6"])
    }

    @Test func degenerateRangesWiden() {
        let constant = Ticks.linear(5, 5)
        #expect(constant.lower < 5 && constant.upper > 5)
        let zero = Ticks.linear(0, 0)
        #expect(zero.lower <= -1 && zero.upper >= 1)
        let nan = Ticks.linear(.nan, .infinity)
        #expect(nan.values.allSatisfy(\.isFinite) && nan.values.count >= 2)
        let reversed = Ticks.linear(1, 0)
        #expect(reversed.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test func hugeAndTinyValuesUseExponents() {
        let big = Ticks.linear(0, 3e9)
        #expect(big.labels.last == "3e+9")
        #expect(big.labels.first == "0")
        let tiny = Ticks.linear(0, 3e-7)
        #expect(tiny.labels.contains("1e-7"))
    }

    @Test func logTicksAreDecades() {
        let ticks = Ticks.log(1e-3, 10)
        #expect(ticks.values == [0.001, 0.01, 0.1, 1, 10])
        #expect(ticks.labels == ["0.001", "0.01", "0.1", "1", "10"])
        let inside = Ticks.log(0.02, 0.7)
        #expect(inside.values == [0.01, 0.1, 1])
        let wide = Ticks.log(1e-12, 1e4)
        #expect(wide.values.count <= 9)
        #expect(wide.values.first! <= 1e-12 && wide.values.last! >= 1e4)
        #expect(wide.labels.contains("10⁻¹²") || wide.labels.contains("10⁻¹⁰"))
        let oneDecade = Ticks.log(3, 3)
        #expect(oneDecade.values == [1, 10])
        let bad = Ticks.log(-1, 0)
        #expect(bad.values.allSatisfy { $0 > 0 })
    }

    @Test func logarithmsAndPowers() {
        #expect(Math.log10(1000) == 3)
        #expect(Math.log10(1e-3) == -3)
        #expect(abs(Math.log10(2) - 0.30102999566398120) < 1e-14)
        #expect(abs(Math.ln(10) - 2.302585092994046) < 1e-14)
        #expect(abs(Math.exp(1) - 2.718281828459045) < 1e-12)
        #expect(Math.floorLog10(999.999) == 2 && Math.floorLog10(1000) == 3 && Math.ceilLog10(1000) == 3)
        #expect(Math.floorLog10(0.00099) == -4)
        #expect(Math.pow10(-3) == 0.001 && Math.pow10(22) == 1e22)
    }
}
