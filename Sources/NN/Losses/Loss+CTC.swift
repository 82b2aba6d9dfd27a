#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import TensorEngine

/// Connectionist temporal classification, as PyTorch's `ctc_loss`.
extension Loss {
    /// The negative log-likelihood of each target sequence under every alignment of the per-step
    /// log-probabilities `[T, N, C]` (`[T, C]` for one sequence), summed over alignments in log space.
    ///
    /// `targets` is `[N, S]` (padded) or the concatenation of all targets (`[Σ targetLengths]`);
    /// sample n reads its first `inputLengths[n]` steps and `targetLengths[n]` labels, none of them
    /// `blank`. `.mean` divides each loss by its target length (at least 1), then averages over the
    /// batch. An impossible alignment gives +∞, or 0 (with a zero gradient) when `zeroInfinity`.
    /// The gradient is the exact derivative for log-probabilities; PyTorch's adds `exp(logProbs)`,
    /// which cancels when they come from a `logSoftmax`, as they should. A graph-creating backward
    /// pass differentiates a composite form (the recursion scaled in probability space).
    public static func ctc(_ logProbs: Tensor, _ targets: Tensor, inputLengths: [Int], targetLengths: [Int], blank: Int = 0,
                           reduction: Reduction = .mean, zeroInfinity: Bool = false) throws -> Tensor {
        let name = "ctc"
        try rejectBatchMean(reduction, op: name)
        guard logProbs.rank == 3 || logProbs.rank == 2 else {
            throw TensorError(.shape, "\(name): log-probabilities \(logProbs.shape) need shape [T, N, C] (or [T, C] for one sequence)")
        }
        let batched = logProbs.rank == 3
        let steps = logProbs.shape[0], n = batched ? logProbs.shape[1] : 1, c = logProbs.shape[logProbs.rank - 1]
        guard blank >= 0, blank < c else { throw TensorError(.value, "\(name): blank \(blank) is not a class index in 0..<\(c)") }
        guard inputLengths.count == n, targetLengths.count == n else {
            throw TensorError(.shape, "\(name): \(n) sequences need \(n) input lengths and \(n) target lengths (got \(inputLengths.count) and \(targetLengths.count))")
        }
        if let i = inputLengths.firstIndex(where: { $0 < 0 || $0 > steps }) {
            throw TensorError(.value, "\(name): input length \(inputLengths[i]) of sequence \(i) is not in 0...\(steps)")
        }
        if let i = targetLengths.firstIndex(where: { $0 < 0 }) {
            throw TensorError(.value, "\(name): target length \(targetLengths[i]) of sequence \(i) is negative")
        }
        let labels = try ctcTargets(targets, targetLengths, classCount: c, blank: blank, batched: batched)
        let lp = try logProbs.detach().elements(as: Double.self, op: name)
        // Element (t, b, k) of the log-probabilities.
        func at(_ t: Int, _ b: Int, _ k: Int) -> Int { (t * n + b) * c + k }
        var losses = [Double](repeating: 0, count: n)
        var gradients = [[Double]](repeating: [], count: n), zeroed = [Bool](repeating: false, count: n)
        for b in 0..<n {
            let (loss, gradient) = ctcSequence(lp, labels[b], steps: inputLengths[b], blank: blank, classCount: c) { at($0, b, $1) }
            let impossible = loss.isInfinite && zeroInfinity
            zeroed[b] = impossible
            losses[b] = impossible ? 0 : loss
            gradients[b] = impossible ? [Double](repeating: 0, count: gradient.count) : gradient
        }
        let divisors = targetLengths.map { Double(Swift.max($0, 1)) }
        let type: DType = logProbs.dtype == .float64 ? .float64 : .float32
        let out: Tensor
        switch reduction {
        case .none: out = try Tensor(shape: batched ? [n] : [], elements: losses, dtype: type)
        case .sum: out = try Tensor(shape: [], elements: [losses.reduce(0, +)], dtype: type)
        case .mean, .batchMean:
            out = try Tensor(shape: [], elements: [zip(losses, divisors).map { $0 / $1 }.reduce(0, +) / Double(n)], dtype: type)
        }
        let shape = logProbs.shape
        let composite: GradFn.Composite = { inputs in
            let each = try (0..<n).map { b -> Tensor in
                return zeroed[b] ? try inputs[0].sum().multiplied(by: 0)
                    : try ctcComposite(inputs[0], sequence: b, batched: batched, labels[b], steps: inputLengths[b], blank: blank)
            }
            switch reduction {
            case .none: return batched ? try Tensor.stack(each) : each[0]
            case .sum: return try Tensor.stack(each).sum()
            case .mean, .batchMean:
                return try Tensor.stack(zip(each, divisors).map { try $0.multiplied(by: 1 / $1) }).sum().multiplied(by: 1 / Double(n))
            }
        }
        let result = out.recording(name, [logProbs], twice: false, composite: composite) { g in
            let upstream = try g.elements(as: Double.self, op: name)
            var d = [Double](repeating: 0, count: lp.count)
            for b in 0..<n {
                let scale: Double
                switch reduction {
                case .none: scale = upstream[batched ? b : 0]
                case .sum: scale = upstream[0]
                case .mean, .batchMean: scale = upstream[0] / divisors[b] / Double(n)
                }
                for t in 0..<inputLengths[b] {
                    for k in 0..<c { d[at(t, b, k)] = gradients[b][t * c + k] * scale }
                }
            }
            return [try Tensor(shape: shape, elements: d, dtype: type)]
        }
        return try keepingType(result, logProbs.dtype)
    }

