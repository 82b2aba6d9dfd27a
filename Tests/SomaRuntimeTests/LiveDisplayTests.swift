import Foundation
import Script
@testable import SomaRuntime
import Testing

/// `fit` and `progress` in each kind of live output: plain lines, a rich display updated in place,
/// a terminal redrawn in place; and the progress line's format.
@Suite(.serialized) struct LiveDisplayTests {
    static let setup = """
        seed(0)
        let X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
        let Y = tensor([[0], [1], [1], [0]])
        let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
        let opt = Adam(model.parameters(), lr: 0.05)
        """

    /// A runtime in `mode` whose printed text is collected.
    final class Captured {
        let runtime = Runtime()
        var printed = ""
        var displays: [(bundle: MimeBundle, id: String?, update: Bool)] = []
        init(_ mode: LiveOutput?, rich: Bool = false) {
            runtime.liveOutput = mode
            runtime.output = { [unowned self] in self.printed += $0 }
            if rich { runtime.displayHandler = { [unowned self] in self.displays.append(($0, $1, $2)) } }
        }
        func run(_ code: String) throws -> Value? { try runtime.run(code, as: .cell(1)) }
    }

    @Test func plainLinesPrintOneLinePerEpoch() throws {
        let c = Captured(nil)
        _ = try c.run(Self.setup + "\nfit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: 3, validation: [X, Y], metrics: [accuracy])")
        let lines = c.printed.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        for (i, line) in lines.enumerated() {
            #expect(line.hasPrefix("epoch \(i + 1)/3  loss "))
            #expect(line.contains("  accuracy ") && line.contains("  valLoss ") && line.contains("  valAccuracy "))
            #expect(line.hasSuffix(" µs)") || line.hasSuffix(" ms)") || line.hasSuffix(" s)"))
            // Epochs of four samples take microseconds: they must not read as no time at all.
            #expect(!line.contains("(0 ") && !line.contains("(0.0 "), "\(line)")
        }
        #expect(c.displays.isEmpty)
    }

    @Test func plainLinesStayFewForManyEpochs() throws {
        let c = Captured(.lines)
        _ = try c.run(Self.setup + "\nfit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: 100)")
        let lines = c.printed.split(separator: "\n").map(String.init)
        #expect(lines.count == 20)
        #expect(lines.first?.hasPrefix("epoch 5/100  ") == true)
        #expect(lines.last?.hasPrefix("epoch 100/100  ") == true)
    }

    @Test func displayFalsePrintsNothing() throws {
        let c = Captured(.lines)
        _ = try c.run(Self.setup + "\nfit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: 3, display: false)")
        #expect(c.printed.isEmpty)
    }

    @Test func aRichDisplayIsShownOnceAndUpdatedInPlace() throws {
        let c = Captured(nil, rich: true)
        _ = try c.run(Self.setup + "\nfit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: 3)")
        #expect(c.printed.isEmpty)
        // The first drawing shows the display, later ones (when due, and at the end) update it.
        #expect(c.displays.count >= 2)
        #expect(c.displays.first?.update == false)
        #expect(c.displays.dropFirst().allSatisfy { $0.update })
        let id = try #require(c.displays.first?.id)
        #expect(id.hasPrefix("soma-live-"))
        #expect(c.displays.allSatisfy { $0.id == id })
        let last = try #require(c.displays.last?.bundle)
        #expect(last["text/plain"]?.hasPrefix("epoch 3/3  ▕████████████████████████▏  100%  3/3") == true)
        #expect(last["text/html"]?.contains("<svg") == true)
        #expect(last["text/html"]?.contains("width:100.0%") == true)
    }

    @Test func aTerminalDisplayIsRedrawnInPlaceUnlessSomethingWasPrintedBelowIt() throws {
        let c = Captured(.terminal)
        _ = try c.run("var n = 0\nfor i in progress(0..<3) { n += i }")
        let up = "\u{1B}[1A\r\u{1B}[J"
        // The first drawing, then one redraw in place at the end (the loop is too quick for more).
        #expect(c.printed.components(separatedBy: up).count == 2)
        #expect(c.printed.hasSuffix("3/3  " + c.printed.split(separator: "  ").suffix(2).joined(separator: "  ")))

        let d = Captured(.terminal)
        _ = try d.run("for i in progress(0..<3) { print(i) }")
        // Text printed below the bar: the final drawing starts a new block instead of covering it.
        #expect(!d.printed.contains(up))
        #expect(d.printed.hasPrefix("▕"))
        #expect(d.printed.contains("0\n1\n2\n▕"))
    }

