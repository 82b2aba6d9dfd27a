#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The record of one op in the dynamic tape: its inputs and the rule that maps the output's
/// gradient to theirs.
public final class GradFn {
    /// The op's name, as shown by graph drawings.
    public let name: String
    /// The op's tensor inputs, in order (empty once `backward()` has freed the record).
    public private(set) var inputs: [Tensor]
    /// Maps the output gradient to one gradient per input (nil where an input needs none).
    private(set) var backward: (Tensor) throws -> [Tensor?]
    /// What a freed record keeps of its inputs for drawings, in place of `inputs`.
    private(set) var trace: [TraceInput] = []
    /// Whether `backward()` has freed this record (it then holds `trace` instead of `inputs`).
    public private(set) var isReleased = false
    /// The gradient of the op's output in the latest backward pass, kept only for small outputs
    /// (at most `TraceInput.smallCount` elements) so graph drawings can show it as micrograd does.
    public internal(set) var outputGradient: Tensor?
    /// The output's shape and, when small, its values: set when the record is freed, for drawings.
    private(set) var outputShape: [Int] = []
    private(set) var outputStorage: TensorStorage?

    /// Whether the rule is built from recorded ops, so a backward pass with `createGraph` can go through it.
    let twice: Bool
    /// The op again, built from recorded ops, for a rule that is not (`twice` false): a backward pass
    /// with `createGraph` differentiates this instead, so the gradient it gives has a graph of its own.
    /// It receives the record's inputs and returns the op's output; any other tensor it uses must not
    /// track gradients (the pass stops only at the inputs).
    let composite: Composite?

    public typealias Composite = ([Tensor]) throws -> Tensor

    init(name: String, inputs: [Tensor], twice: Bool = true, composite: Composite? = nil,
         backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.twice = twice
        self.composite = composite
        self.backward = backward
    }

    /// Frees a chain of records one link at a time: left to recursive releases (tensor → record → input
    /// tensor → …, or record → traced record → … once freed), a long graph would overflow the stack.
    deinit {
        guard !inputs.isEmpty || !trace.isEmpty else { return }
        var pending = inputs
        var records: [GradFn] = []
        for item in trace { if case .op(let fn) = item { records.append(fn) } }
        inputs = []
        trace = []
        backward = GradFn.freed   // its closure may hold the inputs too
        while true {
            var fn: GradFn
            if var tensor = pending.popLast() {
                guard isKnownUniquelyReferenced(&tensor), let f = tensor.gradFn else { continue }
                tensor.gradFn = nil
                fn = f
            } else if let f = records.popLast() {
                fn = f
            } else {
                break
            }
            guard isKnownUniquelyReferenced(&fn) else { continue }
            if fn.isReleased {   // the usual case after backward(): no inputs, a rule that holds nothing
                for item in fn.trace { if case .op(let f) = item { records.append(f) } }
                fn.trace = []
            } else {
                pending += fn.inputs
                fn.inputs = []
                fn.backward = GradFn.freed
            }
        }
    }

    /// Frees the record in place: drops the inputs and the rule (so their memory is freed) but keeps
    /// the op's name, its output's shape (and small values) and a trace of its inputs for drawings;
    /// `backward()` then refuses to go through it with a clear error instead of silently stopping
    /// gradients.
    func release(output: Tensor) {
        guard !isReleased else { return }
        isReleased = true
        outputShape = output.shape
        outputStorage = output.count <= TraceInput.smallCount ? output.storage : nil
        trace = inputs.map(TraceInput.init)
        inputs = []
        backward = GradFn.freed
    }

    /// The rule of a freed record; never called, as `backward()` checks `isReleased` first.
    private static let freed: @Sendable (Tensor) throws -> [Tensor?] = { _ in
        throw TensorError.value("backward: this part of the graph was freed by an earlier backward()")
    }
}

/// Switches of the tape.
public enum Autograd {
    /// False inside `noGrad { }`: ops then record nothing. Kept per thread, as PyTorch's grad mode is:
    /// one session evaluating without gradients must not turn them off for another running at the same
    /// time (a shared flag, saved and restored by both, could even stay off for good).
    public static var isEnabled: Bool {
        get { mode & disabledBit == 0 }
        set { mode = newValue ? mode & ~disabledBit : mode | disabledBit }
    }

