import Plot
import Script

/// What `replay(...)` returns: recorded frames as an animation. A notebook shows it as an animated SVG;
/// a terminal as the last frame's text with how to play it.
final class ReplayValue: TabledObject, SVGDisplayable {
    var replay: Replay
    /// Plays the frames with controls (set by the runtime): a scrubber in a notebook, text in a terminal.
    let play: (ReplayValue, Double) throws -> Void

    init(_ replay: Replay, play: @escaping (ReplayValue, Double) throws -> Void) {
        self.replay = replay
        self.play = play
    }

    var typeName: String { "Replay" }
    var text: String {
        let count = replay.frames.count
        let head = "Replay of \(count) frame\(count == 1 ? "" : "s") at \(Value.formatNumber(replay.fps)) per second: "
            + "r.play() plays it here, r.save(\"run.svg\") writes the animation"
        return count == 0 ? head : head + "\n" + replay.text(frame: count - 1)
    }
    func displaySVG() -> String { replay.svg() }

    /// A frame index from an argument, counted from the end when negative, or an error naming the range.
    func index(_ a: BoundArguments) throws -> Int {
        let i = try a.integer("index")
        let n = replay.frames.count
        guard (-n..<n).contains(i) else {
            throw ScriptError("IndexError", "frame: index \(i) is out of range for a replay of \(n) frame\(n == 1 ? "" : "s")")
        }
        return i < 0 ? i + n : i
    }

    static let members = MemberTable<ReplayValue>([
        .property("count", "the number of frames.") { r in .number(Double(r.replay.frames.count)) },
        .property("captions", "each frame's caption: its step, epoch and loss when fit recorded it.") { r in
            .list(ListStorage(r.replay.frames.map { .string($0.caption) }))
        },
        .method("frame", ["index"], "the value recorded as frame index (from 0; negative counts from the end): a tensor as it was then, other values (lists, models) as the objects themselves.") { r, a, _ in
            r.replay.frames[try r.index(a)].value
        },
        .method("play", [.defaulted("fps", 0)], "plays the frames: a slider to scrub through them and their caption in a notebook; in a terminal, each frame's text in place at fps frames per second (0: the replay's own), stopped by an interrupt.") { r, a, _ in
            let fps = try a.number("fps")
            guard fps == 0 || Replay.fpsRange.contains(fps) else {
                throw ScriptError("ValueError", "play: fps must be between 0.1 and 60 (or 0 for the replay's own), got \(Value.formatNumber(fps))")
            }
            try r.play(r, fps == 0 ? r.replay.fps : fps)
            return .null
        },
        .method("svg", [], "the animation as SVG text.") { r, _, _ in .string(r.replay.svg()) },
        .method("save", ["path"], "writes the animation as SVG (.svg; it plays in browsers and on code hosts without script) or the frames as text (.txt), atomically.") { r, a, _ in
            try SVGFile.save(path: try Convert.path(try a.value("path"), "save"), svg: r.replay.svg) {
                TerminalText.plain(r.replay.frames.indices.map(r.replay.text(frame:)).joined(separator: "\n\n"))
            }
        },
    ])
}
