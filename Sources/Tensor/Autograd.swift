/// The record of one op in the dynamic tape: its inputs and the rule that maps the output's
/// gradient to theirs.
public final class GradFn {
    /// The op's name, as shown by graph drawings.
    public let name: String
    /// The op's tensor inputs, in order (empty once `backward()` has freed the record).
    public private(set) var inputs: [Tensor]
    /// Maps the output gradient to one gradient per input (nil where an input needs none).
    private(set) var backward: (Tensor) throws -> [Tensor?]
    /// What a freed record keeps of its inputs for drawings: shapes, small values, their own records.
    private(set) var trace: [TapeTrace] = []
    /// Whether `backward()` has freed this record (it then holds `trace` instead of `inputs`).
    public private(set) var isReleased = false
    /// The gradient of the op's output in the latest backward pass, kept only for small outputs
    /// (at most `TapeTrace.smallCount` elements) so graph drawings can show it as micrograd does.
    public internal(set) var outputGradient: Tensor?

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
    }

    /// Frees a chain of records one link at a time: left to recursive releases (tensor → record → input
    /// tensor → …, or trace → record → trace → … once freed), a long graph would overflow the stack.
    deinit {
        var pending = inputs
        var traces = trace
        inputs = []
        trace = []
        backward = { _ in [] }   // its closure may hold the inputs too
        func drain(_ fn: inout GradFn) {
            guard isKnownUniquelyReferenced(&fn) else { return }
            pending += fn.inputs
            traces += fn.trace
            fn.inputs = []
            fn.trace = []
            fn.backward = { _ in [] }
        }
        while !pending.isEmpty || !traces.isEmpty {
            if var tensor = pending.popLast() {
                guard isKnownUniquelyReferenced(&tensor), var fn = tensor.gradFn else { continue }
                tensor.gradFn = nil
                drain(&fn)
            } else if var node = traces.popLast() {
                guard isKnownUniquelyReferenced(&node), var fn = node.record else { continue }
                node.record = nil
                drain(&fn)
            }
        }
    }

    /// A stand-in that keeps the op's name and a trace of its inputs but drops the inputs themselves,
    /// so their memory is freed, and that refuses a second pass with a clear error instead of
    /// silently stopping gradients.
    func released(trace: [TapeTrace]) -> GradFn {
        if isReleased { return self }
        let name = self.name
        let fn = GradFn(name: name, inputs: []) { _ in
            throw TensorError.value("backward: the graph through '\(name)' was freed by an earlier backward(); pass retainGraph: true to the first call to go through it twice")
        }
        fn.trace = trace
        fn.isReleased = true
        fn.outputGradient = outputGradient
        return fn
    }
}

/// What `backward()` keeps of one tensor of a graph it frees, so the graph can still be drawn: its
/// shape, its values when small, and the freed record of the op that made it (or, for a leaf that
/// requires gradients, the leaf itself, so its `grad` can be shown).
final class TapeTrace {
    /// Tensors with at most this many elements keep their values (and gradients) for drawings.
    static let smallCount = 16

    let shape: [Int]
    let requiresGrad: Bool
    let values: [Float]?
    /// The freed record of the op that computed this tensor; nil for a leaf.
    fileprivate(set) var record: GradFn?
    /// A leaf that requires gradients: kept, as the model keeps its parameters anyway.
    let leaf: Tensor?
    /// A leaf that does not (data, constants): not kept alive for a drawing, but named while it lives.
    weak var input: Tensor?

    init(of tensor: Tensor) {
        shape = tensor.shape
        requiresGrad = tensor.requiresGrad
        values = tensor.count <= TapeTrace.smallCount ? tensor.values : nil
        record = tensor.gradFn
        leaf = tensor.gradFn == nil && tensor.requiresGrad ? tensor : nil
        if tensor.gradFn == nil && !tensor.requiresGrad { input = tensor }
    }
}

/// Global switches of the tape.
public enum Autograd {
    /// False inside `noGrad { }`: ops then record nothing.
    public static var isEnabled = true
    /// Called between ops of a long computation; throws to stop it (the host's interrupt flag).
    public static var checkInterrupt: () throws -> Void = {}
}

