import NN
import TensorEngine
import Testing

/// L-BFGS against torch.optim.LBFGS on the Rosenbrock function in float64, and resumed from its state.
struct LBFGSTests {
    /// A closure that sets `x`'s gradient to that of the Rosenbrock function and returns its value.
    static func rosenbrock(_ x: Tensor) -> () throws -> Double {
        {
            let v = x.elements(as: Double.self), a = v[0], b = v[1]
            x.grad = try Tensor(shape: [2], elements: [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)], dtype: .float64)
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
        }
    }

    static func start() throws -> Tensor { try Tensor(shape: [2], elements: [-1.5, 2.0], dtype: .float64) }

    @Test(arguments: [
        (false, [[-1.4198137795493615, 2.020967643631096], [-1.2771805957859057, 1.6680292268139478], [-0.8329123813339928, 0.7084789366511343]]),
        (true, [[0.004223861178827853, -0.035072097956142016], [0.9990142872062082, 0.997625664434381], [0.9999848335215568, 0.9999695408626902]]),
    ])
    func agreesWithPyTorch(strongWolfe: Bool, expected: [[Double]]) throws {
        let x = try Self.start()
        let opt = try LBFGS([x], lr: strongWolfe ? 1 : 0.1, maxIter: strongWolfe ? 20 : 10, historySize: 5, strongWolfe: strongWolfe)
        for point in expected {
            try opt.step(closure: Self.rosenbrock(x))
            for (got, want) in zip(x.elements(as: Double.self), point) { #expect(abs(got - want) <= 1e-8 * max(1, abs(want))) }
        }
    }

    @Test func resumesFromItsState() throws {
        let whole = try Self.start(), wholeOpt = try LBFGS([whole], lr: 0.5, maxIter: 4, historySize: 3)
        for _ in 0..<4 { try wholeOpt.step(closure: Self.rosenbrock(whole)) }
        let first = try Self.start(), firstOpt = try LBFGS([first], lr: 0.5, maxIter: 4, historySize: 3)
        for _ in 0..<2 { try firstOpt.step(closure: Self.rosenbrock(first)) }
        let resumed = try first.copy(), resumedOpt = try LBFGS([resumed], lr: 0.5, maxIter: 4, historySize: 3)
        try resumedOpt.loadState(try firstOpt.state())
        for _ in 0..<2 { try resumedOpt.step(closure: Self.rosenbrock(resumed)) }
        #expect(resumed.elements(as: Double.self) == whole.elements(as: Double.self))
    }

    @Test func rejectsWhatPyTorchRejects() throws {
        let x = try Self.start()
        #expect(throws: TensorError.self) { try LBFGS([x], lr: -1) }
        #expect(throws: TensorError.self) { try LBFGS([x], maxIter: 0) }
        #expect(throws: TensorError.self) { try LBFGS([x]).step() }
    }
}