    /// True while a backward pass with `createGraph` runs its rules on this thread: they record their
    /// ops, and tensors an op saved stand for the op's inputs (`Tensor.saved`).
    public internal(set) static var isCreatingGraph: Bool {
        get { mode & creatingBit != 0 }
        set { mode = newValue ? mode | creatingBit : mode & ~creatingBit }
    }

    /// This thread's switches as bits in one thread-specific slot, so that recording an op reads the
    /// slot once: `disabledBit` inside `noGrad`, `creatingBit` during a graph-creating backward pass.
    @inline(__always) static var mode: Int {
        get { Int(bitPattern: pthread_getspecific(modeKey)) }
        set { pthread_setspecific(modeKey, UnsafeRawPointer(bitPattern: newValue)) }
    }

    static let disabledBit = 1, creatingBit = 2

    private static let modeKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The output whose rule a backward pass with `createGraph` is running on this thread: rules that
    /// read their own result (exp, tanh, sqrt) differentiate through it rather than through a copy.
    /// Set only around one rule's call, while the pass holds the output.
    static var outputInProgress: Tensor? {
        get { pthread_getspecific(outputKey).map { Unmanaged<Tensor>.fromOpaque($0).takeUnretainedValue() } }
        set { pthread_setspecific(outputKey, newValue.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) }) }
    }

    private static let outputKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// Runs `body` with recording on, also inside `noGrad` (a gradient needed in an evaluation loop).
