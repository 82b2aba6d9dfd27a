import NN
import Script
import Tensor

/// An optimizer as a value of the language: `opt.step()`, `opt.zeroGrad()`, `opt.lr`.
final class OptimizerValue: ScriptObject {
    let optimizer: any Optimizer
    init(_ optimizer: any Optimizer) { self.optimizer = optimizer }

    var typeName: String { String(describing: type(of: optimizer)) }
    var text: String { "\(typeName)(\(optimizer.parameters.count) parameters, \(LearningRateMember.text(optimizer.learningRate)))" }

    func member(_ name: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "step":
            return .function(NativeFunction("step", doc: "opt.step() — updates every parameter from its gradient.") { a, _ in
                try a.expectNone("step")
                try self.optimizer.step()
                return .null
            })
        case "zeroGrad":
            return .function(NativeFunction("zeroGrad", doc: "opt.zeroGrad() — clears the gradients of the optimized parameters.") { a, _ in
                try a.expectNone("zeroGrad")
                self.optimizer.zeroGrad()
                return .null
            })
        case LearningRateMember.name: return LearningRateMember.value(optimizer.learningRate)
        case "parameters": return .list(ListStorage(optimizer.parameters.map(Convert.wrap)))
        default: return nil
        }
    }

    func setMember(_ name: String, _ value: Value) throws -> Bool {
        try LearningRateMember.set(name, value, on: optimizer, owner: typeName)
    }

    var memberNames: [String] { ["step", "zeroGrad", "lr", "parameters"] }
}
