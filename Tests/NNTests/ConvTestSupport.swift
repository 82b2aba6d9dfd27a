import Foundation
import NN
import TensorEngine
import Testing

/// Helpers of the conv-area suites: deterministic inputs, naive reference loops and a gradient check
/// built on NN's finite differences.
enum ConvSupport {
    /// `((i·a) mod b) − b/2` for i in 0..<n: the inputs the PyTorch fixtures were computed from.
    static func pattern(_ n: Int, _ a: Double, _ b: Double) -> [Float] {
        (0..<n).map { Float((Double($0) * a).truncatingRemainder(dividingBy: b) - b / 2) }
    }

    static func tensor(_ shape: [Int], _ a: Double, _ b: Double) throws -> Tensor {
        try Tensor(shape: shape, values: pattern(Shape.count(shape), a, b))
    }

    /// Seeded normal values.
    static func random(_ shape: [Int], seed value: Int) throws -> Tensor {
        seed(value)
        return try Tensor.randn(shape)
    }

    static func close(_ a: [Float], _ b: [Float], _ tol: Float = 1e-4) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
    }

    static func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Cross-correlation by definition: seven nested loops, padding given as (before, after) per dimension.
    static func naiveConv2d(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: (Int, Int), padding: [(Int, Int)],
                            dilation: (Int, Int), groups: Int) -> (values: [Float], shape: [Int]) {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
        let oh = (h + padding[0].0 + padding[0].1 - dilation.0 * (kh - 1) - 1) / stride.0 + 1
        let ow = (wd + padding[1].0 + padding[1].1 - dilation.1 * (kw - 1) - 1) / stride.1 + 1
        let xv = x.values, wv = w.values, bv = b?.values
        var out = [Float](repeating: 0, count: n * o * oh * ow)
        let og = o / groups
        for s in 0..<n {
            for oc in 0..<o {
                let g = oc / og
                for y in 0..<oh {
                    for z in 0..<ow {
                        var acc = Double(bv?[oc] ?? 0)
                        for ic in 0..<cg {
                            let channel = g * cg + ic
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = y * stride.0 - padding[0].0 + i * dilation.0
                                    let ix = z * stride.1 - padding[1].0 + j * dilation.1
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    acc += Double(xv[((s * c + channel) * h + iy) * wd + ix])
                                        * Double(wv[((oc * cg + ic) * kh + i) * kw + j])
                                }
                            }
                        }
                        out[((s * o + oc) * oh + y) * ow + z] = Float(acc)
                    }
                }
            }
        }
        return (out, [n, o, oh, ow])
    }

    /// Compares autograd with NN's central differences (`compareGradients`, gradcheck's method); returns
    /// the mismatches (empty when all agree within `atol + rtol·max(|analytic|, |numeric|)`) and whether any
    /// gradient was non-negligible (so the check could have failed). A gradient of the wrong shape throws.
    static func gradientMismatches(_ inputs: [Tensor], h: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
                                   _ f: ([Tensor]) throws -> Tensor) throws -> (mismatches: [String], informative: Bool) {
        let gradients = try compareGradients(f, inputs, eps: Double(h), dtype: .float32)
        var mismatches: [String] = []
        var largest = 0.0
        for (i, (analytic, numeric)) in zip(gradients.analytic, gradients.numeric).enumerated() {
            for (j, (a, n)) in zip(analytic, numeric).enumerated() {
                largest = max(largest, abs(n))
                if !(abs(a - n) <= atol + rtol * max(abs(a), abs(n))) {
                    mismatches.append("input \(i)[\(j)]: analytic \(a), numeric \(n)")
                }
            }
        }
        return (mismatches, largest > 10 * atol)
    }

    /// Expects autograd and finite differences to agree for `f` at `inputs`.
    static func checkGradients(_ inputs: [Tensor], h: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ f: ([Tensor]) throws -> Tensor) throws {
        let (bad, informative) = try gradientMismatches(inputs, h: h, rtol: rtol, atol: atol, f)
        #expect(bad.isEmpty, "gradient mismatch:\n\(bad.prefix(8).joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(informative, "every gradient was negligible", sourceLocation: sourceLocation)
    }

    /// The error a call throws, as a TensorError (nil when it succeeds or throws something else).
    static func error(_ body: () throws -> Any) -> TensorError? {
        do { _ = try body(); return nil } catch let e as TensorError { return e } catch { return nil }
    }
}
