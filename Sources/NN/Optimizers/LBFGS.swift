import TensorEngine

/// Limited-memory BFGS (PyTorch's `LBFGS`): each `step(closure:)` runs up to `maxIter` quasi-Newton
/// iterations, re-evaluating the loss and gradients through the closure, with a fixed step `lr` or a
/// strong-Wolfe line search.
///
/// The closure zeroes the gradients, computes the loss, runs backward and returns the loss. The
/// iterations work on all parameters as one flat vector in Double (PyTorch works in the parameters'
/// type, so float32 runs agree to float32 rounding and float64 runs closely). One group only, as in PyTorch.
public final class LBFGS: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Double
    public let maxIter: Int, maxEval: Int, toleranceGrad: Double, toleranceChange: Double, historySize: Int
    public let strongWolfe: Bool, maximize: Bool

    /// The search direction, the last step length, the curvature pairs and their reciprocals, the
    /// Hessian diagonal estimate, the last gradient and loss, and the counts (PyTorch's state).
    var direction: [Double]?, stepLength = 0.0
    var oldDirections: [[Double]] = [], oldSteps: [[Double]] = [], rho: [Double] = [], hessianDiagonal = 1.0
    var previousGradient: [Double]?, previousLoss = 0.0
    var iterations = 0, evaluations = 0

    /// Throws a ValueError for a negative lr, a non-positive maxIter, maxEval or historySize, or a
    /// negative tolerance.
    public init(_ parameters: [Tensor], lr: Double = Defaults.lr, maxIter: Int = Defaults.maxIter, maxEval: Int? = nil,
                toleranceGrad: Double = Defaults.toleranceGrad, toleranceChange: Double = Defaults.toleranceChange,
                historySize: Int = Defaults.historySize, strongWolfe: Bool = false, maximize: Bool = false) throws {
        let arguments = OptimizerArguments("LBFGS")
        try arguments.nonNegative(["lr": lr, "toleranceGrad": toleranceGrad, "toleranceChange": toleranceChange])
        let maxEval = maxEval ?? maxIter * 5 / 4
        for (name, n) in [("maxIter", maxIter), ("maxEval", maxEval), ("historySize", historySize)] where n <= 0 {
            throw TensorError(.value, "LBFGS: \(name) must be positive (got \(n))")
        }
        for p in parameters { _ = try OptimizerBuffers.precision(of: p, op: "LBFGS") }
        self.parameters = parameters
        learningRate = lr
        self.maxIter = maxIter
        self.maxEval = maxEval
        self.toleranceGrad = toleranceGrad
        self.toleranceChange = toleranceChange
        self.historySize = historySize
        self.strongWolfe = strongWolfe
        self.maximize = maximize
    }

    /// PyTorch's defaults, which the language's `LBFGS` declares too (maxEval defaults to maxIter · 5/4).
    public enum Defaults {
        public static let lr: Double = 1, toleranceGrad: Double = 1e-7, toleranceChange: Double = 1e-9
        public static let maxIter = 20, historySize = 100
    }

    /// L-BFGS needs the loss re-evaluated; this throws a ValueError saying so.
    public func step() throws {
        throw TensorError(.value, "LBFGS: step needs a closure that re-evaluates the loss, as step(closure)")
    }

    /// Runs up to `maxIter` iterations; returns the loss the closure gave first.
    @discardableResult
    public func step(closure: () throws -> Double) throws -> Double {
        let original = try closure()
        guard !parameters.isEmpty else { return original }
        var loss = maximize ? -original : original
        var evaluationsNow = 1
        evaluations += 1
        var gradient = try flatGradient()
        var optimal = gradient.map(abs).max() ?? 0 <= toleranceGrad
        if optimal { return original }
        var d = direction ?? [], t = stepLength
        var iteration = 0
        while iteration < maxIter {
            iteration += 1
            iterations += 1
            if iterations == 1 {
                d = gradient.map { -$0 }
                oldDirections = []
                oldSteps = []
                rho = []
                hessianDiagonal = 1
            } else if let previous = previousGradient {
                let y = zip(gradient, previous).map { $0 - $1 }, s = d.map { $0 * t }
                let ys = Self.dot(y, s)
                if ys > 1e-10 {
                    if oldDirections.count == historySize {
                        oldDirections.removeFirst()
                        oldSteps.removeFirst()
                        rho.removeFirst()
                    }
                    oldDirections.append(y)
                    oldSteps.append(s)
                    rho.append(1 / ys)
                    hessianDiagonal = ys / Self.dot(y, y)
                }
                // The two-loop recursion: d = −H·g from the stored curvature pairs.
                var alpha = [Double](repeating: 0, count: oldDirections.count)
                var q = gradient.map { -$0 }
                for i in oldDirections.indices.reversed() {
                    alpha[i] = Self.dot(oldSteps[i], q) * rho[i]
                    Self.add(&q, oldDirections[i], -alpha[i])
                }
                var r = q.map { $0 * hessianDiagonal }
                for i in oldDirections.indices {
                    let beta = Self.dot(oldDirections[i], r) * rho[i]
                    Self.add(&r, oldSteps[i], alpha[i] - beta)
                }
                d = r
            }
            previousGradient = gradient
            previousLoss = loss
            t = iterations == 1 ? min(1, 1 / gradient.reduce(0) { $0 + abs($1) }) * learningRate : learningRate
            let slope = Self.dot(gradient, d)
            if slope > -toleranceChange { break }
            var lineEvaluations = 0
            if strongWolfe {
                let start = try parameters.map { try $0.copy() }
                let search = try StrongWolfe.search(x: start, t: t, d: d, f: loss, g: gradient, slope: slope,
                                                    toleranceChange: toleranceChange, maxSteps: maxEval - evaluationsNow) { x, t, d in
                    try self.add(t, d)
                    var f = try closure()
                    if self.maximize { f = -f }
                    let g = try self.flatGradient()
                    for (p, saved) in zip(self.parameters, x) { try p.assign(saved) }
                    return (f, g)
                }
                (loss, gradient, t, lineEvaluations) = (search.f, search.g, search.t, search.evaluations)
                try add(t, d)
                optimal = gradient.map(abs).max() ?? 0 <= toleranceGrad
            } else {
                try add(t, d)
                if iteration != maxIter {
                    loss = try closure()
                    if maximize { loss = -loss }
                    gradient = try flatGradient()
                    optimal = gradient.map(abs).max() ?? 0 <= toleranceGrad
                    lineEvaluations = 1
                }
            }
            evaluationsNow += lineEvaluations
            evaluations += lineEvaluations
            if iteration == maxIter || evaluationsNow >= maxEval || optimal { break }
            if d.map({ abs($0 * t) }).max() ?? 0 <= toleranceChange { break }
            if abs(loss - previousLoss) < toleranceChange { break }
        }
        direction = d
        stepLength = t
        return original
    }

    /// Every gradient as one vector (zeros for a parameter without one), negated when maximizing.
    func flatGradient() throws -> [Double] {
        var flat: [Double] = []
        for p in parameters {
            guard let g = p.grad else {
                flat += [Double](repeating: 0, count: p.count)
                continue
            }
            guard g.count == p.count else { throw TensorError(.shape, "LBFGS: gradient \(g.shape) does not fit parameter \(p.shape)") }
            flat += g.elements(as: Double.self)
        }
        return maximize ? flat.map { -$0 } : flat
    }

    /// Moves the parameters by `t · d`.
    func add(_ t: Double, _ d: [Double]) throws {
        var offset = 0
        for p in parameters {
            let values = p.elements(as: Double.self)
            let moved = values.indices.map { values[$0] + t * d[offset + $0] }
            offset += values.count
            try p.assign(try Tensor(shape: p.shape, elements: moved, dtype: .float64))
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    static func add(_ a: inout [Double], _ b: [Double], _ scale: Double) { for i in a.indices { a[i] += scale * b[i] } }
}

extension LBFGS {
    /// The direction, step, curvature history, last gradient and loss and the counts, as float64 tensors.
    public func state() throws -> [String: Tensor] {
        var state = OptimizerState("LBFGS")
        func vector(_ v: [Double]) throws -> Tensor { try Tensor(shape: [v.count], elements: v, dtype: .float64) }
        try state.add("nIter", Double(iterations))
        try state.add("funcEvals", Double(evaluations))
        try state.add("t", stepLength)
        try state.add("hDiag", hessianDiagonal)
        try state.add("prevLoss", previousLoss)
        var tensors = state.tensors
        if let direction { tensors["d"] = try vector(direction) }
        if let previousGradient { tensors["prevFlatGrad"] = try vector(previousGradient) }
        tensors["ro"] = try vector(rho)
        for (i, (y, s)) in zip(oldDirections, oldSteps).enumerated() {
            tensors["oldDirs.\(i)"] = try vector(y)
            tensors["oldStps.\(i)"] = try vector(s)
        }
        return tensors
    }

    public func loadState(_ tensors: [String: Tensor]) throws {
        let state = OptimizerState("LBFGS", reading: tensors)
        let size = parameters.reduce(0) { $0 + $1.count }
        func vector(_ name: String) throws -> [Double]? {
            guard let t = tensors[name] else { return nil }
            guard t.count == size else {
                throw TensorError(.value, "LBFGS.loadState: \(name) has \(t.count) values, but the parameters have \(size)")
            }
            return t.elements(as: Double.self)
        }
        let iterations = try state.integer("nIter"), evaluations = try state.integer("funcEvals")
        let t = try state.number("t"), diagonal = try state.number("hDiag"), loss = try state.number("prevLoss")
        let rho = tensors["ro"]?.elements(as: Double.self) ?? []
        let directions = try rho.indices.map { try vector("oldDirs.\($0)") ?? [] }, steps = try rho.indices.map { try vector("oldStps.\($0)") ?? [] }
        guard directions.allSatisfy({ $0.count == size }), steps.allSatisfy({ $0.count == size }) else {
            throw TensorError(.value, "LBFGS.loadState: the state has \(rho.count) curvature pairs, but not all of them")
        }
        (direction, previousGradient) = (try vector("d"), try vector("prevFlatGrad"))
        (self.iterations, self.evaluations, stepLength, hessianDiagonal, previousLoss) = (iterations, evaluations, t, diagonal, loss)
        (oldDirections, oldSteps, self.rho) = (directions, steps, rho)
    }
}
