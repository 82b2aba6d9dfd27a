import TensorEngine

/// Cross-entropy and negative log-likelihood as PyTorch's `cross_entropy` and `nll_loss`.
///
/// The input holds class scores along axis 1: `[N, C]`, `[N, C, d1, ...]`, or `[C]` for one sample.
/// A target of the input's shape without axis 1 holds class indices (floats of integral value are
/// accepted); for crossEntropy, a target of the input's own shape holds class probabilities.
/// Every form is computed by one fused kernel over rows `[M, C]` (the class axis moved last by
/// recorded ops), whose backward rule writes the gradient directly.
extension Loss {
    /// PyTorch's defaults of the class losses' options.
    public enum Defaults {
        /// The target value of positions that count nothing.
        public static let ignoreIndex = -100
        /// No label smoothing.
        public static let labelSmoothing = 0.0
    }

    /// Mean cross-entropy of logits `[N, C]` against class indices `[N]`; the two-argument form keeps
    /// `Loss.crossEntropy` usable as a `(Tensor, Tensor) throws -> Tensor` value.
    public static func crossEntropy(_ logits: Tensor, _ target: Tensor) throws -> Tensor {
        try crossEntropy(logits, target, weight: nil)
    }

    /// Cross-entropy of logits against class indices or class probabilities, as PyTorch's.
    ///
    /// - `weight` `[C]` scales each class's terms; it is a constant (no gradient), as in PyTorch.
    ///   The weighted mean over class indices divides by the summed weights of the counted targets.
    /// - Targets equal to `ignoreIndex` count nothing (class indices only); when every target is
    ///   ignored the mean is NaN, as PyTorch's, and the gradient 0.
    /// - `labelSmoothing` ε mixes ε/C into every class: the loss is (1 − ε)·nll + (ε/C)·Σ_c w_c·(−log p_c).
    /// - A mean over probability targets divides by the number of samples (N·d1·…).
    public static func crossEntropy(_ logits: Tensor, _ target: Tensor, weight: Tensor? = nil,
                                    ignoreIndex: Int = Defaults.ignoreIndex, labelSmoothing: Double = Defaults.labelSmoothing,
                                    reduction: Reduction = .mean) throws -> Tensor {
        let name = "crossEntropy"
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw TensorError(.value, "\(name): labelSmoothing must be in [0, 1] (got \(labelSmoothing))")
        }
        try rejectBatchMean(reduction, op: name)
        let layout = try ClassLayout(logits, target, op: name, input: "logits", probabilities: true)
        let weights = try classWeights(weight, layout.classCount, op: name)
        if layout.probabilities {
            let type = Tensor.resultType(logits, target)
            let compute: DType = type == .float64 ? .float64 : .float32
            let x = try layout.rows(logits.to(compute)), t = try layout.rows(target.to(compute))
            let spec = ProbabilityLoss(weight: weights, smoothing: labelSmoothing)
            let rows = compute == .float64 ? try spec.apply(x, t, Double.self, reduction: reduction, name: name)
                : try spec.apply(x, t, Float.self, reduction: reduction, name: name)
            return try keepingType(try layout.unrows(rows), type)
        }
        let classes = try classTargets(target, layout.classCount, ignoreIndex: ignoreIndex, op: name)
        let spec = ClassIndexLoss(classes: classes, weight: weights, smoothing: labelSmoothing, logSoftmax: true)
        return try spec.apply(logits, layout, reduction: reduction, name: name)
    }

    /// Negative log-likelihood of log-probabilities (a `logSoftmax` output, classes along axis 1)
    /// against class indices: `−weight[y]·logProbs[y]` per sample, as PyTorch's `nll_loss`.
    ///
    /// `weight` and `ignoreIndex` as in `crossEntropy`: the weighted mean divides by the summed
    /// weights of the counted targets; a mean over nothing but ignored targets is NaN.
    public static func nll(_ logProbs: Tensor, _ target: Tensor, weight: Tensor? = nil,
                           ignoreIndex: Int = Defaults.ignoreIndex, reduction: Reduction = .mean) throws -> Tensor {
        let name = "nll"
        try rejectBatchMean(reduction, op: name)
        let layout = try ClassLayout(logProbs, target, op: name, input: "log-probabilities", probabilities: false)
        let weights = try classWeights(weight, layout.classCount, op: name)
        let classes = try classTargets(target, layout.classCount, ignoreIndex: ignoreIndex, op: name)
        let spec = ClassIndexLoss(classes: classes, weight: weights, smoothing: 0, logSoftmax: false)
        return try spec.apply(logProbs, layout, reduction: reduction, name: name)
    }
}

