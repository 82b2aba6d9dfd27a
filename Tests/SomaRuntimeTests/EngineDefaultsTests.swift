import NN
import Script
@testable import SomaRuntime
import TensorEngine
import Testing

/// A constructor called from the language with its defaults makes the same object as the engine's
/// initializer with its defaults: a default declared for the language that differed from the engine's
/// would show here as a differing hyperparameter, without this test restating any default.
@Suite struct EngineDefaultsTests {
    /// Runs `setup` and then `expression` in one runtime and returns the engine object it made.
    func made(_ expression: String, after setup: String = "let w = zeros([2], requiresGrad: true)") throws -> AnyObject? {
        let runtime = Runtime()
        runtime.output = { _ in }
        _ = try runtime.run(setup, as: .cell(1))
        switch try runtime.run(expression, as: .cell(2)) {
        case .object(let o as OptimizerValue)?: return o.optimizer.groups.count == 1 ? o.optimizer.groups[0] : o.optimizer
        case .object(let s as SchedulerValue)?: return s.scheduler
        case .object(let m as ModuleValue)?: return m.module
        case .object(let m as any ModuleBacked)?: return m.module
        default: return nil
        }
    }

    /// An object's settings: its stored properties (its classes' too) but for tensors, learned weights
    /// and the objects it drives, each as name and value; for a layer also its parameters' names and
    /// shapes, its summary and its sublayers' settings.
    static func settings(_ object: AnyObject) -> [String] {
        var found: [String] = []
        var mirror: Mirror? = Mirror(reflecting: object)
        while let m = mirror {
            for child in m.children {
                let type = "\(Swift.type(of: child.value))"
                if ["Tensor", "Optimizer", "Weights", "Module", "Linear", "Layer"].contains(where: type.contains) { continue }
                found.append("\(child.label ?? "?") = \(child.value)")
            }
            mirror = m.superclassMirror
        }
        if let module = object as? any Module {
            found += module.namedParameters().map { "\($0.0): \($0.1.shape)" }
            found.append(module.summaryName)
            for (name, child) in module.children { found += settings(child).map { "\(name)." + $0 } }
        }
        return found
    }

    func expectSame(_ expression: String, _ engine: (Tensor) throws -> AnyObject,
                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let w = try Tensor.full([2], 0)
        w.requiresGrad = true
        let made = try made(expression)
        let fromLanguage = try #require(made, "\(expression) made no engine object", sourceLocation: sourceLocation)
        let fromSwift = try engine(w)
        #expect("\(Swift.type(of: fromLanguage))" == "\(Swift.type(of: fromSwift))", sourceLocation: sourceLocation)
        let settings = Self.settings(fromSwift)
        #expect(!settings.isEmpty, "\(expression) has no settings to compare", sourceLocation: sourceLocation)
        #expect(Self.settings(fromLanguage) == settings, "\(expression)", sourceLocation: sourceLocation)
    }

    @Test func optimizersDefaultAsTheEngineDoes() throws {
        try expectSame("SGD([w], lr: 0.1)") { try SGD([$0], lr: 0.1) }
        try expectSame("Adam([w])") { try Adam([$0]) }
        try expectSame("AdamW([w])") { try Adam([$0], weightDecay: Adam.Defaults.decoupledWeightDecay, decoupledWeightDecay: true) }
        try expectSame("NAdam([w])") { try NAdam([$0]) }
        try expectSame("RMSProp([w])") { try RMSProp([$0]) }
        try expectSame("Adagrad([w])") { try Adagrad([$0]) }
        try expectSame("Adamax([w])") { try Adamax([$0]) }
        try expectSame("Adadelta([w])") { try Adadelta([$0]) }
        try expectSame("RAdam([w])") { try RAdam([$0]) }
        try expectSame("Lion([w])") { try Lion([$0]) }
    }

    @Test func schedulersDefaultAsTheEngineDoes() throws {
        try expectSame("StepLR(SGD([w], lr: 0.1), 3)") { try StepLR(try ParameterGroups([try SGD([$0], lr: 0.1)]), stepSize: 3) }
        try expectSame("ExponentialLR(SGD([w], lr: 0.1), 0.9)") { try ExponentialLR(try ParameterGroups([try SGD([$0], lr: 0.1)]), gamma: 0.9) }
        try expectSame("InverseTimeLR(SGD([w], lr: 0.1), 0.5)") { try InverseTimeLR(try ParameterGroups([try SGD([$0], lr: 0.1)]), decay: 0.5) }
        try expectSame("CosineLR(SGD([w], lr: 0.1), 10)") { try CosineLR(try ParameterGroups([try SGD([$0], lr: 0.1)]), total: 10) }
        try expectSame("CyclicLR(SGD([w], lr: 0.1), 0.01, 0.1)") { try CyclicLR(try ParameterGroups([try SGD([$0], lr: 0.1)]), baseLr: 0.01, maxLr: 0.1) }
        try expectSame("ReduceLROnPlateau(SGD([w], lr: 0.1))") { try ReduceLROnPlateau(try ParameterGroups([try SGD([$0], lr: 0.1)])) }
    }

    @Test func layersDefaultAsTheEngineDoes() throws {
        try expectSame("Linear(2, 3)") { _ in try Linear(2, 3) }
        try expectSame("Conv2d(1, 2, 3)") { _ in try Conv2d(1, 2, kernelSize: 3) }
        try expectSame("Conv1d(1, 2, 3)") { _ in try Conv1d(1, 2, kernelSize: 3) }
        try expectSame("MaxPool2d(2)") { _ in try MaxPool2d(2) }
        try expectSame("MaxPool1d(2)") { _ in try MaxPool1d(2) }
        try expectSame("AvgPool2d(2)") { _ in try AvgPool2d(2) }
        try expectSame("AvgPool1d(2)") { _ in try AvgPool1d(2) }
        try expectSame("BatchNorm1d(3)") { _ in try BatchNorm1d(3) }
        try expectSame("BatchNorm2d(3)") { _ in try BatchNorm2d(3) }
        try expectSame("LayerNorm(4)") { _ in try LayerNorm(4) }
        try expectSame("RMSNorm(4)") { _ in try RMSNorm(4) }
        try expectSame("Dropout()") { _ in try Dropout() }
        try expectSame("Flatten()") { _ in Flatten() }
        try expectSame("TiedLinear(Embedding(5, 4))") { _ in try TiedLinear(try Embedding(5, 4)) }
        try expectSame("RNN(3, 4)") { _ in try RNN(3, 4) }
        try expectSame("LSTM(3, 4)") { _ in try LSTM(3, 4) }
        try expectSame("GRU(3, 4)") { _ in try GRU(3, 4) }
        try expectSame("MultiHeadAttention(8, 2)") { _ in try MultiHeadAttention(8, heads: 2) }
        try expectSame("FeedForward(8, 16)") { _ in try FeedForward(8, 16) }
        try expectSame("TransformerBlock(8, 2)") { _ in try TransformerBlock(8, heads: 2) }
        try expectSame("MixtureOfExperts(8, 16, 2)") { _ in try MixtureOfExperts(8, 16, experts: 2) }
    }

    @Test func activationLayersDefaultAsTheEngineDoes() throws {
        try expectSame("LeakyReLU()") { _ in Activation.leakyReLU() }
        try expectSame("ELU()") { _ in Activation.elu() }
        try expectSame("GELU()") { _ in Activation.gelu() }
        try expectSame("Softplus()") { _ in Activation.softplus() }
        try expectSame("Softmax()") { _ in Activation.softmax() }
        try expectSame("LogSoftmax()") { _ in Activation.logSoftmax() }
    }
}
