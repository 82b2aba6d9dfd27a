import Foundation
import Script
@testable import SomaRuntime
import Testing

/// The live display and text output fitted to a terminal: widths, elision, colors, durations, the axis
/// that stays put and the status after an interrupt.
@Suite struct TerminalDisplayTests {
    static func status(values: [(String, Double)] = [("loss", 0.123456), ("accuracy", 0.875), ("valLoss", 0.234567), ("valAccuracy", 0.8125)]) -> ProgressStatus {
        var s = ProgressStatus(label: "epoch 3/10", done: 130, total: 640, elapsed: 12.5, unit: "steps")
        s.values = values
        return s
    }

    @Test(arguments: [20, 40, 60, 80, 120])
    func theStatusLineFitsTheTerminal(columns: Int) {
        let line = Self.status().line(fitting: columns)
        #expect(TerminalText.width(line) <= columns, "\(line)")
        #expect(line.hasPrefix("epoch 3/10"))
    }

    @Test func theLeastImportantPartsGoFirst() {
        let full = Self.status().line()
        #expect(Self.status().line(fitting: 200) == full)
        let at80 = Self.status().line(fitting: 80)
        #expect(!at80.contains("steps/s") && !at80.contains("130/640"), "rate and counts go first: \(at80)")
        #expect(at80.contains("loss 0.1235") && at80.contains("ETA") && at80.contains("20%"), "\(at80)")
        let at40 = Self.status().line(fitting: 40)
        #expect(!at40.contains("▕"), "the bar goes before the time and the loss: \(at40)")
        #expect(at40.contains("loss 0.1235"), "\(at40)")
        #expect(Self.status().line(fitting: 12) == "epoch 3/10", "then everything but the label")
        #expect(Self.status().line(fitting: 8) == "epoch 3…")
    }

    @Test func anEndedLoopShowsHowItEndedAndNoTimeLeft() {
        var s = Self.status()
        #expect(s.line().contains("ETA "))
        s.state = .interrupted
        s.note = "weights kept"
        #expect(!s.line().contains("ETA"))
        #expect(s.line().contains("  interrupted  "))
        #expect(s.line(fitting: 30).contains("interrupted"), "never left out: \(s.line(fitting: 30))")
        #expect(!s.html().contains("ETA") && s.html().contains("interrupted"))
        s.state = .stopped
        #expect(s.line().contains("stopped") && !s.line().contains("ETA"))
    }

    @Test func theNotebookStatusStaysOnOneLine() {
        let html = Self.status().html()
        #expect(html.contains("flex-wrap:nowrap") && html.contains("white-space:nowrap") && html.contains("text-overflow:ellipsis"))
        #expect(!html.contains("flex-wrap:wrap"))
    }

    @Test func terminalTextMeasuresEscapesWideCharactersAndMarks() {
        #expect(TerminalText.width("\u{1B}[38;5;25mab\u{1B}[0m") == 2)
        #expect(TerminalText.width("日本") == 4)
        #expect(TerminalText.width("e\u{301}") == 1)
        #expect(TerminalText.width("⣿▕█▏…") == 5)
        #expect(TerminalText.fit("abcdef", to: 4) == "abc…")
        #expect(TerminalText.fit("abc", to: 4) == "abc")
        #expect(TerminalText.fit("日本語", to: 4) == "日…")
        #expect(TerminalText.fit("\u{1B}[31mabcdef", to: 3) == "\u{1B}[31mab…\u{1B}[0m")
        #expect(TerminalText.rows("abcdef", columns: 4) == 2)
        #expect(TerminalText.rows("", columns: 4) == 1)
    }

    @Test func colorsOnlyWhereTheEnvironmentAllowsThem() {
        #expect(Terminal.colorAllowed(by: ["TERM": "xterm-256color"]))
        #expect(!Terminal.colorAllowed(by: ["TERM": "xterm-256color", "NO_COLOR": "1"]))
        #expect(Terminal.colorAllowed(by: ["TERM": "xterm-256color", "NO_COLOR": ""]), "an empty NO_COLOR does not count (no-color.org)")
        #expect(!Terminal.colorAllowed(by: ["TERM": "dumb"]))
        #expect(!Terminal.colorAllowed(by: [:]))
        // A pipe is no terminal, whatever the environment says.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(!Terminal.showsColor(on: ends[1], environment: ["TERM": "xterm-256color"]))
        #expect(Terminal.size(of: ends[1], environment: ["COLUMNS": "132", "LINES": "40"]) == (132, 40))
        #expect(Terminal.size(of: ends[1], environment: [:]) == (80, 24))
    }

    @Test(arguments: [(60, 24), (80, 24), (120, 40), (30, 12), (80, 10)])
    func aTerminalFrameFitsTheScreen(columns: Int, rows: Int) {
        var history = TrainingHistory()
        for i in 0..<200 { history.recordStep(epoch: Double(i) / 20, loss: 1 / Double(i + 1)) }
        let frame = Self.status().frame(chart: history.lossChart(logY: true))
        let lines = frame.terminalLines(columns: columns, rows: rows, color: true)
        #expect(lines.allSatisfy { TerminalText.width($0) < columns })
        #expect(lines.count < rows)
        #expect(lines.count > 1 || rows < 12, "a chart when there is room")
    }

    @Test func durationsOfShortEpochsAreNotZero() {
        #expect(TrainingHistory.duration(0.000085) == "85 µs")
        #expect(TrainingHistory.duration(0.0045) == "4.5 ms")
        #expect(TrainingHistory.duration(0.34) == "340 ms")
        #expect(TrainingHistory.duration(1.25) == "1.2 s" || TrainingHistory.duration(1.25) == "1.3 s")
        var h = TrainingHistory()
        h.record("loss", 0.5)
        h.epochs = 25
        #expect(h.epochLine(of: 100, seconds: 0.012, epochsTaken: 25) == "epoch 25/100  loss 0.5  (12 ms for 25 epochs)")
    }
}
