/// How `allReduce` combines the processes' tensors, by PyTorch's names (`mean` is its `AVG`).
public enum ReduceOp: String, CaseIterable, Sendable {
    case sum, mean, max, min, product

    /// The op a code names, as exchanged between processes.
    init?(code: Int) {
        guard Self.allCases.indices.contains(code) else { return nil }
        self = Self.allCases[code]
    }

    var code: Int { Self.allCases.firstIndex(of: self)! }
}
