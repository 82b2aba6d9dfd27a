/// Einstein summation: `einsum("ij,jk->ik", a, b)` and every contraction that notation writes.
extension Tensor {
    /// Sums products of the operands' elements over the indices the equation leaves out of the output.
    ///
    /// Each operand is labelled by letters, one per dimension; `...` stands for leading dimensions that
    /// broadcast. Without `->` the output holds the letters that occur exactly once, alphabetically, after
    /// any `...`. A letter repeated within one operand takes its diagonal. Pairs of operands are contracted
    /// by one batched matrix product after a permute and a reshape, so the gradient is that of the ops used.
    public static func einsum(_ equation: String, _ operands: [Tensor]) throws -> Tensor {
        let spec = try EinsumSpec(equation, operands)
        // Size per label, taking size-1 dimensions as broadcasts.
        var sizes: [Character: Int] = [:]
        for (labels, t) in zip(spec.inputs, operands) {
            for (l, d) in zip(labels, t.shape) {
                if let s = sizes[l], s != d, s != 1, d != 1 {
                    throw TensorError.shape("einsum: index '\(l.printable)' has size \(s) in one place and \(d) in another")
                }
                if sizes[l] == nil || sizes[l] == 1 { sizes[l] = d }
            }
        }
        var terms: [(labels: [Character], tensor: Tensor)] = []
        for (labels, t) in zip(spec.inputs, operands) {
            var term = try t.diagonal(labels)
            let target = term.labels.map { sizes[$0]! }
            if term.tensor.shape != target { term.tensor = try term.tensor.expand(to: target) }
            terms.append(term)
        }
        // Labels needed later: the output's and those of operands not yet combined.
        func needed(after index: Int) -> Set<Character> {
            var s = Set(spec.output)
            for t in terms[(index + 1)...] { s.formUnion(t.labels) }
            return s
        }
        var current = try terms[0].tensor.summing(terms[0].labels, keeping: needed(after: 0))
        for i in 1..<terms.count {
            let keep = needed(after: i)
            let right = try terms[i].tensor.summing(terms[i].labels, keeping: keep.union(current.labels))
            let left = try current.tensor.summing(current.labels, keeping: keep.union(right.labels))
            current = try contract(left, right, keeping: keep)
        }
        let final = try current.tensor.summing(current.labels, keeping: Set(spec.output))
        let order = spec.output.map { final.labels.firstIndex(of: $0)! }
        return order == Array(order.indices) ? final.tensor : try final.tensor.permute(order)
    }

    /// The tensor with dimensions of a repeated label reduced to their diagonal, and its distinct labels.
    private func diagonal(_ labels: [Character]) throws -> (labels: [Character], tensor: Tensor) {
        var distinct: [Character] = []
        for l in labels where !distinct.contains(l) { distinct.append(l) }
        if distinct.count == labels.count { return (labels, self) }
        var sizes: [Int] = []
        for l in distinct {
            let dims = labels.indices.filter { labels[$0] == l }.map { shape[$0] }
            guard Set(dims).count == 1 else {
                throw TensorError.shape("einsum: the repeated index '\(l.printable)' has different sizes \(dims) in one operand")
            }
            sizes.append(dims[0])
        }
        let strides = Shape.strides(shape)
        let where_ = labels.map { distinct.firstIndex(of: $0)! }
        var positions = [Int](repeating: 0, count: Shape.count(sizes))
        Tensor.forEachIndex(sizes) { index, flat in
            var p = 0
            for (d, k) in where_.enumerated() { p += index[k] * strides[d] }
            positions[flat] = p
        }
        return (distinct, try picking(positions, shape: sizes, op: "einsum"))
    }

    /// The tensor summed over the labels not in `keeping`, with the labels that remain.
    private func summing(_ labels: [Character], keeping: Set<Character>) throws -> (labels: [Character], tensor: Tensor) {
        let gone = labels.indices.filter { !keeping.contains(labels[$0]) }
        if gone.isEmpty { return (labels, self) }
        return (labels.filter { keeping.contains($0) }, try sum(axes: gone))
    }

