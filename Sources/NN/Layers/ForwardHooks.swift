import TensorEngine

/// Functions run around a module's forward each time the module is called (`module(x)`), as PyTorch's
/// forward hooks are: a notebook records activations per layer, or changes them, without rewriting
/// the model.
public final class ForwardHooks {
    /// Sees the input before forward; a tensor it returns replaces the input.
    public typealias Pre = (any Module, Tensor) throws -> Tensor?
    /// Sees the input and the output after forward; a tensor it returns replaces the output.
    public typealias Post = (any Module, Tensor, Tensor) throws -> Tensor?

    private var pre: [(id: Int, body: Pre)] = []
    private var post: [(id: Int, body: Post)] = []
    private var lastID = 0

    public init() {}

    /// Whether there is no hook: a call then costs nothing more than forward.
    public var isEmpty: Bool { pre.isEmpty && post.isEmpty }

    /// Adds a hook run before forward; returns its id, for `remove`.
    @discardableResult public func addPre(_ body: @escaping Pre) -> Int {
        lastID += 1
        pre.append((lastID, body))
        return lastID
    }

    /// Adds a hook run after forward; returns its id, for `remove`.
    @discardableResult public func addPost(_ body: @escaping Post) -> Int {
        lastID += 1
        post.append((lastID, body))
        return lastID
    }

    /// Removes the hook with this id; removing it twice does nothing.
    public func remove(_ id: Int) {
        pre.removeAll { $0.id == id }
        post.removeAll { $0.id == id }
    }

    /// `forward(x)` of `module` with the hooks around it, in the order they were added.
    func run(_ module: any Module, _ x: Tensor, _ forward: (Tensor) throws -> Tensor) throws -> Tensor {
        var input = x
        for hook in pre { input = try hook.body(module, input) ?? input }
        var output = try forward(input)
        for hook in post { output = try hook.body(module, input, output) ?? output }
        return output
    }
}

extension Module {
    /// `forward(x)` with this module's hooks around it, for a call that passes more than the one tensor
    /// `module(x)` takes (a layer called with masks or memory), so hooks and `summary`'s rows see it too.
    public func calling(_ x: Tensor, _ forward: (Tensor) throws -> Tensor) throws -> Tensor {
        let hooks = forwardHooks
        return hooks.isEmpty ? try forward(x) : try hooks.run(self, x, forward)
    }

    /// `forward(x)` of a call that returns more than its main output (a recurrent layer's state, attention
    /// weights), with the hooks around the main output; `rest` is what the call gave besides it.
    public func calling<Rest>(_ x: Tensor, _ forward: (Tensor) throws -> (Tensor, Rest)) throws -> (Tensor, Rest) {
        var rest: Rest?
        let output = try calling(x) { input in
            let (output, other) = try forward(input)
            rest = other
            return output
        }
        // `forward` ran (the hooks return only after it), so `rest` is set.
        return (output, rest!)
    }
}
