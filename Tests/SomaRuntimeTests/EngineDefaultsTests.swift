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
        case .object(let o as OptimizerValue)?: return o.optimizer
        case .object(let s as SchedulerValue)?: return s.scheduler
        case .object(let m as ModuleValue)?: return m.module
        default: return nil
        }
    }

    /// An object's settings: its stored properties (its classes' too) but for tensors, learned weights
    /// and the objects it drives, each as name and value.
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
    }

    @Test func schedulersDefaultAsTheEngineDoes() throws {
        try expectSame("StepLR(SGD([w], lr: 0.1), 3)") { try StepLR(try SGD([$0], lr: 0.1), stepSize: 3) }
        try expectSame("ExponentialLR(SGD([w], lr: 0.1), 0.9)") { try ExponentialLR(try SGD([$0], lr: 0.1), gamma: 0.9) }
        try expectSame("InverseTimeLR(SGD([w], lr: 0.1), 0.5)") { try InverseTimeLR(try SGD([$0], lr: 0.1), decay: 0.5) }
        try expectSame("CosineLR(SGD([w], lr: 0.1), 10)") { try CosineLR(try SGD([$0], lr: 0.1), total: 10) }
        try expectSame("CyclicLR(SGD([w], lr: 0.1), 0.01, 0.1)") { try CyclicLR(try SGD([$0], lr: 0.1), baseLr: 0.01, maxLr: 0.1) }
        try expectSame("ReduceLROnPlateau(SGD([w], lr: 0.1))") { try ReduceLROnPlateau(try SGD([$0], lr: 0.1)) }
    }
}