    /// Each sequence's labels, from padded `[N, S]` targets or their concatenation; an IndexError
    /// naming the first label that is the blank or not a class.
    static func ctcTargets(_ targets: Tensor, _ lengths: [Int], classCount c: Int, blank: Int, batched: Bool) throws -> [[Int]] {
        let name = "ctc", values = try targets.elements(as: Double.self, op: name), total = lengths.reduce(0, +)
        let padded = batched ? targets.rank == 2 : false
        if padded {
            guard targets.shape[0] == lengths.count, let longest = lengths.max(), targets.shape[1] >= longest else {
                throw TensorError(.shape, "\(name): padded targets \(targets.shape) need \(lengths.count) rows of at least \(lengths.max() ?? 0) labels")
            }
        } else {
            guard targets.rank == 1, targets.count >= total, batched || targets.count >= lengths[0] else {
                throw TensorError(.shape, "\(name): targets \(targets.shape) need shape [N, S] or the \(total) labels one after another")
            }
        }
        var start = 0
        return try lengths.enumerated().map { b, length in
            let first = padded ? b * targets.shape[1] : start
            start += length
            return try (first..<(first + length)).map { i in
                let v = values[i]
                guard v == v.rounded(), v >= 0, v < Double(c), Int(v) != blank else {
                    let shown = v == v.rounded() && Swift.abs(v) < 1e9 ? String(Int(v)) : "\(v)"
                    throw TensorError(.index, "\(name): target \(shown) at position \(position(i, targets.shape)) is not a class index in 0..<\(c) other than the blank \(blank)")
                }
                return Int(v)
            }
        }
    }

    /// One sequence's loss from recorded ops, for graph-creating backward passes: the forward recursion
    /// in probability space, each step's α scaled to sum 1 (the scales' logs add up to the
    /// log-likelihood), one step a product with the constant transition matrix of the extended labels.
    static func ctcComposite(_ logProbs: Tensor, sequence b: Int, batched: Bool, _ labels: [Int], steps: Int, blank: Int) throws -> Tensor {
        let extended = labels.reduce(into: [blank]) { $0 += [$1, blank] }, width = extended.count, type = logProbs.dtype
        guard steps > 0 else { return try logProbs.sum().multiplied(by: 0) + Tensor.number(labels.isEmpty ? 0 : .infinity) }
        func indices(_ values: [Int]) throws -> Tensor { try Tensor(shape: [values.count], elements: values.map { Double($0) }, dtype: .float64) }
        var rows = batched ? try logProbs.indexSelect(axis: 1, indices: indices([b])).reshape([logProbs.shape[0], logProbs.shape[2]]) : logProbs
        rows = try rows.indexSelect(axis: 0, indices: indices(Array(0..<steps))).indexSelect(axis: 1, indices: indices(extended)).exp()
        var transition = [Double](repeating: 0, count: width * width)
        for s in 0..<width {
            transition[s * width + s] = 1
            if s >= 1 { transition[(s - 1) * width + s] = 1 }
            if s >= 2, extended[s] != blank, extended[s] != extended[s - 2] { transition[(s - 2) * width + s] = 1 }
        }
        let step = try Tensor(shape: [width, width], elements: transition, dtype: type)
        let ends = (0..<width).map { $0 >= width - 2 ? 1.0 : 0 }
        let starts = (0..<width).map { $0 < 2 ? 1.0 : 0 }
        var alpha = try rows.indexSelect(axis: 0, indices: indices([0])) * Tensor(shape: [1, width], elements: starts, dtype: type)
        var logScale = try alpha.sum().log()
        alpha = try alpha / alpha.sum()
        for t in 1..<steps {
            alpha = try alpha.matmul(step) * rows.indexSelect(axis: 0, indices: indices([t]))
            let scale = alpha.sum()
            logScale = try logScale + scale.log()
            alpha = try alpha / scale
        }
        let end = try (alpha * Tensor(shape: [1, width], elements: ends, dtype: type)).sum()
        return try -(end.log() + logScale)
    }

