import Testing
import TensorEngine

/// The outcome of comparing autograd with central finite differences for one function.
struct GradReport: CustomStringConvertible {
    struct Mismatch: CustomStringConvertible {
        let input: Int, index: Int
        let analytic: Double, numeric: Double
        var description: String { "input \(input)[\(index)]: analytic \(analytic), numeric \(numeric)" }
    }

    /// Per input, the gradient from `backward()` (zeros where none arrived).
    var analytic: [[Double]]
    /// Per input, the central-difference estimate.
    var numeric: [[Double]]
    /// Per input, the shape of the gradient that arrived (nil where none did).
    var gradShapes: [[Int]?]
    var inputShapes: [[Int]]
    var rtol: Double, atol: Double

    /// Elements where `candidate` (analytic by default) and the numeric gradient disagree.
    func mismatches(_ candidate: [[Double]]? = nil) -> [Mismatch] {
        var out: [Mismatch] = []
        for (i, (a, n)) in zip(candidate ?? analytic, numeric).enumerated() {
            for (j, (x, y)) in zip(a, n).enumerated()
            where !(Swift.abs(x - y) <= atol + rtol * Swift.max(Swift.abs(x), Swift.abs(y))) {
                out.append(Mismatch(input: i, index: j, analytic: x, numeric: y))
            }
        }
        return out
    }

    /// Gradients that arrived with a shape other than their input's.
    var shapeErrors: [String] {
        zip(gradShapes, inputShapes).enumerated().compactMap { i, pair in
            guard let g = pair.0, g != pair.1 else { return nil }
            return "input \(i): gradient of shape \(g) for an input of shape \(pair.1)"
        }
    }

    var passed: Bool { mismatches().isEmpty && shapeErrors.isEmpty }

    /// Whether the comparison is tight enough to matter: for every input whose gradient is not
    /// negligible, an analytic gradient off by a factor of 2, of 1/2, or of -1 would be rejected.
    var sensitive: Bool {
        for (i, n) in numeric.enumerated() where (n.map(Swift.abs).max() ?? 0) > 10 * atol {
            for factor in [2.0, 0.5, -1.0] {
                var wrong = analytic
                wrong[i] = analytic[i].map { $0 * factor }
                if mismatches(wrong).isEmpty { return false }
            }
        }
        return true
    }

    var description: String {
        var lines = shapeErrors
        let bad = mismatches()
        lines += bad.prefix(8).map(\.description)
        if bad.count > 8 { lines.append("… \(bad.count - 8) more") }
        if lines.isEmpty { lines.append("analytic \(analytic)\nnumeric \(numeric)") }
        return lines.joined(separator: "\n")
    }
}

/// Compares autograd with finite differences for `f` at `inputs`.
///
/// The scalar under study is `L = sum(f(x) * R)` for a fixed random projection `R` (seeded), so every
/// output element matters with its own weight. The analytic gradient is `backward()` on `L`; the numeric
/// one is `(L(x + h) - L(x - h)) / (2h)` per element, with `L` accumulated in Double from the Float outputs
/// and the step taken as the difference of the Float inputs actually used. `f` receives fresh copies of
/// `inputs` marked `requiresGrad`; tensors it captures (indices, masks) are constants.
func gradientReport(_ inputs: [Tensor], h: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
                    seed: UInt64 = 0x5EED, _ f: ([Tensor]) throws -> Tensor) throws -> GradReport {
    let leaves = try inputs.map { x -> Tensor in
        let leaf = try x.copy()
        leaf.requiresGrad = true
        return leaf
    }
    let out = try f(leaves)
    var rng = RNG(seed: seed)
    let projection = (0..<out.count).map { _ in 2 * rng.uniform() - 1 }
    let r = try Tensor(shape: out.shape, values: projection)
    try (out * r).sum().backward()

    let analytic = leaves.map { leaf in
        leaf.grad.map { $0.values.map(Double.init) } ?? Array(repeating: 0, count: leaf.count)
    }

    func objective(_ args: [Tensor]) throws -> Double {
        let y = try noGrad { try f(args) }
        guard y.shape == out.shape else {
            throw TensorError(.shape, "gradcheck: f changed its output shape to \(y.shape)")
        }
        return FiniteDifferences.weightedSum(y, projection.map { Double($0) })
    }

    let numeric = try inputs.indices.map { try FiniteDifferences.gradient(of: objective, at: inputs, input: $0, eps: Double(h)) }
    return GradReport(analytic: analytic, numeric: numeric, gradShapes: leaves.map { $0.grad?.shape },
                      inputShapes: inputs.map(\.shape), rtol: rtol, atol: atol)
}

