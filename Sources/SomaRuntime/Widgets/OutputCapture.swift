import JSONFormat
import Script

/// The outputs of one run of `interact`'s function, in the notebook format an output area shows:
/// what it printed, what it displayed, what it returned, or its error.
final class OutputCapture {
    private(set) var outputs: [JSON] = []
    /// The display id of each output (nil for those without), so `updateDisplay` can replace one.
    private var displayIDs: [String?] = []

    func write(_ text: String, to stream: String) {
        if let last = outputs.last?.objectValue, last["output_type"] == "stream", last["name"]?.stringValue == stream {
            outputs[outputs.count - 1] = Self.stream(stream, (last["text"]?.stringValue ?? "") + text)
        } else {
            append(Self.stream(stream, text), id: nil)
        }
    }

    /// `display`, or with `update` the replacement of every output shown with `id` (none: nothing, as
    /// a notebook ignores an update of a display it does not show).
    func display(_ bundle: MimeBundle, id: String?, update: Bool) {
        let output: JSON = ["output_type": "display_data", "data": .object(Display.json(bundle)), "metadata": [:]]
        guard update, let id else { return append(output, id: id) }
        for i in displayIDs.indices where displayIDs[i] == id { outputs[i] = output }
    }

    /// `clearOutput`: the area is replaced whole when the function returns, so waiting changes nothing.
    func clear() {
        outputs = []
        displayIDs = []
    }

    /// The error that ended the function, shown as a notebook shows a cell's error.
    func fail(_ error: Error) {
        let (name, message, rendered): (String, String, String)
        switch error {
        case let e as ScriptError: (name, message, rendered) = (e.kind, e.message, e.render())
        default: (name, message, rendered) = ("Error", "\(error)", "\(error)")
        }
        let traceback = rendered.split(separator: "\n", omittingEmptySubsequences: false).map { JSON.string(String($0)) }
        append(["output_type": "error", "ename": .string(name), "evalue": .string(message), "traceback": .array(traceback)], id: nil)
    }

    private func append(_ output: JSON, id: String?) {
        outputs.append(output)
        displayIDs.append(id)
    }

    private static func stream(_ name: String, _ text: String) -> JSON {
        ["output_type": "stream", "name": .string(name), "text": .string(text)]
    }
}