public func enableGrad<T>(_ body: () throws -> T) rethrows -> T {
    let saved = Autograd.isEnabled
    Autograd.isEnabled = true
    defer { Autograd.isEnabled = saved }
    return try body()
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
    ///
    /// A tensor an op saved (`saved()`) takes part through its input while a backward pass creates a graph.
    @inlinable public var tracksGrad: Bool { requiresGrad || gradFn != nil || (extras != nil && originTracksGrad) }

    /// Whether this saved tensor stands for an input that takes part, in a backward pass that creates a graph.
    @usableFromInline var originTracksGrad: Bool {
        guard let origin else { return false }
        return (originLinked || Autograd.isCreatingGraph) && origin.tracksGrad
    }

    /// Attaches the backward rule of an op to its result when any input tracks gradients, and returns
    /// the result; this is how ops outside the engine (fused losses, layers) join the tape.
    ///
    /// `backward` receives the result's gradient and returns one gradient per input, shaped like it
    /// (nil for an input that needs none). It runs with recording switched off.
    ///
    /// `twice` says whether `backward` is itself built from recorded ops, so that a backward pass with
    /// `createGraph` can differentiate it again. A rule computed by a fused kernel passes false and,
    /// where it can, a `composite`: the same op built from recorded ops (it receives `inputs` and returns
    /// this result), which such a pass differentiates instead. Without one the pass stops at the op with
    /// a clear error rather than return a gradient with no graph.
    @inline(__always) public func recording(_ name: String, _ inputs: [Tensor], twice: Bool = true,
                                            composite: GradFn.Composite? = nil,
                                            _ backward: @escaping (Tensor) throws -> [Tensor?]) -> Tensor {
        let mode = Autograd.mode
        if mode & Autograd.disabledBit == 0, inputs.contains(where: { $0.tracksGrad }) {
            // While a graph is created, a saved tensor stands for the input it saved.
            let linked = mode & Autograd.creatingBit != 0 ? inputs.map { input -> Tensor in
                guard let origin = input.origin else { return input }
                input.originLinked = true
                return origin
            } : inputs
            gradFn = GradFn(name: name, inputs: linked, twice: twice, composite: composite, backward: backward)
            OperationCounter.noteRecorded(name, output: self, inputs: inputs)
        }
        return self
    }

    /// Back-propagates from this tensor, accumulating into `grad` of every leaf that requires it.
    ///
    /// Without `gradient` the tensor must hold one element (a loss). The recorded graph is released
    /// afterwards unless `retainGraph` is true, so a second call on the same graph needs it; a freed
    /// graph keeps its shape (op names, output shapes, small values and gradients) for `TapeGraph`.
    ///
    /// With `createGraph`, the backward pass is itself recorded, so the accumulated gradients can be
    /// differentiated again (a gradient penalty, a Hessian-vector product); it implies `retainGraph`.
    public func backward(gradient: Tensor? = nil, retainGraph: Bool = false, createGraph: Bool = false) throws {
        let seed = try backwardSeed(gradient, op: "backward")
        let observers = EngineContext.current?.backwardObservers.values
        var leaves: [Tensor] = []
        try Tensor.propagate([(self, seed)], retainGraph: retainGraph || createGraph, createGraph: createGraph) { leaf, g in
            guard leaf.requiresGrad else { return }
            leaf.grad = try leaf.grad.map { try $0 + g } ?? (createGraph ? g : g.detach())
            if observers?.isEmpty == false { leaves.append(leaf) }
        }
        if let observers { for observer in observers { try observer(leaves) } }
    }

    /// The gradient a backward pass from this tensor starts with: `gradient`, shaped like this tensor,
    /// or 1 for a one-element tensor; errors name `op`.
    func backwardSeed(_ gradient: Tensor?, op: String) throws -> Tensor {
        guard tracksGrad else {
            throw TensorError.value("\(op): this tensor does not require gradients (no input had requiresGrad)")
        }
        if let gradient {
            guard gradient.shape == shape else {
                throw TensorError.shape("\(op): gradient of shape \(describe(gradient.shape)) for a tensor of shape \(describe(shape))")
            }
            return gradient
        }
        guard count == 1 else {
            throw TensorError.value("\(op): a tensor of shape \(describe(shape)) needs an explicit gradient (only one-element tensors have an implicit one)")
        }
        return try Tensor.constant(shape, 1, dtype: dtype)
    }

    /// Runs the recorded rules from `roots` (each with its output gradient) back to the leaves, in
    /// reverse topological order, calling `reached` with each tensor and its whole gradient as soon as
    /// the gradient is complete (a leaf's before it is accumulated). Tensor hooks run first and may
    /// replace the gradient. Frees the graph afterwards unless `retainGraph`.
    ///
    /// With `createGraph`, the rules run with recording on, so the gradients carry a graph of their own.
    ///
    /// Tensors in `boundary` are reached but not gone through (their hooks do not run either): the
    /// gradients of an op's inputs through its composite form stop there. `visited` sees each rule's
    /// output, its gradient and what the rule gave each input (the backward stepper's record).
    static func propagate(_ roots: [(Tensor, Tensor)], retainGraph: Bool, createGraph: Bool = false,
                          boundary: Set<ObjectIdentifier> = [],
                          visited: ((_ output: Tensor, _ gradient: Tensor, _ fn: GradFn, _ inputGradients: [Tensor?]) throws -> Void)? = nil,
                          reached: (Tensor, Tensor) throws -> Void) throws {
        let order = topologicalOrder(roots.map(\.0), boundary: boundary)
        let bounded = !boundary.isEmpty
        var grads: [ObjectIdentifier: Tensor] = [:]
        for (root, seed) in roots {
            let key = ObjectIdentifier(root)
            grads[key] = try grads[key].map { try $0 + seed } ?? seed
        }
        // Rules run without recording, or with recording and saved tensors linked when creating a graph.
        let savedMode = Autograd.mode
        Autograd.mode = createGraph ? (savedMode & ~Autograd.disabledBit) | Autograd.creatingBit
                                    : (savedMode | Autograd.disabledBit) & ~Autograd.creatingBit
        defer { Autograd.mode = savedMode }
        do {
            for node in order.reversed() {
                let id = ObjectIdentifier(node)
                guard var g = grads.removeValue(forKey: id) else { continue }
                if bounded && boundary.contains(id) {
                    try reached(node, g)
                    continue
                }
                g = try node.runHooks(g)
                try reached(node, g)
                guard let fn = node.gradFn else { continue }
                if g.count <= TraceInput.smallCount { fn.outputGradient = g }
                if fn.isReleased {
                    throw TensorError.value("backward: the graph through '\(fn.name)' was freed by an earlier backward(); pass retainGraph: true to the first call to go through it twice")
                }
                let inputGrads: [Tensor?]
                if createGraph && !fn.twice {
                    guard let composite = fn.composite else { throw TensorError.value(Tensor.notTwiceDifferentiable(fn.name)) }
                    inputGrads = try compositeGradients(composite, fn.inputs, g)
                } else if createGraph {
                    Autograd.outputInProgress = node
                    defer { Autograd.outputInProgress = nil }
                    inputGrads = try fn.backward(g)
                } else {
                    inputGrads = try fn.backward(g)
                }
                try visited?(node, g, fn, inputGrads)
                for (input, ig) in zip(fn.inputs, inputGrads) {
                    guard var ig, input.tracksGrad else { continue }
                    // A gradient takes its input's type, as PyTorch's engine casts it: a float32 input
                    // used in a float64 computation receives a float32 gradient.
                    if ig.dtype != input.dtype && input.dtype.isFloatingPoint { ig = try ig.to(input.dtype) }
                    let key = ObjectIdentifier(input)
                    grads[key] = try grads[key].map { try $0 + ig } ?? ig
                }
                try EngineContext.checkInterrupt()
            }
        }
        if !retainGraph {
            for node in order { node.gradFn?.release(output: node) }
        }
    }

    /// The gradients of `inputs` through `composite` (an op rebuilt from recorded ops) for the output
    /// gradient `g`, recorded, so that they can be differentiated again: one per input, nil where an
    /// input takes no part (a tensor listed twice gets its whole gradient in its first place).
    static func compositeGradients(_ composite: GradFn.Composite, _ inputs: [Tensor], _ g: Tensor) throws -> [Tensor?] {
        let output = try composite(inputs)
        guard output.shape == g.shape else {
            throw TensorError.shape("backward: the composite form of an op gave shape \(describe(output.shape)) for a gradient of shape \(describe(g.shape))")
        }
        guard output.tracksGrad else { return inputs.map { _ in nil } }
        var found: [ObjectIdentifier: Tensor] = [:]
        let boundary = Set(inputs.map(ObjectIdentifier.init))
        try propagate([(output, g)], retainGraph: true, createGraph: true, boundary: boundary) { tensor, grad in
            let id = ObjectIdentifier(tensor)
            if boundary.contains(id) { found[id] = grad }
        }
        return inputs.map { found.removeValue(forKey: ObjectIdentifier($0)) }
    }

    /// Every tensor this one depends on through the tape, inputs before the ops that use them.
    func topologicalOrder() -> [Tensor] { Tensor.topologicalOrder([self]) }

    /// Every tensor `roots` depend on through the tape, inputs before the ops that use them; the walk
    /// does not go past tensors in `boundary`.
    static func topologicalOrder(_ roots: [Tensor], boundary: Set<ObjectIdentifier> = []) -> [Tensor] {
        var order: [Tensor] = []
        var seen = Set<ObjectIdentifier>()
        // An explicit stack: deep graphs (long RNN unrolls) would overflow a recursive walk.
        var stack: [(Tensor, Int)] = []
        let bounded = !boundary.isEmpty
        for root in roots.reversed() where seen.insert(ObjectIdentifier(root)).inserted { stack.append((root, 0)) }
        while let (node, next) = stack.popLast() {
            if let fn = node.gradFn, next < fn.inputs.count, !bounded || !boundary.contains(ObjectIdentifier(node)) {
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

    /// The error of a graph-creating backward pass that meets a rule it cannot differentiate again.
    static func notTwiceDifferentiable(_ op: String) -> String {
        "backward: createGraph cannot go through '\(op)' yet: its gradient rule is a fused kernel, so the gradient it gives could not be differentiated again"
    }

    /// The result a gradient rule reads: the output being differentiated while a backward pass creates
    /// a graph (so the rule's ops are recorded on it), otherwise the detached copy the op kept.
    static func ruleOutput(_ detached: Tensor) -> Tensor {
        Autograd.isCreatingGraph ? (Autograd.outputInProgress ?? detached) : detached
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() { grad = nil }
}
