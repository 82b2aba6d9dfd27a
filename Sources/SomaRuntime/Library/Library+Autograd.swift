import Script
import TensorEngine

/// Gradients as values (PyTorch's `torch.autograd.grad`) and recording switched back on.
extension Library {
    static func autograd() -> Library {
        var lib = Library()
        lib.add("grad", ["outputs", "inputs", .optional("gradOutputs"), .defaulted("retainGraph", false), .defaulted("createGraph", false), .defaulted("allowUnused", false)],
                "the gradients of outputs (a tensor or a list) with respect to inputs (a tensor or a list), as a list, without changing any .grad.") { a, _ in
            let outputs = try tensorOrList(try a.value("outputs"), "the outputs of grad")
            let inputs = try tensorOrList(try a.value("inputs"), "the inputs of grad")
            let gradOutputs: [Tensor?]? = try a.given("gradOutputs").map { given in
                if case .list(let l) = given {
                    return try l.items.map { item in
                        if case .null = item { return nil }
                        return try Convert.tensor(item, "an entry of gradOutputs")
                    }
                }
                return [try Convert.tensor(given, "gradOutputs")]
            }
            let gradients = try Tensor.gradients(of: outputs, withRespectTo: inputs, gradOutputs: gradOutputs,
                                                 retainGraph: try a.boolean("retainGraph"), createGraph: try a.boolean("createGraph"),
                                                 allowUnused: try a.boolean("allowUnused"))
            return .list(ListStorage(gradients.map { $0.map(Convert.wrap) ?? .null }))
        }
        lib.add("enableGrad", ["body"], "calls body() with recording for gradients on, also inside noGrad; returns its result.") { a, vm in
            let body = try a.value("body")
            return try enableGrad { try vm.call(body, Arguments()) }
        }
        lib.add("customFunction", ["forward", "backward", .defaulted("name", "customFunction")],
                "a differentiable function: forward(args...) computes it, backward(gradient, args...) returns each argument's gradient (a list, nil for none; or one tensor).") { a, _ in
            let forward = try a.value("forward"), backward = try a.value("backward")
            for (label, f) in [("forward", forward), ("backward", backward)] {
                guard case .function = f else { throw ScriptError("TypeError", "the \(label) of customFunction must be a function, not a \(f.typeName)") }
            }
            return .function(CustomFunction(name: try a.string("name"), forward: forward, backward: backward))
        }
        return lib
    }
}
