import Script
import TensorEngine

/// `stepBackward(loss)`: the backward stepper, whose controls need the runtime (widgets in a notebook,
/// the input line in a terminal).
extension Runtime {
    func installStepper() {
        var lib = Library()
        lib.add("stepBackward", ["loss", .defaulted("quiz", false), .defaulted("limit", 150)],
                "backward() one rule at a time over the drawn graph: s.next() applies the next rule, showing it highlighted with its chain rule written out in numbers and the gradients received so far on the nodes; s.play() steps with Previous/Next buttons in a notebook and Enter in a terminal. Nothing changes any grad: backward() afterwards gives the gradients the last step shows. quiz: true (or a tensor of the graph) hides one gradient for s.answer(x) to check.") { [unowned self] a, vm in
            let (loss, limit) = try GraphDrawing.arguments(a, "loss", "stepBackward")
            var stepper = try BackwardStepper(loss, limit: limit) { GraphDrawing.names($0, vm) }
            switch try a.value("quiz") {
            case .bool(false): break
            case .bool(true):
                guard let pick = BackwardQuiz.pick(stepper) else {
                    throw ScriptError("ValueError", "stepBackward: no tensor of this graph takes a gradient to ask about")
                }
                stepper.hide(pick)
            case let value:
                let node = try BackwardStepperValue(stepper, play: { _ in }).node(value, "stepBackward's quiz")
                guard stepper.finalGradient(node) != nil else {
                    throw ScriptError("ValueError", "stepBackward: the quiz's tensor receives no gradient in this backward pass")
                }
                stepper.hide(node)
            }
            return .object(BackwardStepperValue(stepper) { [unowned self] in try self.play($0) })
        }
        lib.install(into: interpreter)
    }

    /// Steps a stepper with controls: Previous and Next buttons above the drawing in a notebook;
    /// elsewhere the drawing as text, Enter for the next rule, p for the previous, q to stop.
    private func play(_ s: BackwardStepperValue) throws {
        if widgets.isLive {
            let previous = WidgetValue(.button, label: "◀ Previous", value: .null, session: widgets)
            let next = WidgetValue(.button, label: "Next ▶", value: .null, session: widgets)
            let output = WidgetValue(.output, label: "", value: .null, session: widgets)
            let box = WidgetValue(.box([previous, next, output]), label: "", value: .null, session: widgets)
            let redraw = { [unowned self] in output.setOutputs(self.capturing { self.show(Display.bundle(.object(s))) }) }
            previous.onClick {
                s.stepper.move(to: s.stepper.position - 1)
                redraw()
            }
            next.onClick {
                s.stepper.move(to: s.stepper.position + 1)
                redraw()
            }
            show(box.bundle)
            redraw()
            return
        }
        while true {
            output(s.text + "\n")
            flushOutput()
            let line: String
            do {
                line = try readInputLine(s.stepper.position == s.stepper.count ? "(end: p back, q stop) " : "(Enter next, p back, q stop) ")
            } catch let error as ScriptError where error.kind == "ValueError" {
                return  // the end of the input
            }
            switch line.filter({ !$0.isWhitespace }).lowercased() {
            case "q", "quit": return
            case "p", "b", "back", "previous": s.stepper.move(to: s.stepper.position - 1)
            default:
                if s.stepper.position == s.stepper.count { return }
                s.stepper.move(to: s.stepper.position + 1)
            }
        }
    }
}