    /// One sequence's loss and its gradient `[steps, C]` (row-major), by the forward–backward
    /// recursions over the labels with blanks between them, in log space.
    static func ctcSequence(_ lp: [Double], _ labels: [Int], steps: Int, blank: Int, classCount c: Int,
                            _ index: (Int, Int) -> Int) -> (Double, [Double]) {
        let extended = labels.reduce(into: [blank]) { $0 += [$1, blank] }, width = extended.count
        guard steps > 0 else { return (labels.isEmpty ? 0 : .infinity, []) }
        func add(_ a: Double, _ b: Double) -> Double {
            if a == -.infinity { return b }
            if b == -.infinity { return a }
            let m = Swift.max(a, b)
            return m + log(exp(a - m) + exp(b - m))
        }
        // Whether position s may be reached by skipping the blank before it.
        let skips = (0..<width).map { s in s >= 2 && extended[s] != blank && extended[s] != extended[s - 2] }
        var alpha = [Double](repeating: -.infinity, count: steps * width), beta = alpha
        alpha[0] = lp[index(0, blank)]
        if width > 1 { alpha[1] = lp[index(0, extended[1])] }
        for t in 1..<steps {
            for s in 0..<width {
                var sum = alpha[(t - 1) * width + s]
                if s >= 1 { sum = add(sum, alpha[(t - 1) * width + s - 1]) }
                if skips[s] { sum = add(sum, alpha[(t - 1) * width + s - 2]) }
                alpha[t * width + s] = sum == -.infinity ? sum : sum + lp[index(t, extended[s])]
            }
        }
        let last = (steps - 1) * width
        beta[last + width - 1] = lp[index(steps - 1, extended[width - 1])]
        if width > 1 { beta[last + width - 2] = lp[index(steps - 1, extended[width - 2])] }
        for t in stride(from: steps - 2, through: 0, by: -1) {
            for s in 0..<width {
                var sum = beta[(t + 1) * width + s]
                if s + 1 < width { sum = add(sum, beta[(t + 1) * width + s + 1]) }
                if s + 2 < width, skips[s + 2] { sum = add(sum, beta[(t + 1) * width + s + 2]) }
                beta[t * width + s] = sum == -.infinity ? sum : sum + lp[index(t, extended[s])]
            }
        }
        let total = width > 1 ? add(alpha[last + width - 1], alpha[last + width - 2]) : alpha[last]
        let loss = -total
        // d loss / d lp[t, k] = −Σ_{s: label s is k} α_t(s)·β_t(s) / (y_t(k)·p): both α and β hold y_t(k).
        var gradient = [Double](repeating: 0, count: steps * c)
        for t in 0..<steps {
            var paths = [Double](repeating: -.infinity, count: c)
            for s in 0..<width { paths[extended[s]] = add(paths[extended[s]], alpha[t * width + s] + beta[t * width + s]) }
            for k in 0..<c where paths[k] != -.infinity {
                gradient[t * c + k] = -exp(paths[k] + loss - lp[index(t, k)])
            }
        }
        return (loss, gradient)
    }
}
