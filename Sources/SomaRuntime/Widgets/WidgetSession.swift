import Foundation
import JSONFormat
import Script

/// How widgets reach a notebook's widget manager: the kernel opens a comm per model and sends state
/// updates on it. Both closures are only called while a cell or a comm message is being handled.
public struct CommChannel {
    public var open: (_ id: String, _ target: String, _ data: [String: JSON], _ metadata: [String: JSON]) -> Void
    public var send: (_ id: String, _ data: [String: JSON]) -> Void

    public init(open: @escaping (_ id: String, _ target: String, _ data: [String: JSON], _ metadata: [String: JSON]) -> Void,
                send: @escaping (_ id: String, _ data: [String: JSON]) -> Void) {
        self.open = open
        self.send = send
    }
}

/// A session's widget models by id, and the channel their state travels on. Without a channel (the
/// REPL, scripts) widgets are plain values: `.value` reads and sets their value and nothing is sent.
final class WidgetSession {
    var channel: CommChannel?
    weak var interpreter: Interpreter?
    /// The widgets whose comms are open, to route the frontend's messages to.
    private var widgets: [String: WidgetValue] = [:]
    /// The state of the models that are no widget of their own (layouts, styles), for `request_state`.
    private var plainModels: [String: [String: JSON]] = [:]

    /// Whether a frontend shows widgets.
    var isLive: Bool { channel != nil }

    /// Opens a model that is no value of its own (a layout or a style) and returns its id.
    func openPlain(_ state: [String: JSON]) -> String {
        let id = Self.newID()
        if isLive { plainModels[id] = state }
        open(id, state)
        return id
    }

    /// Opens the comm of a widget made with `id` (its layout and style opened first).
    func open(_ widget: WidgetValue) {
        guard isLive else { return }
        widgets[widget.id] = widget
        open(widget.id, widget.state)
    }

    private func open(_ id: String, _ state: [String: JSON]) {
        channel?.open(id, WidgetState.target, ["state": .object(state), "buffer_paths": []],
                      ["version": .string(WidgetState.protocolVersion)])
    }

    /// Sends changed attributes of a model to the frontend.
    func update(_ id: String, _ state: [String: JSON]) {
        channel?.send(id, WidgetState.update(state))
    }

    /// A model id: 32 hex digits, as ipywidgets makes them.
    static func newID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Handles a message from the frontend on a model's comm: `update` (a control was moved; its
    /// observers run), `request_state` (the manager reloads), `custom` (a button was clicked) or the
    /// comm's close. Throws the first error of a Soma callback.
    func receive(_ id: String, data: [String: JSON], closed: Bool) throws {
        if closed {
            widgets[id] = nil
            plainModels[id] = nil
            return
        }
        switch data["method"]?.stringValue {
        case "update":
            try widgets[id]?.receive(data["state"]?.objectValue ?? [:])
        case "request_state":
            guard let state = widgets[id]?.state ?? plainModels[id] else { return }
            update(id, state)
        case "custom":
            try widgets[id]?.receiveCustom(data["content"]?.objectValue ?? [:])
        default:
            break
        }
    }
}
