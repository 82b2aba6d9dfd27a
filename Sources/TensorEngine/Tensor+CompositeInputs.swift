extension Tensor {
    /// A record's inputs back in the places of the op's operands, nil where an optional operand was
    /// absent: records list only the operands given, in order, and `present` says which were.
    ///
    /// For composite forms of ops with optional operands (weights, biases), which receive the record's
    /// inputs and must rebuild the call that produced them.
    static func placed(_ inputs: [Tensor], _ present: [Bool]) -> [Tensor?] {
        var next = 0
        return present.map { given in
            guard given else { return nil }
            defer { next += 1 }
            return inputs[next]
        }
    }
}
