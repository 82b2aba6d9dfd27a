import Script
@testable import SomaRuntime
import Testing

/// The language shows an optimizer's rejected argument as a ValueError naming the optimizer, the
/// argument and the value, for every optimizer and every argument with a rule.
@Suite struct OptimizerArgumentTests {
    func error(_ line: String) -> String? {
        let runtime = Runtime()
        runtime.output = { _ in }
        do {
            _ = try runtime.run("let w = zeros([2], requiresGrad: true)\n" + line, as: .cell(1))
        } catch let e as ScriptError {
            return "\(e.kind): \(e.message)"
        } catch {
            return "\(error)"
        }
        return nil
    }

    @Test func everyOptimizerRejectsANegativeLearningRate() {
        for name in ["SGD", "Adam", "AdamW", "NAdam", "RMSProp", "Adagrad"] {
            #expect(error("\(name)([w], lr: -0.5)") == "ValueError: \(name): lr must be non-negative (got -0.5)")
        }
    }

    @Test func everyRuleIsAppliedFromTheLanguage() {
        let cases = [
            ("SGD([w], lr: 0.1, momentum: -0.1)", "SGD: momentum must be non-negative (got -0.1)"),
            ("SGD([w], lr: 0.1, weightDecay: -0.1)", "SGD: weightDecay must be non-negative (got -0.1)"),
            ("SGD([w], lr: 0.1, nesterov: true)", "SGD: momentum must be positive for nesterov (got 0.0)"),
            ("Adam([w], beta1: 1)", "Adam: beta1 must be in [0, 1) (got 1.0)"),
            ("Adam([w], epsilon: -1)", "Adam: epsilon must be non-negative (got -1.0)"),
            ("AdamW([w], weightDecay: -0.01)", "AdamW: weightDecay must be non-negative (got -0.01)"),
            ("NAdam([w], beta2: 1)", "NAdam: beta2 must be in [0, 1) (got 1.0)"),
            ("NAdam([w], momentumDecay: -1)", "NAdam: momentumDecay must be non-negative (got -1.0)"),
            ("RMSProp([w], alpha: -0.5)", "RMSProp: alpha must be non-negative (got -0.5)"),
            ("RMSProp([w], momentum: -0.5)", "RMSProp: momentum must be non-negative (got -0.5)"),
            ("Adagrad([w], lrDecay: -1)", "Adagrad: lrDecay must be non-negative (got -1.0)"),
            ("Adagrad([w], initialAccumulatorValue: -1)", "Adagrad: initialAccumulatorValue must be non-negative (got -1.0)"),
        ]
        for (line, message) in cases {
            #expect(error(line) == "ValueError: " + message, "\(line)")
        }
    }
}
