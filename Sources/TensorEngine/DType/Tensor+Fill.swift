/// Filling a new tensor of any type from Double values, for the creation functions.
extension Tensor {
    /// Writes `value(i)`, converted by the casts of `TensorElement`, into every element `i` of this
    /// tensor, which must be a result being filled.
    ///
    /// Double carries every value a factory makes exactly: whole numbers up to 2^53 (indices, counts,
    /// `randint` draws) and float64 values.
    func fill(_ value: (Int) -> Double) {
        withoutActuallyEscaping(value) { value in dtype.visit(Fill(tensor: self, value: value)) }
    }

    /// Shuffles the elements in place (Fisher–Yates from the global generator, drawing as `randperm`
    /// always has, so a seed gives the same permutation in every type).
    func shuffle() {
        dtype.visit(Shuffle(tensor: self))
    }
}

private struct Fill: ElementVisitor {
    let tensor: Tensor
    let value: (Int) -> Double
    func visit<T: TensorElement>(_ type: T.Type) {
        let n = tensor.count
        tensor.writing(as: T.self) { p in for i in 0..<n { p[i] = T(casting: value(i)) } }
    }
}

private struct Shuffle: ElementVisitor {
    let tensor: Tensor
    func visit<T: TensorElement>(_ type: T.Type) {
        let n = tensor.count
        tensor.writing(as: T.self) { p in
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = RNG.global.below(i + 1)
                (p[i], p[j]) = (p[j], p[i])
            }
        }
    }
}
