import Foundation
import Plot
import Script
import TensorEngine

/// One recorded picture of a replay: the value as recorded, its SVG (drawn when recorded, so a value
/// changed later does not change the replay) and its text, with a caption saying when it was taken.
struct ReplayFrame {
    /// What was recorded; a tensor is copied, so that training on does not change it.
    let value: Value
    let caption: String
    /// The picture's content without its root element, its size, and the root's `viewBox`.
    let body: String
    let width: Double, height: Double
    let viewBox: String
    let text: String

    /// A frame of any value: charts, graphs and drawings by their SVG, pictures by their PNG, anything
    /// else by its text in a monospaced block.
    init(_ value: Value, caption: String) {
        if case .object(let o as TensorValue) = value, let copy = try? o.tensor.detach().clone() {
            self.value = Convert.wrap(copy)
        } else {
            self.value = value
        }
        self.caption = caption
        text = value.text
        if case .object(let o as SVGDisplayable) = value, let parsed = Self.parse(o.displaySVG()) {
            (body, width, height, viewBox) = parsed
        } else if case .object(let image as ImageValue) = value {
            let w = Double(image.pixels.width * image.scale), h = Double(image.pixels.height * image.scale)
            let png = Data(image.png).base64EncodedString()
            (body, width, height) = ("<image width=\"\(Self.number(w))\" height=\"\(Self.number(h))\" href=\"data:image/png;base64,\(png)\"/>", w, h)
            viewBox = "0 0 \(Self.number(w)) \(Self.number(h))"
        } else {
            // At most 60 lines of 160 characters: a frame is a picture, not a log.
            let lines = TerminalText.plain(text).split(separator: "\n", omittingEmptySubsequences: false).prefix(60)
                .map { $0.count > 160 ? $0.prefix(159) + "…" : $0 }
            let columns = lines.map(\.count).max() ?? 0
            width = Double(max(columns, 10)) * 7.8 + 16
            height = Double(lines.count) * 16 + 12
            body = "<g font-family=\"ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace\" font-size=\"13\" fill=\"#222\">"
                + lines.enumerated().map { i, line in
                    "<text x=\"8\" y=\"\(Self.number(Double(i) * 16 + 20))\" xml:space=\"preserve\">\(Self.escape(String(line)))</text>"
                }.joined() + "</g>"
            viewBox = "0 0 \(Self.number(width)) \(Self.number(height))"
        }
    }

    /// The content, width, height and viewBox of an SVG document; nil when it has no root `<svg>`.
    static func parse(_ svg: String) -> (String, Double, Double, String)? {
        guard let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">"),
              let end = svg.range(of: "</svg>", options: .backwards), close < end.lowerBound else { return nil }
        let root = String(svg[open.upperBound..<close])
        func attribute(_ name: String) -> String? {
            guard let r = root.range(of: " \(name)=\"") else { return nil }
            return root[r.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
        }
        guard let w = attribute("width").flatMap(Double.init), let h = attribute("height").flatMap(Double.init), w > 0, h > 0 else { return nil }
        let body = String(svg[svg.index(after: close)..<end.lowerBound])
        return (body, w, h, attribute("viewBox") ?? "0 0 \(number(w)) \(number(h))")
    }

    static func number(_ x: Double) -> String { NumberFormat.compact(x, significant: 6) }

    /// Text for the drawing: without a terminal's colors, markup escaped, control characters left out.
    static func escape(_ s: String) -> String { SVGText.escape(TerminalText.plain(s)) }

    /// A clock value or key time for SMIL: fixed-point (SMIL reads no exponents), to the microsecond.
    static func time(_ x: Double) -> String {
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}

/// Recorded frames played back: an animated SVG (SMIL, no script, so it plays in exported notebooks,
/// on code hosts and in `<img>`), a scrubber, or text frames in a terminal.
struct Replay {
    private(set) var frames: [ReplayFrame] = []
    /// Frames per second of the animation, in `fpsRange`.
    var fps: Double = 4
    /// The speeds a replay plays at: from a frame every 10 seconds to 60 a second.
    static let fpsRange = 0.1...60.0
    var title = ""

    /// The most frames kept: past it, `ReplayRecorder` drops every other frame and records half as often.
    static let maxFrames = 200
    /// The most frames `replay` takes from a list: more would make an animation of many megabytes.
    static let maxListFrames = 1000
    /// Seconds the last frame stays before the animation starts again.
    static let hold = 2.0

    init(frames: [ReplayFrame], fps: Double = 4, title: String = "") {
        self.frames = frames
        self.fps = fps
        self.title = title
    }

    /// Seconds at which each frame starts, and the length of one loop.
    var timeline: (starts: [Double], total: Double) {
        let dt = 1 / fps
        let starts = frames.indices.map { Double($0) * dt }
        return (starts, (starts.last ?? 0) + max(dt, Self.hold))
    }

