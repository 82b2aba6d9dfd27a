import Foundation
import Testing
@testable import Script
@testable import SomaRuntime

/// `fit(..., record: fn)` and `replay(...)`: frames taken when due, bit-identical under a seed, an
/// animation that plays without script, and clear errors.
@Suite struct ReplayTests {
    /// XOR trained for `epochs` one-batch epochs, recording a decision boundary every `every` steps.
    func xor(epochs: Int, every: Int, _ tail: String) throws -> String {
        try printed("""
            seed(0)
            let x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
            let y = tensor([[0], [1], [1], [0]])
            let model = Sequential(Linear(2, 8), Tanh(), Linear(8, 1), Sigmoid())
            let h = fit(model, [x, y], loss: mse, optimizer: Adam(model.parameters(), lr: 0.05), epochs: \(epochs), display: false,
                        record: fn() { decisionBoundary(model, x, y, steps: 8) }, recordEvery: \(every))
            let r = replay(h, fps: 5)
            \(tail)
            """)
    }

    @Test func framesAreTakenBeforeTrainingEveryKStepsAndAtTheEnd() throws {
        let out = try xor(epochs: 25, every: 10, "print(r.count)\nprint(r.captions[0])\nprint(r.captions[3])\nprint(type(r.frame(-1)))")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "4")   // steps 0, 10, 20 and 25
        #expect(lines[1] == "step 0 · epoch 0")
        #expect(lines[2].hasPrefix("step 25 · epoch 25 · loss "))
        #expect(lines[3] == "Chart")
    }

    @Test func seededRunsReplayBitForBit() throws {
        let a = try xor(epochs: 12, every: 4, "print(r.svg())"), b = try xor(epochs: 12, every: 4, "print(r.svg())")
        #expect(a == b)
        let other = try xor(epochs: 12, every: 3, "print(r.svg())")
        #expect(a != other)
    }

    @Test func theAnimationShowsEachFrameInItsTurnWithoutScript() throws {
        let svg = try xor(epochs: 3, every: 1, "print(r.svg())")
        #expect(!svg.contains("<script"))
        #expect(svg.components(separatedBy: "<g class=\"frame\"").count - 1 == 4)
        // At 5 frames a second, 4 frames loop in 0.6 s plus the 2 s hold on the last one.
        #expect(svg.contains("values=\"visible;hidden\" keyTimes=\"0;0.076923\" calcMode=\"discrete\" dur=\"2.6s\""))
        #expect(svg.contains("values=\"hidden;visible;hidden\" keyTimes=\"0;0.076923;0.153846\""))
        #expect(svg.contains("values=\"hidden;visible\" keyTimes=\"0;0.230769\""))
        // Without SMIL the trained result shows: only the last frame starts visible.
        #expect(svg.components(separatedBy: "<g class=\"frame\" visibility=\"visible\"").count - 1 == 1)
        #expect(svg.range(of: "visibility=\"visible\"")!.lowerBound > svg.range(of: "step 2 ·")!.lowerBound)
    }

    @Test func theFunctionRunsInEvaluationModeWithoutGradients() throws {
        let out = try printed("""
            let model = Sequential(Linear(2, 1))
            let h = fit(model, [ones([4, 2]), ones([4, 1])], loss: mse, optimizer: SGD(model.parameters(), lr: 0.1), epochs: 2, display: false,
                        record: fn() { [model.isTraining, model(ones([1, 2])).requiresGrad] }, recordEvery: 1)
            print(replay(h).frame(1), model.isTraining)
            """)
        #expect(out == "[false, false] true\n")
    }

    @Test func aLongRunKeepsAtMostTheLimitSpreadOverAllOfIt() {
        let recorder = ReplayRecorder(every: 1)
        for step in 0...1000 where recorder.isDue(step) { recorder.add(ReplayFrame(.number(Double(step)), caption: "\(step)"), step: step) }
        #expect(recorder.frames.count <= Replay.maxFrames && recorder.frames.count > Replay.maxFrames / 2)
        #expect(recorder.frames.first?.caption == "0" && recorder.every == 8)
        let steps = recorder.frames.compactMap { Int($0.caption) }
        #expect(Set(zip(steps, steps.dropFirst()).map { $1 - $0 }) == [8])
    }

    @Test func listsOfAnyValuesAreFramesAndImagesKeepTheirPixels() throws {
        let out = try printed("""
            let r = replay([scatter([[0, 0], [1, 1]]), image(ones([2, 2])), "text"], captions: ["a", "b", "c"])
            print(r.captions)
            let svg = r.svg()
            print(svg.contains("data:image/png;base64,"), svg.contains(">text</text>"), svg.contains(">a</text>"))
            """)
        #expect(out == "[\"a\", \"b\", \"c\"]\ntrue true true\n")
    }

    @Test func saveWritesTheAnimationOrTheFramesAsText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try printed("let r = replay([1, 2])\nr.save(\"\(folder.path)/run.svg\")\nr.save(\"\(folder.path)/run.txt\")")
        let svg = try String(contentsOfFile: folder.path + "/run.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<animate"))
        #expect(try String(contentsOfFile: folder.path + "/run.txt", encoding: .utf8) == "frame 1 of 2\n1\n\nframe 2 of 2\n2")
    }

    @Test func badArgumentsAreErrors() throws {
        let fitCall = "let m = Linear(2, 1)\nlet h = fit(m, [ones([4, 2]), ones([4, 1])], loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), display: false"
        for (code, message) in [
            ("replay([])", "replay: the list of frames is empty"),
            ("replay([1, 2], captions: [\"a\"])", "replay: 1 captions for 2 frames"),
            ("replay([1], fps: 0)", "replay: fps must be between 0.1 and 60, got 0"),
            ("replay([1], fps: 0.000000001)", "replay: fps must be between 0.1 and 60, got 1e-09"),
            ("replay(list(0..<1001))", "replay: 1001 frames is more than 1000; keep every k-th (frames[::k])"),
            ("replay([1]).play(fps: -1)", "play: fps must be between 0.1 and 60 (or 0 for the replay's own), got -1"),
            ("replay([1]).play(fps: 0.0000001)", "play: fps must be between 0.1 and 60 (or 0 for the replay's own), got 1e-07"),
            ("replay(3)", "replay: frames must be the history of fit(..., record: fn), a list of values or a replay, not a number"),
            ("replay(replay([1]), captions: [\"a\"])", "replay: captions label a list of frames; the frames of a history or a replay have their own"),
            ("replay([1]).frame(1)", "frame: index 1 is out of range for a replay of 1 frame"),
            ("replay([1]).save(\"run.gif\")", "save: cannot write 'run.gif': the extension names the format, and the supported ones are .svg (SVG), .txt (text)"),
            (fitCall + ")\nreplay(h)", "replay: this history has no frames; fit(..., record: fn) records them"),
            (fitCall + ", record: 3)", "fit: record must be a function fn() { ... } returning what to show (a chart, a drawing, an image), not a number"),
            (fitCall + ", record: fn() { 1 }, recordEvery: 0)", "fit: recordEvery must be at least 1, got 0"),
            (fitCall + ", recordEvery: 5)", "fit: recordEvery says how often record: fn takes a frame, and no record: was given"),
        ] {
            do {
                _ = try printed(code)
                Issue.record("no error for \(code)")
            } catch let e as ScriptError {
                #expect(e.message == message)
            }
        }
    }

    @Test func aTextFrameStaysAPictureOfBoundedSize() throws {
        let out = try printed("let r = replay([\"x\" * 100000, \"line\\n\" * 5000])\nprint(len(r.svg()))")
        #expect(Int(out.trimmingCharacters(in: .whitespacesAndNewlines))! < 20_000)
    }

    @Test func aFailingRecordingStopsFitAndLeavesNoHooks() throws {
        let runtime = Runtime()
        runtime.output = { _ in }
        _ = try runtime.run("let m = Sequential(Linear(2, 2), ReLU(), Linear(2, 1))", as: .cell(1))
        do {
            _ = try runtime.run("""
                fit(m, [ones([4, 2]), ones([4, 1])], loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), display: false,
                    xray: true, record: fn() { 1 / "x" })
                """, as: .cell(2))
            Issue.record("no error from the recording")
        } catch let e as ScriptError {
            #expect(e.kind == "TypeError")
        }
        // The X-ray's hooks went with the failed fit, and the model is back in training mode.
        guard case .object(let model as ModuleValue)? = runtime.interpreter.globals.get("m") else {
            Issue.record("m is not a model")
            return
        }
        #expect(model.module.isTraining)
        #expect(model.module.children.allSatisfy { $0.1.forwardHooks.isEmpty })
    }

    @Test func controlCharactersAndColorsStayOutOfTheDrawing() throws {
        let svg = Replay(frames: [ReplayFrame(.string("x\u{1}y"), caption: "c\u{7}\u{1B}[1mbold <&>")], title: "t\u{0}").svg()
        #expect(!svg.unicodeScalars.contains { $0.value < 0x20 })
        #expect(svg.contains(">xy</text>") && svg.contains(">cbold &lt;&amp;&gt;</text>") && svg.contains("<title>t</title>"))
    }

    @Test func aRecordedTensorIsKeptAsItWasThen() throws {
        let out = try printed("""
            let m = Linear(1, 1)
            initConstant(m.bias, 0)
            let h = fit(m, [ones([2, 1]), ones([2, 1])], loss: mse, optimizer: SGD(m.parameters(), lr: 0.1), epochs: 3,
                        display: false, record: fn() { m.bias }, recordEvery: 1)
            let r = replay(h)
            print(r.frame(0).item(), r.frame(-1).item() == m.bias.item())
            """)
        #expect(out == "0 true\n")
    }

    @Test func withAccumulationFramesFollowOptimizerSteps() throws {
        // 4 batches of 2 in groups of 2: 2 optimizer steps an epoch, a frame before and after each.
        let out = try printed("""
            let m = Linear(1, 1)
            let h = fit(m, DataLoader(ones([8, 1]), ones([8, 1]), batchSize: 2), loss: mse, optimizer: SGD(m.parameters(), lr: 0.1),
                        epochs: 2, accumulate: 2, display: false, record: fn() { m.bias.item() }, recordEvery: 1)
            let r = replay(h)
            print(r.captions.map(fn(c) { c.split(" · ")[0] }))
            var moved = true                  # every frame after an update, none mid-group
            for i in 1..<r.count { if r.frame(i) == r.frame(i - 1) { moved = false } }
            print(moved)
            """)
        #expect(out == "[\"step 0\", \"step 1\", \"step 2\", \"step 3\", \"step 4\"]\ntrue\n")
    }

    @Test func earlyStoppingsRestoredWeightsAreTheLastFrame() throws {
        // The validation targets are the training ones negated: the validation loss rises from epoch 3 on.
        let out = try printed("""
            seed(0)
            let m = Linear(1, 1)
            let h = fit(m, [ones([4, 1]), ones([4, 1])], loss: mse, optimizer: SGD(m.parameters(), lr: 0.5), epochs: 20,
                        display: false, validation: [ones([4, 1]), -ones([4, 1])], earlyStopping: ["patience": 1],
                        record: fn() { m.weight }, recordEvery: 1)
            let r = replay(h)
            print(r.captions[-1])
            print(r.frame(-1).item() == m.weight.item())
            """)
        #expect(out == "step 3 · epoch 3 · loss 0.0912 · the best weights, of epoch 2, restored\ntrue\n")
    }

    @Test func aReplayPlayedAgainKeepsWhatIsNotGiven() throws {
        let out = try printed("""
            let r = replay([1, 2, 3], title: "My run", fps: 2)
            print(replay(r, fps: 10).svg().contains("<title>My run</title>"), replay(r, title: "x").svg().contains("dur=\\"3s\\""))
            """)
        #expect(out == "true true\n")
    }

    @Test func colorsDrawnForATerminalStayOutOfFilesAndDrawings() throws {
        // A frame recorded in a terminal holds its colors for playing there, and only there.
        let colored = "\u{1B}[38;5;12mred\u{1B}[0m text"
        #expect(TerminalText.plain(colored) == "red text")
        let replay = Replay(frames: [ReplayFrame(.string(colored), caption: "c")])
        #expect(!replay.svg().contains("\u{1B}") && replay.svg().contains(">red text</text>"))
        #expect(replay.text(frame: 0) == "c\n" + colored)
    }
}
