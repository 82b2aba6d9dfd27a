import Distributed
import NN
import Script
import TensorEngine

/// A model whose gradients are averaged across the processes of a data-parallel job after each backward
/// pass (`DistributedDataParallel(model)`): calling it runs the model, `.module` is the model, and every
/// other member is the model's.
///
/// Made, it gives every process rank 0's parameters and buffers, and before each forward pass in
/// training mode rank 0's buffers again (batch norm's running statistics), as PyTorch's default
/// `broadcast_buffers` does. The averaging lasts as long as this value: the engine's observer holds it
/// weakly and is removed with it.
final class DistributedModelValue: ScriptObject, ModuleBacked {
    let model: Value
    let module: any Module
    let averager: GradientAverager
    private let context: EngineContext?
    private var observer: Int?

    init(_ model: Value, _ module: any Module, bucketBytes: Int) throws {
        self.model = model
        self.module = module
        averager = try GradientAverager(parameters: module.parameters(), bucketBytes: bucketBytes)
        context = EngineContext.current
        try noGrad { try averager.communicator.broadcast(state: module.stateDict().map(\.1)) }
        observer = context?.observeBackward { [weak averager] leaves in try averager?.backwardFinished(leaves) }
    }

    deinit {
        if let observer { context?.stopObservingBackward(observer) }
    }

    var typeName: String { "DistributedDataParallel" }
    var text: String { "DistributedDataParallel(\(Describe.module(module)))" }

    func call(_ arguments: Arguments, _ interpreter: Interpreter) throws -> Value {
        if module.isTraining {
            let buffers = module.namedBuffers().map(\.1)
            if !buffers.isEmpty { try noGrad { try averager.communicator.broadcast(state: buffers) } }
        }
        return try interpreter.call(model, arguments)
    }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "module": return model
        case "communicationSeconds": return .number(averager.communicationSeconds)
        default: return try interpreter.member(of: model, name)
        }
    }

    var memberNames: [String] { ["module", "communicationSeconds"] }
}
