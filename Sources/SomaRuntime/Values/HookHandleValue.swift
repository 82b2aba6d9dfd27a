import Script
import TensorEngine

/// What `registerHook`, `registerForwardHook` and `registerForwardPreHook` return: `handle.remove()`
/// takes the hook off again, as PyTorch's `RemovableHandle` does.
final class HookHandleValue: TabledObject {
    private let owner: String
    private let removal: () -> Void
    init(on owner: String, remove: @escaping () -> Void) {
        self.owner = owner
        removal = remove
    }

    var typeName: String { "HookHandle" }
    var text: String { "HookHandle(on \(owner))" }

    static let members = MemberTable<HookHandleValue>([
        .method("remove", [], "takes the hook off; removing it twice does nothing.") { h, _, _ in
            h.removal()
            return .null
        },
    ])

    /// The engine hook that calls `function` (a Soma function of the gradient) from backward: a tensor
    /// it returns replaces the gradient, nil keeps it. It holds the interpreter weakly, so a tensor
    /// kept past its session does not keep the session alive.
    static func gradientHook(calling function: Value, _ interpreter: Interpreter) -> (Tensor) throws -> Tensor? {
        { [weak interpreter] gradient in
            guard let interpreter else { return nil }
            return try replacement(try interpreter.call(function, Arguments([Convert.wrap(gradient)])), "a gradient hook")
        }
    }

    /// The tensor a hook returned, or nil when it returned nil (nothing replaced).
    static func replacement(_ result: Value, _ what: String) throws -> Tensor? {
        if case .null = result { return nil }
        return try Convert.tensor(result, "what \(what) returned")
    }
}