    /// Two terms multiplied and summed over the labels they share that `keeping` does not hold, as one
    /// batched matrix product `[batch, left, shared] @ [batch, shared, right]`.
    private static func contract(_ a: (labels: [Character], tensor: Tensor), _ b: (labels: [Character], tensor: Tensor),
                                 keeping: Set<Character>) throws -> (labels: [Character], tensor: Tensor) {
        let batch = a.labels.filter { b.labels.contains($0) && keeping.contains($0) }
        let shared = a.labels.filter { b.labels.contains($0) && !keeping.contains($0) }
        let left = a.labels.filter { !b.labels.contains($0) }, right = b.labels.filter { !a.labels.contains($0) }
        func size(_ t: (labels: [Character], tensor: Tensor), _ ls: [Character]) -> [Int] {
            ls.map { t.tensor.shape[t.labels.firstIndex(of: $0)!] }
        }
        func arranged(_ t: (labels: [Character], tensor: Tensor), _ order: [Character]) throws -> Tensor {
            let perm = order.map { t.labels.firstIndex(of: $0)! }
            return perm == Array(perm.indices) ? t.tensor : try t.tensor.permute(perm)
        }
        let nb = Shape.count(size(a, batch)), nl = Shape.count(size(a, left))
        let nc = Shape.count(size(a, shared)), nr = Shape.count(size(b, right))
        let x = try arranged(a, batch + left + shared).reshape([nb, nl, nc])
        let y = try arranged(b, batch + shared + right).reshape([nb, nc, nr])
        let product = nc == 0 ? try Tensor.constant([nb, nl, nr], 0, dtype: Tensor.resultType(x, y)) : try x.matmul(y)
        return (batch + left + right, try product.reshape(size(a, batch) + size(a, left) + size(b, right)))
    }
}

/// A parsed einsum equation: the labels of each operand and of the output, with `...` expanded into
/// labels of their own.
private struct EinsumSpec {
    var inputs: [[Character]]
    var output: [Character]

    init(_ equation: String, _ operands: [Tensor]) throws {
        let text = Array(equation.filter { $0 != " " })
        var arrows: [Int] = []
        for i in text.indices.dropLast() where text[i] == "-" && text[i + 1] == ">" { arrows.append(i) }
        guard arrows.count <= 1 else { throw TensorError.value("einsum: the equation \"\(equation)\" has more than one '->'") }
        let lhs = arrows.first.map { Array(text[..<$0]) } ?? text
        let rhs = arrows.first.map { Array(text[($0 + 2)...]) }
        let terms = lhs.split(separator: ",", omittingEmptySubsequences: false).map(Array.init)
        guard terms.count == operands.count else {
            throw TensorError.value("einsum: the equation \"\(equation)\" names \(terms.count) operands but got \(operands.count)")
        }
        // `...` becomes characters no equation can contain, the same ones in every operand, right-aligned.
        let parsed = try terms.map { try EinsumSpec.parse($0, equation) }
        let ellipsisRank = try zip(zip(terms, parsed), operands).map { pair, t -> Int in
            let (term, (before, after, hasEllipsis)) = pair
            let named = before.count + after.count
            guard hasEllipsis ? t.rank >= named : t.rank == named else {
                throw TensorError.shape("einsum: operand \"\(String(term))\" has \(named) indices but a tensor of shape \(describe(t.shape))")
            }
            return hasEllipsis ? t.rank - named : 0
        }.max() ?? 0
        let broadcast = (0..<ellipsisRank).map { Character(UnicodeScalar(0xE000 + $0)!) }
        func expand(_ p: (before: [Character], after: [Character], hasEllipsis: Bool), rank: Int) -> [Character] {
            p.hasEllipsis ? p.before + Array(broadcast.suffix(rank - p.before.count - p.after.count)) + p.after : p.before
        }
        inputs = zip(parsed, operands).map { expand($0, rank: $1.rank) }
        if let rhs {
            let p = try EinsumSpec.parse(rhs, equation)
            output = expand(p, rank: ellipsisRank + p.before.count + p.after.count)
            guard Set(output).count == output.count else {
                throw TensorError.value("einsum: the output \"\(String(rhs))\" names an index twice")
            }
            let all = Set(inputs.joined())
            if let missing = output.first(where: { !all.contains($0) }) {
                throw TensorError.value("einsum: the output index '\(missing.printable)' does not occur in any operand")
            }
        } else {
            var counts: [Character: Int] = [:]
            for l in inputs.joined() { counts[l, default: 0] += 1 }
            output = broadcast + counts.keys.filter { counts[$0] == 1 && !broadcast.contains($0) }.sorted()
        }
    }

    /// The letters before and after a term's `...`, and whether it has one.
    static func parse(_ term: [Character], _ equation: String) throws -> (before: [Character], after: [Character], hasEllipsis: Bool) {
        var dots: Int?
        for i in term.indices where i + 2 < term.count && term[i] == "." && term[i + 1] == "." && term[i + 2] == "." {
            guard dots == nil else { throw TensorError.value("einsum: an operand of \"\(equation)\" has '...' twice") }
            dots = i
        }
        guard let dots else { return (try letters(term, equation), [], false) }
        return (try letters(Array(term[..<dots]), equation), try letters(Array(term[(dots + 3)...]), equation), true)
    }

    static func letters(_ term: [Character], _ equation: String) throws -> [Character] {
        if let bad = term.first(where: { !$0.isLetter }) {
            throw TensorError.value("einsum: '\(bad)' in \"\(equation)\" is not an index letter")
        }
        return Array(term)
    }
}

extension Character {
    /// The label as an error shows it (a `...` dimension has no letter of its own).
    fileprivate var printable: String { isLetter ? String(self) : "..." }
}
