import TensorEngine

/// The strong-Wolfe line search of L-BFGS (PyTorch's `_strong_wolfe`, after minFunc): brackets a step
/// with enough decrease and a flat enough slope, then zooms in by cubic interpolation.
enum StrongWolfe {
    typealias Evaluate = (_ x: [Tensor], _ t: Double, _ d: [Double]) throws -> (f: Double, g: [Double])

    /// The step found, its loss and gradient, and how many evaluations it took.
    static func search(x: [Tensor], t: Double, d: [Double], f: Double, g: [Double], slope gtd: Double,
                       c1: Double = 1e-4, c2: Double = 0.9, toleranceChange: Double = 1e-9, maxSteps: Int = 25,
                       evaluate: Evaluate) throws -> (f: Double, g: [Double], t: Double, evaluations: Int) {
        var t = t
        let dNorm = d.map(abs).max() ?? 0
        var (fNew, gNew) = try evaluate(x, t, d)
        var evaluations = 1
        var gtdNew = LBFGS.dot(gNew, d)
        var (tPrev, fPrev, gPrev, gtdPrev) = (0.0, f, g, gtd)
        var done = false, iteration = 0
        var bracket: [Double] = [], bracketF: [Double] = [], bracketG: [[Double]] = [], bracketGtd: [Double] = []
        while iteration < maxSteps {
            if fNew > f + c1 * t * gtd || (iteration > 1 && fNew >= fPrev) {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew])
                break
            }
            if abs(gtdNew) <= -c2 * gtd {
                (bracket, bracketF, bracketG) = ([t], [fNew], [gNew])
                done = true
                break
            }
            if gtdNew >= 0 {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew])
                break
            }
            let minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, previous = t
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, bounds: (minStep, maxStep))
            (tPrev, fPrev, gPrev, gtdPrev) = (previous, fNew, gNew, gtdNew)
            (fNew, gNew) = try evaluate(x, t, d)
            evaluations += 1
            gtdNew = LBFGS.dot(gNew, d)
            iteration += 1
        }
        if iteration == maxSteps || bracket.isEmpty {
            (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew])
            // PyTorch keeps the slopes of the last bracket here; with none yet, those of the ends.
            if bracketGtd.count != 2 { bracketGtd = [gtd, gtdNew] }
        }
        var insufficientProgress = false
        var (low, high) = bracketF[0] <= bracketF[bracketF.count - 1] ? (0, 1) : (1, 0)
        while !done && iteration < maxSteps {
            if abs(bracket[1] - bracket[0]) * dNorm < toleranceChange { break }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], bounds: nil)
            let top = max(bracket[0], bracket[1]), bottom = min(bracket[0], bracket[1])
            let eps = 0.1 * (top - bottom)
            if min(top - t, t - bottom) < eps {
                if insufficientProgress || t >= top || t <= bottom {
                    t = abs(t - top) < abs(t - bottom) ? top - eps : bottom + eps
                    insufficientProgress = false
                } else {
                    insufficientProgress = true
                }
            } else {
                insufficientProgress = false
            }
            (fNew, gNew) = try evaluate(x, t, d)
            evaluations += 1
            gtdNew = LBFGS.dot(gNew, d)
            iteration += 1
            if fNew > f + c1 * t * gtd || fNew >= bracketF[low] {
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew, gtdNew)
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0)
            } else {
                if abs(gtdNew) <= -c2 * gtd {
                    done = true
                } else if gtdNew * (bracket[high] - bracket[low]) >= 0 {
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (bracket[low], bracketF[low], bracketG[low], bracketGtd[low])
                }
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew)
            }
        }
        return (bracketF[low], bracketG[low], bracket[low], evaluations)
    }

    /// The minimizer of the cubic through two points with their slopes, clamped to `bounds` (the
    /// points themselves by default); their midpoint where the cubic has none.
    static func cubicInterpolate(_ x1: Double, _ f1: Double, _ g1: Double, _ x2: Double, _ f2: Double, _ g2: Double,
                                 bounds: (Double, Double)?) -> Double {
        let (lower, upper) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1))
        let d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
        let d2Square = d1 * d1 - g1 * g2
        guard d2Square >= 0 else { return (lower + upper) / 2 }
        let d2 = d2Square.squareRoot()
        let position = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                                : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(position, lower), upper)
    }
}
