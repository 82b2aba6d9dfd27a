import NN
import Script
import TensorEngine

/// An optimizer as a value of the language: `opt.step()`, `opt.zeroGrad()`, `opt.lr`.
final class OptimizerValue: TabledObject {
    let optimizer: any Optimizer
    init(_ optimizer: any Optimizer) { self.optimizer = optimizer }

    var typeName: String { String(describing: type(of: optimizer)) }
    var text: String { "\(typeName)(\(optimizer.parameters.count) parameters, \(LearningRateMember.text(optimizer.learningRate)))" }

    static let members = MemberTable<OptimizerValue>([
        .method("step", [], "updates every parameter from its gradient.") { o, _, _ in try o.optimizer.step(); return .null },
        .method("zeroGrad", [], "clears the gradients of the optimized parameters.") { o, _, _ in o.optimizer.zeroGrad(); return .null },
        .property(LearningRateMember.name, "the learning rate (settable).") { o in LearningRateMember.value(o.optimizer.learningRate) },
        .property("parameters", "the tensors it updates.") { o in .list(ListStorage(o.optimizer.parameters.map(Convert.wrap))) },
    ])

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        try LearningRateMember.set(name, value, on: optimizer, owner: typeName)
    }
}
