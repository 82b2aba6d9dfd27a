import Testing
@testable import SomaRuntime

/// The improvement rule behind fit's early stopping and checkpoint, without a model or display.
@Suite struct FitMonitorTests {
    /// Feeds `values` as epochs 1, 2, … and returns which of them improved.
    static func improvements(_ m: inout FitMonitor, _ values: [Double]) -> [Bool] {
        values.enumerated().map { i, v in m.update(v, epoch: i + 1) }
    }

    @Test func minimizingCountsEpochsWithoutImprovement() {
        var m = FitMonitor(key: "loss", maximize: false)
        let improved = Self.improvements(&m, [1.0, 1.0, 0.5, 0.7, 0.6])
        #expect(improved == [true, false, true, false, false])
        #expect(m.best == 0.5 && m.bestEpoch == 3 && m.wait == 2)
    }

    @Test func maximizingWithMinDelta() {
        var m = FitMonitor(key: "valAccuracy", maximize: true, minDelta: 0.1)
        let improved = Self.improvements(&m, [0.5, 0.55, 0.7])
        #expect(improved == [true, false, true])
        #expect(m.bestEpoch == 3 && m.wait == 0)
    }

    @Test func nanNeverImproves() {
        var m = FitMonitor(key: "loss", maximize: false)
        let improved = Self.improvements(&m, [.nan, 3, .nan])
        #expect(improved == [false, true, false])
        #expect(m.best == 3 && m.bestEpoch == 2 && m.wait == 1)
    }

    @Test func autoModeMaximizesAccuracies() throws {
        #expect(try FitMonitor.maximizes("auto", key: "valAccuracy", "x"))
        #expect(try !FitMonitor.maximizes("auto", key: "valLoss", "x"))
        #expect(try FitMonitor.maximizes("max", key: "valLoss", "x"))
        #expect(throws: (any Error).self) { try FitMonitor.maximizes("up", key: "loss", "x") }
    }
}
