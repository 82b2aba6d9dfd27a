#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Adam, and AdamW when `decoupledWeightDecay` is set (PyTorch's update rules and defaults).
public final class Adam: AdaptiveMoments, Optimizer {
    private var steps = 0

    /// Throws a ValueError for what PyTorch rejects: a negative lr, epsilon or weightDecay, and betas
    /// outside [0, 1). Messages name the optimizer AdamW where `decoupledWeightDecay` is set.
    public init(_ parameters: [Tensor], lr: Float = Defaults.lr, beta1: Float = Defaults.beta1, beta2: Float = Defaults.beta2,
                epsilon: Float = Defaults.epsilon, weightDecay: Float = Defaults.weightDecay,
                decoupledWeightDecay: Bool = false) throws {
        try super.init(decoupledWeightDecay ? "AdamW" : "Adam", parameters, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay)
    }

    /// PyTorch's defaults, which the language's `Adam` and `AdamW` declare too.
    public enum Defaults {
        public static let lr: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        public static let weightDecay: Float = 0
        /// AdamW's weight decay (PyTorch's `AdamW(weight_decay=0.01)`).
        public static let decoupledWeightDecay: Float = 0.01
    }

    public func step() throws {
        steps += 1
        let b1 = beta1, b2 = beta2, eps = epsilon, lr = learningRate, wd = weightDecay
        let correction1 = 1 - powf(b1, Float(steps)), correction2 = 1 - powf(b2, Float(steps))
        let stepSize = lr / correction1, decoupled = decoupledWeightDecay
        let inverseRootCorrection2 = 1 / correction2.squareRoot()
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            guard grad.count == p.count else { throw TensorError(.shape, "Adam: gradient and parameter sizes differ") }
            try grad.withUnsafeValues { g in
                try p.withUnsafeMutableValues { w in
                    try m[i].withUnsafeMutableValues { mb in
                        try v[i].withUnsafeMutableValues { vb in
                            let gp = g.baseAddress!, wp = w.baseAddress!, mp = mb.baseAddress!, vp = vb.baseAddress!
                            Parallel.forRange(w.count, cost: 8) { s, e in
                                if decoupled {
                                    Adam.update(wp + s, gp + s, mp + s, vp + s, e - s, b1, b2, eps, stepSize,
                                                inverseRootCorrection2) { w, g in w *= 1 - lr * wd; return g }
                                } else {
                                    Adam.update(wp + s, gp + s, mp + s, vp + s, e - s, b1, b2, eps, stepSize,
                                                inverseRootCorrection2) { w, g in g + wd * w }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The update of `count` elements, as one loop with no branch so that it vectorizes;
    /// `decay(&w, g)` applies weight decay and returns the gradient to use.
    @inline(__always) private static func update(
        _ w: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
        _ v: UnsafeMutablePointer<Float>, _ count: Int, _ b1: Float, _ b2: Float, _ eps: Float,
        _ stepSize: Float, _ inverseRootCorrection2: Float, _ decay: (inout Float, Float) -> Float
    ) {
        for j in 0..<count {
            var wj = w[j]
            let gj = decay(&wj, g[j])
            let mj = b1 * m[j] + (1 - b1) * gj
            let vj = b2 * v[j] + (1 - b2) * gj * gj
            m[j] = mj
            v[j] = vj
            w[j] = wj - stepSize * mj / (vj.squareRoot() * inverseRootCorrection2 + eps)
        }
    }
}
