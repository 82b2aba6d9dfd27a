import Script
import TensorEngine

/// A differentiable function written in Soma, as a PyTorch `autograd.Function` is: `forward` computes
/// the result without recording, and `backward(gradient, arguments...)` gives the gradient of each
/// argument, which autograd then uses in place of differentiating the forward.
final class CustomFunction: Callable {
    let name: String
    private let forward: Value
    private let backward: Value

    init(name: String, forward: Value, backward: Value) {
        self.name = name
        self.forward = forward
        self.backward = backward
    }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        guard arguments.labelled.isEmpty else {
            throw ScriptError("TypeError", "\(name) takes its arguments by position, as its forward function does")
        }
        let given = arguments.positional
        let computed = try noGrad { try interpreter.call(forward, Arguments(given)) }
        let output = try Convert.tensor(computed, "what the forward of \(name) returned")
        var inputs: [Tensor] = [], positions: [Int] = []
        for (i, value) in given.enumerated() {
            if case .object(let t as TensorValue) = value { inputs.append(t.tensor); positions.append(i) }
        }
        // A forward that returns an input (or a tensor with a history) must not have it rewired.
        let result = output.gradFn != nil || output.requiresGrad || inputs.contains { $0 === output } ? output.detach() : output
        let name = self.name, backward = self.backward
        return Convert.wrap(result.recording(name, inputs) { [weak interpreter] gradient in
            guard let interpreter else { throw ScriptError("ValueError", "\(name): its session has ended") }
            let answer = try interpreter.call(backward, Arguments([Convert.wrap(gradient)] + given))
            let gradients: [Value]
            if case .list(let l) = answer { gradients = l.items } else { gradients = [answer] }
            guard gradients.count == given.count else {
                throw ScriptError("ValueError", "the backward of \(name) returned \(gradients.count) gradient\(gradients.count == 1 ? "" : "s") for \(given.count) argument\(given.count == 1 ? "" : "s"); return a list with one per argument (nil for none)")
            }
            return try zip(inputs, positions).map { input, i in
                if case .null = gradients[i] { return nil }
                let g = try Convert.tensor(gradients[i], "the gradient of argument \(i + 1) of \(name)")
                guard g.shape == input.shape else {
                    throw ScriptError("ShapeError", "the backward of \(name) returned shape \(g.shape) for argument \(i + 1) of shape \(input.shape)")
                }
                return g
            }
        })
    }
}
