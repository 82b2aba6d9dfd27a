import TensorEngine
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Summarizes `model` by running it on zeros of shape `input` (batch dimension included), in
/// evaluation mode (restored afterwards, so dropout draws nothing and batch statistics stay as they
/// are), recording gradients as a training step would, under an `OperationCounter`.
///
/// Every module called through `module(x)` during the pass is a row, in call order, nested under the
/// module that called it (a module called twice is two rows), as `torchinfo.summary` shows them; a
/// `Sequential` model is not a row itself. MACs are what the engine's products ran, so any layer counts,
/// layers written in the language included. A row's memory is the bytes of the tensors allocated
/// during its forward that are still alive after it: its output and what the autograd records keep
/// for backward.
public func summary(_ model: any Module, input: [Int]) throws -> ModelSummary {
    guard !input.isEmpty, input.allSatisfy({ $0 >= 1 }) else {
        throw TensorError(.value, "summary: the input shape must be a non-empty list of positive sizes, got \(input)")
    }
    let x = try Tensor.zeros(input)
    var modes: [(any Module, Bool)] = []
    func record(_ m: any Module) {
        modes.append((m, m.isTraining))
        for (_, c) in m.children { record(c) }
    }
    record(model)
    model.eval()
    defer { for (m, mode) in modes { m.isTraining = mode } }

    let recorder = SummaryRecorder(model)
    defer { recorder.removeHooks() }
    let (_, counter) = try Tensor.countingOperations {
        recorder.counter = OperationCounter.current
        let start = recorder.counter?.checkpoint
        do {
            let y = try enableGrad { try model(x) }
            recorder.totalMemory = start.flatMap { recorder.counter?.retainedBytes(since: $0) } ?? 0
            recorder.totalOutput = y.shape
        } catch let e as TensorError {
            guard let frame = recorder.stack.last else { throw e }
            let name = frame.name.isEmpty ? "" : frame.name + " "
            throw TensorError(e.kind, "summary: layer \(name)\(frame.layer) on input \(frame.input): \(e.message)")
        }
    }
    let parameters = model.parameters()
    return ModelSummary(inputShape: input, rows: recorder.rows.compactMap { $0 },
                        totalParameters: parameters.reduce(0) { $0 + $1.count },
                        trainableParameters: parameters.filter(\.requiresGrad).reduce(0) { $0 + $1.count },
                        parameterBytes: parameters.reduce(0) { $0 + $1.count * $1.dtype.itemSize },
                        operations: counter.operations, activationBytes: recorder.totalMemory)
}

/// The forward hooks `summary` puts on every module of a model, and the rows they make.
final class SummaryRecorder {
    /// A module whose forward is running: its row comes when it returns.
    struct Frame {
        let row: Int, name: String, layer: String, depth: Int, input: [Int]
        let parameters: Int
        let mark: OperationCounter.Checkpoint?
    }

    var counter: OperationCounter?
    var rows: [ModelSummary.Row?] = []
    var stack: [Frame] = []
    var totalMemory = 0
    var totalOutput: [Int] = []
    private var installed: [(ForwardHooks, Int)] = []
    /// Only the summarizing thread's calls are rows: a shared layer (an activation) may run elsewhere.
    private let thread = pthread_self()

    init(_ model: any Module) {
        // Paths by hooks object (a language layer has a new adapter each time, but one hooks object);
        // a module held at several paths gets them in call order.
        var paths: [ObjectIdentifier: [String]] = [:], modules: [(String, any Module)] = []
        func walk(_ m: any Module, _ path: String) {
            let id = ObjectIdentifier(m.forwardHooks)
            if paths[id] == nil { modules.append((path, m)) }
            paths[id, default: []].append(path)
            for (name, child) in m.children { walk(child, path.isEmpty ? name : path + "." + name) }
        }
        walk(model, "")
        let hidesRoot = model is Sequential
        for (_, m) in modules {
            let id = ObjectIdentifier(m.forwardHooks), names = paths[id] ?? [""]
            var calls = 0
            let isRoot = m === model
            let pre = m.forwardHooks.addPre { [unowned self] module, x in
                guard pthread_equal(pthread_self(), self.thread) != 0 else { return nil }
                let name = names[calls % names.count]
                calls += 1
                let depth = self.stack.count - (hidesRoot ? 1 : 0)
                let visible = !(isRoot && hidesRoot)
                self.stack.append(Frame(row: visible ? self.rows.count : -1, name: name, layer: module.summaryName,
                                        depth: depth, input: x.shape, parameters: module.parameterCount,
                                        mark: self.counter?.checkpoint))
                if visible { self.rows.append(nil) }
                return nil
            }
            let post = m.forwardHooks.addPost { [unowned self] _, _, y in
                guard pthread_equal(pthread_self(), self.thread) != 0, let frame = self.stack.popLast() else { return nil }
                guard frame.row >= 0 else { return nil }
                let operations = frame.mark.map { self.counter?.counts(since: $0) ?? [:] } ?? [:]
                let memory = frame.mark.map { self.counter?.retainedBytes(since: $0) ?? 0 } ?? 0
                let hasChildren = self.rows.count > frame.row + 1
                self.rows[frame.row] = ModelSummary.Row(
                    name: frame.name, layer: frame.layer, depth: frame.depth, outputShape: y.shape,
                    parameters: frame.parameters, operations: operations, activationBytes: memory,
                    outputBytes: y.count * y.dtype.itemSize, isContainer: hasChildren)
                return nil
            }
            installed.append((m.forwardHooks, pre))
            installed.append((m.forwardHooks, post))
        }
    }

    func removeHooks() {
        for (hooks, id) in installed { hooks.remove(id) }
        installed = []
    }
}