/// Expects autograd to agree with finite differences for `f` at `inputs`, with a check strict enough to
/// catch a gradient rule off by a factor of 2 or a sign.
func checkGradients(_ inputs: [Tensor], h: Float = 1e-2, rtol: Double = 1e-2, atol: Double = 1e-3,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Tensor]) throws -> Tensor) throws {
    let report = try gradientReport(inputs, h: h, rtol: rtol, atol: atol, f)
    #expect(report.shapeErrors.isEmpty, "\(report.shapeErrors)", sourceLocation: sourceLocation)
    #expect(report.mismatches().isEmpty, "gradient mismatch:\n\(report)", sourceLocation: sourceLocation)
    #expect(report.sensitive, "the check could not tell a doubled or negated gradient apart:\n\(report)",
            sourceLocation: sourceLocation)
}

extension TensorEngine {
    /// The checker itself: it must accept right gradients and reject wrong ones.
    @Suite struct GradCheckTests {
        @Test func acceptsACorrectGradient() throws {
            let report = try gradientReport([random([3, 4], seed: 1)]) { try $0[0].exp() * $0[0] }
            #expect(report.passed, "\(report)")
            #expect(report.sensitive)
        }

        @Test func numericGradientMatchesACalculusFormula() throws {
            // d/dx sum(x^3 * R) = 3 x^2 R, to the truncation error h^2 * R of the central difference.
            let x = random([6], seed: 2, in: 0.5...2)
            let report = try gradientReport([x], h: 1e-2) { try $0[0].pow(3) }
            var rng = RNG(seed: 0x5EED)
            let r = (0..<6).map { _ in Double(2 * rng.uniform() - 1) }
            for (j, v) in x.values.enumerated() {
                let exact = 3 * Double(v) * Double(v) * r[j]
                #expect(Swift.abs(report.numeric[0][j] - exact) <= 1e-3 + 1e-3 * Swift.abs(exact))
            }
        }

        @Test func rejectsAGradientThatIsHalfTheTruth() throws {
            // Autograd sees d(x * c)/dx = c with c = x frozen, but the function's true derivative is 2x.
            let x = random([5], seed: 3, in: 0.5...1.5)
            let report = try gradientReport([x]) { try $0[0] * $0[0].detach() }
            #expect(!report.passed)
            #expect(report.mismatches().count == 5)
        }

        @Test func rejectsAGradientWithTheWrongSign() throws {
            // Autograd sees d(2c - x)/dx = -1, but the function equals x, whose derivative is +1.
            let x = random([2, 3], seed: 4)
            let report = try gradientReport([x]) { try $0[0].detach() * Tensor(2) - $0[0] }
            #expect(!report.passed)
            #expect(report.mismatches().count == 6)
        }

        @Test func rejectsKnownWrongAnalyticVectors() throws {
            let report = try gradientReport([random([4], seed: 5), random([4], seed: 6)]) { try $0[0] * $0[1].sin() }
            #expect(report.passed, "\(report)")
            for factor in [2.0, -1.0, 0.5, 1.1] {
                let wrong = report.analytic.map { $0.map { $0 * factor } }
                #expect(!report.mismatches(wrong).isEmpty, "a factor of \(factor) went unnoticed")
            }
            // One wrong element among many is enough.
            var oneOff = report.analytic
            oneOff[1][2] += 0.05
            #expect(report.mismatches(oneOff).count == 1)
            // Swapping the gradients of the two inputs is noticed too.
            #expect(!report.mismatches([report.analytic[1], report.analytic[0]]).isEmpty)
        }

        @Test func rejectsAGradientThatNeverArrives() throws {
            // The detached path carries the whole dependence, so autograd reports no gradient at all.
            let x = random([3], seed: 7, in: 0.5...1)
            let report = try gradientReport([x]) { try ($0[0].detach().exp() + $0[0]) - $0[0] }
            #expect(!report.passed)
            #expect(report.analytic[0] == [0, 0, 0])
        }
    }
}
