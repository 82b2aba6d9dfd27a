import Script
import TensorEngine

/// What `t.registerHook(fn)` returns: `handle.remove()` takes the hook off the tensor again, as
/// PyTorch's `RemovableHandle` does.
final class HookHandleValue: TabledObject {
    let tensor: Tensor
    let hook: GradientHook
    init(_ tensor: Tensor, _ hook: GradientHook) {
        self.tensor = tensor
        self.hook = hook
    }

    var typeName: String { "HookHandle" }
    var text: String { "HookHandle(on a tensor of shape \(tensor.shape))" }

    static let members = MemberTable<HookHandleValue>([
        .method("remove", [], "takes the hook off the tensor; removing it twice does nothing.") { h, _, _ in
            h.tensor.removeHook(h.hook)
            return .null
        },
    ])

    /// The engine hook that calls `function` (a Soma function of the gradient) from backward: a tensor
    /// it returns replaces the gradient, nil keeps it. It holds the interpreter weakly, so a tensor
    /// kept past its session does not keep the session alive.
    static func hook(calling function: Value, _ interpreter: Interpreter) -> (Tensor) throws -> Tensor? {
        { [weak interpreter] gradient in
            guard let interpreter else { return nil }
            let result = try interpreter.call(function, Arguments([Convert.wrap(gradient)]))
            if case .null = result { return nil }
            return try Convert.tensor(result, "what a gradient hook returned")
        }
    }
}
