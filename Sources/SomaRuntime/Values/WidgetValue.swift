import JSONFormat
import Script

/// A control of a notebook (`slider`, `dropdown`, `button`) or a part of one `interact` shows (its
/// output area and the box around it). In a notebook it is a model of the widget manager, kept in step
/// both ways; elsewhere it is a plain value whose `.value` reads and sets.
final class WidgetValue: TabledObject {
    /// What the widget is, and what it needs besides its value.
    enum Kind {
        case slider(SliderSpec)
        /// The options and the labels shown for them.
        case dropdown([Value])
        case button
        /// An output area (`OutputModel`): its outputs are set whole from here.
        case output
        /// A vertical box of widgets.
        case box([WidgetValue])
    }

    /// What runs when the value changes or a button is clicked.
    enum Observer {
        case function(Value)
        case native(() throws -> Void)
    }

    let id: String
    let kind: Kind
    private(set) var label: String
    /// The slider's number, the dropdown's option; nil for the others.
    private(set) var value: Value
    private var observers: [Observer] = []
    private var clickHandlers: [Observer] = []
    /// Set while observers run, so one that sets the value again does not start them over.
    private var notifying = false
    /// The outputs of an output area, as notebook outputs.
    private var outputs: [JSON] = []
    private let session: WidgetSession
    private let layoutID: String
    private let styleID: String?

    /// Makes the widget and, in a notebook, opens its layout's, its style's and its own comm (the
    /// models it refers to first).
    init(_ kind: Kind, label: String, value: Value, session: WidgetSession) {
        self.kind = kind
        self.label = label
        self.value = value
        self.session = session
        layoutID = session.openPlain(WidgetState.layout())
        styleID = Self.styleModel(kind).map { session.openPlain(WidgetState.style($0)) }
        id = WidgetSession.newID()
        session.open(self)
    }

    private static func styleModel(_ kind: Kind) -> String? {
        switch kind {
        case .slider: return "SliderStyleModel"
        case .dropdown: return "DescriptionStyleModel"
        case .button: return "ButtonStyleModel"
        case .output, .box: return nil
        }
    }

    var typeName: String {
        switch kind {
        case .slider: return "Slider"
        case .dropdown: return "Dropdown"
        case .button: return "Button"
        case .output: return "Output"
        case .box: return "Box"
        }
    }

    var text: String {
        let name = label.isEmpty ? "" : label + ": "
        switch kind {
        case .slider(let s): return "\(name)\(value.text) (\(s.log ? "log slider" : "slider") \(s.rangeText))"
        case .dropdown(let options): return "\(name)\(value.text) (dropdown \(options.map(\.text).joined(separator: ", ")))"
        case .button: return "Button(\(label))"
        case .output: return "Output"
        case .box(let children): return children.map(\.text).joined(separator: "\n")
        }
    }

    /// The display of a widget: its view for the widget manager, its text for everything else.
    var bundle: MimeBundle {
        var bundle: MimeBundle = ["text/plain": text]
        if session.isLive {
            bundle[WidgetState.viewMIME] = (["model_id": .string(id), "version_major": 2, "version_minor": 0] as JSON).serialized()
        }
        return bundle
    }

    // MARK: State

    /// The model's whole state, as `comm_open` and `request_state` send it.
    var state: [String: JSON] {
        var state = WidgetState.domWidget(layout: layoutID)
        let names: (model: String, view: String)
        switch kind {
        case .slider(let s):
            names = (s.name + "Model", s.name + "View")
            state.merge(s.state) { $1 }
        case .dropdown(let options):
            names = ("DropdownModel", "DropdownView")
            state["_options_labels"] = .array(options.map { .string($0.text) })
        case .button:
            names = ("ButtonModel", "ButtonView")
            state["button_style"] = ""
            state["icon"] = ""
        case .output:
            state.merge(WidgetState.header(model: "OutputModel", view: "OutputView", module: WidgetState.output)) { $1 }
            state["msg_id"] = ""
            state["outputs"] = .array(outputs)
            return state
        case .box(let children):
            names = ("VBoxModel", "VBoxView")
            state["box_style"] = ""
            state["children"] = .array(children.map { WidgetState.reference($0.id) })
        }
        state.merge(WidgetState.header(model: names.model, view: names.view)) { $1 }
        if let styleID { state.merge(WidgetState.described(label, style: styleID)) { $1 } }
        state.merge(valueState) { $1 }
        return state
    }

    /// The attribute that holds the value: `value` for a slider, `index` for a dropdown.
    private var valueState: [String: JSON] {
        switch kind {
        case .slider(let s): return ["value": s.json((try? value.number("value")) ?? s.min)]
        case .dropdown(let options): return ["index": .int(options.firstIndex { $0.repr == value.repr } ?? 0)]
        default: return [:]
        }
    }

