import JSONFormat
import Script
@testable import SomaRuntime
import Testing

/// The models widgets open on a notebook's comms (ipywidgets 8 state), and how the frontend's messages
/// change their values.
@Suite struct WidgetTests {
    /// A runtime whose widgets open comms into `opened` and send into `sent`.
    final class Frontend {
        let runtime = Runtime()
        var opened: [(id: String, target: String, state: [String: JSON], metadata: [String: JSON])] = []
        var sent: [(id: String, data: [String: JSON])] = []
        var printed = ""

        init() {
            runtime.output = { [unowned self] in printed += $0 }
            runtime.displayHandler = { _, _, _ in }
            runtime.commChannel = CommChannel(
                open: { [unowned self] id, target, data, metadata in
                    opened.append((id, target, data["state"]?.objectValue ?? [:], metadata))
                },
                send: { [unowned self] id, data in sent.append((id, data)) })
        }

        func model(_ name: String) throws -> (id: String, state: [String: JSON]) {
            let found = try #require(opened.last { $0.state["_model_name"] == .string(name) })
            return (found.id, found.state)
        }

        func run(_ code: String) throws -> String {
            try runtime.run(code, as: .cell(1))?.text ?? ""
        }
    }

    @Test func aSliderOpensItsLayoutAndStyleFirstAndRefersToThem() throws {
        let f = Frontend()
        _ = try f.run(#"let lr = slider("lr", 0.001, 1, log: true, value: 0.01)"#)
        #expect(f.opened.map { $0.state["_model_name"] } == ["LayoutModel", "SliderStyleModel", "FloatLogSliderModel"])
        #expect(f.opened.allSatisfy { $0.target == "jupyter.widget" && $0.metadata["version"] == "2.1.0" })
        let (layout, style, slider) = (f.opened[0], f.opened[1], f.opened[2].state)
        #expect(slider["layout"] == .string("IPY_MODEL_" + layout.id))
        #expect(slider["style"] == .string("IPY_MODEL_" + style.id))
        #expect(slider["_model_module"] == "@jupyter-widgets/controls" && slider["_model_module_version"] == "2.0.0")
        #expect(slider["_view_name"] == "FloatLogSliderView")
        #expect(slider["min"] == -3.0 && slider["max"] == 0.0 && slider["base"] == 10.0 && slider["value"] == 0.01)
        #expect(slider["description"] == "lr")
        #expect(layout.state["_model_module"] == "@jupyter-widgets/base" && layout.state["width"] == .null)
        #expect(style.state["_view_module"] == "@jupyter-widgets/base" && style.state["description_width"] == "")
    }

    @Test func aSliderShowsAsAViewAndAsText() throws {
        let f = Frontend()
        _ = try f.run(#"let n = slider("n", 0...10, value: 4)"#)
        let bundle = Display.json(Display.bundle(try #require(f.runtime.interpreter.globals.get("n"))))
        let id = try f.model("IntSliderModel").id
        #expect(bundle[WidgetState.viewMIME] == ["model_id": .string(id), "version_major": 2, "version_minor": 0])
        #expect(bundle["text/plain"] == "n: 4 (slider 0…10)")
        #expect(try f.model("IntSliderModel").state["value"] == 4 && f.model("IntSliderModel").state["step"] == 1)
    }

    @Test func theFrontendMovesASliderAndCodeSetsIt() throws {
        let f = Frontend()
        _ = try f.run(#"let x = slider("x", 0, 1)"#)
        _ = try f.run(#"x.observe(fn(v) { print("x=\(v)") })"#)
        let id = try f.model("FloatSliderModel").id
        f.runtime.receiveComm(id, data: WidgetState.update(["value": 0.25]), closed: false)
        #expect(try f.run("x.value") == "0.25")
        #expect(f.printed == "x=0.25\n")
        _ = try f.run("x.value = 2")  // clamped into the range, as ipywidgets does
        #expect(f.sent.last?.id == id && f.sent.last?.data == WidgetState.update(["value": 1.0]))
        #expect(f.printed == "x=0.25\nx=1\n")
        // Values that are no number, and attributes that are no value, change nothing.
        f.runtime.receiveComm(id, data: WidgetState.update(["value": "high", "description": "y"]), closed: false)
        #expect(try f.run("x.value") == "1")
    }

    @Test func aDropdownSendsItsLabelsAndTakesAnIndex() throws {
        let f = Frontend()
        _ = try f.run(#"let act = dropdown("act", ["relu", "tanh", 3], value: "tanh")"#)
        let (id, state) = try f.model("DropdownModel")
        #expect(state["_options_labels"] == ["relu", "tanh", "3"] && state["index"] == 1)
        #expect(try f.model("DescriptionStyleModel").state["description_width"] == "")
        f.runtime.receiveComm(id, data: WidgetState.update(["index": 2]), closed: false)
        #expect(try f.run("act.value") == "3")
        f.runtime.receiveComm(id, data: WidgetState.update(["index": 7]), closed: false)
        #expect(try f.run("act.value") == "3")
    }

    @Test func aClickRunsTheCallbackAndItsErrorIsReported() throws {
        let f = Frontend()
        var errors = ""
        f.runtime.errorOutput = { errors += $0 }
        _ = try f.run(#"var clicks = 0; let go = button("go"); go.onClick(fn() { clicks += 1; if clicks == 2 { throw error("ValueError", "second") } })"#)
        let id = try f.model("ButtonModel").id
        #expect(try f.model("ButtonStyleModel").state["button_color"] == .null)
        f.runtime.receiveComm(id, data: ["method": "custom", "content": ["event": "click"]], closed: false)
        f.runtime.receiveComm(id, data: ["method": "custom", "content": ["event": "click"]], closed: false)
        #expect(try f.run("clicks") == "2")
        #expect(errors.contains("ValueError: second"))
    }

    @Test func interactShowsItsControlsAndOutputAndRerunsOnChange() throws {
        let f = Frontend()
        _ = try f.run(#"let k = slider("", 1...5, value: 2); interact(fn(k, name) { print(name); k * 10 }, k: k, name: "w")"#)
        let box = try f.model("VBoxModel").state
        let output = try f.model("OutputModel")
        let slider = try f.model("IntSliderModel").id
        #expect(box["children"] == [.string("IPY_MODEL_" + slider), .string("IPY_MODEL_" + output.id)])
        #expect(output.state["_model_module"] == "@jupyter-widgets/output" && output.state["_model_module_version"] == "1.0.0")
        let shown: () -> JSON? = { f.sent.last { $0.id == output.id }?.data["state"]?["outputs"] }
        #expect(shown() == [["output_type": "stream", "name": "stdout", "text": "w\n"],
                            ["output_type": "display_data", "data": ["text/plain": "20"], "metadata": [:]]])
        #expect(f.sent.contains { $0.id == slider && $0.data == WidgetState.update(["description": "k"]) })
        f.runtime.receiveComm(slider, data: WidgetState.update(["value": 4]), closed: false)
        #expect(shown()?.arrayValue?.last?["data"] == ["text/plain": "40"])
        #expect(f.printed.isEmpty)  // the function's output went to the output area
    }

    @Test func withoutAFrontendWidgetsArePlainValues() throws {
        let runtime = Runtime()
        var printed = ""
        runtime.output = { printed += $0 }
        #expect(try runtime.run(#"let lr = slider("lr", 0.001, 1, log: true, value: 0.01); lr"#, as: .cell(1))?.text == "lr: 0.01 (log slider 0.001…1)")
        #expect(try runtime.run("lr.value * 2", as: .cell(2))?.text == "0.02")
        _ = try runtime.run(#"interact(fn(lr) { print("lr \(lr)") }, lr: lr)"#, as: .cell(3))
        #expect(printed == "lr 0.01\n")
        #expect(Display.bundle(try #require(runtime.interpreter.globals.get("lr")))[WidgetState.viewMIME] == nil)
    }

    @Test func badArgumentsNameTheProblem() throws {
        let runtime = Runtime()
        let cases = [
            #"slider("a", 1, 1)"#: "min (1) must be less than max (1)",
            #"slider("a", 0, 1, log: true)"#: "a log slider needs a positive min",
            #"slider("a", 0, 1, value: 3)"#: "value 3 is outside its range 0…1",
            #"slider("a", 0, 1, step: -1)"#: "step must be a positive number",
            #"slider("a", 0)"#: "missing max",
            #"dropdown("a", [])"#: "options must not be empty",
            #"dropdown("a", [1, 2], value: 3)"#: "3 is not one of its options",
            #"slider("a", 0, 1).value = "x""#: "value must be a finite number",
            #"slider("a", 0, 1).onClick(fn() { 1 })"#: "only a button can",
        ]
        for (code, message) in cases {
            #expect(throws: ScriptError.self) { try runtime.run(code, as: .cell(1)) }
            do { _ = try runtime.run(code, as: .cell(1)) } catch let error as ScriptError {
                #expect(error.message.contains(message), "\(code): \(error.message)")
            }
        }
    }
}