/// Runs `body` without recording any op on the tape (evaluation, optimizer updates).
public func noGrad<T>(_ body: () throws -> T) rethrows -> T {
    let saved = Autograd.isEnabled
    Autograd.isEnabled = false
    defer { Autograd.isEnabled = saved }
    return try body()
}

extension Tensor {
    /// Whether this tensor takes part in a recorded computation.
    @inlinable public var tracksGrad: Bool { requiresGrad || gradFn != nil }

    /// Attaches the backward rule of an op to its result when any input tracks gradients, and returns
    /// the result; this is how ops outside the engine (fused losses, layers) join the tape.
    ///
    /// `backward` receives the result's gradient and returns one gradient per input, shaped like it
    /// (nil for an input that needs none). It runs with recording switched off.
    @inline(__always) public func recording(_ name: String, _ inputs: [Tensor],
                              _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        if Autograd.isEnabled, inputs.contains(where: { $0.tracksGrad }) {
            gradFn = GradFn(name: name, inputs: inputs, backward: backward)
        }
        return self
    }

    /// Back-propagates from this tensor, accumulating into `grad` of every leaf that requires it.
    ///
    /// Without `gradient` the tensor must hold one element (a loss). The recorded graph is released
    /// afterwards unless `retainGraph` is true, so a second call on the same graph needs it.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false) throws {
        guard tracksGrad else {
            throw TensorError.value("backward: this tensor does not require gradients (no input had requiresGrad)")
        }
        let seed: Tensor
        if let gradient {
            guard gradient.shape == shape else {
                throw TensorError.shape("backward: gradient of shape \(describe(gradient.shape)) for a tensor of shape \(describe(shape))")
            }
            seed = gradient
        } else {
            guard count == 1 else {
                throw TensorError.value("backward: a tensor of shape \(describe(shape)) needs an explicit gradient (only one-element tensors have an implicit one)")
            }
            seed = Tensor.full(shape, 1)
        }
        let order = topologicalOrder()
        var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        try noGrad {
            for node in order.reversed() {
                let id = ObjectIdentifier(node)
                guard let g = grads.removeValue(forKey: id) else { continue }
                guard let fn = node.gradFn else {
                    if node.requiresGrad { node.grad = try node.grad.map { try $0 + g } ?? g.detach() }
                    continue
                }
                if g.count <= TapeTrace.smallCount { fn.outputGradient = g }
                let inputGrads = try fn.backward(g)
                for (input, ig) in zip(fn.inputs, inputGrads) {
                    guard let ig, input.tracksGrad else { continue }
                    let key = ObjectIdentifier(input)
                    grads[key] = try grads[key].map { try $0 + ig } ?? ig
                }
                try Autograd.checkInterrupt()
            }
        }
        if !retainGraph { release(order) }
    }

    /// Frees the records of `order` (inputs before the ops that use them), keeping a trace of each
    /// input that is shared between its users, so the freed graph keeps its shape for drawings.
    private func release(_ order: [Tensor]) {
        var traces: [ObjectIdentifier: TapeTrace] = [:]
        for node in order {
            guard let fn = node.gradFn, !fn.isReleased else { continue }
            let trace = fn.inputs.map { input -> TapeTrace in
                let key = ObjectIdentifier(input)
                if let t = traces[key] { return t }
                let t = TapeTrace(of: input)
                traces[key] = t
                return t
            }
            node.gradFn = fn.released(trace: trace)
        }
    }

    /// Every tensor this one depends on through the tape, inputs before the ops that use them.
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        // An explicit stack: deep graphs (long RNN unrolls) would overflow a recursive walk.
        var stack: [(Tensor, Int)] = [(self, 0)]
        seen.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            if let fn = node.gradFn, next < fn.inputs.count {
                stack.append((node, next + 1))
                let child = fn.inputs[next]
                if child.tracksGrad, seen.insert(ObjectIdentifier(child)).inserted {
                    stack.append((child, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }
}