/// How a class loss's input and target line up: the input seen as rows `[M, C]` of class scores, and
/// the shape of the unreduced loss.
struct ClassLayout {
    let shape: [Int]
    let classCount: Int
    /// Whether the target holds class probabilities (it has the input's shape) rather than indices.
    let probabilities: Bool
    /// The shape of the unreduced loss: the input's without the class axis.
    let lossShape: [Int]

    init(_ input: Tensor, _ target: Tensor, op: String, input name: String, probabilities allowed: Bool) throws {
        guard input.rank >= 1 else {
            throw TensorError(.shape, "\(op): \(name) \(input.shape) need a class axis: shape [C], [N, C] or [N, C, d1, ...]")
        }
        var lossShape = input.shape
        lossShape.remove(at: input.rank == 1 ? 0 : 1)
        let probabilities = allowed && target.shape == input.shape
        guard probabilities || target.shape == lossShape else {
            let alternatives = allowed ? " (class indices) or \(input.shape) (class probabilities)" : " (class indices)"
            throw TensorError(.shape, "\(op): \(name) \(input.shape) need a target of shape \(lossShape)\(alternatives), not \(target.shape)")
        }
        shape = input.shape
        classCount = input.rank == 1 ? input.shape[0] : input.shape[1]
        self.probabilities = probabilities
        self.lossShape = lossShape
    }

    /// `x` (of the input's shape) as rows `[M, C]`, through recorded ops: the class axis moved last.
    func rows(_ x: Tensor) throws -> Tensor {
        switch shape.count {
        case 1: return try x.reshape([1, classCount])
        case 2: return x
        default:
            let n = shape[0], inner = Shape.count(Array(shape[2...]))
            return try x.reshape([n, classCount, inner]).permute([0, 2, 1]).reshape([n * inner, classCount])
        }
    }

    /// A loss over rows: unreduced `[M]` back to the loss shape, a reduced scalar as it is.
    func unrows(_ loss: Tensor) throws -> Tensor {
        loss.rank == 1 && lossShape.count != 1 ? try loss.reshape(lossShape) : loss
    }
}

extension Loss {
    /// The class weights as Doubles, or a ShapeError unless `weight` holds one per class.
    static func classWeights(_ weight: Tensor?, _ classCount: Int, op: String) throws -> [Double]? {
        guard let weight else { return nil }
        guard weight.rank == 1, weight.count == classCount else {
            throw TensorError(.shape, "\(op): weight \(weight.shape) needs one entry per class, shape [\(classCount)]")
        }
        return try weight.elements(as: Double.self, op: op)
    }

    /// Each target's class, −1 where it equals `ignoreIndex`; an IndexError naming the first other
    /// target that is not one of `0..<classCount`, with its position in the target.
    static func classTargets(_ labels: Tensor, _ classCount: Int, ignoreIndex: Int, op: String) throws -> [Int] {
        let y = try labels.elements(as: Double.self, op: op)
        let ignored = Double(ignoreIndex)
        return try (0..<y.count).map { i in
            let v = y[i]
            if v == ignored { return -1 }
            // Compared as floats first: converting a huge or NaN value to Int would trap.
            guard v == v.rounded(), v >= 0, v < Double(classCount) else {
                // A float32 label shows as the float32 it is (1e+30, not its Double expansion).
                let exact = labels.dtype == .float64 ? "\(v)" : "\(Float(v))"
                let shown = v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : exact
                throw TensorError(.index, "\(op): label \(shown) at position \(position(i, labels.shape)) is not a class index in 0..<\(classCount)")
            }
            return Int(v)
        }
    }

    /// Flat index `i` of a tensor of `shape` as the caller indexes it: `i` itself for a vector,
    /// `[i0, i1, ...]` for more axes.
    static func position(_ i: Int, _ shape: [Int]) -> String {
        guard shape.count > 1 else { return "\(i)" }
        var rest = i, index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "\(index)"
    }
}