    /// The animation: every frame in its own group, visible in its turn, with its caption below and a
    /// bar that fills as it plays. Without SMIL the last frame shows.
    func svg() -> String {
        let width = frames.map(\.width).max() ?? 200, height = frames.map(\.height).max() ?? 100
        let n = ReplayFrame.number
        let full = height + 34
        let label = title.isEmpty ? "replay of \(frames.count) frame\(frames.count == 1 ? "" : "s")" : title
        var out = Self.root(width: width, height: full, title: label)
        let (starts, total) = timeline
        let t = ReplayFrame.time
        let duration = t(total) + "s"
        for (i, f) in frames.enumerated() {
            let last = i == frames.count - 1
            out += "<g class=\"frame\" visibility=\"\(last ? "visible" : "hidden")\">"
            out += "<svg x=\"\(n((width - f.width) / 2))\" y=\"0\" width=\"\(n(f.width))\" height=\"\(n(f.height))\" viewBox=\"\(f.viewBox)\">"
            out += Self.scoped(f.body, "f\(i)-") + "</svg>"
            out += "<text x=\"10\" y=\"\(n(height + 20))\" font-size=\"13\" fill=\"#333\">\(ReplayFrame.escape(f.caption))</text>"
            if frames.count > 1 {
                let on = starts[i] / total, off = last ? 1 : starts[i + 1] / total
                let (values, times): (String, String) = i == 0 ? ("visible;hidden", "0;\(t(off))")
                    : last ? ("hidden;visible", "0;\(t(on))") : ("hidden;visible;hidden", "0;\(t(on));\(t(off))")
                out += "<animate attributeName=\"visibility\" values=\"\(values)\" keyTimes=\"\(times)\" calcMode=\"discrete\" dur=\"\(duration)\" repeatCount=\"indefinite\"/>"
            }
            out += "</g>"
        }
        out += "<rect x=\"0\" y=\"\(n(full - 5))\" width=\"\(n(width))\" height=\"5\" fill=\"#e8e8e8\"/>"
        out += "<rect class=\"progress\" x=\"0\" y=\"\(n(full - 5))\" width=\"\(n(width))\" height=\"5\" fill=\"#0072b2\">"
        if frames.count > 1 {
            let widths = frames.indices.map { n(width * Double($0 + 1) / Double(frames.count)) }.joined(separator: ";")
            let times = starts.map { t($0 / total) }.joined(separator: ";")
            out += "<animate attributeName=\"width\" values=\"\(widths)\" keyTimes=\"\(times)\" calcMode=\"discrete\" dur=\"\(duration)\" repeatCount=\"indefinite\"/>"
        }
        return out + "</rect></svg>"
    }

    /// Frame `i` alone, as a document of its own with its caption.
    func svg(frame i: Int) -> String {
        let f = frames[i], n = ReplayFrame.number
        return Self.root(width: f.width, height: f.height + 28)
            + "<svg x=\"0\" y=\"0\" width=\"\(n(f.width))\" height=\"\(n(f.height))\" viewBox=\"\(f.viewBox)\">\(f.body)</svg>"
            + "<text x=\"10\" y=\"\(n(f.height + 20))\" font-size=\"13\" fill=\"#333\">\(ReplayFrame.escape(f.caption))</text></svg>"
    }

    /// The opening of a drawing that scales down with its container, its title, and a white background.
    static func root(width: Double, height: Double, title: String? = nil) -> String {
        let w = ReplayFrame.number(width), h = ReplayFrame.number(height)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\""
            + " style=\"max-width:100%;height:auto\" font-family=\"\(ReplayFrame.escape(SVGFontFamily.stack))\" role=\"img\">"
            + (title.map { "<title>\(ReplayFrame.escape($0))</title>" } ?? "")
            + "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"
    }

    /// Frame `i` as text: its caption, then the value's text (in color where it was drawn for a terminal
    /// that shows colors).
    func text(frame i: Int) -> String { frames[i].caption + "\n" + frames[i].text }

    /// A drawing's ids and references to them, prefixed so that frames drawn alike do not clash.
    static func scoped(_ body: String, _ prefix: String) -> String {
        guard body.contains(" id=\"") else { return body }
        return body.replacingAll(" id=\"", " id=\"" + prefix).replacingAll("url(#", "url(#" + prefix)
            .replacingAll("href=\"#", "href=\"#" + prefix)
    }
}

/// Takes frames during training (`fit(..., record: fn)`) every so many steps, keeping at most
/// `Replay.maxFrames`: when full, it drops every other frame and records half as often, so a long run
/// keeps frames spread evenly over all of it.
final class ReplayRecorder {
    private(set) var every: Int
    private(set) var frames: [ReplayFrame] = []
    private(set) var lastStep: Int?

    init(every: Int) { self.every = every }

    func isDue(_ step: Int) -> Bool { step % every == 0 && step != lastStep }

    func add(_ frame: ReplayFrame, step: Int) {
        frames.append(frame)
        lastStep = step
        if frames.count > Replay.maxFrames {
            frames = frames.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            every *= 2
        }
    }
}