    /// Whether it has a value the user sets (a slider, a dropdown).
    var isControl: Bool {
        switch kind {
        case .slider, .dropdown: return true
        default: return false
        }
    }

    // MARK: Changes

    /// The label shown beside the control; `interact` names an unlabelled control after its parameter.
    func relabel(_ label: String) {
        self.label = label
        session.update(id, ["description": .string(label)])
    }

    /// Replaces an output area's outputs.
    func setOutputs(_ outputs: [JSON]) {
        self.outputs = outputs
        session.update(id, ["outputs": .array(outputs)])
    }

    /// Sets the value from Soma code: checked, sent to the frontend, and its observers run.
    func set(_ new: Value) throws {
        let checked = try self.checked(new)
        guard checked.repr != value.repr else { return }
        value = checked
        session.update(id, valueState)
        try notify()
    }

    /// The value `new` as this widget holds it, or an error naming the widget.
    private func checked(_ new: Value) throws -> Value {
        switch kind {
        case .slider(let s):
            guard case .number(let x) = new, x.isFinite else {
                throw ScriptError("TypeError", "\(typeName) '\(label)': value must be a finite number, not \(new.repr)")
            }
            return .number(s.clamped(x))
        case .dropdown(let options):
            return try Self.option(new, in: options, label: label)
        default:
            throw ScriptError("TypeError", "a \(typeName) has no value to set")
        }
    }

    /// The option of a dropdown equal to `value`, or an error naming the dropdown and its options.
    static func option(_ value: Value, in options: [Value], label: String) throws -> Value {
        guard let option = options.first(where: { $0.repr == value.repr }) else {
            throw ScriptError("ValueError", "Dropdown '\(label)': \(value.repr) is not one of its options \(options.map(\.repr).joined(separator: ", "))")
        }
        return option
    }

    /// An `update` from the frontend: the user moved the control. Attributes that are no value, and
    /// values out of range, are ignored.
    func receive(_ state: [String: JSON]) throws {
        let new: Value
        switch kind {
        case .slider(let s):
            guard let x = state["value"]?.doubleValue, x.isFinite else { return }
            new = .number(s.clamped(x))
        case .dropdown(let options):
            guard let index = state["index"]?.intValue, options.indices.contains(index) else { return }
            new = options[index]
        default:
            return
        }
        guard new.repr != value.repr else { return }
        value = new
        try notify()
    }

    /// A `custom` message: `{"event": "click"}` from a button runs its click handlers.
    func receiveCustom(_ content: [String: JSON]) throws {
        guard case .button = kind, content["event"]?.stringValue == "click" else { return }
        try run(clickHandlers, with: [])
    }

    func observe(_ observer: Observer) { observers.append(observer) }

    /// Runs `body` on each click of a button.
    func onClick(_ body: @escaping () throws -> Void) { clickHandlers.append(.native(body)) }

    private func notify() throws {
        guard !notifying else { return }
        notifying = true
        defer { notifying = false }
        try run(observers, with: [value])
    }

    /// Runs every observer, then throws the first error, so one failing does not keep the others from running.
    private func run(_ handlers: [Observer], with arguments: [Value]) throws {
        var first: Error?
        for handler in handlers {
            do {
                switch handler {
                case .native(let body): try body()
                case .function(let fn):
                    guard let interpreter = session.interpreter else { return }
                    _ = try interpreter.call(fn, Arguments(arguments))
                }
            } catch {
                if first == nil { first = error }
            }
        }
        if let first { throw first }
    }

    static let members = MemberTable<WidgetValue>([
        .property("value", "the control's current value (a slider's number, a dropdown's option); set it to move the control.") { w in w.value },
        .property("label", "the text shown beside the control.") { w in .string(w.label) },
        .method("observe", ["fn"], "calls fn(value) whenever the value changes, from the notebook or from code.") { w, a, _ in
            w.observers.append(.function(try a.value("fn")))
            return .null
        },
        .method("onChange", ["fn"], "the same as observe(fn): calls fn(value) whenever the value changes.") { w, a, _ in
            w.observers.append(.function(try a.value("fn")))
            return .null
        },
        .method("onClick", ["fn"], "calls fn() whenever the button is clicked.") { w, a, _ in
            guard case .button = w.kind else { throw ScriptError("TypeError", "onClick: a \(w.typeName) cannot be clicked; only a button can") }
            w.clickHandlers.append(.function(try a.value("fn")))
            return .null
        },
        .method("click", [], "runs the button's click handlers, as a click in the notebook does.") { w, _, _ in
            guard case .button = w.kind else { throw ScriptError("TypeError", "click: a \(w.typeName) cannot be clicked; only a button can") }
            try w.run(w.clickHandlers, with: [])
            return .null
        },
    ])

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        guard name == "value" else { return false }
        try set(value)
        return true
    }
}
