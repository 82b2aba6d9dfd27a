#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Script

/// `replay(...)`: recorded frames as an animation, whose controls need the runtime (a slider in a
/// notebook, in-place text in a terminal).
extension Runtime {
    func installReplay() {
        var lib = Library()
        lib.add("replay", ["frames", .optional("fps", shown: "4"), .optional("title", shown: "\"\""), .optional("captions", shown: "[]")],
                "plays recorded frames back: frames is the history of fit(..., record: fn), a list of values or a replay (to change its speed or title) (charts, drawings, images, anything else by its text). It shows as an animated SVG that needs no script (r.save(\"run.svg\") writes it); r.play() scrubs through it with a slider in a notebook and plays it as text in a terminal. captions label list frames (default: frame i of n).") { [unowned self] a, _ in
            let given = try a.value("frames")
            // A replay played again keeps its own speed and title unless new ones are given.
            let earlier: Replay? = if case .object(let r as ReplayValue) = given { r.replay } else { nil }
            let fps = try a.given("fps").map { try $0.number("fps of replay") } ?? earlier?.fps ?? 4
            let title = try a.given("title").map { try $0.string("title of replay") } ?? earlier?.title ?? ""
            guard Replay.fpsRange.contains(fps) else {
                throw ScriptError("ValueError", "replay: fps must be between 0.1 and 60, got \(Value.formatNumber(fps))")
            }
            let frames: [ReplayFrame]
            if case .list = given {} else if try a.given("captions") != nil {
                throw ScriptError("ValueError", "replay: captions label a list of frames; the frames of a history or a replay have their own")
            }
            switch given {
            case .object(let h as HistoryValue):
                guard !h.history.frames.isEmpty else {
                    throw ScriptError("ValueError", "replay: this history has no frames; fit(..., record: fn) records them")
                }
                frames = h.history.frames
            case .object(let r as ReplayValue):
                frames = r.replay.frames
            case .list(let list):
                guard !list.items.isEmpty else { throw ScriptError("ValueError", "replay: the list of frames is empty") }
                guard list.items.count <= Replay.maxListFrames else {
                    throw ScriptError("ValueError", "replay: \(list.items.count) frames is more than \(Replay.maxListFrames); keep every k-th (frames[::k])")
                }
                let captions = try a.given("captions").map { try $0.sequence("captions of replay").map { $0.text } }
                if let captions, captions.count != list.items.count {
                    throw ScriptError("ValueError", "replay: \(captions.count) captions for \(list.items.count) frames")
                }
                frames = list.items.enumerated().map { i, v in
                    ReplayFrame(v, caption: captions?[i] ?? "frame \(i + 1) of \(list.items.count)")
                }
            case let other:
                throw ScriptError("TypeError", "replay: frames must be the history of fit(..., record: fn), a list of values or a replay, not a \(other.typeName)")
            }
            return .object(ReplayValue(Replay(frames: frames, fps: fps, title: title)) { [unowned self] in
                try self.play($0, fps: $1)
            })
        }
        lib.install(into: interpreter)
    }

    /// Plays a replay: in a notebook a slider over its frames above the frame it points at; in a terminal
    /// each frame's text drawn over the last, `fps` a second, until the end or an interrupt; elsewhere
    /// each frame's text in turn.
    private func play(_ r: ReplayValue, fps: Double) throws {
        let replay = r.replay, count = replay.frames.count
        func bundle(_ i: Int) -> MimeBundle {
            ["text/plain": replay.text(frame: i), "image/svg+xml": replay.svg(frame: i)]
        }
        if widgets.isLive {
            guard count > 1 else { return show(bundle(0)) }
            let spec = try SliderSpec(min: 0, max: Double(count - 1), step: 1, log: false, integer: true)
            let slider = WidgetValue(.slider(spec), label: "frame", value: .number(Double(count - 1)), session: widgets)
            let output = WidgetValue(.output, label: "", value: .null, session: widgets)
            let box = WidgetValue(.box([slider, output]), label: "", value: .null, session: widgets)
            let redraw = { [unowned self] in
                let i = Int((try? slider.value.number("frame")) ?? 0)
                output.setOutputs(self.capturing { self.show(bundle(max(0, min(count - 1, i)))) })
            }
            slider.observe(.native(redraw))
            show(box.bundle)
            redraw()
            return
        }
        guard Terminal.drawsOnStandardOutput else {
            for i in 0..<count { output(replay.text(frame: i) + "\n\n") }
            return
        }
        var drawnLines = 0
        for i in 0..<count {
            let text = replay.text(frame: i) + "\n"
            // Back to the top of the previous frame, and clear it, so the frames play in place.
            output((drawnLines > 0 ? "\u{1B}[\(drawnLines)F\u{1B}[J" : "") + text)
            flushOutput()
            drawnLines = text.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            guard i < count - 1 else { break }
            // The pause in slices, so an interrupt stops the play within 50 ms.
            let end = CoreLibrary.monotonicSeconds() + 1 / fps
            while CoreLibrary.monotonicSeconds() < end {
                if interpreter.interruptRequested {
                    interpreter.clearInterrupt()
                    return
                }
                usleep(useconds_t(min(50_000, max(1, (end - CoreLibrary.monotonicSeconds()) * 1_000_000))))
            }
        }
    }
}
