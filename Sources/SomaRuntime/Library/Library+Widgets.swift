import JSONFormat
import Script

/// `slider`, `dropdown`, `button` and `interact`: controls that a notebook shows with its widget
/// manager (ipywidgets' models), and that the REPL and scripts treat as plain values.
extension Runtime {
    func installWidgets() {
        widgets.interpreter = interpreter
        var lib = Library()
        lib.add("slider", ["label", "min", .optional("max"), .optional("step"), .optional("value"), .defaulted("log", false)],
                "a slider from min to max (or over a whole-number range such as 0...10, which makes it step by whole numbers, as does a whole step), starting at value (the middle when not given); with log: true it moves on a log scale. In a notebook it shows as a control; .value reads it, observe(fn) follows it.") { [unowned self] a, _ in
            let label = try a.string("label", as: "label of slider")
            let step = try a.given("step").map { try $0.number("step of slider") }
            let log = try a.boolean("log", as: "log of slider")
            let spec: SliderSpec
            if case .range(let lo, let hi) = try a.value("min") {
                guard try a.given("max") == nil else {
                    throw ScriptError("TypeError", "slider: give a range or min and max, not both")
                }
                spec = try SliderSpec(min: Double(lo), max: Double(hi - 1), step: step, log: log,
                                      integer: step.map { $0.rounded() == $0 } ?? true)
            } else {
                guard let max = try a.given("max") else {
                    throw ScriptError("TypeError", "slider: missing max: give slider(label, min, max) or slider(label, 0...10)")
                }
                spec = try SliderSpec(min: try a.number("min", as: "min of slider"), max: try max.number("max of slider"),
                                      step: step, log: log, integer: step.map { $0.rounded() == $0 } ?? false)
            }
            var value = spec.middle
            if let given = try a.given("value") {
                value = try given.number("value of slider")
                guard value >= spec.min, value <= spec.max else {
                    throw ScriptError("ValueError", "slider: value \(Value.formatNumber(value)) is outside its range \(spec.rangeText)")
                }
            }
            return .object(WidgetValue(.slider(spec), label: label, value: .number(spec.clamped(value)), session: self.widgets))
        }
        lib.add("dropdown", ["label", "options", .optional("value")],
                "a drop-down list of options (shown by their text), set to value (the first option when not given).") { [unowned self] a, _ in
            let label = try a.string("label", as: "label of dropdown")
            let options = try a.sequence("options", as: "options of dropdown")
            guard let first = options.first else { throw ScriptError("ValueError", "dropdown: options must not be empty") }
            let value = try a.given("value").map { try WidgetValue.option($0, in: options, label: label) } ?? first
            return .object(WidgetValue(.dropdown(options), label: label, value: value, session: self.widgets))
        }
        lib.add("button", ["label"], "a button showing label; b.onClick(fn) calls fn() on each click.") { [unowned self] a, _ in
            .object(WidgetValue(.button, label: try a.string("label", as: "label of button"), value: .null, session: self.widgets))
        }
        lib.add("interact", ["fn", .keywords("controls")],
                "calls fn with a value for each of its parameters, named: a slider or dropdown shows as a control, and fn runs again whenever one moves, its printed and returned output replacing the last; other values are passed as they are. In a notebook the controls and fn's output show below the cell; elsewhere fn runs once.") { [unowned self] a, interpreter in
            let fn = try a.value("fn")
            guard case .dictionary(let given) = try a.value("controls") else { return .null }
            var arguments: [(name: String, value: Value)] = []
            var controls: [WidgetValue] = []
            for (key, value) in zip(given.keys, given.values) {
                arguments.append((key.text, value))
                if case .object(let widget as WidgetValue) = value, widget.isControl {
                    if widget.label.isEmpty { widget.relabel(key.text) }
                    controls.append(widget)
                }
            }
            // The current value of each control, the others as given.
            let call = {
                let labelled = arguments.map { name, value in
                    if case .object(let w as WidgetValue) = value, w.isControl { return (label: name, value: w.value) }
                    return (label: name, value: value)
                }
                let result = try interpreter.call(fn, Arguments([], labelled: labelled))
                if case .null = result { return }
                self.show(Display.bundle(result))
            }
            guard self.widgets.isLive else {
                try call()
                return .null
            }
            let output = WidgetValue(.output, label: "", value: .null, session: self.widgets)
            let box = WidgetValue(.box(controls + [output]), label: "", value: .null, session: self.widgets)
            let rerun = { output.setOutputs(self.capturing(call)) }
            for control in controls { control.observe(.native(rerun)) }
            self.show(box.bundle)
            rerun()
            return .null
        }
        lib.install(into: interpreter)
    }

    /// The link to a notebook's widget manager; nil (the REPL, scripts) keeps widgets plain values.
    public var commChannel: CommChannel? {
        get { widgets.channel }
        set { widgets.channel = newValue }
    }

    /// A message from the frontend on a widget's comm (`closed` for its `comm_close`): the control's new
    /// value, a click, or a request for its state. The callbacks it runs print to this session's
    /// output; an error of theirs is printed to its error output, and the session goes on.
    public func receiveComm(_ id: String, data: [String: JSON], closed: Bool) {
        interpreter.clearInterrupt()
        do {
            try inSession { try self.widgets.receive(id, data: data, closed: closed) }
        } catch let error as ScriptError {
            errorOutput(error.render() + "\n")
        } catch {
            errorOutput("\(error)\n")
        }
    }

    /// Runs `body` with what it prints and displays, and its error, collected as notebook outputs.
    func capturing(_ body: () throws -> Void) -> [JSON] {
        let capture = OutputCapture()
        let saved = (output: interpreter.output, errors: errorOutput, display: displayHandler, clear: clearOutputHandler)
        interpreter.output = { capture.write($0, to: "stdout") }
        errorOutput = { capture.write($0, to: "stderr") }
        displayHandler = { capture.display($0, id: $1, update: $2) }
        clearOutputHandler = { _ in capture.clear() }
        defer {
            interpreter.output = saved.output
            errorOutput = saved.errors
            displayHandler = saved.display
            clearOutputHandler = saved.clear
        }
        do { try body() } catch { capture.fail(error) }
        return capture.outputs
    }
}