    @Test func progressPrintsOneClosingLineToPlainOutput() throws {
        let c = Captured(.lines)
        _ = try c.run("let p = progress([1, 2, 3], label: \"items\")\nfor x in p { p.set(last: x) }")
        let lines = c.printed.split(separator: "\n").map(String.init)
        #expect(lines.count == 1)
        #expect(lines[0].hasPrefix("items  ▕████████████████████████▏  100%  3/3  "))
        #expect(lines[0].hasSuffix("  last 3"))
    }

    @Test func anInterruptStopsFitAtTheNextStepAndReturnsThePartialHistory() throws {
        let c = Captured(.lines)
        var calls = 0
        c.runtime.interpreter.globals.define("interruptOnSecondEpoch", .function(NativeFunction(Signature("interruptOnSecondEpoch", [.variadic("arguments")], "a metric that interrupts.")) { _, _ in
            calls += 1
            if calls == 2 { c.runtime.interpreter.requestInterrupt() }
            return .number(1)
        }))
        let value = try c.run(Self.setup + "\nlet before = model[0].weight.sum().item()\nlet h = fit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: 50, metrics: [interruptOnSecondEpoch])\nh")
        guard case .object(let h as HistoryValue)? = value else { Issue.record("fit returned \(String(describing: value))"); return }
        #expect(h.history.interrupted)
        // The second epoch's only step raised the interrupt, so that epoch finished; the third stopped
        // before its first step.
        #expect(h.history.epochs == 2)
        #expect(h.history.series["loss"]?.count == 2)
        #expect(h.history.steps.count == 2)
        #expect(c.printed.contains("interrupted in epoch 3 after 2 steps: the weights trained so far are kept"))
        #expect(try c.run("model[0].weight.sum().item() != before")?.repr == "true")
        #expect(!c.runtime.interpreter.interruptRequested)
    }

    @Test func aRichDisplayKeepsOneAxisScaleWhileTheLossFalls() throws {
        let c = Captured(nil, rich: true)
        // A loss that sleeps makes the epochs slow enough for several drawings while the loss falls
        // from 0.25 to far below a thirtieth of it (where a scale chosen afresh each time turned log).
        // Not a metric: metrics run with gradients off, a process-wide switch other tests would see.
        _ = try c.run(Self.setup + "\nfn slowLoss(o, y) { sleep(0.008)\nmse(o, y) }\nfit(model, data: [X, Y], loss: slowLoss, optimizer: opt, epochs: 150)")
        let scales = c.displays.compactMap { $0.bundle["text/html"] }.compactMap { html -> String? in
            guard let range = html.range(of: "data-scale=\"") else { return nil }
            return String(html[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(scales.count >= 3, "several drawings with a chart")
        #expect(Set(scales) == ["log"], "\(scales)")
    }

    @Test func anInterruptedRichDisplaySaysSoAndShowsNoTimeLeft() throws {
        let c = Captured(nil, rich: true)
        var calls = 0
        c.runtime.interpreter.globals.define("interruptOnThirdEpoch", .function(NativeFunction(Signature("interruptOnThirdEpoch", [.variadic("arguments")], "a metric that interrupts.")) { _, _ in
            calls += 1
            if calls == 3 { c.runtime.interpreter.requestInterrupt() }
            return .number(1)
        }))
        _ = try c.run(Self.setup + "\nfit(model, data: [X, Y], loss: mse, optimizer: opt, epochs: 50, metrics: [interruptOnThirdEpoch])")
        let last = try #require(c.displays.last?.bundle)
        #expect(last["text/plain"]?.contains("interrupted") == true)
        #expect(last["text/plain"]?.contains("ETA") == false)
        #expect(last["text/html"]?.contains("interrupted") == true)
        #expect(last["text/html"]?.contains("ETA") == false)
    }

    @Test func progressLineFormat() {
        var s = ProgressStatus(label: "epoch 1/2", done: 30, total: 120, elapsed: 3, unit: "steps")
        s.values = [("loss", 0.123456)]
        #expect(s.line(width: 8) == "epoch 1/2  ▕██      ▏  25%  30/120  10 steps/s  ETA 0:09  loss 0.1235")
        #expect(ProgressStatus.bar(0.5, width: 4) == "██  ")
        #expect(ProgressStatus.bar(1.0 / 16, width: 2) == "▏ ")
        #expect(ProgressStatus.bar(0.25, width: 2) == "▌ ")
        #expect(ProgressStatus.bar(1, width: 3) == "███")
        #expect(ProgressStatus.clock(3725) == "1:02:05")
        #expect(ProgressStatus.clock(65) == "1:05")
        let unknown = ProgressStatus(done: 7, total: nil, elapsed: 0)
        #expect(unknown.line() == "7")
        #expect(s.html().contains("width:25.0%"))
    }
}
